"""Dates on which EAR rules took effect or lapsed, each with its source (digest ../shared/ear/EAR-RULES.md §§ 2, 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Entity List effective dates by the Federal Register rule that added an entry. The CSL `start_date` is the date of
# publication, which for Huawei (84 FR 22961, published 2019-05-21) is later than the date it took effect.
LISTING_EFFECTIVE = {
    "84 FR 22961": date(2019, 5, 16),  # Huawei + 68 affiliates, effective on public inspection 2019-05-16
    "84 FR 22963": date(2019, 5, 16),
    "84 FR 43495": date(2019, 8, 19),  # 46 more affiliates, effective 2019-08-19, published 2019-08-21
    "85 FR 51603": date(2020, 8, 17),  # 38 more affiliates, effective 2020-08-17, published 2020-08-20
}

# Foreign direct product rule, Entity List footnote 1 (digest § 2.5).
FDP1_START = date(2020, 5, 15)  # IFR 85 FR 29849 (FR doc. 2020-10856), added then-736.2(b)(3)(vi)
FDP1_ANY_PARTY = date(2020, 8, 17)  # 85 FR 51596: scope broadened to any party / any part, component, equipment
FDP1_SAVINGS_END = date(2020, 9, 14)  # 120-day savings clause for items already in production on 2020-05-15
FDP_MOVED_TO_734_9 = date(2022, 2, 3)  # FR doc. 2022-02302 moved the FDP rules into 734.9 (date per digest § 2.5)

# The Entity List "affiliates rule" (90 FR 47201) is stayed by 90 FR 50857 until this date inclusive.
AFFILIATES_RULE_STAY_END = date(2026, 11, 9)

# Part 746 effective dates.
RUSSIA_SANCTIONS_START = date(2022, 2, 24)  # 87 FR 12226: 746.8 license requirement for every CCL item
BELARUS_SANCTIONS_START = date(2022, 3, 2)  # 87 FR 13048
SYRIA_REVISION = date(2025, 9, 2)  # FR 2025-16724: SPP for EAR99 items, presumption of approval


@dataclass(frozen=True, slots=True)
class GeneralLicenseWindow:
    """One period of a general license and the activities it authorised."""

    name: str
    citation: str
    start: date
    end: date  # inclusive
    purposes: frozenset[str]

    def covers(self, ship_date: date, purpose: str | None) -> bool:
        return purpose is not None and purpose in self.purposes and self.start <= ship_date <= self.end


_TGL = "Huawei temporary general license (former Supp. No. 7 to part 744)"
_ALL_FOUR = frozenset(
    {"existing-network-maintenance", "existing-handset-support", "security-research", "standards-development"}
)

HUAWEI_GENERAL_LICENSES: tuple[GeneralLicenseWindow, ...] = (
    # 2019-05-20 to 2019-08-19: four authorisations; 5G standards work only in this first window.
    GeneralLicenseWindow(
        _TGL, "former 15 CFR part 744 Supp. No. 7 (84 FR 23468)", date(2019, 5, 20), date(2019, 8, 19), _ALL_FOUR
    ),
    # Extended in steps to 2020-08-13, without the standards authorisation after 2019-08-19 (digest § 2.6).
    GeneralLicenseWindow(
        _TGL,
        "former 15 CFR part 744 Supp. No. 7, as extended (84 FR 43487; FR docs. 2020-03144, 2020-05190)",
        date(2019, 8, 20),
        date(2020, 8, 13),
        _ALL_FOUR - {"standards-development"},
    ),
    # Since 2020-08-17 only a narrow, permanent cybersecurity research / vulnerability disclosure authorisation
    # remains (Entity List footnote 2 on the Huawei entries; wording not verified verbatim, digest § 2.3).
    GeneralLicenseWindow(
        "Huawei cybersecurity research and vulnerability disclosure authorization (Entity List footnote 2)",
        "15 CFR part 744 Supp. No. 4, Huawei entries, footnote 2 (85 FR 51596)",
        date(2020, 8, 17),
        date(9999, 12, 31),
        frozenset({"security-research"}),
    ),
)
