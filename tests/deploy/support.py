"""What the deploy tests read: the lock files (uv's `pip compile --generate-hashes` output)
and the environment variables the app reads (bot/config.py)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"

# `name==1.2.3 \` or `name==1.2.3 ; python_full_version < '3.12' \`, hashes on the lines below
_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)"
    r"\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)


@dataclass(frozen=True)
class Pin:
    name: str  # canonical (PEP 503): lower case, runs of -_. as one -
    version: str
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies(self) -> bool:
        """Whether pip installs this pin on this interpreter and platform."""
        return self.marker is None or self.marker.evaluate()


def read_lock(name: str) -> list[Pin]:
    entries: list[tuple[re.Match[str], list[str]]] = []
    for line in (LOCKS / name).read_text().splitlines():
        match = _PIN.match(line)
        if match:
            entries.append((match, []))
        elif line.strip().startswith("--hash=") and entries:
            entries[-1][1].append(line.strip().removeprefix("--hash=").rstrip(" \\"))
    return [
        Pin(
            name=canonicalize_name(m["name"]),
            version=m["version"],
            marker=Marker(m["marker"]) if m["marker"] else None,
            hashes=tuple(hashes),
        )
        for m, hashes in entries
    ]


def app_env_vars() -> set[str]:
    """Every environment variable bot/config.py reads: env["X"], env.get("X"),
    _int_env(env, "X") and the secrets of SECRET_ENV."""
    from bot.config import SECRET_ENV

    names = set(SECRET_ENV.values())
    tree = ast.parse((ROOT / "bot" / "config.py").read_text())
    for node in ast.walk(tree):
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and _is_env(node.value):
            key = node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and _is_env(func.value):
                key = node.args[0]
            elif isinstance(func, ast.Name) and func.id == "_int_env" and len(node.args) > 1:
                key = node.args[1]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def _is_env(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "env"
