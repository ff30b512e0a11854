"""The demo's pictures and files: the attachments (logs and photos of front panels,
drawn with Pillow) and the signers' signatures."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from desktop.demo.phrases import LOGS
from desktop.demo.plan import Blob
from desktop.demo.reference import CLIENTS
from desktop.store.db import Store
from desktop.usecases import signoff
from domain.records import Stroke
from domain.signature import synthetic_signature

# --- attachment files ---------------------------------------------------------------


def demo_files(folder: Path) -> list[tuple[Path, str, str]]:
    """Files to attach (path, media type, topic); the last one is kept for the local note."""
    files: list[tuple[Path, str, str]] = []
    alert = folder / "alert_hisprod2.log"
    alert.write_text(
        LOGS["oracle_alert"].format(
            ts_iso="2026-11-20T09:41:07.512394+08:00",
            ts_iso2="2026-11-20T09:41:08.001122+08:00",
            db="hisprod",
            DB="HISPROD",
            inst=2,
            pid=48213,
            block=81920,
            block2=1234567,
        )
        + "\n",
        encoding="utf-8",
    )
    files.append((alert, "text/plain", "oracle"))
    dmesg = folder / "dmesg-sdd.txt"
    dmesg.write_text(
        LOGS["dmesg_disk"].format(
            up=1843212,
            up2=1843215,
            h=2,
            lun=3,
            dev="sdd",
            sector=439041088,
            hexa="1a2b3c4",
        )
        + "\n",
        encoding="utf-8",
    )
    files.append((dmesg, "text/plain", "disk"))
    rack = folder / "机柜B07前面板.png"
    rack.write_bytes(_rack_png(amber=(5,)))
    files.append((rack, "image/png", "server"))
    switch = folder / "switch-port-leds.png"
    switch.write_bytes(_rack_png(amber=(2, 9)))
    files.append((switch, "image/png", "network"))
    photo = folder / "现场照片-存储控制器.png"
    photo.write_bytes(_rack_png(amber=(0, 11)))
    files.append((photo, "image/png", "server"))
    return files


def put_blob(store: Store, path: Path, media_type: str, topic: str) -> Blob:
    sha, size = store.blobs.put_file(path)
    return Blob(sha, size, path.name, media_type, topic)


def _rack_png(amber: tuple[int, ...]) -> bytes:
    """A small picture of a server front panel: twelve drive bays, green and amber LEDs."""
    image = Image.new("RGB", (240, 160), (38, 40, 46))
    draw = ImageDraw.Draw(image)
    for bay in range(12):
        left = 12 + 18 * bay
        draw.rectangle((left, 30, left + 14, 129), fill=(70, 74, 82))
        led = (240, 150, 20) if bay in amber else (40, 200, 90)
        draw.rectangle((left + 5, 114, left + 9, 119), fill=led)
    draw.rectangle((12, 140, 227, 149), fill=(55, 58, 64))  # the bezel's handle
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- signatures ---------------------------------------------------------------------

_N_SIGNATURES = 8
# Each signer always signs alike; a few signatures, drawn once each, serve them all.
_SIGNATURE_OF: dict[str, int] = {
    name: i % _N_SIGNATURES
    for i, name in enumerate(dict.fromkeys(name for c in CLIENTS for name, _ in c.signers))
}


@dataclass(frozen=True, slots=True)
class Signature:
    strokes: tuple[Stroke, ...]
    sha256: str | None  # its PNG among the blobs; None: no signature (a refusal)


class Signatures:
    """The demo's few signatures, each drawn and stored once, on first use."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._made: dict[int, Signature] = {}
        self.none = Signature((), None)

    def of(self, signer: str) -> Signature:
        """``signer``'s signature."""
        slot = _SIGNATURE_OF[signer]
        made = self._made.get(slot)
        if made is None:
            strokes = synthetic_signature(101 + slot, letters=5 + slot % 3)
            sha = signoff.store_signature_png(self._store, strokes)
            made = self._made[slot] = Signature(strokes, sha)
        return made
