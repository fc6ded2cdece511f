"""Types of the compiled kernels (_kernel.pyx); `bounds` documents what they compute."""

import numpy as np
from numpy.typing import NDArray

def segment_bounds(
    segments: NDArray[np.int64],
    segment_data: NDArray[np.int64],
    token_data: NDArray[np.float64],
    row_offsets: NDArray[np.int64],
    row_ids: NDArray[np.int32],
    row_values: NDArray[np.float64],
    significant: NDArray[np.uint8],
    windows: NDArray[np.int64],
    query_weights: NDArray[np.float64],
    query_unmatched: NDArray[np.float64],
    spans: NDArray[np.int64],
    unbounded: NDArray[np.int64],
    spanned: NDArray[np.int64],
    scalars: NDArray[np.float64],
    slot: NDArray[np.int32],
    bound: NDArray[np.float64],
) -> None: ...
def reachable_names(
    words: NDArray[np.int32],
    particles: NDArray[np.int32],
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
