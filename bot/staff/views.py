"""The body of each console view, from the figures in bot.staff.reports."""

from __future__ import annotations

from collections.abc import Sequence

from bot.staff import signals
from bot.staff.charts import Series, data_table, stacked_bars
from bot.staff.content_review import ContentRow
from bot.staff.grouping import MissedGroup
from bot.staff.layout import notice, range_form, subject_label, topic_label
from bot.staff.markup import Safe, el, join
from bot.staff.reports import RED_FLAG_MEASURES, DateRange, Overview, SafetyReport, TopicCount

EXAMPLES_SHOWN = 8


def _query(days: DateRange) -> str:
    return f"from={days.first.isoformat()}&to={days.last.isoformat()}"


def overview_body(data: Overview) -> Safe:
    days = data.range.days
    share = data.fell_back_share()
    median = data.median_turns
    red_flags = sum(data.total(measure) for measure in RED_FLAG_MEASURES)
    figures = [
        ("Conversations", data.total("conversations")),
        ("Patient messages (turns)", data.total("messages")),
        ("Turns that fell back", f"{data.total('fell_back')} ({_percent(share)})"),
        ("Red-flag replies", red_flags),
        ("Hand-offs to a person", data.total("hand_offs")),
        ("Messages in another language", data.total("other_language")),
        ("Median turns per conversation", "none yet" if median is None else f"{median:g}"),
    ]
    by_channel = [Series(ch, data.per_day("conversations", ch)) for ch in data.channels]
    messages = [Series(ch, data.per_day("messages", ch)) for ch in data.channels]
    fell_back = [
        Series(
            "Fell back",
            [
                100 * f / m if m else 0
                for f, m in zip(data.per_day("fell_back"), data.per_day("messages"), strict=True)
            ],
        )
    ]
    kinds = [
        Series(signals.RED_FLAG_KIND_NAMES[kind], data.per_day(measure))
        for kind, measure in zip(signals.RED_FLAG_KIND_ORDER, RED_FLAG_MEASURES, strict=True)
    ]
    other = [
        Series("Hand-offs", data.per_day("hand_offs")),
        Series("Other language", data.per_day("other_language")),
    ]
    return join(
        range_form("/staff/", data.range, export="overview"),
        el(
            "dl",
            [el("div", el("dt", name), el("dd", value)) for name, value in figures],
            class_="figures",
        ),
        stacked_bars("conversations", "Conversations per day, by channel", days, by_channel),
        stacked_bars("messages", "Patient messages per day, by channel", days, messages),
        stacked_bars("fell-back", "Share of turns that fell back, per day", days, fell_back, "%"),
        stacked_bars("red-flags", "Red-flag replies per day, by kind", days, kinds),
        stacked_bars(
            "other", "Hand-offs and other-language messages per day", days, other, total=False
        ),
    )


def _percent(share: float | None) -> str:
    return "no turns" if share is None else f"{100 * share:.1f}%"


def topics_body(days: DateRange, rows: Sequence[TopicCount]) -> Safe:
    top = max((row.count for row in rows), default=1)
    body = [
        el(
            "tr",
            el("td", rank, class_="num"),
            el("th", subject_label(row.subject), scope="row"),
            el("td", topic_label(row.topic)),
            el("td", row.count, class_="num"),
            el("td", _bar(row.count / top), class_="bar-cell"),
            el("td", row.previous, class_="num"),
            el("td", _trend(row)),
        )
        for rank, row in enumerate(rows, start=1)
    ]
    previous = days.previous()
    table = el(
        "table",
        el("caption", "Most asked subjects and topics (answered or not)"),
        el(
            "thead",
            el(
                "tr",
                [
                    el("th", name, scope="col")
                    for name in ("Rank", "Subject", "Topic", "Asked", "", "Days before", "Trend")
                ],
            ),
        ),
        el("tbody", body),
        class_="data",
    )
    explain = (
        f"'Days before' counts {previous.first.isoformat()} to {previous.last.isoformat()}, "
        "the same number of days just before the range."
    )
    return join(
        range_form("/staff/topics", days, export="topics"),
        el("p", explain),
        table if rows else notice("No questions about a subject in these days."),
    )


def _bar(fraction: float) -> Safe:
    """A bar as wide as the share of the top count (a picture of the number beside it)."""
    rect = el("rect", width=f"{100 * fraction:.1f}", height="10", fill="#0a5d8f")
    return el(
        "svg", rect, viewBox="0 0 100 10", class_="bar", aria_hidden="true", focusable="false"
    )


def _trend(row: TopicCount) -> str:
    if row.previous == 0:
        return "new"
    if row.change == 0:
        return "same"
    return f"up {row.change}" if row.change > 0 else f"down {-row.change}"


def missed_body(
    days: DateRange, groups: Sequence[MissedGroup], total: int, shown: int, grouping: str
) -> Safe:
    intro = el(
        "p",
        f"{total} patient messages in these days got a fallback, a 'not sure' reply or an honest "
        f"'I don't have that'; {shown} with their text, in {len(groups)} groups. "
        "Button presses are not listed. Download a group as NLU training data, choose its "
        "intent, and add the lines that fit to data/nlu/.",
    )
    sections = [_missed_group(days, group) for group in groups]
    return join(
        range_form("/staff/missed", days, export="missed"),
        notice(grouping),
        intro,
        sections or notice("No missed questions in these days."),
    )


