"""HTML built from escaped parts: text is escaped unless it is `Safe` (made here).

`el("td", text)` escapes `text`; attribute values are always escaped. Only markup built by
these functions is `Safe`, so patient text can never become markup on a console page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


class Safe(str):
    """Markup that is already escaped."""


def render(child: object) -> Safe:
    if child is None or child is False:
        return Safe("")
    if isinstance(child, Safe):
        return child
    if isinstance(child, str | int | float):
        return Safe(html.escape(str(child), quote=True))
    if isinstance(child, Iterable):
        return Safe("".join(render(item) for item in child))
    return Safe(html.escape(str(child), quote=True))


VOID = {"input", "meta", "link", "br", "img"}


def el(tag: str, *children: object, **attrs: object) -> Safe:
    """<tag attrs>children</tag>; `class_` for class, `aria_label` for aria-label, True for a
    bare attribute, None/False to leave one out."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        if value is True:
            parts.append(name)
        else:
            parts.append(f'{name}="{html.escape(str(value), quote=True)}"')
    opening = f"<{' '.join(parts)}>"
    if tag in VOID:
        return Safe(opening)
    return Safe(f"{opening}{render(children)}</{tag}>")


def join(*children: object) -> Safe:
    return render(children)
