"""Tests never leave this machine: any connection to a non-loopback address is refused."""

from __future__ import annotations

import socket

import pytest

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
