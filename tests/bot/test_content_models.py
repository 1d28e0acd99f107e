"""Every content file reports a mistake the same way: the file, the field a content editor must
look at, and the fix, in plain words (bot/content_models.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import Field

from bot.content_models import ContentModel, IsoDate, Text, load_model, parse_model
from bot.errors import ClinicFileError, ContentError, PainPathError
from bot.yaml_files import WHOLE_FILE


class Line(ContentModel):
    text: Text = Field(description="the sentence the patient reads")
    after: IsoDate | None = Field(None, description="a date, YYYY-MM-DD")


class Book(ContentModel):
    lines: dict[str, Line] = Field(description="a mapping of name to line")
    order: list[Text] = Field([], description="line names in order")
    from_: Text | None = Field(None, alias="from", description="who wrote it")


class BookError(ContentError):
    """A book file is wrong."""


def _error(data: object, **kwargs) -> ContentError:
    with pytest.raises(ContentError) as caught:
        parse_model(Book, data, "book.yml", BookError, **kwargs)
    return caught.value


def test_a_field_inside_a_mapping_is_named_by_its_key() -> None:
    error = _error({"lines": {"hello": {"text": ""}}})
    assert isinstance(error, BookError) and isinstance(error, PainPathError)
    assert (error.file, error.field) == ("book.yml", "lines.hello.text")
    assert error.fix == "it is empty; expected the sentence the patient reads"


def test_a_missing_field_says_what_to_add() -> None:
    error = _error({"lines": {"hello": {}}})
    assert error.field == "lines.hello.text"
    assert error.fix == "required field is missing; add the sentence the patient reads"


def test_an_unknown_key_lists_the_known_ones_by_the_name_written_in_the_file() -> None:
    error = _error({"lines": {}, "form": "me"})
    assert error.field == "form"
    assert error.fix == "'form' is not a known field here; use one of: lines, order, from"


def test_a_list_item_is_named_by_its_position_and_every_problem_is_listed() -> None:
    error = _error({"lines": {"a": {"text": "Hi", "after": 20261130}}, "order": ["a", 3]})
    assert error.field == "lines.a.after"
    assert "YYYY-MM-DD" in error.fix
    assert error.more == ("field 'order[1]': write text here; expected line names in order",)
    assert str(error).splitlines()[1] == f"book.yml: {error.more[0]}"


def test_a_part_of_a_file_is_named_from_where_it_sits() -> None:
    error = _error({"lines": {"a": {}}}, at="books[2].")
    assert error.field == "books[2].lines.a.text"


@pytest.mark.parametrize(("data", "got"), [(None, "nothing"), (["a"], "a list"), ("x", "a str")])
def test_a_file_that_is_not_a_mapping_says_what_it_holds(data: object, got: str) -> None:
    error = _error(data)
    assert error.field == WHOLE_FILE
    assert error.fix == f"expected a mapping of fields (lines:, order:, from: ...), got {got}"


def test_text_is_trimmed_and_dates_are_read_from_yaml_or_text(tmp_path: Path) -> None:
    path = tmp_path / "book.yml"
    path.write_text(
        "lines:\n  a: {text: '  Hi  ', after: 2026-11-30}\n  b: {text: Yo, after: '2026-12-01'}\n"
    )
    book = load_model(Book, path, BookError)
    assert book.lines["a"].text == "Hi"
    assert (book.lines["a"].after, book.lines["b"].after) == (date(2026, 11, 30), date(2026, 12, 1))


def test_the_clinic_file_error_is_a_content_error() -> None:
    assert issubclass(ClinicFileError, ContentError)
