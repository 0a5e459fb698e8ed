"""Shared fixtures: where Logius' reference files live, and socket blocking for unit tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """../shared/reference: Logius', UWV's and the OECD's published files (not ours to copy)."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference files not present at {REFERENCE} (they live beside the repo in shared/)")
    return REFERENCE


@pytest.fixture(autouse=True)
def _block_sockets_in_unit_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Unit tests must not open network connections; integration tests may use loopback."""
    if "tests/unit" not in str(request.node.path).replace("\\", "/"):
        yield
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]
        raise RuntimeError(f"unit tests may not open sockets (tried {address!r})")

    socket.socket.connect = guarded  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
