"""Tests never leave this machine: any connection to a non-loopback address is refused.

And a test that starts Chromium, nginx, PostgreSQL or Redis must say so with the `browser` or
`scale` marker, so that `make test` runs it only after `make system-test-deps` has installed
them: on a machine that has them already, an unmarked test would pass here and fail on a clean
one (tests/test_check_order.py checks the other half, the order of the steps).
"""

from __future__ import annotations

import socket
import subprocess

import pytest

from tests.system_programs import AFTER_SYSTEM_DEPS, SYSTEM_PROGRAMS, started_program

LOOPBACK_NAMES = {"localhost", "::1"}


def _is_loopback(host: object) -> bool:
    return str(host) in LOOPBACK_NAMES or str(host).startswith("127.")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse lookups and connections beyond loopback, so a test can never reach a real API."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            raise ConnectionRefusedError(f"test tried to reach {address}: tests stay on loopback")
        return real_connect(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
        if host is not None and not _is_loopback(host):
            raise socket.gaierror(f"test tried to look up {host}: tests stay on loopback")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(autouse=True)
def system_programs_only_in_marked_tests(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unmarked test that starts a system program fails here, naming the marker to add."""
    if any(request.node.get_closest_marker(marker) for marker in AFTER_SYSTEM_DEPS):
        return
    real_init = subprocess.Popen.__init__

    def init(self: subprocess.Popen, args: object, *rest: object, **options: object) -> None:
        program = started_program(args)
        if program in SYSTEM_PROGRAMS:
            raise RuntimeError(
                f"{request.node.nodeid} starts {program}, which `make system-test-deps` "
                f"installs: mark it @pytest.mark.scale (or browser) so that it runs after that step"
            )
        real_init(self, args, *rest, **options)

    monkeypatch.setattr(subprocess.Popen, "__init__", init)
