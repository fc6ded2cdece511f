"""Declared name features: each turns a query/candidate pair into a value and an effect on the score.

A feature's `describe` words its effect on one pair for the explanation. `NAME_FEATURES` lists them in the order
the scorer applies them: `tokens` and `joined` propose a base score (the larger wins), the others multiply it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from tradeguard.lists.model import EntryKind
from tradeguard.match.align import INFORMATIVE_WEIGHT, Alignment
from tradeguard.match.profile import profile_of
from tradeguard.names.legal_forms import LegalForm, forms_compatible
from tradeguard.names.model import NormalizedName
from tradeguard.names.phonetic import letter_readings
from tradeguard.names.vocabulary import COUNTRY_WORDS

# Multipliers, chosen on the labelled cases (see docs/threshold.md).
NUMBERS_DIFFER = 0.6  # "Bank 7" / "Bank 8": another entity
NUMBER_MISSING = 0.93  # one side has a number the other lacks: "Seif Feeder 12" / "Seif Feeder"
OTHER_JURISDICTION = 0.7  # "X GmbH" / "X Sdn Bhd": the same name registered in two countries
OTHER_FORM_CLASS = 0.8  # "X Inc" / "X GmbH"
JOINED_EQUAL = 0.98  # the same letters once spaces and punctuation are ignored
ORG_SUBSTITUTION = 0.85  # organisations: each side has a word the other lacks
HOLDING = "holding"  # "holdings", ホールディングス, 홀딩스 read so (names.vocabulary)
HOLDING_VS_OPERATING = 0.8  # "X Trucking Holdings LLC" / "X Trucking LLC": the group's parent, not the firm
NATIONAL_SUBSIDIARY = 0.8  # "Zenith Pharma Kenya Ltd" / "Zenith Pharma Ltd": the group's firm in one country
PERSON_SUBSTITUTION = 0.85  # persons: one name swapped for another in the same place (siblings, namesakes)
NASAB_CHAIN = 0.75  # an Arab name with one more given name in front of the other's whole chain: son or daughter
SWAPPED_NAME_SIMILARITY = 0.5  # below this (spelling and skeleton) the swapped names are two names
VESSEL_VS_COMPANY = 0.7  # a vessel name against a company name (its owner or manager)
COMPANY_VS_PERSON = 0.8  # "Kroker AG" / "Mullah Krekar": a firm named like a person is not that person
# Weight above which an aligned token counts as a word (initials and particles weigh less).
WORD_WEIGHT = 0.2
# How much the higher of the two coverages counts in `combine_coverage` (the lower counts the rest).
SUBSET_SHARE = 0.65  # persons, one name a firm subset of the other: middle names left out
LOOSE_SHARE = 0.4  # persons, one loosely matched word (or none)
CONFLICT_SHARE = 0.3  # persons, each side keeps a name the other lacks
ORGANIZATION_SHARE = 0.25  # organisations must match both ways
INITIALS_ONLY = 0.6  # "S.A.C." / "Kirby C. Santos": letters alone identify nobody


class FeatureValue(NamedTuple):
    """A feature's value in [0, 1] for one pair, and the base score or multiplier it implies (a tuple: cheap)."""

    value: float
    effect: float


# Shared values: most features agree on most pairs, and building a record per pair costs more than the feature.
_AGREES = FeatureValue(1.0, 1.0)
_NOTHING = FeatureValue(0.0, 0.0)
_JOINED_ONLY = FeatureValue(1.0, JOINED_EQUAL)
_NUMBERS_DIFFER = FeatureValue(0.0, NUMBERS_DIFFER)
_NUMBER_MISSING = FeatureValue(0.5, NUMBER_MISSING)
_VESSEL_VS_COMPANY = FeatureValue(0.0, VESSEL_VS_COMPANY)
_COMPANY_VS_PERSON = FeatureValue(0.0, COMPANY_VS_PERSON)
_INITIALS_ONLY = FeatureValue(0.0, INITIALS_ONLY)
_CRAFT = frozenset({EntryKind.VESSEL, EntryKind.AIRCRAFT})

Compute = Callable[[NormalizedName, NormalizedName, Alignment], FeatureValue]
Describe = Callable[[NormalizedName, NormalizedName, Alignment], str]


@dataclass(frozen=True, slots=True)
class Feature:
    """A declared feature: its name, whether it proposes a base score or multiplies it, and how to word it."""

    name: str
    kind: str  # "base" proposes a score, "factor" multiplies it
    compute: Compute
    describe: Describe  # the detail text; only called when an explanation is wanted


