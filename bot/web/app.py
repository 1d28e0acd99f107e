"""The widget server: demo clinic pages, the widget's files, a health check and the staff
console (/staff/, bot/staff)."""

from __future__ import annotations

import html
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.staff.settings import StaffSettings
from bot.staff.web import install_staff_console
from bot.web.config import WebConfig
from bot.web.cors import install_cors

STATIC_DIR = Path(__file__).with_name("static")
RASA_WEBCHAT_BUNDLE = Path("rasa-webchat") / "lib" / "index.js"
STATIC_FILES = {
    "/painpath-widget.js": "painpath-widget.js",
    "/painpath-widget.css": "painpath-widget.css",
    "/vendor/socket.io.min.js": "vendor/socket.io.min.js",
    "/webchat-init.js": "webchat-init.js",
    "/demo-page.css": "demo-page.css",
}


def render_page(name: str, config: WebConfig) -> str:
    """Fill a demo page's {{placeholders}} with HTML-escaped settings."""
    values = {
        "rasa_public_url": config.rasa_public_url,
        "clinic_name": config.clinic_name,
        "clinic_contact": config.contact_line,
        "widget_title": config.widget_title,
        "widget_primary_color": config.widget_primary_color,
        "widget_greeting": config.widget_greeting,
    }
    page = (STATIC_DIR / name).read_text(encoding="utf-8")
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", html.escape(value, quote=True))
    return page


def create_app(
    config: WebConfig, name: str = "painpath_web", staff: StaffSettings | None = None
) -> Sanic:
    """Assemble the Sanic app; pages are rendered once, since settings do not change at run time.
    The staff console reads its settings from the environment unless `staff` is given."""
    app = Sanic(name)
    app.config.FALLBACK_ERROR_FORMAT = "text"
    demo_page = render_page("demo-clinic.html", config)
    webchat_page = render_page("webchat.html", config)
    webchat_bundle = config.node_modules_dir / RASA_WEBCHAT_BUNDLE

    for route, file_name in STATIC_FILES.items():
        app.static(route, str(STATIC_DIR / file_name), name=file_name.replace("/", "_"))

    @app.get("/")
    async def demo_clinic(_: Request) -> HTTPResponse:
        return response.html(demo_page)

    @app.get("/webchat")
    async def webchat_demo(_: Request) -> HTTPResponse:
        return response.html(webchat_page)

    @app.get("/vendor/rasa-webchat.js")
    async def rasa_webchat(_: Request) -> HTTPResponse:
        if not webchat_bundle.is_file():
            message = f"{webchat_bundle} is missing: run `npm ci` in the project folder."
            return response.text(message, status=404)
        return await response.file(webchat_bundle, mime_type="application/javascript")

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok", "rasa_public_url": config.rasa_public_url})

    @app.on_response
    async def no_sniffing(_: Request, resp: HTTPResponse) -> None:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")

    install_staff_console(app, staff)
    install_cors(app, config.allowed_origins)
    return app
