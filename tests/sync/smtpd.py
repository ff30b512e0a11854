"""A real SMTP server process for the delivery tests (aiosmtpd), run as
``python tests/sync/smtpd.py --port P --spool DIR [--cert C --key K] [--user U --password W]``.

Every message it takes is written to ``DIR`` as ``<n>.eml`` (its envelope recipients in
``<n>.rcpt``), renamed into place whole. With ``--cert`` it offers STARTTLS and requires
it; with ``--user`` it requires AUTH. It prints ``ready`` once it listens.
"""

from __future__ import annotations

import argparse
import itertools
import os
import signal
import ssl
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Spool:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Started again after a stop: number on after the messages already kept.
        kept = [int(p.stem) for p in folder.glob("*.eml")]
        self.numbers = itertools.count(max(kept, default=0) + 1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        n = next(self.numbers)
        tmp = self.folder / f".{n}.tmp"
        tmp.write_bytes(envelope.original_content)
        (self.folder / f"{n}.rcpt").write_text("\n".join(envelope.rcpt_tos), encoding="utf-8")
        tmp.rename(self.folder / f"{n}.eml")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spool", type=Path, required=True)
    parser.add_argument("--cert", default=None)
    parser.add_argument("--key", default=None)
    parser.add_argument("--user", default=None)
    parser.add_argument("--password", default=None)
    args = parser.parse_args()
    args.spool.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.user:

        def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
            ok = (
                isinstance(data, LoginPassword)
                and data.login.decode() == args.user
                and data.password.decode() == args.password
            )
            return AuthResult(success=ok)

        kwargs.update(authenticator=check, auth_required=True, auth_require_tls=bool(args.cert))
    controller = Controller(Spool(args.spool), hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()
    print("ready", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    finally:
        controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
