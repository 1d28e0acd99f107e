"""The frame of every console page: head, skip link, navigation, sign-out, date-range form."""

from __future__ import annotations

from functools import cache

from bot.staff.markup import Safe, el, join
from bot.staff.reports import DateRange

VIEWS = (
    ("overview", "/staff/", "Overview"),
    ("topics", "/staff/topics", "Topics"),
    ("missed", "/staff/missed", "Missed questions"),
    ("safety", "/staff/safety", "Safety"),
    ("content", "/staff/content", "Content review"),
)


def page(
    title: str,
    body: object,
    current: str | None = None,
    user: str | None = None,
    csrf_token: str | None = None,
) -> str:
    """A whole HTML page; `user` and `csrf_token` add the navigation and the sign-out form."""
    header = [el("p", "PainPath staff console", class_="brand")]
    if user and csrf_token:
        links = [
            el("li", el("a", label, href=href, aria_current="page" if key == current else None))
            for key, href, label in VIEWS
        ]
        header.append(el("nav", el("ul", links), aria_label="Console views"))
        header.append(
            el(
                "form",
                hidden_csrf(csrf_token),
                el("button", f"Sign out ({user})", type="submit"),
                method="post",
                action="/staff/logout",
                class_="sign-out",
            )
        )
    document = join(
        Safe("<!doctype html>"),
        el(
            "html",
            el(
                "head",
                el("meta", charset="utf-8"),
                el("meta", name="viewport", content="width=device-width, initial-scale=1"),
                el("title", f"{title} - PainPath staff"),
                el("link", rel="stylesheet", href="/staff/staff.css"),
            ),
            el(
                "body",
                el("a", "Skip to content", href="#main", class_="skip"),
                el("header", header),
                el("main", el("h1", title), body, id="main", tabindex="-1"),
            ),
            lang="en",
        ),
    )
    return str(document)


def hidden_csrf(token: str) -> Safe:
    return el("input", type="hidden", name="csrf_token", value=token)


def range_form(action: str, days: DateRange, export: str | None = None) -> Safe:
    """Pick the days to show (GET, so a view can be bookmarked) and download the view as CSV."""
    query = f"from={days.first.isoformat()}&to={days.last.isoformat()}"
    return el(
        "form",
        el(
            "div",
            el("label", "From", for_="range-from"),
            el("input", type="date", id="range-from", name="from", value=days.first.isoformat()),
            class_="field",
        ),
        el(
            "div",
            el("label", "To", for_="range-to"),
            el("input", type="date", id="range-to", name="to", value=days.last.isoformat()),
            class_="field",
        ),
        el("button", "Show", type="submit"),
        el("a", "Download CSV", href=f"/staff/export/{export}.csv?{query}", class_="export")
        if export
        else None,
        method="get",
        action=action,
        class_="range",
        aria_label="Days shown",
    )


def notice(text: str, role: str = "status") -> Safe:
    return el("p", text, class_="notice", role=role)


@cache
def _labels() -> tuple[dict[str, str], dict[str, str]]:
    from bot.knowledge import KnowledgeBase
    from bot.topics import TopicCatalog

    knowledge = KnowledgeBase.load()
    subjects = {
        subject.id: subject.title
        for kind in ("procedure", "journey", "general")
        for subject in knowledge.subjects(kind)
    }
    catalog = TopicCatalog.load()
    topics = {topic: entry["label"] for topic, entry in catalog.procedure_topics.items()}
    topics.update({"overview": "Overview", "duration": "How long it takes"})
    return subjects, topics


def subject_label(subject: str) -> str:
    return _labels()[0].get(subject, subject)


def topic_label(topic: str) -> str:
    return _labels()[1].get(topic, topic)
