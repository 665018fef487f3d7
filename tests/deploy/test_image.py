"""The Dockerfile, read as text (no docker engine needed): locked, hash-checked installs in a
build stage, dependencies before code, a digest-pinned base, a runtime stage with no
compiler and no root. `docker build` itself is not run here."""

from __future__ import annotations

import re

from tests.deploy.support import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n(\s*#.*\n)*", " ", text)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), " ".join(rest.split())))
    return found


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for ins in instructions(DOCKERFILE):
        if ins[0] == "FROM":
            result.append([])
        if result:
            result[-1].append(ins)
    return result


def test_the_base_image_is_pinned_by_digest() -> None:
    (arg,) = [a for i, a in instructions(DOCKERFILE) if i == "ARG" and "PYTHON_IMAGE" in a]
    assert re.fullmatch(r"PYTHON_IMAGE=python:3\.11-slim@sha256:[0-9a-f]{64}", arg), arg
    froms = [args for ins, args in instructions(DOCKERFILE) if ins == "FROM"]
    assert froms and all(f.startswith("${PYTHON_IMAGE}") for f in froms), froms
    assert "docker buildx imagetools inspect python:3.11-slim" in DOCKERFILE


def test_the_build_stage_installs_the_locks_with_hashes_before_the_code() -> None:
    build, _ = stages()
    text = [f"{i} {a}" for i, a in build]
    lock_install = next(
        n for n, t in enumerate(text) if "--require-hashes -r requirements/runtime.lock" in t
    )
    assert "--only-binary=:all:" in text[lock_install]
    code_copy = next(n for n, t in enumerate(text) if t.startswith("COPY bot"))
    assert lock_install < code_copy, "a code change would reinstall every dependency"
    assert any("--require-hashes -r requirements/build.lock" in t for t in text)
    package = next(t for t in text if "takeaways-*.whl" in t)
    assert "--no-deps" in package


def test_the_runtime_stage_copies_the_venv_and_runs_as_non_root() -> None:
    _, runtime = stages()
    text = [f"{i} {a}" for i, a in runtime]
    assert "COPY --from=build /venv /venv" in text
    # No package manager, no compiler: the runtime stage installs nothing.
    assert not any(re.search(r"apt-get|apk |pip install|gcc|build-essential", t) for t in text)
    (user,) = [a for i, a in runtime if i == "USER"]
    assert user.split(":")[0] not in {"0", "root"}
    env = " ".join(a for i, a in runtime if i == "ENV")
    assert "PYTHONDONTWRITEBYTECODE=1" in env, "the read-only root filesystem needs it"
    (health,) = [a for i, a in runtime if i == "HEALTHCHECK"]
    assert "/healthz" in health
    assert ("ENTRYPOINT", '["takeaways"]') in runtime


def test_every_copied_path_is_in_the_build_context() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert ".env" in ignored, "secrets must not reach the build context"
    for ins, args in instructions(DOCKERFILE):
        if ins == "COPY" and not args.startswith("--from"):
            *sources, _ = args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source.split("/")[0] not in ignored, f"{source} is in .dockerignore"
