"""``fieldbook --self-test``: does this installation work, end to end?

Run from a bundle (PyInstaller) or from source, it works in a new temporary data folder:
migrates it (Alembic reading its scripts as files), seeds a small demo office, writes the
service report brief and detailed, in Chinese and English, and reads each PDF back (a PDF,
the seal in its document information, the seal matching the record), renders a page with
pdfium, and checks that the keyring backends and TLS certificates came along. Then the
caller's ``gui`` check (the window, from ui/) runs over the same folder.

Each check prints one line to standard output. The first failure prints one line to
standard error, keeps the temporary folder for its log, and the exit status is 1. From a
bundle, the fonts, migrations and pdfium must be the bundle's own, never the system's.
"""

from __future__ import annotations

import faulthandler
import importlib
import importlib.util
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop import __version__
from desktop.store.cipher import ENV_PASSPHRASE

if TYPE_CHECKING:
    from desktop.store.db import Store

log = logging.getLogger("fieldbook.selftest")

#: Small enough to take well under a second, large enough to hold a signed-off incident.
DEMO_INCIDENTS = 12
EXIT_OK, EXIT_FAILED = 0, 1
#: Seconds the whole self-test may take (it takes about 2 on a laptop).
TIMEOUT_S = 120.0

#: The keyring backend each platform keeps the sign-in token in.
_KEYRING_BACKENDS = {
    "linux": "SecretService",
    "win32": "Windows",
    "darwin": "macOS",
}

GuiCheck = Callable[[Path], str]


class SelfTestFailed(Exception):
    """A check found something wrong; the message says what, in one line."""


