"""Legal forms in many languages reduce to a class and, where national, a jurisdiction."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tradeguard.lists.model import EntryKind
from tradeguard.names.legal_forms import (
    CORPORATION,
    JOINT_STOCK,
    LIMITED,
    PARTNERSHIP,
    LegalForm,
    find_legal_forms,
    forms_compatible,
    slip_table,
    slips,
)
from tradeguard.names.normalize import normalize_name


@pytest.mark.parametrize(
    ("name", "cls", "jurisdiction"),
    [
        ("Acme Co., Ltd.", LIMITED, None),
        ("Acme Company Limited", LIMITED, None),
        ("Acme LLC", LIMITED, None),
        ("OOO Acme", LIMITED, "RU"),
        ("ООО «Акме»", LIMITED, "RU"),
        ("Acme GmbH", LIMITED, "DE"),
        ("Acme Sdn. Bhd.", LIMITED, "MY"),
        ("Acme Pte. Ltd.", LIMITED, "SG"),
        ("Acme Sp. z o.o.", LIMITED, "PL"),
        ("Acme d. o. o.", LIMITED, "SI"),
        ("Acme AG", JOINT_STOCK, "DE"),
        ("Acme S.A. de C.V.", JOINT_STOCK, "MX"),
        ("ПАО «Акме»", JOINT_STOCK, "RU"),
        ("Acme PJSC", JOINT_STOCK, None),
        ("Acme PLC", JOINT_STOCK, None),
        ("Acme Inc.", CORPORATION, None),
        ("Acme Corporation", CORPORATION, None),
        ("Acme LLP", PARTNERSHIP, None),
        ("阿克米有限公司", LIMITED, None),
        ("주식회사 아크메", LIMITED, None),
        ("Acme FZE", "free-zone", "AE"),
        # Russian and Ukrainian forms written out, in Cyrillic and in the lists' romanisations.
        ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU ACME", LIMITED, "RU"),
        ("Obschestvo s ogranichennoy otvetstvennostyu Acme", LIMITED, "RU"),
        ("Общество с ограниченной ответственностью «Акме»", LIMITED, "RU"),
        ("Товариство з обмеженою відповідальністю Акме", LIMITED, "RU"),
        ("AKTSIONERNOE OBSHCHESTVO ACME", JOINT_STOCK, "RU"),
        ("Публичное акционерное общество «Акме»", JOINT_STOCK, "RU"),
        ("ZAKRYTOYE AKTSIONERNOYE OBSHCHESTVO ACME", JOINT_STOCK, "RU"),
        ("Приватне акціонерне товариство Акме", JOINT_STOCK, "RU"),
        ("FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE ACME", "state", "RU"),
        ("Acme Insurance S.A.L.", JOINT_STOCK, "LB"),
        ("Acme Electronics JVC", "company", None),
    ],
)
def test_legal_form_class(name: str, cls: str, jurisdiction: str | None) -> None:
    normalized = normalize_name(name)
    assert normalized.legal_form == cls
    assert normalized.jurisdiction == jurisdiction
    assert not {"ltd", "llc", "gmbh", "ooo", "inc", "ag", "plc", "fze"} & set(normalized.tokens)


def test_short_forms_are_only_recognised_at_the_edges() -> None:
    # "AS" and "SA" are legal forms at the end, ordinary words inside a name.
    assert "as" in normalize_name("Bank As Salam Trading").tokens
    assert normalize_name("Deniz Kartali A.S.").legal_form == JOINT_STOCK


def test_a_short_form_followed_only_by_other_forms_is_at_the_edge() -> None:
    # A second form appended to a name that already ends in one: both are forms, the name is what is left.
    assert normalize_name("NORD GOLD PLC LLC").tokens == ("nord", "gold")
    assert normalize_name("CENTREX EUROPE ENERGY AND GAS AG LLC").tokens[-1] == "gas"
    assert "as" in normalize_name("Bank As Salam LLC").tokens  # a word followed by words is still a word


def test_forms_that_lead_a_name_as_a_brand_or_a_name_are_only_forms_at_its_end() -> None:
    assert normalize_name("JVC Kenwood").tokens == ("jvc", "kenwood")  # the brand, not "joint venture company"
    assert normalize_name("Hana Electronics JVC").tokens == ("hana", "electronic")
    assert normalize_name("Maria Sal").tokens == ("maria", "sal")  # only S.A.L. with its dots is the Lebanese form


def test_joint_stock_co_is_a_joint_stock_company() -> None:
    assert normalize_name("LEBEDINSKIY GOK JOINT STOCK Co").tokens == ("lebedinskiy", "gok")
    assert normalize_name("LEBEDINSKIY GOK JOINT STOCK Co").legal_form == JOINT_STOCK


def test_joint_stock_without_company_is_the_form() -> None:
    name = normalize_name("JOINT STOCK COMMERCIAL BANK VARNOKOMBANK")
    assert name.tokens == ("commercial", "bank", "varnokombank") and name.legal_form == JOINT_STOCK


def test_a_name_made_only_of_legal_form_words_keeps_them() -> None:
    assert normalize_name("Chao Le").tokens == ("chao", "le")  # a vessel, not a ChAO joint-stock company


def _form_of(name: str) -> LegalForm | None:
    normalized = normalize_name(name)
    return None if normalized.legal_form is None else LegalForm(normalized.legal_form, normalized.jurisdiction)


def test_s_a_belongs_to_no_one_country() -> None:
    # Mexican, Costa Rican and French firms all write S.A.: the Mexican S.A. de C.V. agrees with a bare S.A.
    bare, mexican = _form_of("CACIQUE 1 S.A."), _form_of("CACIQUE 1 S.A. de C.V.")
    assert bare == LegalForm(JOINT_STOCK, None) and mexican == LegalForm(JOINT_STOCK, "MX")
    assert forms_compatible(bare, mexican) == 1.0
    assert _form_of("Huawei Technologies Costa Rica Sociedad Anonima") == bare
    assert forms_compatible(_form_of("ACME S.A.S."), _form_of("ACME GmbH")) == 0.0  # the S.A.S. stays French


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (LegalForm(LIMITED, "DE"), LegalForm(LIMITED, None), 1.0),  # GmbH = Ltd (English forms translate)
        (LegalForm(LIMITED, "DE"), LegalForm(LIMITED, "MY"), 0.0),  # GmbH vs Sdn Bhd: two countries
        (LegalForm(CORPORATION, None), LegalForm(LIMITED, None), 0.5),
        (None, LegalForm(LIMITED, None), 1.0),
    ],
)
def test_forms_compatible(a: LegalForm | None, b: LegalForm | None, expected: float) -> None:
    assert forms_compatible(a, b) == expected


def test_a_mistyped_long_form_at_the_end_is_still_the_form() -> None:
    assert _without_forms(("sanzetta", "investments", "limietd"))[0] == ("sanzetta", "investments")
    assert _without_forms(("limietd", "sanzetta"))[0] == ("limietd", "sanzetta")  # only at the end
    assert _without_forms(("acme", "lt"))[0] == ("acme", "lt")  # short forms are not guessed


def test_a_mistyped_word_inside_a_multi_word_form_is_still_the_form() -> None:
    kept, found = _without_forms(("joint", "stock", "compayn", "zvyozdochka"))
    assert kept == ("zvyozdochka",) and [form.cls for form in found] == [JOINT_STOCK]
    kept, found = _without_forms(("limited", "liability", "compnay", "southern", "project"))
    assert kept == ("southern", "project") and [form.cls for form in found] == [LIMITED]
    assert _without_forms(("compnay", "zvyozdochka"))[0] == ("compnay", "zvyozdochka")  # a lone slip is a word


def _without_forms(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], object]:
    kept, found = find_legal_forms(tokens)
    return tuple(tokens[i] for i in kept), found


def test_a_long_form_word_with_one_letter_changed_is_still_the_form() -> None:
    kept, found = _without_forms(("obschestvo", "s", "ogranichennoi", "otvetztvennostyu", "prominvest"))
    assert kept == ("prominvest",) and [form.cls for form in found] == [LIMITED]
    kept, found = _without_forms(("infotech", "limited", "liability", "compaey"))
    assert kept == ("infotech",) and [form.cls for form in found] == [LIMITED]
    # A changed letter only in words of seven letters or more ("suarm" could be a name), and only when it tells one
    # form ("limitec": limited or limitee?).
    assert _without_forms(("acme", "suarm"))[0] == ("acme", "suarm")
    assert _without_forms(("acme", "limitec"))[0] == ("acme", "limitec")


def test_a_form_word_with_a_letter_doubled_or_two_swapped_is_still_the_form() -> None:
    kept, found = _without_forms(("limited", "liability", "compaany", "treidkom"))
    assert kept == ("treidkom",) and [form.cls for form in found] == [LIMITED]
    kept, found = _without_forms(("jonit", "stock", "company", "nobility"))
    assert kept == ("nobility",) and [form.cls for form in found] == [JOINT_STOCK]
    assert _without_forms(("acme", "limmited"))[0] == ("acme",)


def test_slips_of_a_word() -> None:
    assert {"compnay", "compaany", "compny"} <= slips("company")
    assert "compamy" not in slips("company") and "compamy" in slips("company", substitution_length=7)
    assert "marie" not in slips("marine")  # five letters left are often another word
    assert "nikolaeva" not in slips("nikolaevna")  # a patronymic without its n is a woman's surname
    assert "company" not in slips("company")


def test_a_slip_of_two_words_or_itself_a_word_is_left_out_of_the_table() -> None:
    table = slip_table(["company", "abcdefg", "abcxefg", "abcdegf", "ltd"], min_length=6, known=["compnya"])
    assert table["compnay"] == "company" and table["abdcefg"] == "abcdefg"
    assert "abcefg" not in table  # abcdefg or abcxefg with a letter left out: which one?
    assert "abcdegf" not in table  # a slip of abcdefg, yet a word of its own
    assert "compnya" not in table  # a slip of company, yet a known word
    assert "tld" not in table  # words shorter than min_length have no slips


def test_the_words_of_a_form_apart_are_still_the_form() -> None:
    # Word order is free: the words of a multi-word form scattered in a name still make the form.
    kept, found = _without_forms(("proton", "obshchestvo", "zavod", "aktsionernoe"))
    assert kept == ("proton", "zavod") and [form.cls for form in found] == [JOINT_STOCK]
    # Short words apart never make a form ("s a de c v" is a form only written together).
    assert _without_forms(("grupo", "s", "norte", "a", "de", "c", "v"))[0] == (
        "grupo",
        "s",
        "norte",
        "a",
        "de",
        "c",
        "v",
    )
    # One word of a form alone is a word.
    assert _without_forms(("obshchestvo", "proton"))[0] == ("obshchestvo", "proton")


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("MELFI MARINE CORPORATIUN S.A.", ("melfi", "marine")),  # a slip where a form stands: before forms only
        ("SANZETTA INVESTMENTS LIMIETD", ("sanzetta", "investment")),  # ... or at the end
        ("CORPORATIUN MELFI S.A.", ("corporatiun", "melfi")),  # not at the start, where a mistyped word is a name
        ("MELFI CORPORATIUN MARINE S.A.", ("melfi", "corporatiun", "marine")),  # nor inside the name
    ],
)
def test_a_mistyped_form_word_counts_only_where_a_form_stands(name: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(name, EntryKind.ORGANIZATION).tokens == tokens


@pytest.mark.parametrize(
    ("name", "tokens", "form"),
    [
        ("Maria S. A. Lopez", ("maria", "s", "a", "lopez"), None),  # initials inside a name, not a S.A.
        ("John A S Smith", ("john", "a", "s", "smith"), None),
        ("A & S Carrier Internacional", ("a", "s", "carrier", "international"), None),  # A.S. (Turkish) ends a name
        ("Kivanc Tekstil A.S.", ("kivanc", "tekstil"), "joint-stock"),
        ("S.A. Ivoire Negoce", ("ivoire", "negoce"), "joint-stock"),
        ("CUBANACAN INTERNATIONAL B.V. Trading LLC", ("cubanacan", "international", "trading"), "limited"),
        ("Alpina Trasporti S.a.s. di Renzo", ("alpina", "trasporti", "di", "renzo"), "joint-stock"),  # three letters
    ],
)
def test_forms_spelt_in_two_letters_are_initials_inside_a_name_unless_a_form_follows(
    name: str, tokens: tuple[str, ...], form: str | None
) -> None:
    normalized = normalize_name(name)
    assert (normalized.tokens, normalized.legal_form) == (tokens, form)


def test_a_persons_single_letters_are_initials_even_at_the_end() -> None:
    person = normalize_name("KAYA, Hasan S A", EntryKind.PERSON)
    assert (person.tokens, person.legal_form) == (("kaya", "hasan", "s", "a"), None)
    firm = normalize_name("KAYA TEKSTIL S A", EntryKind.ORGANIZATION)
    assert (firm.tokens, firm.legal_form) == (("kaya", "tekstil"), "joint-stock")


def test_a_name_of_many_form_words_gets_an_answer() -> None:
    """Whether a form counts depends on what follows it; asked afresh at each position, a 1,000-character name of
    form letters took time exponential in its length: a request that never returned, and compiled code that no
    thread switch or signal interrupts, hence a child process. Not a speed target: the bound only tells an answer
    from none (the four names take well under a second)."""
    script = (
        "from tradeguard.names.normalize import MAX_NAME_LENGTH, normalize_name\n"
        "for pattern in ('s a ', 's a s ', 'x b v ', 'co ltd llc '):\n"
        "    print(len(normalize_name((pattern * 300)[:MAX_NAME_LENGTH].strip()).tokens))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert all(int(count) > 0 for count in done.stdout.split()) and len(done.stdout.split()) == 4
