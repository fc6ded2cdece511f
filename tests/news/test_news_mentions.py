"""Mentions and links in short texts: partial forms, possessives, other scripts, and the negatives."""

from __future__ import annotations

import pytest

from tradeguard.news.model import Article, ArticleReport
from tradeguard.news.scan import NewsScanner


def scan(scanner: NewsScanner, text: str, language: str = "en") -> ArticleReport:
    return scanner.scan(Article("t", "", text, language))


def families(report: ArticleReport) -> set[str]:
    return {link.family for link in report.entities}


def names(report: ArticleReport) -> set[str]:
    return {link.name for link in report.entities}


def test_full_name_links_one_entry_with_its_license_requirement(scanner: NewsScanner) -> None:
    report = scan(scanner, "Huawei Technologies Co., Ltd. was added to the Entity List.")
    best = report.entities[0]
    assert best.name == "Huawei Technologies Co., Ltd."
    assert best.list == "us-bis-entity-list" and best.list_name and "Entity List" in best.list_name
    assert best.license_requirement and "EAR" in best.license_requirement
    assert best.license_policy == "Presumption of denial"
    assert best.confidence == pytest.approx(0.95)
    assert best.mentions == ("Huawei Technologies",)  # the legal form is not part of the searched core


def test_head_of_a_name_links_every_entry_sharing_it_at_lower_confidence(scanner: NewsScanner) -> None:
    report = scan(scanner, "Shares of suppliers fell after Huawei's results.")
    assert names(report) == {"Huawei Technologies Co., Ltd.", "Huawei Device Co., Ltd."}
    assert all(link.confidence == pytest.approx(0.75) and "head" in link.how for link in report.entities)
    assert all(link.mentions == ("Huawei",) for link in report.entities)  # possessive cut off


def test_head_after_a_leading_place_and_alias_in_parentheses(scanner: NewsScanner) -> None:
    report = scan(scanner, "HiSilicon designs the Kirin chips.")
    assert [link.family for link in report.entities] == ["hisilicon"]
    assert scan(scanner, "Shenzhen is a city of 17 million.").entities == ()  # a place is never a head


def test_chinese_characters_are_read_as_pinyin_and_business_words(scanner: NewsScanner) -> None:
    report = scan(scanner, "美国商务部将华为技术有限公司列入实体清单。", "zh")
    best = report.entities[0]
    assert best.name == "Huawei Technologies Co., Ltd." and best.mentions == ("华为技术",)
    assert "Chinese characters" in best.how and best.confidence < 0.95


def test_cyrillic_transliteration_matches_by_sound(scanner: NewsScanner) -> None:
    report = scan(scanner, "Министерство торговли США внесло компанию Хуавэй в черный список.", "ru")
    assert families(report) == {"huawei"}
    assert all("another script" in link.how for link in report.entities)


def test_acronym_must_be_written_in_capitals(scanner: NewsScanner) -> None:
    assert families(scan(scanner, "ZTE said it would comply.")) == {"zhongxing"}
    assert scan(scanner, "The zte of the matter is unclear.").entities == ()


def test_person_needs_full_name_and_capitals_a_shared_surname_never_links(scanner: NewsScanner) -> None:
    assert names(scan(scanner, "Kim Jong Un inspected a missile factory.")) == {"KIM, Jong Un"}
    assert names(scan(scanner, "Kim Jong-un met officials.")) == {"KIM, Jong Un"}
    assert scan(scanner, "Samsung appointed Kim Ki-nam. Kim said little.").entities == ()
    assert scan(scanner, "the kim jong un haircut trend").entities == ()


def test_common_word_needs_capitals_and_a_list_context(scanner: NewsScanner) -> None:
    assert scan(scanner, "Arsenal beat Chelsea 2-1 on Saturday.").entities == ()
    assert scan(scanner, "The museum's arsenal of swords was added to the Entity List exhibit.").entities == ()
    listed = scan(scanner, "Commerce added Arsenal, a Moscow design bureau, to the Entity List.")
    assert names(listed) == {"Arsenal"}
    assert listed.entities[0].confidence < 0.8 and "everyday" in listed.entities[0].how
    # Part of a longer capitalised name: another Arsenal.
    assert scan(scanner, "Arsenal Football Club was fined over sanctions breaches.").entities == ()


def test_single_pinyin_syllables_and_unknown_two_character_readings_do_not_link(scanner: NewsScanner) -> None:
    # 将 is read "jiang", 联企 (straddling 关联 + 企业) "lian qi": neither is a listed name.
    assert scan(scanner, "美国商务部将其68家关联企业列入实体清单。", "zh").entities == ()


def test_spaced_syllables_of_a_latin_name_are_not_the_company(scanner: NewsScanner) -> None:
    assert scan(scanner, "Hua Wei Trading Co. sells garden furniture.").entities == ()


def test_alias_of_an_ssi_entry(scanner: NewsScanner) -> None:
    report = scan(scanner, "Rosneft shares fell in Moscow.")
    assert names(report) == {"OPEN JOINT-STOCK COMPANY ROSNEFT OIL COMPANY"}
    assert report.entities[0].list == "us-ofac-ssi" and report.entities[0].how == "alias"


def test_counterparty_is_reported_apart_from_list_entries(scanner: NewsScanner) -> None:
    report = scan(scanner, "Northwind Handsets Ltd signed a supply deal with ZTE.")
    assert [(link.target, link.id) for link in report.counterparties] == [("party", "C-200")]
    assert families(report) == {"zhongxing"}


def test_person_counterparty_in_another_order(scanner: NewsScanner) -> None:
    report = scan(scanner, "Procurement head Lin Mei resigned on Monday.")
    assert [link.id for link in report.counterparties] == ["C-300"]