def bundle_dir() -> Path | None:
    """The folder a PyInstaller bundle unpacked its files to; ``None`` from source."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()


def require_in_bundle(what: str, path: Path) -> None:
    """From a bundle, ``path`` must be inside it (not the system's or a source tree's)."""
    root = bundle_dir()
    if root is not None and not path.resolve().is_relative_to(root):
        raise SelfTestFailed(f"{what} comes from {path}, outside the bundle {root}")


class _Checks:
    """The checks, in order; they share the temporary folder and the open store."""

    def __init__(self, folder: Path, gui: GuiCheck | None) -> None:
        self.data_dir = folder / "data"
        self.reports = folder / "reports"
        self.gui = gui
        self.store: Store | None = None
        self.detailed_zh: Path | None = None
        self.busy_number = self.sealed_number = ""

    def steps(self) -> Iterator[tuple[str, Callable[[], str]]]:
        yield "python", self.python
        yield "store", self.migrate
        yield "demo", self.demo
        yield "fonts", self.fonts
        for brief in (True, False):
            for language in ("zh", "en"):
                kind = "brief" if brief else "detailed"
                yield f"report {kind} {language}", partial(self.report, brief, language)
        yield "pdfium", self.pdfium
        yield "keyring", self.keyring
        yield "certificates", self.certificates
        if self.gui is not None:
            yield "window", self.window

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # --- the checks ------------------------------------------------------------------

    def python(self) -> str:
        root = bundle_dir()
        where = f"bundle {root}" if root is not None else f"source, {sys.executable}"
        return f"fieldbook {__version__}, Python {sys.version.split()[0]}, {where}"

    def migrate(self) -> str:
        from desktop.store.db import MIGRATIONS, SCHEMA_HEAD, head_revision, open_store

        require_in_bundle("the migrations folder", MIGRATIONS)
        scripts = [p for p in (MIGRATIONS / "versions").glob("*.py") if p.stem != "__init__"]
        if not (MIGRATIONS / "env.py").is_file() or not scripts:
            raise SelfTestFailed(f"no Alembic scripts in {MIGRATIONS}")
        head = head_revision()  # Alembic reads the scripts as files
        if head != SCHEMA_HEAD:
            raise SelfTestFailed(f"the scripts' head is {head}, the code expects {SCHEMA_HEAD}")
        # A throwaway folder: locked with a throwaway passphrase, never a keyring entry.
        self.store = open_store(self.data_dir, use_keyring=False)
        revision = self.store.revision()
        if revision != SCHEMA_HEAD:
            raise SelfTestFailed(f"a new data folder migrated to {revision}, not {SCHEMA_HEAD}")
        with self.store.engine.connect() as conn:
            cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        plain = (self.data_dir / "fieldbook.db").read_bytes()[:16] == b"SQLite format 3\x00"
        if not cipher or plain:
            raise SelfTestFailed("the data folder's database is not encrypted (no SQLCipher)")
        return (
            f"a new data folder migrated to {revision}, encrypted by SQLCipher {cipher} "
            f"({len(scripts)} scripts in {MIGRATIONS})"
        )

    def demo(self) -> str:
        from desktop.demo import seed_demo
        from desktop.usecases.queries import list_incidents
        from domain.records import Status

        store = self._store()
        summary = seed_demo(store, incidents=DEMO_INCIDENTS)
        if summary.incidents != DEMO_INCIDENTS or not summary.entries:
            raise SelfTestFailed(f"the demo office came out as {summary}")
        signed = [
            row.incident.number
            for row in list_incidents(store)
            if row.incident.status in (Status.SIGNED_OFF, Status.CLOSED)
        ]
        self.busy_number = summary.busy_incident
        self.sealed_number = signed[0] if signed else summary.busy_incident
        return f"{summary.incidents} incidents, {summary.entries} entries"

    def fonts(self) -> str:
        from report.fonts import font_files

        found = font_files()
        for name, path in found.items():
            require_in_bundle(f"the report font {name}", path)
        folders = sorted({str(path.parent) for path in found.values()})
        return f"{', '.join(found)} from {', '.join(folders)}"

    def report(self, brief: bool, language: str) -> str:
        from desktop.usecases.report import load_report_data, verify_report
        from report.pdf import ReportOptions, write_report
        from report.verify import Source, Verdict, read_seal

        store = self._store()
        # Brief: a signed-off incident (sealed); detailed: the busy one (logs, photos).
        number = self.sealed_number if brief else self.busy_number
        kind = "brief" if brief else "detailed"
        path = self.reports / f"{number}-{kind}-{language}.pdf"
        data = load_report_data(store, number, images=not brief)
        incident = data.detail.incident
        result = write_report(data, path, ReportOptions(brief=brief, language=language))
        if not path.read_bytes().startswith(b"%PDF-"):
            raise SelfTestFailed(f"{path.name} is not a PDF")
        info, warnings = read_seal(path)
        if info.source is not Source.METADATA:
            raise SelfTestFailed(
                f"{path.name} carries no Fieldbook seal in its document information"
            )
        if info.seal != result.seal or info.number != incident.number:
            raise SelfTestFailed(f"{path.name} carries seal {info.seal}, not {result.seal}")
        verdict = verify_report(store, path)
        if verdict.verdict is not Verdict.MATCHES or warnings:
            raise SelfTestFailed(f"{path.name}: " + "; ".join(verdict.lines() + warnings))
        if language == "zh" and not brief:
            self.detailed_zh = path
        kind = "sealed" if result.sealed else "draft"
        return f"{incident.number}, {result.pages} page(s), {kind}, seal {result.seal[:12]}…"

    def pdfium(self) -> str:
        import pypdfium2 as pdfium

        from report.strings import text

        raw = importlib.util.find_spec("pypdfium2_raw")  # the package that holds the library
        folder = Path(raw.origin).parent if raw is not None and raw.origin else Path()
        library = next(folder.glob("*pdfium.*"), None)
        if library is None:
            raise SelfTestFailed("pdfium's shared library is missing")
        require_in_bundle("pdfium", library)
        if self.detailed_zh is None:
            raise SelfTestFailed("no report to render")
        document = pdfium.PdfDocument(str(self.detailed_zh))
        try:
            page = document[0]
            bitmap = page.render(scale=0.5)
            pixels = bytes(bitmap.buffer)
            textpage = page.get_textpage()
            words = textpage.get_text_range()
            textpage.close()
            page.close()
            pages = len(document)
        finally:
            document.close()
        if not pixels or min(pixels) > 96:
            raise SelfTestFailed("page 1 of the report renders blank")
        title = text("zh", "report.title")
        if title not in words:
            raise SelfTestFailed(f"page 1 of the report does not read {title!r}")
        return f"{library.name}: {pages} page(s), page 1 rendered and reads {title!r}"

    def keyring(self) -> str:
        import keyring

        wanted = _KEYRING_BACKENDS.get(sys.platform)
        names = {ep.name: ep.value for ep in entry_points(group="keyring.backends")}
        if wanted is not None:
            if wanted not in names:
                raise SelfTestFailed(
                    f"keyring does not know its {wanted} backend (found: {sorted(names)})"
                )
            importlib.import_module(names[wanted])
        ring = keyring.get_keyring()
        return f"backends {', '.join(sorted(names))}; in use here: {type(ring).__module__}"

    def certificates(self) -> str:
        from requests.utils import DEFAULT_CA_BUNDLE_PATH

        bundle = Path(DEFAULT_CA_BUNDLE_PATH)
        if not bundle.is_file() or bundle.stat().st_size < 1000:
            raise SelfTestFailed(f"no CA certificates at {bundle}")
        require_in_bundle("the CA certificates", bundle)
        return str(bundle)

    def window(self) -> str:
        assert self.gui is not None
        self.close()  # the window opens the folder itself
        return self.gui(self.data_dir)

    # --- helpers ---------------------------------------------------------------------

    def _store(self) -> Store:
        if self.store is None:
            raise SelfTestFailed("the data folder is not open")
        return self.store


_THROWAWAY = "self-test only, a throwaway folder"


def run_self_test(
    gui: GuiCheck | None = None, *, out: TextIO | None = None, timeout: float = TIMEOUT_S
) -> int:
    """Run every check; 0 if all pass, 1 (and one line on standard error) at the first not.

    A check still running after ``timeout`` seconds ends the process with status 1, the
    stacks of all threads in the log: a hung self-test must not hang a build or CI.
    """
    from desktop.logs import close_logging, setup_logging

    out = out or sys.stdout
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="fieldbook-selftest-"))
    # The throwaway folder is locked with a throwaway passphrase (never a keyring entry),
    # which the window's check opens the folder with too.
    os.environ[ENV_PASSPHRASE] = _THROWAWAY
    log_path = setup_logging(folder / "data")
    log.info("self-test of fieldbook %s in %s", __version__, folder)
    checks = _Checks(folder, gui)
    step = "start"

    def hung() -> None:
        with log_path.open("a", encoding="utf-8") as file:
            file.write(f"self-test: {step} still running after {timeout:.0f} s; the stacks:\n")
            file.flush()
            faulthandler.dump_traceback(file, all_threads=True)
        print(
            f"fieldbook: self-test failed at {step}: still running after {timeout:.0f} s "
            f"(the stacks are in {log_path})",
            file=sys.stderr,
            flush=True,
        )
        os._exit(EXIT_FAILED)

    watchdog = threading.Timer(timeout, hung)
    watchdog.daemon = True
    watchdog.start()
    try:
        for step, check in checks.steps():
            begun = time.perf_counter()
            detail = check()
            log.info("self-test %s: %s", step, detail)
            print(f"self-test: {step}: {detail} ({time.perf_counter() - begun:.2f} s)", file=out)
            out.flush()
    except Exception as error:
        log.exception("self-test failed at %s", step)
        checks.close()
        close_logging()  # the folder stays, with its log
        reason = " ".join(str(error).split()) or type(error).__name__
        print(
            f"fieldbook: self-test failed at {step}: {reason} ({type(error).__name__}; "
            f"log in {log_path})",
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        watchdog.cancel()
    checks.close()
    elapsed = time.perf_counter() - started
    log.info("self-test passed in %.2f s", elapsed)
    close_logging()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"self-test: passed in {elapsed:.2f} s", file=out)
    return EXIT_OK
