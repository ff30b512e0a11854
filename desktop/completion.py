"""Shell completion for ``fieldbook``: bash and zsh scripts made from the parser itself.

The scripts know every command, option and option choice the parser knows (so they
cannot drift from it), complete file names where a command takes files, and ask
``fieldbook _incidents`` for the open incidents' numbers where a command takes an
INCIDENT (honouring a ``--data-dir`` given before the command).
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class _Spec:
    """One parser (the program, a command, a command's action), as completion needs it."""

    path: tuple[str, ...]
    help: str
    flags: dict[str, tuple[str, list[str] | None, bool]] = field(default_factory=dict)
    # flag → (help, choices, takes a value)
    positionals: list[tuple[str, list[str] | None]] = field(default_factory=list)
    # (metavar, choices) in order
    children: dict[str, _Spec] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return "_" + "_".join(("fieldbook", *self.path)).replace("-", "_")


def _spec(parser: argparse.ArgumentParser, path: tuple[str, ...], help_: str) -> _Spec:
    spec = _Spec(path, help_)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, child in action.choices.items():
                if not name.startswith("_"):
                    spec.children[name] = _spec(child, (*path, name), helps.get(name, ""))
        elif action.option_strings:
            if isinstance(action, argparse._HelpAction | argparse._VersionAction):
                continue
            choices = [str(c) for c in action.choices] if action.choices else None
            for flag in action.option_strings:
                spec.flags[flag] = (action.help or "", choices, action.nargs != 0)
        else:
            choices = [str(c) for c in action.choices] if action.choices else None
            count = 1 if action.nargs in (None, "?") else 2  # "+"/"*": a few files
            for _ in range(count):
                spec.positionals.append((str(action.metavar or action.dest).upper(), choices))
    return spec


def _walk(spec: _Spec) -> Iterator[_Spec]:
    yield spec
    for child in spec.children.values():
        yield from _walk(child)


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    root = _spec(parser, (), parser.description or "")
    return _bash(root) if shell == "bash" else _zsh(root)


# --- bash ------------------------------------------------------------------------------


def _words(values: list[str]) -> str:
    return shlex.quote(" ".join(values))


def _reply(values: list[str]) -> str:
    return f'COMPREPLY=($(compgen -W {_words(values)} -- "$cur"))'


def _bash_complete(kind: str, choices: list[str] | None) -> str:
    if choices:
        return _reply(choices)
    if kind == "INCIDENT":
        return (
            'COMPREPLY=($(compgen -W "$(fieldbook "${dd[@]}" _incidents 2>/dev/null)" -- "$cur"))'
        )
    if kind in ("FILE", "FILES", "PDF", "FILE.PDF", "OUT", "DIR", "--OUT", "--DATA-DIR"):
        return 'COMPREPLY=($(compgen -f -- "$cur"))'
    return "COMPREPLY=()"


def _bash(root: _Spec) -> str:
    lines = [
        '# bash completion for fieldbook: eval "$(fieldbook completion bash)"',
        "_fieldbook() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        "    local -a dd=() path=() args=()",
        "    local i w takes",
        "    # The words so far: --data-dir (kept for _incidents), the command path, and",
        "    # the positional arguments given (option values skipped).",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        w="${COMP_WORDS[i]}"',
        '        if [[ "$w" == --data-dir ]]; then',
        '            dd=(--data-dir "${COMP_WORDS[i+1]}"); ((i++)); continue',
        "        fi",
        '        if [[ "$w" == -* ]]; then',
        '            takes="$(_fieldbook_takes "${path[*]}" "$w")"',
        '            [[ "$takes" == 1 ]] && ((i++))',
        "            continue",
        "        fi",
        '        if [[ ${#args[@]} -eq 0 ]] && _fieldbook_has_child "${path[*]}" "$w"; then',
        '            path+=("$w")',
        "        else",
        '            args+=("$w")',
        "        fi",
        "    done",
        '    local key="${path[*]}"',
        '    case "$key|$prev" in',
    ]
    for spec in _walk(root):
        key = " ".join(spec.path)
        for flag, (_, choices, takes) in spec.flags.items():
            if takes:
                kind = flag.upper() if flag in ("--out", "--data-dir") else ""
                pattern = shlex.quote(f"{key}|{flag}")
                lines.append(f"        {pattern}) {_bash_complete(kind, choices)}; return;;")
    lines += ["    esac", '    if [[ "$cur" == -* ]]; then', '        case "$key" in']
    for spec in _walk(root):
        flags = [*spec.flags, "--help"]
        lines.append(f"            {shlex.quote(' '.join(spec.path))}) {_reply(flags)};;")
    lines += ["        esac", "        return", "    fi", '    case "$key" in']
    for spec in _walk(root):
        branch: list[str] = []
        if spec.children:
            names = list(spec.children)
            branch.append(f"[[ ${{#args[@]}} -eq 0 ]] && {{ {_reply(names)}; return; }}")
        for index, (kind, choices) in enumerate(spec.positionals):
            branch.append(
                f"[[ ${{#args[@]}} -eq {index} ]] && {{ {_bash_complete(kind, choices)}; return; }}"
            )
        if branch:
            lines.append(f"        {shlex.quote(' '.join(spec.path))})")
            lines += [f"            {b}" for b in branch]
            lines.append("            ;;")
    lines += [
        "    esac",
        "    COMPREPLY=()",
        "}",
        "",
        "_fieldbook_has_child() {",
        '    case "$1|$2" in',
    ]
    children = [f"{' '.join(s.path)}|{c}" for s in _walk(root) for c in s.children]
    lines.append(f"        {'|'.join(shlex.quote(c) for c in children)}) return 0;;")
    lines += ["    esac", "    return 1", "}", "", "_fieldbook_takes() {", '    case "$1|$2" in']
    takes_value = [
        f"{' '.join(s.path)}|{flag}"
        for s in _walk(root)
        for flag, (_, _, t) in s.flags.items()
        if t
    ]
    lines.append(f"        {'|'.join(shlex.quote(t) for t in takes_value)}) echo 1;;")
    lines += ["        *) echo 0;;", "    esac", "}", "", "complete -F _fieldbook fieldbook", ""]
    return "\n".join(lines)


# --- zsh -------------------------------------------------------------------------------


def _zq(text: str) -> str:
    """Text for inside a zsh _arguments spec: brackets and colons escaped, single-quoted."""
    cleaned = " ".join(text.split()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return cleaned.replace(":", "\\:").replace("'", "'\\''")


def _zsh_action(kind: str, choices: list[str] | None) -> str:
    if choices:
        return f"({' '.join(choices)})"
    if kind == "INCIDENT":
        return "_fieldbook_incidents"
    if kind in ("FILE", "FILES", "FILE.PDF", "--OUT"):
        return "_files"
    if kind == "--DATA-DIR":
        return "_files -/"
    return " "


def _zsh(root: _Spec) -> str:
    lines = [
        "#compdef fieldbook",
        '# zsh completion for fieldbook: eval "$(fieldbook completion zsh)"',
        "_fieldbook_incidents() {",
        "    local -a incidents",
        '    incidents=(${(f)"$(fieldbook ${=_fieldbook_dd} _incidents 2>/dev/null)"})',
        "    compadd -a incidents",
        "}",
        "",
    ]
    for spec in _walk(root):
        specs: list[str] = []
        for flag, (help_, choices, takes) in spec.flags.items():
            kind = flag.upper() if flag in ("--out", "--data-dir") else ""
            tail = f":{flag.lstrip('-')}:{_zsh_action(kind, choices)}" if takes else ""
            specs.append(f"'{flag}[{_zq(help_)}]{tail}'")
        for index, (kind, choices) in enumerate(spec.positionals, start=1):
            specs.append(f"'{index}:{_zq(kind.lower())}:{_zsh_action(kind, choices)}'")
        lines.append(f"{spec.name}() {{")
        if spec.children:
            described = " ".join(
                f"'{_zq(name)}:{_zq(child.help)}'" for name, child in spec.children.items()
            )
            lines += [
                '    local curcontext="$curcontext" state line',
                "    typeset -A opt_args",
                f"    _arguments -C {' '.join(specs)} '1: :->command' '*:: :->args'",
            ]
            if not spec.path:
                lines.append(
                    "    _fieldbook_dd="
                    '"${opt_args[--data-dir]:+--data-dir ${opt_args[--data-dir]}}"'
                )
            lines += [
                "    case $state in",
                f"        command) local -a commands; commands=({described})",
                "            _describe command commands;;",
                '        args) local sub="${words[1]}"; (( $+functions['
                + spec.name
                + "_$sub )) && "
                + spec.name
                + "_$sub;;",
                "    esac",
            ]
        else:
            lines.append(f"    _arguments {' '.join(specs)}" if specs else "    :")
        lines += ["}", ""]
    lines += ["compdef _fieldbook fieldbook", ""]
    return "\n".join(lines)