def combine_coverage(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> float:
    """Persons may leave out middle names (the shorter name counts more); organisations must match both ways."""
    high = max(alignment.query_coverage, alignment.candidate_coverage)
    low = min(alignment.query_coverage, alignment.candidate_coverage)
    if query.person_like and candidate.person_like:
        if alignment.conflict:
            # Each side has a name the other lacks: likely two people; siblings when it is the same slot.
            score = _shared(CONFLICT_SHARE, high, low)
            return score * PERSON_SUBSTITUTION if _swapped_slot(query, candidate, alignment) is not None else score
        if _firm_subset(query, candidate, alignment):
            score = _shared(SUBSET_SHARE, high, low)  # one name is a subset of the other: middle names left out
            return score * NASAB_CHAIN if nasab_extended(query, candidate, alignment) else score
        # One loosely matched word (initials aside) is weak evidence that the other side's extra names are optional.
        return _shared(LOOSE_SHARE, high, low)
    score = _shared(ORGANIZATION_SHARE, high, low)
    if holding_on_one_side(query, candidate):
        score *= HOLDING_VS_OPERATING
    if country_on_one_side(query, candidate, alignment):
        score *= NATIONAL_SUBSIDIARY
    # A word swapped for another ("Cold Chain Logistics"/"Cold Chain Engineering") marks a sibling company.
    return score * ORG_SUBSTITUTION if alignment.substitution else score


def nasab_extended(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> bool:
    """One Arab person name is the other's whole chain (given name, father's, grandfather's or family name: three
    words at least) with one more given name in front: "Uday Saddam Hussein al-Tikriti" is Saddam Hussein
    al-Tikriti's son, not Saddam. Only where the names are Arab (written in Arabic script, or with al/bin/ibn), and
    not for a title in front (Sayyid, Qari: gone from Latin names as `vocabulary.HONORIFICS`, kept as skeletons in
    Arabic-script ones, `_TITLE_SKELETONS`)."""
    if len(query.tokens) == len(candidate.tokens):
        return False
    longer, shorter = (query, candidate) if len(query.tokens) > len(candidate.tokens) else (candidate, query)
    if len(shorter.tokens) < 3 or len(longer.tokens) != len(shorter.tokens) + 1:
        return False
    if not any(
        name.vowelless[i] or token in _ARAB_PARTICLES
        for name in (query, candidate)
        for i, token in enumerate(name.tokens)
    ):
        return False
    on_longer = [i if longer is query else j for i, j, _ in alignment.pairs]
    head = longer.tokens[0]
    return (
        len(alignment.pairs) == len(shorter.tokens)
        and sorted(on_longer) == list(range(1, len(longer.tokens)))
        and profile_of(longer).open_weights[0] >= INFORMATIVE_WEIGHT
        and head not in _ARAB_PARTICLES
        and head not in _TITLE_SKELETONS
        and head not in _DROPPED_FIRST_NAMES
    )


_ARAB_PARTICLES = frozenset({"al", "el", "bin", "ben", "ibn", "bint", "abu", "abd"})
# Titles the Latin side drops as honorifics but an Arabic-script name keeps as a word, since the skeleton may also be
# a name (سید syd is Sayyid or Sa'id): in front of a chain they are the title, not a son's name.
# Muhammad in front of a name is as often dropped as written ("محمد عصام شموط" is Issam Shammout).
_DROPPED_FIRST_NAMES = frozenset({"muhammad", "mhmd"})
_TITLE_SKELETONS = frozenset({"syd", "qry", "hjy", "hj", "mla", "mlwy", "mwlwy", "shykh", "mft", "hafz"})


def countries_left_over(
    query: NormalizedName, candidate: NormalizedName, alignment: Alignment
) -> tuple[list[str], list[str]]:
    """The country words (`vocabulary.COUNTRY_WORDS`) of each name that no word of the other aligned with, except a
    state's own ("Ministry of Internal Affairs of the Republic of Belarus" is that ministry, not a subsidiary)."""
    aligned_q = {i for i, _, _ in alignment.pairs}
    aligned_c = {j for _, j, _ in alignment.pairs}
    return _subsidiary_countries(query, aligned_q), _subsidiary_countries(candidate, aligned_c)


def _subsidiary_countries(name: NormalizedName, aligned: set[int]) -> list[str]:
    tokens = name.tokens
    return [
        token
        for i, token in enumerate(tokens)
        if i not in aligned and token in COUNTRY_WORDS and not (i > 0 and tokens[i - 1] in _STATE_OF)
    ]


_STATE_OF = frozenset({"of", "republic"})  # "... of Iran", "... of the Republic of Belarus": the state's own body


def country_on_one_side(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> bool:
    """One organisation name names a country the other lacks: the group's firm in that country, not the same firm
    ("Zenith Pharma Kenya Ltd" / "Zenith Pharma Ltd"). Two different countries are a substitution already."""
    mine, theirs = countries_left_over(query, candidate, alignment)
    return bool(mine) != bool(theirs)


def holding_on_one_side(query: NormalizedName, candidate: NormalizedName) -> bool:
    """One name is a holding company's and the other is not: two companies of one group, not one company (the word
    weighs little, so without this "X Trucking Holdings LLC" / "X Trucking LLC" scores 0.84)."""
    return (HOLDING in query.tokens) != (HOLDING in candidate.tokens)


def _swapped_slot(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> int | None:
    """The place where two person names of the same length differ in one informative name, the rest aligned in
    order ("Ali Barzan Ibrahim al-Tikriti" / "Thuraya Barzan Ibrahim al-Tikriti": brother and sister; "FAWAZ,
    Mustapha Reda Darwish" / "FAWAZ, Fouzi Reda Darwish"), or None."""
    size = len(query.tokens)
    if size != len(candidate.tokens) or size < 3 or len(alignment.pairs) != size - 1:
        return None
    if any(i != j for i, j, _ in alignment.pairs):
        return None
    slot = ({*range(size)} - {i for i, _, _ in alignment.pairs}).pop()
    q_open, c_open = profile_of(query).open_weights, profile_of(candidate).open_weights
    if q_open[slot] < INFORMATIVE_WEIGHT or c_open[slot] < INFORMATIVE_WEIGHT:
        return None
    # Two other names, not one name spelled apart ("Hryhoryavich"/"Grigoriyevich", "Houri"/"Hoorie" stay).
    spelled = Levenshtein.normalized_similarity(query.tokens[slot], candidate.tokens[slot])
    bones = max(
        Levenshtein.normalized_similarity(a, b)
        for a in letter_readings(query.skeletons[slot])
        for b in letter_readings(candidate.skeletons[slot])
    )
    return slot if max(spelled, bones) < SWAPPED_NAME_SIMILARITY else None


def _shared(share: float, high: float, low: float) -> float:
    return share * high + (1.0 - share) * low


def is_word(token: str, weight: float) -> bool:
    """Whether an aligned token counts as a word for `_firm_subset`: not an initial, not a particle ("al", "bin")."""
    return len(token) > 1 and weight > WORD_WEIGHT


def _firm_subset(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> bool:
    """Whether the aligned words support "the shorter name is the longer one without its middle names": two or
    more words (not initials) aligned; one word alone only when the other side has no distinctive word left over
    (a lone "Abu", "Ahmed" or "Valencia" is part of hundreds of listed names)."""
    q_weights, c_weights = profile_of(query).weights, profile_of(candidate).weights
    # Initials and particles ("al", "bin") do not count as aligned words.
    words = sum(
        1
        for i, j, _ in alignment.pairs
        if is_word(query.tokens[i], q_weights[i]) and is_word(candidate.tokens[j], c_weights[j])
    )
    if words >= 2:
        return True
    return words == 1 and not alignment.leftover


def initials_only(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> bool:
    """Whether every aligned pair involves a single letter (nothing but initials matched)."""
    return bool(alignment.pairs) and all(
        len(query.tokens[i]) == 1 or len(candidate.tokens[j]) == 1 for i, j, _ in alignment.pairs
    )


def tokens_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """Name words aligned one to one in any order, weighted by how distinctive each word is."""
    score = combine_coverage(query, candidate, alignment)
    return FeatureValue(score, score)


def _tokens_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    words = ", ".join(f"{query.tokens[i]}={candidate.tokens[j]} ({s:.2f})" for i, j, s in alignment.pairs)
    persons = query.person_like and candidate.person_like and alignment.conflict
    if query.person_like and candidate.person_like and nasab_extended(query, candidate, alignment):
        head = (query if len(query.tokens) > len(candidate.tokens) else candidate).tokens[0]
        return f"aligned {words}; one more given name ({head}) in front of the other's whole chain: a son or daughter"
    slot = _swapped_slot(query, candidate, alignment) if persons else None
    if slot is not None:
        pair = f"{query.tokens[slot]}/{candidate.tokens[slot]}"
        return f"aligned {words}; another name in the same place ({pair}): a relative or namesake"
    if not (query.person_like and candidate.person_like) and holding_on_one_side(query, candidate):
        return f"aligned {words or 'nothing'}; a holding company on one side only: another company of the group"
    if not (query.person_like and candidate.person_like) and country_on_one_side(query, candidate, alignment):
        mine, theirs = countries_left_over(query, candidate, alignment)
        country = ", ".join(mine or theirs)
        return f"aligned {words or 'nothing'}; a country on one side only ({country}): the group's firm there"
    return f"aligned {words or 'nothing'}{_places_detail(query, candidate, alignment)}"


def _places_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    """How places left over were read (`align.align`): a seat one form leaves out, or two companies' seats."""
    left = [
        [name.tokens[i] for i in profile_of(name).places if i not in used]
        for name, used in (
            (query, {i for i, _, _ in alignment.pairs}),
            (candidate, {j for _, j, _ in alignment.pairs}),
        )
    ]
    if left[0] and left[1]:
        return f"; two different places ({'/'.join(left[0] + left[1])}): two companies"
    if left[0] or left[1]:
        return f"; a place on one side only ({', '.join(left[0] or left[1])}): the seat the other form leaves out"
    return ""


def joined_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """The same letters once spaces, hyphens and punctuation are ignored ("Wirra-long" / "Wirralong")."""
    if query.tokens and profile_of(query).tokens_text == profile_of(candidate).tokens_text:
        return _AGREES
    if query.joined and query.joined == candidate.joined:
        return _JOINED_ONLY
    return _NOTHING


def _joined_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    same = joined_feature(query, candidate, alignment).value == 1.0
    return f"same letters: {query.joined}" if same else "letters differ"


def numbers_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """Numbers in the names must agree ("Bank 7" is not "Bank 8", "Maru No. 8" is not "Maru No. 6")."""
    if query.numbers == candidate.numbers:
        return _AGREES
    a, b = profile_of(query).numbers, profile_of(candidate).numbers
    if a == b:
        return _AGREES
    if a and b:
        return _NUMBERS_DIFFER
    return _NUMBER_MISSING


def _numbers_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    a, b = " ".join(profile_of(query).numbers), " ".join(profile_of(candidate).numbers)
    if a == b:
        return f"numbers agree: {a}" if a else "no numbers"
    return f"numbers differ: {a} vs {b}" if a and b else f"number on one side only: {a or b}"


def _forms(query: NormalizedName, candidate: NormalizedName) -> tuple[LegalForm | None, LegalForm | None]:
    a = LegalForm(query.legal_form, query.jurisdiction) if query.legal_form else None
    b = LegalForm(candidate.legal_form, candidate.jurisdiction) if candidate.legal_form else None
    return a, b


def legal_form_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """Legal forms compare as classes (Ltd = GmbH = OOO); forms of two different countries' laws lower the score."""
    if query.legal_form is None or candidate.legal_form is None:
        return _AGREES
    value = forms_compatible(*_forms(query, candidate))
    effect = 1.0 if value == 1.0 else OTHER_FORM_CLASS if value > 0 else OTHER_JURISDICTION
    return FeatureValue(value, effect)


def _legal_form_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    a, b = _forms(query, candidate)
    return f"legal form {_form_text(a)} vs {_form_text(b)}"


def _form_text(form: LegalForm | None) -> str:
    if form is None:
        return "none"
    return f"{form.cls} ({form.jurisdiction})" if form.jurisdiction else form.cls


def vessel_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """A vessel or aircraft name does not carry a legal form: one that does is its owner or manager, not the craft."""
    if (query.kind in _CRAFT or candidate.kind in _CRAFT) and (query.legal_form is None) != (
        candidate.legal_form is None
    ):
        return _VESSEL_VS_COMPANY
    return _AGREES


def kind_feature(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> FeatureValue:
    """A company (legal form) is not a person, and initials alone identify nobody."""
    if initials_only(query, candidate, alignment):
        return _INITIALS_ONLY
    if company_against_person(query, candidate.kind is EntryKind.PERSON, candidate.legal_form is not None):
        return _COMPANY_VS_PERSON
    return _AGREES


def company_against_person(query: NormalizedName, candidate_is_person: bool, candidate_has_form: bool) -> bool:
    """Whether the kind feature multiplies by `COMPANY_VS_PERSON` (once): a name with a legal form against a person
    entry, or a person against a name with a legal form."""
    return (candidate_is_person and query.legal_form is not None) or (
        candidate_has_form and query.kind is EntryKind.PERSON
    )


def _kind_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    value = kind_feature(query, candidate, alignment)
    if value is _INITIALS_ONLY:
        return "only initials aligned"
    return "a company name against a person" if value is _COMPANY_VS_PERSON else "kinds agree"


def _vessel_detail(query: NormalizedName, candidate: NormalizedName, alignment: Alignment) -> str:
    if vessel_feature(query, candidate, alignment).value == 1.0:
        return "no company form against a craft"
    return "a company name against a vessel or aircraft name"


NAME_FEATURES: tuple[Feature, ...] = (
    Feature("tokens", "base", tokens_feature, _tokens_detail),
    Feature("joined", "base", joined_feature, _joined_detail),
    Feature("numbers", "factor", numbers_feature, _numbers_detail),
    Feature("legal_form", "factor", legal_form_feature, _legal_form_detail),
    Feature("vessel", "factor", vessel_feature, _vessel_detail),
    Feature("kind", "factor", kind_feature, _kind_detail),
)
