"""A clinic API that is slow, down or wrong must not silence the bot: last good data is served."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from aiohttp import web

from bot.clinic.api_source import ClinicApiSource
from bot.errors import ClinicUnavailableError
from tests.loopback_server import serving_route

URL = "https://clinic.example.org/painpath/clinic.json"


class FakeApi:
    """Answers with whatever the test sets next; counts the calls."""

    def __init__(self, payload: dict) -> None:
        self.payload = payload
        self.mode = "ok"
        self.calls = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.mode == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        if self.mode == "500":
            return httpx.Response(500, text="oops")
        if self.mode == "not_json":
            return httpx.Response(200, text="<html>maintenance</html>")
        if self.mode == "invalid_clinic":
            broken = {**self.payload, "timezone": "Mars/Olympus"}
            return httpx.Response(200, json=broken)
        return httpx.Response(200, json=self.payload)


@pytest.fixture
def api(sample_data) -> FakeApi:
    return FakeApi(sample_data)


@pytest.fixture
def source(api: FakeApi, clock) -> ClinicApiSource:
    return ClinicApiSource(
        URL, cache_seconds=60, transport=httpx.MockTransport(api.handler), clock=clock
    )


async def test_answers_come_from_the_cache_until_it_expires(source, api, clock):
    assert (await source.current()).name == "Riverside Pain Management Center"
    api.payload = {**api.payload, "phone": "(555) 010-2077"}
    clock.advance(30)
    assert (await source.current()).phone == "(555) 010-2000"
    assert api.calls == 1
    clock.advance(31)
    assert (await source.current()).phone == "(555) 010-2077"
    assert api.calls == 2


@pytest.mark.parametrize("failure", ["timeout", "500", "not_json", "invalid_clinic"])
async def test_failure_serves_the_stale_copy_and_warns(source, api, clock, caplog, failure):
    await source.current()
    api.mode = failure
    clock.advance(61)
    with caplog.at_level(logging.WARNING, logger="bot.clinic.api_source"):
        clinic = await source.current()
    assert clinic.phone == "(555) 010-2000"
    assert "last good copy" in caplog.text
    assert source.last_error

    # it does not hammer a failing API on every message
    calls = api.calls
    await source.current()
    assert api.calls == calls


async def test_recovers_when_the_api_comes_back(source, api, clock):
    await source.current()
    api.mode = "500"
    clock.advance(61)
    await source.current()
    api.mode = "ok"
    api.payload = {**api.payload, "name": "Riverside Pain Care"}
    clock.advance(61)
    assert (await source.current()).name == "Riverside Pain Care"
    assert source.last_error is None


@pytest.mark.parametrize("failure", ["timeout", "500", "invalid_clinic"])
async def test_never_had_good_data_raises_a_clear_error(source, api, failure):
    api.mode = failure
    with pytest.raises(ClinicUnavailableError, match="PAINPATH_CLINIC_URL"):
        await source.current()


async def test_invalid_clinic_data_names_the_field(source, api):
    api.mode = "invalid_clinic"
    with pytest.raises(ClinicUnavailableError, match="timezone"):
        await source.current()


async def test_real_local_server_then_stopped(sample_data, clock):
    """A real HTTP round trip on loopback; after the server stops, stale data is still served."""

    async def clinic_json(_: web.Request) -> web.Response:
        return web.json_response(sample_data, dumps=json.dumps)

    async with serving_route(clinic_json, "/clinic.json", "GET") as url:
        source = ClinicApiSource(url, timeout_seconds=2, clock=clock)
        assert (await source.current()).name == "Riverside Pain Management Center"
    clock.advance(61)
    assert (await source.current()).name == "Riverside Pain Management Center"
    assert "cannot reach" in source.last_error
    await source.aclose()
