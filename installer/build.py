"""Build Fieldbook's one-folder bundle, self-test it, and pack it for this platform.

    .venv/bin/python installer/build.py              # Linux: dist/fieldbook/ + tarball
    .venv\\Scripts\\python installer\\build.py         # Windows: dist\\fieldbook\\ + setup.exe

1. Prepares ``build/installer/``: the compiled translations, the fonts the report and the
   window need (copied from the system, or from ``$FIELDBOOK_FONT_DIR``) with their
   licences, and the app icon rendered from ``resources/icons/fieldbook.svg``.
2. Runs PyInstaller on ``installer/fieldbook.spec`` into ``dist/fieldbook/``.
3. Runs the bundle's ``--self-test`` offscreen, in a clean environment, from outside the
   repository; on Linux a second time with no system fonts at all (an empty fontconfig),
   so the bundle is seen to carry every font it needs. Any failure fails the build.
4. Linux: adds the desktop entry, the icon and ``install.sh``, and packs
   ``dist/fieldbook-<version>-linux-<machine>.tar.gz``. Windows: compiles
   ``installer/windows/fieldbook.iss`` with Inno Setup's ISCC when it is installed.

See installer/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / "build" / "installer"
WORK = ROOT / "build" / "pyinstaller"
SCRATCH = ROOT / "build" / "self-test"  # the self-test's temporary folders, kept on failure
DIST = ROOT / "dist"
BUNDLE = DIST / "fieldbook"
SPEC = ROOT / "installer" / "fieldbook.spec"
LINUX = sys.platform.startswith("linux")
WINDOWS = sys.platform == "win32"
EXE = BUNDLE / ("fieldbook.exe" if WINDOWS else "fieldbook")

#: Licence texts the bundle carries beside the fonts: the first candidate found is copied
#: (``$FIELDBOOK_FONT_DIR/<name>`` first, then where Debian and Fedora keep them).
FONT_LICENCES = {
    "LICENSE-DejaVu.txt": (
        "/usr/share/doc/fonts-dejavu-core/copyright",
        "/usr/share/licenses/dejavu-sans-fonts/LICENSE",
    ),
    "LICENSE-WenQuanYi-Micro-Hei.txt": (
        "/usr/share/doc/fonts-wqy-microhei/copyright",
        "/usr/share/licenses/wqy-microhei-fonts/LICENSE_Apache2.txt",
    ),
    # WenQuanYi Micro Hei is Apache-2.0 or GPLv3: the bundle takes it under Apache-2.0.
    "LICENSE-Apache-2.0.txt": ("/usr/share/common-licenses/Apache-2.0",),
}
#: Enough of a fontconfig configuration to start, and no font folder at all.
NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


class BuildFailed(Exception):
    pass


def say(message: str) -> None:
    print(f"build: {message}", file=sys.stderr, flush=True)


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if found is None:
        raise BuildFailed("no __version__ in desktop/__init__.py")
    return found.group(1)


# --- 1. what the spec collects -------------------------------------------------------


def prepare() -> None:
    if STAGE.exists():
        shutil.rmtree(STAGE)
    STAGE.mkdir(parents=True)
    compile_translations(STAGE / "translations")
    copy_fonts(STAGE / "fonts")
    render_icons(STAGE)
    if WINDOWS:
        write_version_info(STAGE / "version-info.txt", version())


def tool(name: str) -> str:
    """A console script of this environment (pyside6-lrelease, ...), else from PATH."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / name, scripts / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BuildFailed(f"{name} not found (it comes with PySide6-Essentials)")
    return found


def compile_translations(out: Path) -> None:
    out.mkdir(parents=True)
    sources = sorted((ROOT / "resources" / "translations").glob("fieldbook_*.ts"))
    if not sources:
        raise BuildFailed("no translations in resources/translations")
    lrelease = tool("pyside6-lrelease")
    for ts in sources:
        qm = out / f"{ts.stem}.qm"
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        if not qm.is_file() or qm.stat().st_size == 0:
            raise BuildFailed(f"pyside6-lrelease made no {qm.name}")
    say(f"translations: {', '.join(p.name for p in sorted(out.iterdir()))}")


def copy_fonts(out: Path) -> None:
    """The report's fonts (found as the report finds them) and their licences."""
    sys.path.insert(0, str(ROOT))
    from report.fonts import FontMissing, font_files

    out.mkdir(parents=True)
    try:
        found = font_files()
    except FontMissing as error:
        raise BuildFailed(
            f"{error}; or set FIELDBOOK_FONT_DIR to a folder holding them (installer/README.md)"
        ) from error
    for path in found.values():
        shutil.copy2(path, out / path.name)
    font_dir = os.environ.get("FIELDBOOK_FONT_DIR")
    for name, candidates in FONT_LICENCES.items():
        places = [Path(font_dir) / name] if font_dir else []
        places += [Path(c) for c in candidates]
        source = next((p for p in places if p.is_file()), None)
        if source is None:
            raise BuildFailed(f"no licence text for the fonts ({name}); looked in {places}")
        shutil.copyfile(source, out / name)
    size = sum(p.stat().st_size for p in out.iterdir())
    say(f"fonts: {', '.join(found)} and licences ({size / 1e6:.1f} MB)")


