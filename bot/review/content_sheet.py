"""`make content-sheet`: one HTML page for a clinician to sign off every answer.

Every procedure x topic and journey answer exactly as a patient gets it (the real actions with
the clinic file's details), inherited answers marked with the procedure they come from, each
entry's sources as links, and who reviewed it and when it is due; then the red-flag follow-up
lines and the sources. Written to var/content-sheet.html (git-ignored) by default.
"""

from __future__ import annotations

import argparse
import html
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from bot.knowledge import KnowledgeBase, Review
from bot.knowledge.expected_effects import ExpectedEffects
from bot.paths import DEFAULT_CLINIC_FILE, VAR_DIR
from bot.review.due import effect_answer_for, reviewed_items, safety_file_review, today
from bot.review.patient_view import PatientReply, all_replies
from bot.safety.files import DEFAULT_MENTIONS_FILE, DEFAULT_RULES_FILE
from bot.safety.follow_ups import load_follow_ups

DEFAULT_OUT = VAR_DIR / "content-sheet.html"
STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:75rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin-bottom:2rem}
th,td{border:1px solid #bbb;padding:.4rem .6rem;vertical-align:top;text-align:left}
th{background:#eef2f0}
tr.inherited td{background:#fff8e5}
.tag{font-size:.8rem;background:#f3d9a4;padding:.05rem .35rem;border-radius:.3rem}
.late{color:#a00;font-weight:bold}
p.bubble{margin:.2rem 0}
"""


def build_sheet(replies: list[PatientReply], knowledge: KnowledgeBase, on: date) -> str:
    """The whole page as HTML text."""
    esc = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>PainPath content sign-off</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>PainPath: every answer as a patient gets it</h1>",
        f"<p>Made {esc(on.isoformat())} from the clinic file "
        f"<code>{esc(os.environ.get('PAINPATH_CLINIC_FILE', DEFAULT_CLINIC_FILE))}</code>. "
        "Rows marked <span class='tag'>from …</span> are answered by the parent procedure's "
        "entry: sign them off for this procedure too. Review dates in red are past due.</p>",
    ]
    late = {item.name for item in reviewed_items() if item.review.overdue_on(on)}
    parts.append(f"<p>{len(replies)} answers; {len(late)} past their review date.</p>")
    for subject_id, group in _by_subject(replies):
        title = knowledge.subject(subject_id).title
        parts.append(
            f"<h2 id='{esc(subject_id)}'>{esc(title)} <small>({esc(subject_id)})</small></h2>"
        )
        parts.append(
            "<table><tr><th>Topic</th><th>What the patient reads</th><th>Sources</th>"
            "<th>Reviewed</th></tr>"
        )
        for reply in group:
            parts.append(_row(reply, knowledge, on))
        parts.append("</table>")
    parts.append(_expected_effects_section(knowledge, on))
    parts.append(_follow_ups_section(on))
    parts.append(_sources_section(knowledge))
    parts.append("</body></html>")
    return "\n".join(parts)


def _row(reply: PatientReply, knowledge: KnowledgeBase, on: date) -> str:
    esc = html.escape
    tag = f" <span class='tag'>from {esc(reply.answered_by)}</span>" if reply.inherited else ""
    bubbles = "".join(f"<p class='bubble'>{esc(line)}</p>" for line in reply.lines)
    entry = reply.entry
    sources = ", ".join(_link(knowledge, key) for key in entry.sources) if entry else "(no entry)"
    reviewed = _review_cell(entry.review, on) if entry else "(no entry)"
    row_class = " class='inherited'" if reply.inherited else ""
    return (
        f"<tr{row_class}><td>{esc(reply.topic)}{tag}</td><td>{bubbles}</td>"
        f"<td>{sources}</td><td>{reviewed}</td></tr>"
    )


def _review_cell(review: Review, on: date) -> str:
    esc = html.escape
    due = esc(review.review_due.isoformat())
    due_html = f"<span class='late'>due {due}</span>" if review.overdue_on(on) else f"due {due}"
    return f"{esc(review.reviewed.isoformat())} by {esc(review.reviewed_by)}<br>{due_html}"


def _link(knowledge: KnowledgeBase, key: str) -> str:
    source = knowledge.source(key)
    href = html.escape(source.url, quote=True)
    title = html.escape(source.title, quote=True)
    return f"<a href='{href}' title='{title}'>{html.escape(key)}</a>"


def _expected_effects_section(knowledge: KnowledgeBase, on: date) -> str:
    """ "Is this normal?" answers (content/expected_effects.yml), one row per answer."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(effect.label)}</td><td>{esc(effect_answer_for(answer))}</td>"
        f"<td><p class='bubble'>{esc(answer.text)}</p></td>"
        f"<td>{', '.join(_link(knowledge, key) for key in answer.sources)}</td>"
        f"<td>{_review_cell(answer.review, on)}</td></tr>"
        for effect, answer in ExpectedEffects.load().answers()
    )
    return (
        "<h2 id='expected-effects'>Is this normal? Expected effects after a procedure</h2>"
        "<p>Said when a patient asks whether an effect is normal; the clinic's numbers follow.</p>"
        "<table><tr><th>Effect</th><th>For</th><th>What the patient reads</th><th>Sources</th>"
        f"<th>Reviewed</th></tr>{rows}</table>"
    )


def _follow_ups_section(on: date) -> str:
    esc = html.escape
    lines = load_follow_ups().by_rule
    rows = "".join(
        f"<tr><td>{esc(rule)}</td><td>{esc(text)}</td></tr>" for rule, text in sorted(lines.items())
    )
    reviews = "".join(
        f"<li>{esc(path.name)}: {_review_cell(safety_file_review(path), on)}</li>"
        for path in (DEFAULT_RULES_FILE, DEFAULT_MENTIONS_FILE)
    )
    return (
        "<h2 id='safety'>Red-flag follow-up lines</h2>"
        "<p>Said right after the 911 / 988 / clinic line for these rules.</p>"
        f"<table><tr><th>Rule</th><th>Line</th></tr>{rows}</table>"
        f"<p>Safety files:</p><ul>{reviews}</ul>"
    )


def _sources_section(knowledge: KnowledgeBase) -> str:
    esc = html.escape
    used = sorted(
        {key for _, entry in knowledge.entries() for key in entry.sources}
        | {key for _, answer in ExpectedEffects.load().answers() for key in answer.sources}
    )
    items = "".join(
        f"<li><b>{esc(key)}</b>: {_anchor(knowledge, key)}"
        + (
            f" <i>({esc(knowledge.source(key).note or '')})</i>"
            if knowledge.source(key).note
            else ""
        )
        + "</li>"
        for key in used
    )
    return f"<h2 id='sources'>Sources</h2><ul>{items}</ul>"


def _anchor(knowledge: KnowledgeBase, key: str) -> str:
    source = knowledge.source(key)
    return f"<a href='{html.escape(source.url, quote=True)}'>{html.escape(source.title)}</a>"


def _by_subject(replies: Iterable[PatientReply]) -> list[tuple[str, list[PatientReply]]]:
    groups: dict[str, list[PatientReply]] = {}
    for reply in replies:
        groups.setdefault(reply.subject, []).append(reply)
    return list(groups.items())


def write_sheet(out: Path = DEFAULT_OUT) -> Path:
    """Render every answer and write the page; returns the path written."""
    from actions.resources import knowledge

    page = build_sheet(all_replies(), knowledge(), today())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the page")
    args = parser.parse_args(argv)
    path = write_sheet(args.out)
    print(f"content sheet: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
