"""Reading articles: layouts, records, encodings, normalisation, bad input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.reading import ArticleError, read_sources
from kg.reading.dates import parse_date
from kg.reading.layouts import article_from_record, article_from_text
from kg.reading.text import UndecodableError, analysis_text, decode, normalise

HEADER_ARTICLE = (
    "Turkish drones strike convoy near Qamishli\n\n"
    "By Maria Lopez\n"
    "March 3, 2019\n\n"
    "Turkish drones struck a convoy near Qamishli on Saturday, officials said.\n\n"
    "Share this article\n"
)


def test_header_block_gives_title_author_date_and_body_start() -> None:
    a = article_from_text(HEADER_ARTICLE, "x.txt")
    assert a.title == "Turkish drones strike convoy near Qamishli"
    assert a.text[a.title_span[0]:a.title_span[1]] == a.title
    assert a.author == "Maria Lopez"
    assert a.published == date(2019, 3, 3)
    assert a.text[a.body_start:].startswith("Turkish drones struck")


def test_furniture_lines_are_marked_but_kept() -> None:
    a = article_from_text(HEADER_ARTICLE, "x.txt")
    assert [a.text[s:e] for s, e in a.furniture] == ["Share this article"]
    assert "Share this article" in a.text


def test_date_stamp_layout() -> None:
    a = article_from_text(" date 2018-11-02 Iraqi forces entered Rawa on Friday.", "y.txt")
    assert a.published == date(2018, 11, 2)
    assert a.title is None
    assert a.text[a.body_start:].startswith("Iraqi forces")


def test_plain_paragraph_without_header_has_no_metadata() -> None:
    a = article_from_text("Militants attacked a checkpoint. Two soldiers died.\n\nMore later.", "z.txt")
    assert (a.title, a.author, a.published) == (None, None, None)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("June 4, 2017", date(2017, 6, 4)),
        ("4 June 2017", date(2017, 6, 4)),
        ("2017-06-04", date(2017, 6, 4)),
        ("Sun, 04 Jun 2017 10:00:00 GMT", date(2017, 6, 4)),
        ("04/06/2017", date(2017, 4, 6)),
        ("Tuesday, December 12, 2023", date(2023, 12, 12)),
        ("Maria Lopez", None),
        ("", None),
    ],
)
def test_written_dates(written: str, expected: date | None) -> None:
    assert parse_date(written) == expected


def test_record_title_is_prepended_and_extractable() -> None:
    a = article_from_record({"title": "Clashes in Deir ez-Zor", "text": "Fighting resumed.", "date": "2020-01-05",
                             "author": {"name": "Sam Reed"}, "url": "https://example.org/a", "publisher": "Example News"},
                            "feed.jsonl:1")
    assert a.text == "Clashes in Deir ez-Zor\n\nFighting resumed."
    assert a.text[slice(*a.title_span)] == "Clashes in Deir ez-Zor"
    assert (a.author, a.publisher, a.url, a.published) == ("Sam Reed", "Example News", "https://example.org/a",
                                                           date(2020, 1, 5))
    assert a.source == "https://example.org/a"


def test_crlf_bom_and_controls_are_normalised_before_offsets() -> None:
    text = normalise("\ufeffLine one.\r\nLine\x07 two.\rEnd")
    assert text == "Line one.\nLine  two.\nEnd"


def test_analysis_text_keeps_length_and_folds_quotes() -> None:
    text = "“We’re here” — he said"
    folded = analysis_text(text)
    assert len(folded) == len(text)
    assert folded == "\"We're here\" - he said"


def test_decode_detects_legacy_encodings_and_refuses_binary() -> None:
    assert decode("Café in Aleppo".encode("cp1252")).startswith("Caf")
    with pytest.raises(UndecodableError):
        decode(b"\x00\x01\x02\x00" * 100)


def test_sources_report_bad_items_and_keep_good_ones(tmp_path) -> None:
    (tmp_path / "good.txt").write_text("Rockets hit Erbil airport on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00" * 64)
    lines = [json.dumps({"text": "Convoy attacked near Palmyra."}), "{broken", json.dumps({"title": "no text"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(read_sources([str(tmp_path), str(tmp_path / "missing.txt")]))
    good = [i for i in items if not isinstance(i, ArticleError)]
    bad = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, ArticleError)}
    assert sorted(a.text for a in good) == ["Convoy attacked near Palmyra.", "Rockets hit Erbil airport on Monday."]
    assert "binary" in bad["binary.txt"]
    assert "empty" in bad["empty.txt"]
    assert "invalid JSON" in bad["feed.jsonl:2"]
    assert "no text" in bad["feed.jsonl:3"]
    assert "no such file" in bad["missing.txt"]


def test_identifier_is_a_content_hash() -> None:
    a = article_from_text("Same text.", "a.txt")
    b = article_from_text("Same text.", "b.txt")
    c = article_from_text("Other text.", "a.txt")
    assert a.identifier == b.identifier != c.identifier
