"""Bad input: empty, truncated, ragged, mis-encoded, huge or unknown files fail clearly or warn, never silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeguard.errors import ParseError
from tradeguard.lists.registry import detect_format, parse_file, sample_csl_path

DPL_HEADER = (
    '"Name"\t"Street_Address"\t"City"\t"State"\t"Country"\t"Postal_Code"\t"Effective_Date"\t"Expiration_Date"\t'
    '"Standard_Order"\t"Last_Update"\t"Action"\t"FR_Citation"\n'
)
DPL_ROW = (
    '"{name}"\t"1 MAIN ST"\t"EL PASO"\t"TX"\t""\t"79905"\t"08/24/2022"\t"01/14/2026"\t"Y"\t"2022-08-29"\t"ADDED"\t'
    '"87 F.R. 52741"\n'
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff", "\x1a"])
def test_empty_files_are_refused(tmp_path: Path, content: str) -> None:
    path = write(tmp_path, "sdn.csv", content)
    with pytest.raises(ParseError, match="empty"):
        parse_file(path, "ofac-csv")


def test_unknown_format_is_refused_by_content(tmp_path: Path) -> None:
    path = write(tmp_path, "consolidated.csv", "hello,world\n1,2\n")
    with pytest.raises(ParseError, match="unknown list format"):
        detect_format(path)
    with pytest.raises(ParseError, match="unknown format 'nope'"):
        parse_file(sample_csl_path(), "nope")


def test_csv_cut_inside_a_quoted_field_names_the_line(tmp_path: Path) -> None:
    text = sample_csl_path().read_text(encoding="utf-8")
    # line 7 is BANCO NACIONAL DE CUBA; its quoted address field is cut in the middle
    path = write(tmp_path, "csl.csv", text[: text.index("Zweierstrasse 35") + 5])
    with pytest.raises(ParseError, match=r"csl\.csv:7: file ends inside a quoted field"):
        parse_file(path)


def test_short_last_row_is_truncation(tmp_path: Path) -> None:
    path = write(tmp_path, "dpl.txt", DPL_HEADER + DPL_ROW.format(name="A B") + '"C D"\t"2 MAIN ST"\n')
    with pytest.raises(ParseError, match=r"dpl\.txt:3: last row is incomplete"):
        parse_file(path)


def test_ragged_middle_row_is_skipped_with_a_warning(tmp_path: Path) -> None:
    content = DPL_HEADER + DPL_ROW.format(name="A B") + '"BROKEN"\t"x"\n' + DPL_ROW.format(name="C D")
    parsed = parse_file(write(tmp_path, "dpl.txt", content))
    assert [entry.name for entry in parsed.entries] == ["A B", "C D"]
    assert parsed.source_rows == 3
    assert len(parsed.warnings) == 1 and "dpl.txt:3: skipped row" in parsed.warnings[0]


def test_dpl_duplicates_get_distinct_stable_ids(tmp_path: Path) -> None:
    content = DPL_HEADER + DPL_ROW.format(name="JOHN DOE") + DPL_ROW.format(name="John  Doe")
    first = parse_file(write(tmp_path, "dpl.txt", content))
    again = parse_file(write(tmp_path, "dpl2.txt", content))
    ids = [entry.id for entry in first.entries]
    assert len(set(ids)) == 2 and ids[1] == ids[0] + "-2"
    assert ids == [entry.id for entry in again.entries]
    assert first.entries[0].addresses[0].country == "US"  # blank country with a US state


def test_bom_crlf_and_cp1252_are_read(tmp_path: Path) -> None:
    text = sample_csl_path().read_text(encoding="utf-8").replace("\n", "\r\n")
    parsed = parse_file(write(tmp_path, "bom.csv", "\ufeff" + text))
    assert len(parsed.entries) == 13
    legacy = write(
        tmp_path,
        "sdn.csv",
        '1,"CAFÉ MÜLLER S.A.",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a'.encode("cp1252"),
    )
    assert parse_file(legacy).entries[0].name == "CAFÉ MÜLLER S.A."


def test_ofac_file_without_eof_marker_warns_and_missing_siblings_warn(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sdn-2024-01-01.csv",
        '1,"ACME LTD",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'ACME\'."\n',
    )
    parsed = parse_file(path)
    assert len(parsed.entries) == 1
    assert any("end-of-file marker" in warning for warning in parsed.warnings)
    assert any("no aliases file" in warning for warning in parsed.warnings)


def test_ofac_orphan_alias_rows_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "alt.csv", '1,10,"aka","ACME",-0- \r\n2,11,"aka","GHOST",-0- \r\n\x1a')
    write(tmp_path, "add.csv", '1,20,-0- ,"Paris","France",-0- \r\n\x1a')
    path = write(tmp_path, "sdn.csv", '1,"ACME LTD",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a')
    parsed = parse_file(path)
    assert parsed.entries[0].addresses[0].country == "FR"
    assert any("1 entity number(s) in the aliases file are not in the main file: ['2']" in w for w in parsed.warnings)


def test_enormous_field_does_not_crash(tmp_path: Path) -> None:
    remarks = "x" * 300_000
    path = write(
        tmp_path, "sdn.csv", f'1,"ACME LTD",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"{remarks}"\r\n\x1a'
    )
    assert parse_file(path).entries[0].remarks == remarks


def test_truncated_xml_names_the_line(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "lists" / "eu-fsf-sample.xml").read_text(encoding="utf-8")
    path = write(tmp_path, "eu.xml", text[: text.index('logicalId="13"')])
    with pytest.raises(ParseError, match=r"eu\.xml:\d+: malformed or truncated XML"):
        parse_file(path, "eu-xml")


def test_truncated_json_is_refused(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "lists" / "csl-sample.json").read_text(encoding="utf-8")
    path = write(tmp_path, "csl.json", text[: len(text) // 2])
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_file(path)


def test_csl_row_from_an_unknown_list_is_skipped_with_a_warning(tmp_path: Path) -> None:
    text = sample_csl_path().read_text(encoding="utf-8").replace("Unverified List (UVL)", "Mystery List (MYS)")
    parsed = parse_file(write(tmp_path, "csl.csv", text))
    assert (parsed.source_rows, len(parsed.entries)) == (13, 12)
    assert "unknown CSL source" in parsed.warnings[0]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, "dpl.txt", '"Name"\t"City"\n"A"\t"B"\n')
    with pytest.raises(ParseError, match="missing column"):
        parse_file(path, "dpl-txt")
