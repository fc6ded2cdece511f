"""The event tagger and sentence splitter on sentences written in the style of real news."""

from __future__ import annotations

import pytest

from tradeguard.news.events import tag_sentence
from tradeguard.news.sentences import split_sentences

CASES = [
    ("The Commerce Department said it is adding Huawei Technologies Co. Ltd. to its Entity List.", {"list-addition"}),
    ("Huawei was included in the entity list by the American Commerce Ministry.", {"list-addition"}),
    ("Treasury sanctioned three shipping firms on Thursday.", {"list-addition"}),
    ("BIS removed ZTE from the Entity List after it paid a $1.4 billion penalty.", {"list-removal"}),
    ("Washington lifted sanctions on the aluminium maker in January.", {"list-removal"}),
    ("Micron said it had applied for licenses to resume shipments.", {"license-request"}),
    ("The department granted licenses to a handful of chipmakers.", {"license-grant"}),
    ("Commerce revoked licenses that let Intel and Qualcomm ship chips.", {"license-revocation"}),
    ("The agency issued a temporary general license for 90 days.", {"temporary-license"}),
    ("The order bars U.S. companies from selling parts to ZTE for seven years.", {"supplier-ban"}),
    ("Canadian authorities arrested the company's chief financial officer in Vancouver.", {"arrest-indictment"}),
    ("A federal grand jury indicted two executives on export charges.", {"arrest-indictment"}),
    ("Huawei sold its budget smartphone unit Honor to a consortium.", {"ownership-change"}),
    ("美国商务部将华为列入实体清单。", {"list-addition"}),
    ("美国商务部宣布将中兴通讯移出实体清单。", {"list-removal"}),
    ("Министерство торговли США внесло компанию в черный список.", {"list-addition"}),
    # Not events: a rule stated as a condition, ordinary business news, sport.
    ("Suppliers need a license unless Washington grants them a waiver, and must apply for a license.", set()),
    ("Huawei posted revenue growth of 19 percent, the company said.", set()),
    ("Arsenal beat Chelsea 2-1 on Saturday.", set()),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_sentence_events(sentence: str, expected: set[str]) -> None:
    assert {event for event, _trigger in tag_sentence(sentence)} == expected


def test_trigger_quotes_the_words_that_fired() -> None:
    [(event, trigger)] = tag_sentence("Micron said it had applied for licenses to resume shipments.")
    assert event == "license-request" and trigger == "applied for licenses"


def test_temporary_license_is_not_also_a_grant() -> None:
    assert [event for event, _ in tag_sentence("Commerce issued a temporary general license.")] == ["temporary-license"]


def test_sentences_keep_abbreviations_and_initials_whole() -> None:
    text = (
        "US blacklists Huawei\n\nThe U.S. Commerce Department added Huawei Technologies Co. Ltd. on Wednesday. "
        "Mr. Ross said so! J. Smith agreed.\n华为表示反对。中方将采取措施！"
    )
    assert [s.text for s in split_sentences(text)] == [
        "US blacklists Huawei",
        "The U.S. Commerce Department added Huawei Technologies Co. Ltd. on Wednesday.",
        "Mr. Ross said so!",
        "J. Smith agreed.",
        "华为表示反对。",
        "中方将采取措施！",
    ]
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
