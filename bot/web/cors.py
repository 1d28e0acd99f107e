"""Cross-origin rules for the widget server: only configured origins (or local ones) may call it."""

from __future__ import annotations

import re

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

LOCAL_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$")
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def origin_allowed(origin: str, own_origin: str, allowed: tuple[str, ...]) -> bool:
    """The page's own origin always; otherwise the configured list, or local ports by default."""
    if origin == own_origin:
        return True
    if allowed:
        return origin in allowed
    return bool(LOCAL_ORIGIN.match(origin))


def install_cors(app: Sanic, allowed: tuple[str, ...]) -> None:
    """Answer preflights and add Access-Control-Allow-Origin only for allowed origins."""

    def check(request: Request) -> tuple[str | None, bool]:
        origin = request.headers.get("origin")
        own_origin = f"{request.scheme}://{request.host}"
        return origin, bool(origin) and origin_allowed(origin, own_origin, allowed)

    @app.on_request
    async def preflight(request: Request) -> HTTPResponse | None:
        if request.method != "OPTIONS" or "access-control-request-method" not in request.headers:
            return None
        origin, ok = check(request)
        if not ok:
            return response.text("Origin not allowed.", status=403)
        return response.empty(
            headers={
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
        )

    @app.on_response
    async def allow_origin(request: Request, resp: HTTPResponse) -> None:
        origin, ok = check(request)
        resp.headers["Vary"] = "Origin"
        if ok:
            resp.headers["Access-Control-Allow-Origin"] = origin
