"""The window writes no SQL: every query lives in ``desktop`` (the store and its use
cases), and ``ui`` calls them. lint-imports forbids ``ui`` to import SQLAlchemy; this test
reads the sources too, so that an import inside a function or a raw ``session`` call is
caught as well, with the file and line named."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "ui"

# A store's transactions and a session's queries (on names that say what they are).
SESSION_CALLS = frozenset({"execute", "scalar", "scalars", "read", "write"})


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            found += [(node.lineno, f"imports {m}") for m in modules if _is_sql(m)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = (
                owner.id
                if isinstance(owner, ast.Name)
                else owner.attr
                if isinstance(owner, ast.Attribute)
                else ""
            )
            if node.func.attr in SESSION_CALLS and name in {"session", "store"}:
                found.append((node.lineno, f"calls {name}.{node.func.attr}()"))
    return [f"{path.name}:{line} {what}" for line, what in sorted(found)]


def _is_sql(module: str) -> bool:
    return module == "sqlalchemy" or module.startswith(("sqlalchemy.", "desktop.store.models"))


def test_the_window_writes_no_sql() -> None:
    sources = sorted(UI.rglob("*.py"))
    assert sources, UI
    problems = [p for path in sources for p in _problems(path)]
    assert not problems, "SQL belongs in desktop/, not ui/:\n" + "\n".join(problems)


def test_the_check_sees_an_import_and_a_session_call(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f(store):\n"
        "    from sqlalchemy import select\n"
        "    with store.read() as session:\n"
        "        return session.scalar(select(1))\n",
        encoding="utf-8",
    )
    assert _problems(bad) == [
        "bad.py:2 imports sqlalchemy",
        "bad.py:3 calls store.read()",
        "bad.py:4 calls session.scalar()",
    ]