def _missed_group(days: DateRange, group: MissedGroup) -> Safe:
    heading_id = f"group-{group.number}"
    items = [
        el("li", text, el("span", f" ({count}x)", class_="count") if count > 1 else None)
        for text, count in zip(group.texts, group.counts, strict=True)
    ]
    shown, rest = items[:EXAMPLES_SHOWN], items[EXAMPLES_SHOWN:]
    replies = ", ".join(sorted(group.responses))
    return el(
        "section",
        el("h2", f"Group {group.number}: {group.size} messages", id=heading_id),
        el("p", f"Replies given: {replies}."),
        el("ul", shown),
        el("details", el("summary", f"{len(rest)} more wordings"), el("ul", rest))
        if rest
        else None,
        el(
            "a",
            f"Download group {group.number} as NLU YAML",
            href=f"/staff/missed/group-{group.number}.yml?{_query(days)}",
        ),
        aria_labelledby=heading_id,
        class_="group",
    )


def safety_body(days: DateRange, report: SafetyReport) -> Safe:
    kinds = list(signals.RED_FLAG_KIND_ORDER)
    names = signals.RED_FLAG_KIND_NAMES
    channels = sorted({channel for _, channel in report.by_kind_channel})
    by_channel = [
        Series(names[kind], [report.by_kind_channel[(kind, ch)] for ch in channels])
        for kind in kinds
    ]
    hours = [f"{hour:02d}:00" for hour in range(24)]
    by_hour = [
        Series(names[kind], [report.by_kind_hour[(kind, h)] for h in range(24)]) for kind in kinds
    ]
    turns = [_safety_turn(turn) for turn in report.turns]
    return join(
        range_form("/staff/safety", days, export="safety"),
        el(
            "p",
            f"{report.total} red-flag replies in these days. Patients' words are shown as "
            "stored (identifiers replaced by tags); conversations are labelled C1, C2... on this "
            "page only.",
        ),
        el(
            "section",
            el("h2", "By kind and channel", id="by-channel"),
            data_table("Red-flag replies by channel", channels, by_channel, label_heading="Channel")
            if channels
            else notice("None in these days."),
            aria_labelledby="by-channel",
        ),
        stacked_bars(
            "by-hour", "Red-flag replies by hour of the day", hours, by_hour, label_heading="Hour"
        ),
        el("h2", "The turns, newest first"),
        turns or notice("No red-flag replies in these days."),
    )


def _safety_turn(turn) -> Safe:  # noqa: ANN001 - a reports.SafetyTurn
    lines = [
        el(
            "li",
            el("span", f"{line.speaker}: ", class_="speaker"),
            el("mark", line.text) if line.flagged else line.text,
            class_=line.speaker.lower(),
        )
        for line in turn.lines
    ]
    kind = signals.RED_FLAG_KIND_NAMES.get(turn.kind, turn.kind)
    title = f"{turn.reference}, {turn.day} {turn.hour:02d}:00, {kind}, {turn.channel}"
    return el("article", el("h3", title), el("ol", lines, class_="turn"), class_="safety-turn")


def content_body(rows: Sequence[ContentRow]) -> Safe:
    overdue = sum(row.status == "overdue" for row in rows)
    soon = sum(row.status == "due soon" for row in rows)
    body = [_content_row(row) for row in rows]
    return join(
        el(
            "p",
            f"{len(rows)} answers as patients get them: {overdue} past their review date, "
            f"{soon} due within 60 days. Rows marked 'from ...' are answered by the parent "
            "procedure's entry.",
        ),
        el("p", el("a", "Download CSV", href="/staff/export/content.csv", class_="export")),
        el(
            "table",
            el("caption", "Every answer, overdue first"),
            el(
                "thead",
                el(
                    "tr",
                    [
                        el("th", name, scope="col")
                        for name in (
                            "Status",
                            "Answer",
                            "What the patient reads",
                            "Sources",
                            "Review",
                        )
                    ],
                ),
            ),
            el("tbody", body),
            class_="data content",
        ),
    )


def _content_row(row: ContentRow) -> Safe:
    inherited = (
        el("span", f"from {row.inherited_from}", class_="tag") if row.inherited_from else None
    )
    sources = el(
        "ul",
        [el("li", el("a", source.title, href=source.url)) for source in row.sources],
    )
    review = (
        join(
            f"{row.reviewed.isoformat()} by {row.reviewed_by}",
            el("br"),
            f"due {row.review_due.isoformat()}",
        )
        if row.reviewed and row.review_due
        else "no entry"
    )
    return el(
        "tr",
        el("td", el("span", row.status, class_=f"status {row.status.replace(' ', '-')}")),
        el("th", f"{row.subject_title}: {topic_label(row.topic)} ", inherited, scope="row"),
        el("td", [el("p", line) for line in row.lines]),
        el("td", sources if row.sources else "none"),
        el("td", review),
    )
