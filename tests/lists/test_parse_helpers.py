"""Pure helpers of the list parsers: cleaning, dates, packed names, OFAC remarks, countries."""

from __future__ import annotations

import pytest

from tradeguard.lists.countries import iso2
from tradeguard.lists.fields import IdAllocator, birth_date, clean, iso_date, looks_like_organisation, split_values
from tradeguard.lists.model import Alias, AliasType
from tradeguard.lists.ofac_common import cons_list_code, identifier_from_remark, read_remarks, split_programs
from tradeguard.lists.packed import alias_from_cell, remark_aliases, unpack_listed_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("-0- ", None), ("  ", None), (None, None), ('"ACME"', "ACME"), ("'BNC'", "BNC"), ("'ABBAS, Rim", "'ABBAS, Rim")],
)
def test_clean(raw: str | None, expected: str | None) -> None:
    assert clean(raw) == expected


def test_split_values_keeps_order_and_drops_blanks() -> None:
    assert split_values("A; ; B;C ") == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-05-21", "2019-05-21"),
        ("05/16/2019", "2019-05-16"),
        ("12 Oct 1973", "1973-10-12"),
        ("Oct 1973", "1973-10"),
        ("1962", "1962"),
        ("2019-02-30", None),
        ("circa 1960", None),
        ("", None),
    ],
)
def test_iso_date(raw: str, expected: str | None) -> None:
    assert iso_date(raw) == expected


def test_iso_date_day_first_for_uk_dates() -> None:
    assert iso_date("07/10/1952", day_first=True) == "1952-10-07"


def test_birth_date_keeps_unparseable_text() -> None:
    assert birth_date("circa 1960") == "circa 1960"
    assert birth_date("1971 to 1973") == "1971 to 1973"


def test_id_allocator_disambiguates_repeats_in_order() -> None:
    ids = IdAllocator()
    assert [ids.allocate("a"), ids.allocate("b"), ids.allocate("a"), ids.allocate("a")] == ["a", "b", "a-2", "a-3"]


def test_organisation_words() -> None:
    assert looks_like_organisation("BEIJING ELECTRONICS CO LTD")
    assert not looks_like_organisation("ADRIAN MANUEL HERNANDEZ")
    assert not looks_like_organisation("Akademik Petrov")


@pytest.mark.parametrize(
    ("name", "country"),
    [("Korea, North", "KP"), ("Iran (Islamic Republic of)", "IR"), ("cn", "CN"), ("Côte d'Ivoire", "CI"), ("X", None)],
)
def test_country_names_to_iso2(name: str, country: str | None) -> None:
    assert iso2(name) == country


def test_affiliated_entity_becomes_the_name_and_parent_is_kept() -> None:
    packed = unpack_listed_name(
        "Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Huawei Marine Networks Co., Ltd."
    )
    assert packed.name == "Huawei Marine Networks Co., Ltd."
    assert ("affiliate_of", "Huawei Technologies Co., Ltd. (Huawei)") in packed.context
    assert dict(packed.context)["listed_name"].startswith("Huawei Technologies Co., Ltd. (Huawei). Affiliated")


def test_parenthesised_aliases_with_types() -> None:
    packed = unpack_listed_name("Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)")
    assert packed.name == "Mexpar International, Inc."
    assert packed.aliases == (Alias("Pasadena Aerospace"), Alias("Aviation Logistics and Supply"))
    fka = unpack_listed_name(
        "Gazprom Russkaya, OOO (f.k.a., Obshchestvo S Ogranichennoi Otvetstvennostyu Kovyktneftegaz)"
    )
    assert fka.name == "Gazprom Russkaya, OOO"
    assert fka.aliases[0].type is AliasType.FKA


def test_following_aliases_list_and_mid_name_aka() -> None:
    packed = unpack_listed_name("Aviasales, a.k.a., the following two aliases: -Avia Sales; -AviaSales Ltd.")
    assert (packed.name, [a.name for a in packed.aliases]) == ("Aviasales", ["Avia Sales", "AviaSales Ltd."])
    dpl = unpack_listed_name("PEARL (A.K.A. NEI-CHIEN CHU) LI")
    assert (dpl.name, dpl.aliases) == ("PEARL LI", (Alias("NEI-CHIEN CHU"),))


def test_including_clause_is_not_part_of_the_name() -> None:
    packed = unpack_listed_name("Ministry of Defence of the Russian Federation, including the Armed Forces of Russia")
    assert packed.name == "Ministry of Defence of the Russian Federation"


def test_aka_inside_a_word_is_not_a_marker() -> None:
    assert unpack_listed_name("Akademik Co (Akademik)").name == "Akademik Co (Akademik)"


def test_alias_cell_with_fka_prefix() -> None:
    assert alias_from_cell("F.K.A. Presidency Office (POSIS)") == [Alias("Presidency Office (POSIS)", AliasType.FKA)]


def test_remark_aliases_are_weak_and_typed() -> None:
    found = remark_aliases("a.k.a. 'BNC'; f.k.a. 'ABU 'ALI'; Linked To: X; n.k.a. 'NEW NAME'.")
    assert found == [
        Alias("BNC", AliasType.AKA, strong=False),
        Alias("ABU 'ALI", AliasType.FKA, strong=False),
        Alias("NEW NAME", AliasType.NKA, strong=False),
    ]


def test_remark_facts() -> None:
    facts = read_remarks(
        "DOB 12 Oct 1973; alt. DOB circa 1970; POB Shati; nationality Iran; Passport A1234 (Iran) expires 2020; "
        "Vessel Registration Identification IMO 9187629; Tax ID No. 7744001497 (Russia); Gender Male; "
        "Secondary sanctions risk: section 1; Linked To: X."
    )
    assert facts.birth_dates == ["1973-10-12", "circa 1970"]
    assert facts.nationalities == ["IR"]
    assert [(i.type, i.value, i.country) for i in facts.identifiers] == [
        ("Passport", "A1234", "IR"),
        ("IMO", "9187629", None),
        ("Tax ID No.", "7744001497", "RU"),
    ]
    assert ("place_of_birth", "Shati") in facts.extra and ("gender", "Male") in facts.extra


def test_identifier_from_remark_ignores_prose() -> None:
    assert identifier_from_remark("For more information on directives, please visit the link") is None


def test_programs_and_cons_list_codes() -> None:
    assert split_programs("SDGT] [IRGC") == ["SDGT", "IRGC"]
    assert cons_list_code(["NS-PLC"]) == "us-ofac-plc"
    assert cons_list_code(["UKRAINE-EO13662", "RUSSIA-EO14024"]) == "us-ofac-ssi"
    assert cons_list_code(["RUSSIA-EO14024"], "Listing Date (EO 14024 Directive 2):") == "us-ofac-cap"
    assert cons_list_code(["SDGT"]) == "us-ofac-non-sdn"
