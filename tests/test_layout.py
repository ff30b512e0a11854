"""The map of DESIGN.md, checked: which package may import what."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The one function allowed to import the GUI from desktop/: the command that starts it.
GUI_LAUNCHERS = {
    ("desktop/cli.py", "_cmd_gui"),
    ("desktop/cli.py", "_cmd_screenshot"),
    ("desktop/cli.py", "_self_test_gui"),
}


def _imports(path: Path) -> Iterator[tuple[str, str | None]]:
    """(module imported, enclosing function name or None) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def walk(node: ast.AST, func: str | None) -> Iterator[tuple[str, str | None]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from walk(child, child.name)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, func
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                yield child.module, func
            yield from walk(child, func)

    yield from walk(tree, None)


def _python_files(*folders: str) -> list[Path]:
    return [p for f in folders if (ROOT / f).exists() for p in sorted((ROOT / f).rglob("*.py"))]


def test_desktop_and_sync_never_import_qt() -> None:
    offenders = []
    for path in _python_files("desktop", "sync"):
        rel = path.relative_to(ROOT).as_posix()
        for module, func in _imports(path):
            top = module.split(".")[0]
            if top in ("PySide6", "shiboken6", "ui") and (rel, func) not in GUI_LAUNCHERS:
                offenders.append(f"{rel}: {module} (in {func or 'module'})")
    assert offenders == []


def test_domain_uses_only_the_standard_library() -> None:
    offenders = []
    for path in _python_files("desktop/domain"):
        for module, _ in _imports(path):
            top = module.split(".")[0]
            if top == "__future__" or top in sys.stdlib_module_names:
                continue
            if module == "desktop.domain" or module.startswith("desktop.domain."):
                continue
            offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_the_checker_sees_an_offending_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n", encoding="utf-8")
    assert list(_imports(bad)) == [("PySide6.QtWidgets", "f")]


def _offenders(folder: str, allowed: Callable[[str], bool]) -> list[str]:
    found = []
    for path in _python_files(folder):
        for module, _ in _imports(path):
            if not allowed(module):
                found.append(f"{path.relative_to(ROOT)}: {module}")
    return found


def test_the_arrows_point_one_way() -> None:
    """ui → desktop → sync.client → sync.protocol, and sync.server → sync.protocol; the
    service may use the pure domain rules (desktop.domain) and nothing else of desktop."""
    assert _offenders("ui", lambda m: m.split(".")[0] != "sync") == []
    assert _offenders("sync", lambda m: m.split(".")[0] not in ("ui",)) == []
    assert (
        _offenders("sync/client", lambda m: not (m == "desktop" or m.startswith("desktop."))) == []
    )
    assert (
        _offenders(
            "sync/protocol",
            lambda m: (
                not m.startswith(("sync.client", "sync.server"))
                and (not m.startswith("desktop") or m.startswith("desktop.domain"))
            ),
        )
        == []
    )
    assert (
        _offenders(
            "sync/server", lambda m: not m.startswith("desktop") or m.startswith("desktop.domain")
        )
        == []
    )
