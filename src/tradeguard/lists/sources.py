"""The datasets tradeguard knows: where each is officially published, in which format, and what `update` fetches.

A dataset is one downloadable publication (a file, or a set of files parsed together such as the OFAC CSV trio);
one dataset may hold several lists (the CSL holds every US list). Mirrors (`url_base`) serve each file at
`<url_base>/<dataset>/<filename>`, so a folder laid out that way is a complete mirror.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tradeguard.errors import InputError

_OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file of a dataset: its official URL and the local name the parser expects it under."""

    url: str
    filename: str
    required: bool = True  # an optional file (OFAC comments) missing from the server is skipped, not an error


@dataclass(frozen=True, slots=True)
class DatasetSource:
    """One dataset: code, title, parser format and its files (the first is the one handed to the parser)."""

    code: str
    title: str
    format: str
    files: tuple[SourceFile, ...]
    homepage: str

    @property
    def main_file(self) -> SourceFile:
        return self.files[0]

    def urls(self, url_base: str = "") -> list[tuple[str, SourceFile]]:
        """(URL to fetch, file) for every file, from the mirror `url_base` when one is set."""
        if not url_base:
            return [(file.url, file) for file in self.files]
        base = url_base.rstrip("/")
        return [(f"{base}/{self.code}/{file.filename}", file) for file in self.files]


def _ofac(names: Iterable[str]) -> tuple[SourceFile, ...]:
    # Saved lower-case: the OFAC parser finds the companions (add.csv, alt.csv...) beside the main file by name.
    return tuple(SourceFile(_OFAC_EXPORTS + name, name.lower(), "COMMENTS" not in name) for name in names)


DATASETS: dict[str, DatasetSource] = {
    source.code: source
    for source in (
        DatasetSource(
            "us-csl",
            "US Consolidated Screening List (trade.gov)",
            "csl-csv",
            (
                SourceFile(
                    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                    "consolidated.csv",
                ),
            ),
            "https://www.trade.gov/consolidated-screening-list",
        ),
        DatasetSource(
            "us-ofac-sdn",
            "OFAC Specially Designated Nationals (legacy CSV)",
            "ofac-csv",
            _ofac(("SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV")),
            "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
        ),
        DatasetSource(
            "us-ofac-cons",
            "OFAC Consolidated Sanctions List (non-SDN, legacy CSV)",
            "ofac-csv",
            _ofac(("CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV")),
            "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
        ),
        DatasetSource(
            "us-bis-dpl",
            "BIS Denied Persons List",
            "dpl-txt",
            (SourceFile("https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt"),),
            "https://www.bis.gov/denied-persons-list",
        ),
        DatasetSource(
            "un-sc",
            "UN Security Council Consolidated List",
            "un-xml",
            (SourceFile("https://scsanctions.un.org/resources/xml/en/consolidated.xml", "consolidated.xml"),),
            "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
        ),
        DatasetSource(
            "eu-fsf",
            "EU Financial Sanctions Files (consolidated list, XML 1.1)",
            "eu-xml",
            (
                SourceFile(
                    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
                    "?token=dG9rZW4tMjAxNw",
                    "xmlFullSanctionsList_1_1.xml",
                ),
            ),
            "https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions",
        ),
        DatasetSource(
            "uk-sanctions",
            "UK Sanctions List (FCDO)",
            "uk-csv",
            (SourceFile("https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv", "UK-Sanctions-List.csv"),),
            "https://www.gov.uk/government/publications/the-uk-sanctions-list",
        ),
    )
}


def dataset_source(code: str) -> DatasetSource:
    """The dataset with this code; InputError naming the known ones otherwise."""
    try:
        return DATASETS[code]
    except KeyError:
        raise InputError(f"unknown dataset {code!r}; known datasets: {', '.join(DATASETS)}") from None


def selected_datasets(requested: Iterable[str] | None, configured: Iterable[str] = ()) -> list[DatasetSource]:
    """The datasets to update: those requested, else those configured (`update_datasets`), else all of them."""
    codes = list(requested or ()) or list(configured) or list(DATASETS)
    return [dataset_source(code) for code in dict.fromkeys(codes)]
