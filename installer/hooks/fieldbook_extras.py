"""What the laptop bundle leaves out, read from the project's extras (pyproject.toml).

The technician's app is ``fieldbook[laptop]``. Whatever only the central service
(``fieldbook[server]``) or the developer tools (``fieldbook[dev]``) need is left out of
the bundle: those distributions, every distribution they alone pull in, and the
service's own package. Declaring a dependency in the right extra is all it takes; there
is no list to keep by hand.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

#: Packages of this project that only the service runs.
SERVER_PACKAGES = ("sync.server",)


def _requirements(pyproject: Path) -> tuple[list[str], dict[str, list[str]]]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"]), dict(project["optional-dependencies"])


def _closure(requirements: Iterable[str], extras: dict[str, list[str]]) -> set[str]:
    """Installed distributions ``requirements`` need, transitively (markers evaluated)."""
    seen: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = []

    def add(text: str, extra: str = "") -> None:
        req = Requirement(text)
        env = {**default_environment(), "extra": extra}
        if req.marker is not None and not req.marker.evaluate(env):
            return
        todo.append((req.name, frozenset(req.extras)))

    for text in requirements:
        add(text)
    while todo:
        name, wanted = todo.pop()
        key = canonicalize_name(name)
        if key == "fieldbook":  # this project's own extras (dev = fieldbook[laptop,server])
            for extra in wanted:
                for text in extras.get(extra, []):
                    add(text)
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        marker = (key, wanted)
        if str(marker) in seen:
            continue
        seen.add(str(marker))
        seen.add(key)
        for text in dist.requires or []:
            for extra in ("", *wanted):
                add(text, extra)
    return {s for s in seen if not s.startswith("(")}


def left_out(pyproject: Path) -> list[str]:
    """Top-level modules of the distributions only the service or the tools need."""
    base, extras = _requirements(pyproject)
    laptop = _closure([*base, *extras["laptop"]], extras)
    others = _closure([*extras["server"], *extras["dev"]], extras) - laptop
    modules: set[str] = set(SERVER_PACKAGES)
    for module, dists in metadata.packages_distributions().items():
        names = {canonicalize_name(d) for d in dists}
        if names and names <= others and module.isidentifier():
            modules.add(module)
    return sorted(modules)
