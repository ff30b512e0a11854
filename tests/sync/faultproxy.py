"""A fault proxy: a real process between a laptop and the service that breaks replies.

    python -m tests.sync.faultproxy UPSTREAM_PORT

prints ``PROXY <port> CONTROL <port>`` on its first line and serves until killed. Each
client request goes to the service on a connection of its own (``Connection: close``),
and the service's whole answer comes back, unless a fault is armed for it:

* ``drop_reply``: the service answers (so it committed), the laptop gets nothing;
* ``cut_body``: the laptop gets the head and half of the body, then the connection ends;
* ``reset``: the connection is reset before the request reaches the service;
* ``delay``: the answer comes ``seconds`` late;
* ``garbage``: a 200 "application/json" answer that is not JSON, from the proxy itself;
* ``portal``: a captive portal's sign-in page (200 text/html), from the proxy itself;
* ``bad_gateway``: a proxy's 502 page, from the proxy itself.

The control port takes one JSON object a line and answers one: ``{"arm": FAULT, "path":
"/push", "times": 1, "seconds": 2}`` arms a fault for the next requests whose path starts
with ``path``; ``{"random": {FAULT: probability, …}, "seed": 7}`` breaks requests at
random (the soak); ``{"clear": true}``; ``{"stats": true}`` answers what was broken.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import struct
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

FAULTS = ("drop_reply", "cut_body", "reset", "delay", "garbage", "portal", "bad_gateway")
_READ_LIMIT = 64 * 1024 * 1024


@dataclass
class _Armed:
    fault: str
    path: str
    times: int
    seconds: float = 0.0


@dataclass
class Faults:
    armed: list[_Armed] = field(default_factory=list)
    odds: dict[str, float] = field(default_factory=dict)
    seconds: float = 1.0
    rng: random.Random = field(default_factory=random.Random)
    done: Counter[str] = field(default_factory=Counter)
    requests: int = 0

    def pick(self, path: str) -> tuple[str | None, float]:
        self.requests += 1
        for armed in self.armed:
            if armed.times > 0 and path.startswith(armed.path):
                armed.times -= 1
                self.done[armed.fault] += 1
                return armed.fault, armed.seconds
        for fault, odds in self.odds.items():
            if self.rng.random() < odds:
                self.done[fault] += 1
                return fault, self.seconds
        return None, 0.0

    def control(self, order: dict[str, Any]) -> dict[str, Any]:
        if "arm" in order:
            fault = str(order["arm"])
            if fault not in FAULTS:
                return {"error": f"unknown fault {fault}"}
            self.armed.append(
                _Armed(
                    fault,
                    str(order.get("path", "/")),
                    int(order.get("times", 1)),
                    float(order.get("seconds", 1.0)),
                )
            )
        if "random" in order:
            self.odds = {str(k): float(v) for k, v in dict(order["random"]).items()}
            self.seconds = float(order.get("seconds", 0.5))
            self.rng = random.Random(order.get("seed"))
        if order.get("clear"):
            self.armed.clear()
            self.odds.clear()
        return {"ok": True, "done": dict(self.done), "requests": self.requests}


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, str] | None:
    """One whole HTTP request (head and body) and its path; None when the client left."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
        if name.lower() in ("connection", "keep-alive") or not line:
            continue
        kept.append(line)
    kept.append("Connection: close")
    body = await reader.readexactly(length) if length else b""
    return ("\r\n".join(kept) + "\r\n\r\n").encode("latin-1") + body, path


def _canned(status: str, kind: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


_PORTAL = (
    b"<!doctype html><html><head><title>Hotel WiFi</title></head><body>"
    b"<form action='/login'>Room number <input name=room></form></body></html>"
)
_BAD_GATEWAY = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:  # SO_LINGER 0: close with a RST, not a FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _handle(
    faults: Faults, upstream: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            request = await _read_request(reader)
            if request is None:
                return
            data, path = request
            fault, seconds = faults.pick(path)
            if fault == "reset":
                _reset(writer)
                return
            if fault in ("garbage", "portal", "bad_gateway"):
                writer.write(
                    {
                        "garbage": _canned("200 OK", "application/json", b'{"results": [{"se'),
                        "portal": _canned("200 OK", "text/html", _PORTAL),
                        "bad_gateway": _canned("502 Bad Gateway", "text/html", _BAD_GATEWAY),
                    }[fault]
                )
                await writer.drain()
                writer.close()
                return
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
            up_writer.write(data)
            await up_writer.drain()
            answer = await up_reader.read(_READ_LIMIT)
            while chunk := await up_reader.read(_READ_LIMIT):
                answer += chunk
            up_writer.close()
            if fault == "drop_reply":
                _reset(writer)
                return
            if fault == "delay":
                await asyncio.sleep(seconds)
            if fault == "cut_body":
                head_end = answer.find(b"\r\n\r\n") + 4
                body = answer[head_end:]
                writer.write(answer[:head_end] + body[: max(len(body) // 2, 1)])
                await writer.drain()
                _reset(writer)
                return
            writer.write(answer)
            await writer.drain()
            writer.close()
            return
    except (ConnectionError, asyncio.IncompleteReadError):
        return


async def _control(
    faults: Faults, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    while line := await reader.readline():
        try:
            answer = faults.control(json.loads(line))
        except (ValueError, TypeError) as error:
            answer = {"error": str(error)}
        writer.write(json.dumps(answer).encode() + b"\n")
        await writer.drain()
    writer.close()


async def main(upstream: int) -> None:
    faults = Faults()
    proxy = await asyncio.start_server(
        lambda r, w: _handle(faults, upstream, r, w), "127.0.0.1", 0, limit=_READ_LIMIT
    )
    control = await asyncio.start_server(lambda r, w: _control(faults, r, w), "127.0.0.1", 0)
    proxy_port = proxy.sockets[0].getsockname()[1]
    control_port = control.sockets[0].getsockname()[1]
    print(f"PROXY {proxy_port} CONTROL {control_port}", flush=True)
    async with proxy, control:
        await asyncio.gather(proxy.serve_forever(), control.serve_forever())


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
