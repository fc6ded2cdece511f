"""Types of the compiled kernels (_kernel.pyx); `bounds` documents what they compute."""

import numpy as np
from numpy.typing import NDArray

from tradeguard.match.profile import JoinWindow

def segment_bounds(
    segments: NDArray[np.int64],
    segment_data: NDArray[np.int32],
    token_codes: NDArray[np.int64],
    token_kinds: NDArray[np.float64],
    kind_bits: int,
    rows: list[tuple[NDArray[np.int32], NDArray[np.float64]]],
    significant: list[bool],
    windows: list[JoinWindow],
    query_weights: tuple[float, ...],
    query_unmatched: tuple[float, ...],
    spans: list[tuple[int, NDArray[np.int64]]],
    window_bits: int,
    unbounded: NDArray[np.int64],
    spanned: NDArray[np.int64],
    subset_share: float,
    loose_share: float,
    organization_share: float,
    company_factor: float,
    company_flags: int,
    person_flag: int,
    joins_saved: int,
    slot: NDArray[np.int32],
) -> NDArray[np.float64]: ...
def reachable_names(
    rows: list[tuple[NDArray[np.int32], NDArray[np.float64]]],
    significant: list[bool],
    word_offsets: NDArray[np.int64],
    word_segments: NDArray[np.int64],
    particle_offsets: NDArray[np.int64],
    particle_segments: NDArray[np.int64],
    particle_share: NDArray[np.float64],
    least_share: float,
    particles_reach: bool,
    kept: NDArray[np.int64],
    owner: NDArray[np.int64],
    marks: NDArray[np.uint8],
) -> NDArray[np.int64]: ...
def letter_pair_candidates(
    gram_offsets: NDArray[np.int64],
    gram_positions: NDArray[np.int32],
    grams: NDArray[np.int64],
    low: int,
    high: int,
    needed: NDArray[np.int16],
    shared: NDArray[np.uint8],
) -> NDArray[np.int64]: ...
