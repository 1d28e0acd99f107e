"""The console's routes on the widget server (`install_staff_console(app)`), all under /staff/.

Without a session, a page answers 303 to the sign-in page and an export 401. Every POST carries
a CSRF token: the session's, or for the sign-in form a signed pre-session token.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.errors import PainPathError
from bot.staff import csv_export, reports, views
from bot.staff.audit import audit
from bot.staff.console import ConsoleHolder, StaffConsole
from bot.staff.grouping import nlu_block
from bot.staff.layout import hidden_csrf, notice, page
from bot.staff.markup import el, join
from bot.staff.sessions import LOGIN_COOKIE, SESSION_COOKIE, StaffSession, csrf_ok
from bot.staff.settings import StaffSettings

STATIC_CSS = Path(__file__).with_name("static") / "staff.css"
DEFAULT_DAYS = 30
MAX_DAYS = 366
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
EXPORTS = ("overview", "topics", "missed", "safety", "content")


def install_staff_console(app: Sanic, settings: StaffSettings | None = None) -> None:
    """Add the /staff/ routes; the console itself is built on the first request."""
    holder = ConsoleHolder(settings)
    app.static("/staff/staff.css", str(STATIC_CSS), name="staff_css")

    def console() -> StaffConsole:
        return holder.get()

    def session_of(request: Request) -> StaffSession | None:
        return console().sessions.find(request.cookies.get(SESSION_COOKIE))

    @app.get("/staff/login")
    async def sign_in_form(request: Request) -> HTTPResponse:
        if session_of(request):
            return response.redirect("/staff/", status=303)
        return _sign_in_page(console(), request)

    @app.post("/staff/login")
    async def sign_in(request: Request) -> HTTPResponse:
        staff = console()
        name = (request.form.get("name") or "").strip().lower()[:64]
        address = _address(request, staff.settings)
        token_ok = staff.signer.login_token_valid(
            request.cookies.get(LOGIN_COOKIE), request.form.get("csrf_token")
        )
        if not token_ok:
            audit("sign-in refused (csrf)", name, address)
            return _sign_in_page(staff, request, "The form had expired. Please sign in again.", 403)
        wait = staff.limiter.retry_after(name, address)
        if wait > 0:
            audit("sign-in refused (too many tries)", name, address)
            minutes = max(1, round(wait / 60))
            message = f"Too many failed sign-ins. Try again in about {minutes} minutes."
            page_response = _sign_in_page(staff, request, message, 429)
            page_response.headers["Retry-After"] = str(int(wait) + 1)
            return page_response
        password = request.form.get("password") or ""
        if not await asyncio.to_thread(staff.users.verify, name, password):
            staff.limiter.failed(name, address)
            audit("sign-in failed", name, address)
            return _sign_in_page(staff, request, "Wrong name or password.", 401)
        staff.limiter.succeeded(name)
        cookie, session = staff.sessions.start(name)
        audit("sign-in", name, address)
        redirect = response.redirect("/staff/", status=303)
        _set_cookie(redirect, request, staff, SESSION_COOKIE, cookie, session.expires)
        _set_cookie(redirect, request, staff, LOGIN_COOKIE, "", None, max_age=0)
        staff.encoder.start()  # the missed view needs it: load it in the background now
        return redirect

    @app.post("/staff/logout")
    async def sign_out(request: Request) -> HTTPResponse:
        staff = console()
        session = session_of(request)
        if session is None or not csrf_ok(session, request.form.get("csrf_token")):
            return response.text("Sign-out needs the form's token; reload the page.", status=403)
        staff.sessions.end(request.cookies.get(SESSION_COOKIE))
        audit("sign-out", session.user, _address(request, staff.settings))
        redirect = response.redirect("/staff/login", status=303)
        _set_cookie(redirect, request, staff, SESSION_COOKIE, "", None, max_age=0)
        return redirect

    async def signed_in_page(request: Request, name: str, title: str) -> HTTPResponse:
        session = session_of(request)
        if session is None:
            return response.redirect("/staff/login", status=303)
        staff = console()
        days, problem = _date_range(request, staff.today())
        try:
            body = await _view_body(staff, name, days)
        except PainPathError as error:
            body = notice(f"The conversation store cannot be read: {error}", role="alert")
        if problem:
            body = join(notice(problem, role="alert"), body)
        html = page(title, body, current=name, user=session.user, csrf_token=session.csrf_token)
        return response.html(html)

    @app.get("/staff/")
    async def overview_page(request: Request) -> HTTPResponse:
        return await signed_in_page(request, "overview", "Overview")

    @app.get("/staff/topics")
    async def topics_page(request: Request) -> HTTPResponse:
        return await signed_in_page(request, "topics", "Topics patients ask about")

    @app.get("/staff/missed")
    async def missed_page(request: Request) -> HTTPResponse:
        return await signed_in_page(request, "missed", "Missed questions")

    @app.get("/staff/safety")
    async def safety_page(request: Request) -> HTTPResponse:
        return await signed_in_page(request, "safety", "Safety replies")

    @app.get("/staff/content")
    async def content_page(request: Request) -> HTTPResponse:
        return await signed_in_page(request, "content", "Content review")

    @app.get("/staff/export/<view:str>")
    async def export(request: Request, view: str) -> HTTPResponse:
        session = session_of(request)
        if session is None:
            return response.text("Sign in first: /staff/login", status=401)
        name = view.removesuffix(".csv")
        if not view.endswith(".csv") or name not in EXPORTS:
            return response.text(f"No such export; use one of {', '.join(EXPORTS)}.", status=404)
        staff = console()
        days, _ = _date_range(request, staff.today())
        text = await _export_csv(staff, name, days)
        audit("export", session.user, _address(request, staff.settings), view=name,
              days=f"{days.first}..{days.last}")  # fmt: skip
        filename = f"painpath-{name}-{days.first}-{days.last}.csv"
        return _download(text, filename, "text/csv; charset=utf-8")

    @app.get("/staff/missed/<group:str>")
    async def missed_group(request: Request, group: str) -> HTTPResponse:
        session = session_of(request)
        if session is None:
            return response.text("Sign in first: /staff/login", status=401)
        number = group.removeprefix("group-").removesuffix(".yml")
        staff = console()
        days, _ = _date_range(request, staff.today())
        await staff.refresh()
        missed = await staff.missed(days)
        chosen = next((g for g in missed.groups if str(g.number) == number), None)
        if chosen is None or not group.endswith(".yml"):
            return response.text("No such group in these days; reload the missed view.", status=404)
        audit("export", session.user, _address(request, staff.settings), view="missed-nlu",
              group=number, days=f"{days.first}..{days.last}")  # fmt: skip
        note = (
            f"PainPath missed-question group {number} ({chosen.size} messages, "
            f"{days.first} to {days.last}); {missed.grouping}"
        )
        return _download(nlu_block(chosen, note), f"missed-group-{number}.yml", "text/yaml")

    @app.on_response
    async def staff_headers(request: Request, resp: HTTPResponse) -> None:
        if request.path.startswith("/staff"):
            for header, value in SECURITY_HEADERS.items():
                resp.headers.setdefault(header, value)


async def _view_body(staff: StaffConsole, name: str, days: reports.DateRange) -> object:
    if name == "content":
        return views.content_body(await staff.content_rows())
    await staff.refresh()
    if name == "overview":
        return views.overview_body(await asyncio.to_thread(reports.overview, staff.db, days))
    if name == "topics":
        return views.topics_body(days, await asyncio.to_thread(reports.topics, staff.db, days))
    if name == "missed":
        missed = await staff.missed(days)
        return views.missed_body(days, missed.groups, missed.total, missed.shown, missed.grouping)
    report = await asyncio.to_thread(reports.safety, staff.db, staff.source, days)
    return views.safety_body(days, report)


async def _export_csv(staff: StaffConsole, name: str, days: reports.DateRange) -> str:
    if name == "content":
        return csv_export.content_csv(await staff.content_rows())
    await staff.refresh()
    if name == "overview":
        return csv_export.overview_csv(reports.overview(staff.db, days))
    if name == "topics":
        return csv_export.topics_csv(reports.topics(staff.db, days))
    if name == "missed":
        return csv_export.missed_csv((await staff.missed(days)).groups)
    report = await asyncio.to_thread(reports.safety, staff.db, staff.source, days)
    return csv_export.safety_csv(report)


def _date_range(request: Request, today: date) -> tuple[reports.DateRange, str | None]:
    """The range in ?from=&to= (dates), else the last 30 days; a bad value says why."""
    default = reports.DateRange.last_days(DEFAULT_DAYS, today)
    raw_first, raw_last = request.args.get("from"), request.args.get("to")
    if not raw_first and not raw_last:
        return default, None
    try:
        last = date.fromisoformat(raw_last) if raw_last else today
        first = date.fromisoformat(raw_first) if raw_first else last - timedelta(DEFAULT_DAYS - 1)
    except ValueError:
        return default, "Write dates as YYYY-MM-DD. Showing the last 30 days."
    if first > last:
        return default, "'From' must not be after 'To'. Showing the last 30 days."
    if (last - first).days >= MAX_DAYS:
        return reports.DateRange(last - timedelta(MAX_DAYS - 1), last), (
            f"At most {MAX_DAYS} days at once: showing the {MAX_DAYS} days up to 'To'."
        )
    return reports.DateRange(first, last), None


def _sign_in_page(
    staff: StaffConsole, request: Request, error: str | None = None, status: int = 200
) -> HTTPResponse:
    token = staff.signer.login_token()
    form = el(
        "form",
        hidden_csrf(token),
        el(
            "div",
            el("label", "Staff name", for_="name"),
            el("input", id="name", name="name", autocomplete="username", required=True),
            class_="field",
        ),
        el(
            "div",
            el("label", "Password", for_="password"),
            el(
                "input",
                id="password",
                name="password",
                type="password",
                autocomplete="current-password",
                required=True,
            ),
            class_="field",
        ),
        el("button", "Sign in", type="submit"),
        method="post",
        action="/staff/login",
        class_="sign-in",
    )
    help_text = el(
        "p",
        "Accounts are made on the server: ",
        el("code", "python -m bot.staff add-user NAME"),
        ".",
    )
    body = join(notice(error, role="alert") if error else None, form, help_text)
    resp = response.html(page("Staff sign-in", body), status=status)
    _set_cookie(resp, request, staff, LOGIN_COOKIE, token, None, max_age=1800)
    return resp


def _set_cookie(
    resp: HTTPResponse,
    request: Request,
    staff: StaffConsole,
    name: str,
    value: str,
    expires: float | None,
    max_age: int | None = None,
) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = "/staff"
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    if _is_https(request, staff.settings):
        cookie["secure"] = True
    if max_age is None and expires is not None:
        max_age = max(0, int(expires - time.time()))
    if max_age is not None:
        cookie["max-age"] = max_age


def _is_https(request: Request, settings: StaffSettings) -> bool:
    if settings.trust_forwarded_proto:
        forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
        if forwarded:
            return forwarded == "https"
    return request.scheme == "https"


def _address(request: Request, settings: StaffSettings) -> str:
    """The client address; behind a trusted proxy, the last X-Forwarded-For hop it added."""
    if settings.trust_forwarded_proto:
        hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",")]
        if hops and hops[-1]:
            return hops[-1]
    return request.ip or "unknown"


def _download(text: str, filename: str, mime: str) -> HTTPResponse:
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return response.text(text, content_type=mime, headers={"Content-Disposition": disposition})
