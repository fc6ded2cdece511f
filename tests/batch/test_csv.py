"""CSV reading: encodings and delimiters detected, unreadable rows reported with their line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeguard.batch.csvio import CsvReader, detect_delimiter, detect_encoding, parse_delimiter
from tradeguard.errors import InputError

from .conftest import HEADER, ROWS, write_csv


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("cp1252", {"cp1252"}),
        ("utf-8-sig", {"utf-8-sig"}),
        ("utf-16", {"utf-16"}),
    ],
)
def test_encoding_is_detected_and_text_comes_back_intact(tmp_path: Path, encoding: str, expected: set[str]) -> None:
    path = write_csv(tmp_path / "in.csv", HEADER, ROWS, delimiter=";", encoding=encoding)
    with CsvReader(path) as reader:
        assert reader.encoding in expected
        assert reader.columns == HEADER  # no BOM glued to the first header
        rows = list(reader.rows())
    assert [list(row.values) for row in rows] == ROWS
    assert all(row.error is None for row in rows)


@pytest.mark.parametrize("delimiter", [";", "\t", ",", "|"])
def test_delimiter_is_detected_even_when_fields_contain_other_candidates(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "in.csv", HEADER, ROWS, delimiter=delimiter)
    with CsvReader(path) as reader:
        assert reader.delimiter == delimiter
        assert [list(row.values) for row in reader.rows()] == ROWS


def test_detection_helpers() -> None:
    assert detect_encoding("Müller".encode("utf-16")) == "utf-16"
    assert detect_encoding("Müller;Straße\n".encode()) == "utf-8"
    assert detect_delimiter("a;b;c\n1;2,5;3\n4;5;6\n") == ";"
    assert detect_delimiter("name\nAcme\n") == ","  # one column: nothing to split
    assert parse_delimiter("tab") == "\t" and parse_delimiter("\\t") == "\t" and parse_delimiter(";") == ";"
    with pytest.raises(InputError):
        parse_delimiter(";;")


def test_encoding_and_delimiter_as_told(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.txt", ["name", "country"], [["Zürich AG", "CH"]], delimiter="|", encoding="cp1252")
    with CsvReader(path, encoding="cp1252", delimiter="|") as reader:
        assert [list(row.values) for row in reader.rows()] == [["Zürich AG", "CH"]]


def test_bad_rows_are_kept_and_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        b"name,country\n"  # line 1
        b"Acme,US\n"  # 2
        b"Too,Many,Fields\n"  # 3
        b"Short\n"  # 4
        b'"Multi\nline name",DE\n'  # 5-6
        b"\n"  # 7: blank, not a row
        b"Caf\xe9 Latin-1,FR\n"  # 8: not UTF-8
        b"Last,GB\n"  # 9
    )
    with CsvReader(path, encoding="utf-8") as reader:
        rows = list(reader.rows())
    assert [row.line for row in rows] == [2, 3, 4, 5, 8, 9]
    by_line = {row.line: row for row in rows}
    assert by_line[2].error is None and by_line[9].error is None
    assert by_line[3].error and "line 3" in by_line[3].error and "expected 2 fields, found 3" in by_line[3].error
    assert "'Fields'" in by_line[3].error  # the extra value is not lost
    assert list(by_line[3].values) == ["Too", "Many"]
    assert by_line[4].error and "found 1" in by_line[4].error and list(by_line[4].values) == ["Short", None]
    assert by_line[5].error is None and list(by_line[5].values) == ["Multi\nline name", "DE"]
    assert by_line[8].error and "line 8" in by_line[8].error and "utf-8" in by_line[8].error
    assert list(by_line[8].values) == ["Caf\ufffd Latin-1", "FR"]


def test_unbalanced_quote_is_reported_not_swallowed_silently(tmp_path: Path) -> None:
    lines = ["name,country", '"Broken quote,US'] + [f"Company {i},DE" for i in range(60)]
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with CsvReader(path) as reader:
        rows = list(reader.rows())
    assert len(rows) == 1
    assert rows[0].error is not None and "line 2" in rows[0].error and "unbalanced quote" in rows[0].error


def test_empty_file_and_unknown_encoding_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    with pytest.raises(InputError, match="empty"):
        CsvReader(empty)
    with pytest.raises(InputError, match="unknown encoding"):
        CsvReader(write_csv(tmp_path / "x.csv", ["name"], [["a"]]), encoding="no-such-codec")
