"""Per-list row counts of the real CSL 2022-05 file, from ../shared/data/README.md (not from our parser)."""

CSL_2022_BY_LIST = {
    "us-ofac-sdn": 10_026,
    "us-bis-entity-list": 2_001,
    "us-state-itar-debarred": 727,
    "us-bis-dpl": 462,
    "us-ofac-ssi": 290,
    "us-bis-unverified": 201,
    "us-state-nonproliferation": 163,
    "us-ofac-plc": 78,
    "us-bis-meu": 71,
    "us-ofac-cmic": 68,
    "us-ofac-cap": 53,
    "us-ofac-mbs": 17,
    "us-ofac-fse": 3,
}
