"""The lock files pin, with hashes, everything pyproject.toml asks for, within its version
specifiers; the dev set and the runtime set agree. Refresh them with requirements/refresh."""

from __future__ import annotations

import importlib.metadata
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.support import ROOT, read_lock

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
REFRESH = "run requirements/refresh"
# Each lock and the extras it holds besides the dependencies.
LOCK_EXTRAS = {"runtime.lock": ("postgres",), "dev.lock": ("postgres", "dev")}


def wanted(extras: tuple[str, ...]) -> list[Requirement]:
    project = PYPROJECT["project"]
    raw = list(project["dependencies"])
    for extra in extras:
        raw.extend(project["optional-dependencies"][extra])
    return [Requirement(r) for r in raw]


@pytest.mark.parametrize(("lock", "extras"), LOCK_EXTRAS.items())
def test_every_requirement_is_pinned_within_its_specifier(
    lock: str, extras: tuple[str, ...]
) -> None:
    pins = read_lock(lock)
    for req in wanted(extras):
        found = [p for p in pins if p.name == canonicalize_name(req.name)]
        assert found, f"{req.name} (pyproject.toml) is not in requirements/{lock}: {REFRESH}"
        for pin in found:
            assert req.specifier.contains(pin.version, prereleases=True), (
                f"requirements/{lock} pins {pin.name}=={pin.version}, outside {req}: {REFRESH}"
            )


def _needs(req: Requirement) -> list[Requirement]:
    """What an installed distribution requires, with the extras asked of it."""
    try:
        dist = importlib.metadata.distribution(req.name)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{req.name} is not installed: install from the lock, then rerun")
    needs = []
    for raw in dist.requires or []:
        sub = Requirement(raw)
        if sub.marker is None or any(
            sub.marker.evaluate({"extra": extra}) for extra in (*req.extras, "")
        ):
            needs.append(sub)
    return needs


@pytest.mark.parametrize(("lock", "extras"), LOCK_EXTRAS.items())
def test_the_lock_holds_everything_its_requirements_need(
    lock: str, extras: tuple[str, ...]
) -> None:
    """Extras and dependencies of dependencies too (SQLAlchemy[asyncio] needs greenlet), as
    the installed distributions' metadata says: pip --require-hashes refuses a gap."""
    pinned = {p.name for p in read_lock(lock) if p.applies()}
    todo = [r for r in wanted(extras) if r.marker is None or r.marker.evaluate()]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        assert key[0] in pinned, f"{req.name} is needed but not in requirements/{lock}: {REFRESH}"
        todo.extend(_needs(req))


def test_the_dev_lock_pins_the_runtime_set_at_the_same_versions() -> None:
    dev = {(p.name, str(p.marker)): p.version for p in read_lock("dev.lock")}
    for pin in read_lock("runtime.lock"):
        assert dev.get((pin.name, str(pin.marker))) == pin.version, (
            f"{pin.name}: runtime.lock has {pin.version}, dev.lock "
            f"{dev.get((pin.name, str(pin.marker)))}: {REFRESH}"
        )


def test_the_build_lock_pins_the_build_backend() -> None:
    pins = {p.name: p.version for p in read_lock("build.lock")}
    for raw in PYPROJECT["build-system"]["requires"]:
        req = Requirement(raw)
        version = pins.get(canonicalize_name(req.name))
        assert version is not None, f"{req.name} is not in requirements/build.lock: {REFRESH}"
        assert req.specifier.contains(version), f"build.lock's {req.name} {version}: {REFRESH}"


@pytest.mark.parametrize("lock", ["runtime.lock", "dev.lock", "build.lock"])
def test_every_pin_carries_hashes(lock: str) -> None:
    pins = read_lock(lock)
    assert pins
    for pin in pins:
        assert pin.hashes, f"{pin.name} has no --hash in requirements/{lock}: {REFRESH}"
        assert all(h.startswith("sha256:") and len(h) == 71 for h in pin.hashes), pin.name
    assert "requirements/refresh" in (ROOT / "requirements" / lock).read_text()


def test_ci_installs_the_dev_lock_with_hashes() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "--require-hashes -r requirements/dev.lock" in ci
    assert "--no-deps -e ." in ci
    assert "pip install -q -e '.[dev]'" not in ci