def render_icons(out: Path) -> None:
    """fieldbook.png (256 px) from the SVG; on Windows also fieldbook.ico."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "fieldbook.svg"))
    if not renderer.isValid():
        raise BuildFailed("resources/icons/fieldbook.svg does not render")
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    png = out / "fieldbook.png"
    if not image.save(str(png)):
        raise BuildFailed(f"cannot write {png}")
    del app
    if WINDOWS:
        from PIL import Image

        with Image.open(png) as icon:
            sizes = [(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
            icon.save(out / "fieldbook.ico", sizes=sizes)
    say(f"icon: {png.name}" + (" and fieldbook.ico" if WINDOWS else ""))


def write_version_info(path: Path, ver: str) -> None:
    """The version resource of fieldbook.exe (Explorer's Details tab)."""
    numbers = [int(n) for n in re.findall(r"\d+", ver)[:3]]
    numbers += [0] * (4 - len(numbers))
    quad = ", ".join(str(n) for n in numbers)
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({quad}), prodvers=({quad}), mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Fieldbook'),
      StringStruct('FileDescription', 'Fieldbook'),
      StringStruct('FileVersion', '{ver}'),
      StringStruct('InternalName', 'fieldbook'),
      StringStruct('OriginalFilename', 'fieldbook.exe'),
      StringStruct('ProductName', 'Fieldbook'),
      StringStruct('ProductVersion', '{ver}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
""",
        encoding="utf-8",
    )


# --- 2. PyInstaller ------------------------------------------------------------------


def pyinstaller(clean: bool) -> None:
    try:
        found = metadata.version("pyinstaller")
    except metadata.PackageNotFoundError:
        raise BuildFailed(
            "PyInstaller is not installed: pip install -e '.[dev]' (or 'pyinstaller>=6.10')"
        ) from None
    say(f"PyInstaller {found}")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(DIST), "--workpath", str(WORK)]
    command += ["--clean"] if clean else []
    subprocess.run([*command, str(SPEC)], check=True, cwd=ROOT)
    if not EXE.is_file():
        raise BuildFailed(f"PyInstaller made no {EXE}")


# --- 3. the self-test ----------------------------------------------------------------


def clean_environment() -> dict[str, str]:
    """This environment without anything that could lead the bundle back to the source."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "QT_PLUGIN_PATH")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in drop and not k.startswith(("FIELDBOOK_", "QT_QPA_"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def self_test(env: dict[str, str], what: str, scratch: Path) -> float:
    """Run the built bundle's ``--self-test`` in ``scratch`` (kept on failure); its seconds."""
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    env = env | {"TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
    started = time.perf_counter()
    done = subprocess.run([str(EXE), "--self-test"], cwd=scratch, env=env, timeout=600, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise BuildFailed(f"the bundle's self-test ({what}) failed: exit status {done.returncode}")
    shutil.rmtree(scratch)
    say(f"self-test ({what}) passed in {elapsed:.1f} s")
    return elapsed


def self_tests() -> int:
    """Run the self-tests of the built bundle; how many passed (a failure raises)."""
    env = clean_environment()
    self_test(env, "offscreen", SCRATCH / "offscreen")
    if not LINUX:
        return 1
    with tempfile.TemporaryDirectory(prefix="fieldbook-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(NO_SYSTEM_FONTS.format(cache=Path(folder) / "cache"))
        env |= {"FONTCONFIG_FILE": str(config)}
        self_test(env, "offscreen, no system fonts", SCRATCH / "no-system-fonts")
    return 2


# --- 4. the platform's package -------------------------------------------------------


def linux_extras() -> None:
    shutil.copy2(ROOT / "installer" / "linux" / "fieldbook.desktop", BUNDLE)
    shutil.copy2(ROOT / "installer" / "linux" / "install.sh", BUNDLE)
    (BUNDLE / "install.sh").chmod(0o755)
    shutil.copy2(STAGE / "fieldbook.png", BUNDLE)


def tarball() -> Path:
    machine = platform.machine().lower() or "unknown"
    archive = DIST / f"fieldbook-{version()}-linux-{machine}.tar.gz"
    archive.unlink(missing_ok=True)
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname="fieldbook")
    say(f"archive: {archive.relative_to(ROOT)} ({archive.stat().st_size / 1e6:.1f} MB)")
    return archive


def windows_installer() -> None:
    candidates = [shutil.which("iscc")] + [
        str(Path(os.environ.get(var, "")) / "Inno Setup 6" / "ISCC.exe")
        for var in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA")
    ]
    iscc = next((c for c in candidates if c and Path(c).is_file()), None)
    if iscc is None:
        say("Inno Setup's ISCC.exe not found: no setup.exe (see installer/README.md)")
        return
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version()}",
            f"/DBundleDir={BUNDLE}",
            f"/DIconFile={STAGE / 'fieldbook.ico'}",
            f"/O{DIST}",
            str(ROOT / "installer" / "windows" / "fieldbook.iss"),
        ],
        check=True,
    )


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare-only", action="store_true", help="only fill build/installer")
    parser.add_argument("--clean", action="store_true", help="rebuild PyInstaller's cache")
    parser.add_argument("--no-self-test", action="store_true", help="skip the self-test")
    parser.add_argument("--no-package", action="store_true", help="no tarball or setup.exe")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        prepare()
        if args.prepare_only:
            return 0
        pyinstaller(args.clean)
        built = time.perf_counter() - started
        say(f"bundle: {BUNDLE.relative_to(ROOT)} ({size_of(BUNDLE) / 1e6:.1f} MB) in {built:.0f} s")
        if LINUX:
            linux_extras()
        passed = 0 if args.no_self_test else self_tests()
        if not args.no_package:
            if LINUX:
                tarball()
            elif WINDOWS:
                windows_installer()
    except BuildFailed as error:
        say(f"failed: {error}")
        return 1
    except subprocess.CalledProcessError as error:
        say(f"failed: {' '.join(map(str, error.cmd))} exited with {error.returncode}")
        return 1
    tested = f", {passed} self-test(s) passed" if passed else ", not self-tested"
    say(f"done in {time.perf_counter() - started:.0f} s{tested}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
