"""The widget server a clinic embeds: pages, widget files, health and cross-origin rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.web import WebConfig
from bot.web.config import WebConfigError

CLINIC_SITE = "https://www.riverbend.example"


async def test_demo_page_embeds_the_widget_pointing_at_the_rasa_server(web_client) -> None:
    async with web_client({"RASA_PUBLIC_URL": "https://bot.riverbend.example:5005/"}) as client:
        page = await client.get("/")
    assert page.status_code == 200
    assert '<script src="/painpath-widget.js"' in page.text
    assert 'data-server-url="https://bot.riverbend.example:5005"' in page.text


async def test_demo_page_defaults_to_the_local_rasa_server(web_client) -> None:
    async with web_client() as client:
        page = await client.get("/")
    assert 'data-server-url="http://localhost:5005"' in page.text


async def test_settings_cannot_break_out_of_the_html_attribute(web_client) -> None:
    hostile = 'https://x.example" onload="alert(1)'
    async with web_client({"RASA_PUBLIC_URL": hostile}) as client:
        page = await client.get("/")
    assert 'onload="alert(1)' not in page.text
    assert "https://x.example&quot; onload=&quot;alert(1)" in page.text


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/painpath-widget.js", "text/javascript"),
        ("/painpath-widget.css", "text/css"),
        ("/vendor/socket.io.min.js", "text/javascript"),
        ("/webchat-init.js", "text/javascript"),
    ],
)
async def test_widget_files_are_served(web_client, path: str, content_type: str) -> None:
    async with web_client() as client:
        response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(content_type)


async def test_vendored_socket_io_keeps_its_mit_licence(web_client) -> None:
    async with web_client() as client:
        response = await client.get("/vendor/socket.io.min.js")
    head = response.text[:1500]
    assert "The MIT License" in head and "Permission is hereby granted" in head
    assert "Socket.IO v4" in response.text[:2500]


async def test_health_says_ok(web_client) -> None:
    async with web_client() as client:
        response = await client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_webchat_page_uses_the_documented_rasa_webchat_settings(web_client) -> None:
    async with web_client({"RASA_PUBLIC_URL": "https://bot.riverbend.example"}) as client:
        page = await client.get("/webchat")
        init = await client.get("/webchat-init.js")
    assert '<script src="/vendor/rasa-webchat.js"' in page.text
    assert 'data-socket-url="https://bot.riverbend.example"' in page.text
    for setting in ('socketPath: "/socket.io/"', "customData:", 'params: { storage: "local" }'):
        assert setting in init.text


async def test_missing_rasa_webchat_bundle_says_how_to_fix_it(web_client, tmp_path: Path) -> None:
    async with web_client(node_modules_dir=tmp_path) as client:
        response = await client.get("/vendor/rasa-webchat.js")
    assert response.status_code == 404
    assert "npm ci" in response.text


async def test_configured_origin_may_call_the_server(web_client) -> None:
    async with web_client({"PAINPATH_ALLOWED_ORIGINS": f"{CLINIC_SITE}, https://x.example"}) as c:
        response = await c.get("/health", headers={"Origin": CLINIC_SITE})
        preflight = await c.options(
            "/health", headers={"Origin": CLINIC_SITE, "Access-Control-Request-Method": "GET"}
        )
    assert response.headers["access-control-allow-origin"] == CLINIC_SITE
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == CLINIC_SITE


async def test_other_origins_are_denied(web_client) -> None:
    async with web_client({"PAINPATH_ALLOWED_ORIGINS": CLINIC_SITE}) as client:
        response = await client.get("/health", headers={"Origin": "https://evil.example"})
        local = await client.get("/health", headers={"Origin": "http://localhost:3000"})
        preflight = await client.options(
            "/health",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
        )
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-origin" not in local.headers, "the list replaces the default"
    assert preflight.status_code == 403


async def test_default_allows_own_origin_and_local_ports_only(web_client) -> None:
    async with web_client() as client:
        own = await client.get("/health", headers={"Origin": "http://clinic.test:8000"})
        local = await client.get("/health", headers={"Origin": "http://localhost:5173"})
        other = await client.get("/health", headers={"Origin": CLINIC_SITE})
    assert own.headers["access-control-allow-origin"] == "http://clinic.test:8000"
    assert local.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "access-control-allow-origin" not in other.headers


def test_environment_sets_port_and_origins() -> None:
    config = WebConfig.from_env({"WEB_PORT": "8100", "PAINPATH_ALLOWED_ORIGINS": CLINIC_SITE + "/"})
    assert (config.port, config.allowed_origins) == (8100, (CLINIC_SITE,))


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"WEB_PORT": "eighty"}, "WEB_PORT"),
        ({"PAINPATH_ALLOWED_ORIGINS": "riverbend.example"}, "PAINPATH_ALLOWED_ORIGINS"),
    ],
)
def test_bad_environment_names_the_variable_and_the_fix(env: dict, names: str) -> None:
    with pytest.raises(WebConfigError, match=names):
        WebConfig.from_env(env)


async def test_demo_page_contact_line_comes_from_the_clinic_file(web_client, tmp_path) -> None:
    from bot.paths import REPO_ROOT

    sample = (REPO_ROOT / "clinic.yml").read_text(encoding="utf-8")
    other = tmp_path / "other-clinic.yml"
    other.write_text(
        sample.replace('phone: "(555) 010-2000"', 'phone: "(555) 010-7777"', 1).replace(
            "1200 River Road", "88 Lakeview Drive", 1
        ),
        encoding="utf-8",
    )
    async with web_client({"PAINPATH_CLINIC_FILE": str(REPO_ROOT / "clinic.yml")}) as client:
        sample_page = (await client.get("/")).text
    async with web_client({"PAINPATH_CLINIC_FILE": str(other)}) as client:
        other_page = (await client.get("/")).text
    assert "Phone: (555) 010-2000." in sample_page
    assert "Main location: 1200 River Road, Suite 300, Springfield, IL 62701." in sample_page
    assert "Phone: (555) 010-7777." in other_page and "88 Lakeview Drive" in other_page
    assert "555-0100" not in sample_page + other_page


async def test_without_a_clinic_file_the_demo_page_says_to_call_the_clinic(web_client) -> None:
    async with web_client({"PAINPATH_CLINIC_URL": "https://clinic.example/api"}) as client:
        page = (await client.get("/")).text
    assert "Call the clinic. In an emergency, call 911." in page
