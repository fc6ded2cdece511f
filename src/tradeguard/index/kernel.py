"""The bound of `bounds.TokenTable` over many candidate names, as plain loops.

Why loops: a query looks at a few hundred names (a few thousand tokens), and the same computation in numpy took
~100 array operations per query, each mostly call overhead (~0.4 ms a query; most of a batch row's time). Cython
compiles this file to C with the types declared in kernel.pxd (setup.py); where no compiler is available the same
code runs as Python, slowly but with the same results (tests/index/test_kernel.py compares the two).

Conventions: arrays are numpy arrays (flags as uint8), a "segment" is one written form of an indexed name (see
`TokenTable`), a "position" one token of a segment in the table's flat arrays, and a query "row" the vocabulary
words one query token (or a join of query tokens) could be similar to, with the most `align` could rate each.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Bits of a segment's flags.
PERSON_LIKE = 1  # the name reads as a person's
PERSON_ENTRY = 2  # the name belongs to a person entry
WITH_FORM = 4  # the name has a legal form


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
) -> None:
    """Write into `bound` the token-score bound of the query against each of `segments` (ascending).

    The table: `segment_data` holds per segment its first position, its token count, its informative tokens and its
    flags; `token_data` per position the token's vocabulary id, its weight, its left-over weight and 1 if it is a
    word (`features.is_word`).

    Rows: `row_offsets` delimits, in `row_ids` / `row_values`, first the query's T token rows, then its J join rows,
    then the J rows of the words those joins make (`_Vocabulary.merged_row`); `windows` holds each join's first token
    and size (2 x J), `significant` which of the T + J rows may make a "firm subset". `spans`: (query token, segment,
    first token, size) of runs of a segment that may write a long query word apart (4 columns); `unbounded` and
    `spanned`: segments kept with bound 1.0, and segments that may lose tokens to such joins. `scalars`: subset,
    loose and organisation shares, the company-against-person factor, the segment flags that factor applies to
    (`PERSON_ENTRY` if the query has a legal form, `WITH_FORM` if it is a person), 1 if the query reads as a person,
    and how many tokens joins may save a name (`bounds._joins_saved`).
    `slot` is a zeroed scratch array over the whole vocabulary, left zeroed."""
    token_count = query_weights.shape[0]
    join_count = windows.shape[1]
    row_count = token_count + join_count
    segment_count = segments.shape[0]
    # The words of all rows, each once: `slot` maps a word to its line in `table` (row values; line 0: no row has it).
    # Most tokens of a name have no similar query word: they cost one lookup.
    table = np.zeros((row_offsets[row_count + join_count] + _spans_length(spans) + 1, row_count + join_count))
    lines = 0
    for r in range(row_count + join_count):
        for i in range(row_offsets[r], row_offsets[r + 1]):
            if slot[row_ids[i]] == 0:
                lines += 1
                slot[row_ids[i]] = lines
            table[slot[row_ids[i]], r] = row_values[i]
    firsts = np.zeros(segment_count + 1, dtype=np.int64)
    for k in range(segment_count):
        firsts[k + 1] = firsts[k] + segment_data[segments[k], 1]
    column_lines = np.zeros(firsts[segment_count], dtype=np.int32)  # each candidate token's line
    for k in range(segment_count):
        start = segment_data[segments[k], 0]
        for p in range(segment_data[segments[k], 1]):
            column_lines[firsts[k] + p] = slot[int(token_data[start + p, 0])]
    for r in range(row_count + join_count):
        for i in range(row_offsets[r], row_offsets[r + 1]):
            slot[row_ids[i]] = 0
    # A long query word is fully similar to each token of a run that may write it apart (`align` joins the run): that
    # token gets a line of its own.
    for e in range(spans.shape[1]):
        k = _find(segments, spans[1, e])
        if k >= 0:
            for p in range(spans[2, e], spans[2, e] + spans[3, e]):
                lines += 1
                for r in range(row_count + join_count):
                    table[lines, r] = table[column_lines[firsts[k] + p], r]
                table[lines, spans[0, e]] = 1.0
                column_lines[firsts[k] + p] = lines
    marks = np.zeros(segment_count, dtype=np.uint8)  # bit 1: unbounded, bit 2: spanned
    _mark(segments, unbounded, marks, 1)
    _mark(segments, spanned, marks, 2)
    row_best = np.zeros(row_count)
    best = np.zeros(token_count)
    joins_here = np.zeros(join_count, dtype=np.uint8)
    significant_count = 0
    for r in range(row_count):
        significant_count += significant[r]
    subset_share, loose_share, organization_share, company_factor = scalars[0], scalars[1], scalars[2], scalars[3]
    company_flags = int(scalars[4])
    person_flag = PERSON_LIKE if scalars[5] != 0.0 else 0
    joins_saved = int(scalars[6])
    for k in range(segment_count):
        segment = segments[k]
        first, last = firsts[k], firsts[k + 1]
        # Each row's best similarity to any token of the name; a join happens only in a name holding a word it
        # spells (the join's own row).
        for r in range(row_count):
            row_best[r] = 0.0
        for c in range(first, last):
            line = column_lines[c]
            if line != 0:
                for r in range(row_count):
                    row_best[r] = max(row_best[r], table[line, r])
        for j in range(join_count):
            joins_here[j] = row_best[token_count + j] > 0.0
        # The query's side: each query token's best similarity through any row covering it.
        for t in range(token_count):
            best[t] = row_best[t]
        for j in range(join_count):
            for t in range(windows[0, j], windows[0, j] + windows[1, j]):
                best[t] = max(best[t], row_best[token_count + j])
        query_side = _share(query_weights, query_unmatched, best)
        # The name's side, and how many of its words align with a word that may make it a "firm subset".
        hit = 0.0
        total = 0.0
        aligned_words = 0
        position = segment_data[segment, 0] - first
        for c in range(first, last):
            line = column_lines[c]
            if line == 0:
                total += token_data[position + c, 2]
                continue
            joined = 0.0
            for j in range(join_count):
                if joins_here[j]:
                    joined = max(joined, table[line, token_count + j], table[line, row_count + j])
            any_row = joined
            word_row = joined
            for r in range(row_count):
                any_row = max(any_row, table[line, r])
                if significant[r]:
                    word_row = max(word_row, table[line, r])
            hit += token_data[position + c, 1] * any_row
            total += token_data[position + c, 1] if any_row > 0.0 else token_data[position + c, 2]
            if word_row > 0.0 and token_data[position + c, 3] != 0.0:
                aligned_words += 1
        candidate_side = min(hit / total, 1.0) if total > 0.0 else 0.0
        share = organization_share
        if segment_data[segment, 3] & person_flag:
            words_aligned = min(aligned_words, significant_count)
            left_over = segment_data[segment, 2] - (joins_saved if marks[k] & 2 else 0) > token_count
            firm = words_aligned >= 2 or (words_aligned == 1 and not left_over)
            share = subset_share if firm else loose_share
        high, low = max(query_side, candidate_side), min(query_side, candidate_side)
        bound[k] = share * high + (1.0 - share) * low
        if last == first or marks[k] & 1:
            bound[k] = 1.0
        if segment_data[segment, 3] & company_flags:
            bound[k] *= company_factor


def _share(weights: NDArray[np.float64], leftover: NDArray[np.float64], best: NDArray[np.float64]) -> float:
    """The similarity-weighted weight of the query's tokens over that weight (tokens with a possible counterpart)
    plus the left-over weight of the rest."""
    hit = 0.0
    total = 0.0
    for t in range(best.shape[0]):
        hit += weights[t] * best[t]
        total += weights[t] if best[t] > 0.0 else leftover[t]
    return float(hit / total) if total > 0.0 else 0.0


def _spans_length(spans: NDArray[np.int64]) -> int:
    """How many candidate tokens `spans` covers at most."""
    length = 0
    for e in range(spans.shape[1]):
        length += spans[3, e]
    return length


def _find(sorted_values: NDArray[np.int64], value: int) -> int:
    """The position of `value` in `sorted_values`, or -1."""
    low = 0
    high = sorted_values.shape[0]
    while low < high:
        middle = (low + high) // 2
        if sorted_values[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low if low < sorted_values.shape[0] and sorted_values[low] == value else -1


def _mark(segments: NDArray[np.int64], chosen: NDArray[np.int64], marks: NDArray[np.uint8], bit: int) -> None:
    """Set `bit` in `marks` for each of `segments` that is in `chosen`."""
    for i in range(chosen.shape[0]):
        k = _find(segments, chosen[i])
        if k >= 0:
            marks[k] |= bit


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
) -> NDArray[np.int64]:
    """The names (ascending) of the segments `bounds.TokenTable.reachable` keeps: those holding a vocabulary word of
    `words` (the similar words of the query's significant rows); those holding any of them or of `particles` only as
    a particle, if their `particle_share` reaches `least_share`; those holding a word of `particles`, if
    `particles_reach` or if they also hold a word of `words` as a particle; and `kept`.

    The postings (`*_offsets` into `*_segments`, by vocabulary id) are the table's words and particles; `owner` maps a
    segment to its name; `marks` is a zeroed scratch array over all segments, left zeroed. Only the postings read are
    visited, never every segment."""
    capacity = kept.shape[0]
    for i in range(words.shape[0]):
        capacity += _posted(word_offsets, words[i]) + _posted(particle_offsets, words[i])
    for i in range(particles.shape[0]):
        capacity += _posted(word_offsets, particles[i]) + _posted(particle_offsets, particles[i])
    found = np.empty(capacity, dtype=np.int64)
    count = 0
    for i in range(words.shape[0]):
        for p in range(word_offsets[words[i]], word_offsets[words[i] + 1]):
            count = _keep(word_segments[p], marks, found, count)
        for p in range(particle_offsets[words[i]], particle_offsets[words[i] + 1]):
            if particle_share[particle_segments[p]] >= least_share:
                count = _keep(particle_segments[p], marks, found, count)
            marks[particle_segments[p]] |= 2  # meets a query word with a particle
    for i in range(particles.shape[0]):
        for p in range(particle_offsets[particles[i]], particle_offsets[particles[i] + 1]):
            if particle_share[particle_segments[p]] >= least_share:
                count = _keep(particle_segments[p], marks, found, count)
        for p in range(word_offsets[particles[i]], word_offsets[particles[i] + 1]):
            if particles_reach or marks[word_segments[p]] & 2:
                count = _keep(word_segments[p], marks, found, count)
    for i in range(kept.shape[0]):
        count = _keep(kept[i], marks, found, count)
    for i in range(words.shape[0]):
        for p in range(particle_offsets[words[i]], particle_offsets[words[i] + 1]):
            marks[particle_segments[p]] = 0
    for i in range(count):
        marks[found[i]] = 0
    segments = np.sort(found[:count])
    result = np.empty(count, dtype=np.int64)
    names = result
    unique = 0
    for i in range(count):
        if unique == 0 or names[unique - 1] != owner[segments[i]]:
            names[unique] = owner[segments[i]]
            unique += 1
    return result[:unique]


def _posted(offsets: NDArray[np.int64], key: int) -> int:
    """How many segments the postings hold under `key`."""
    return int(offsets[key + 1] - offsets[key])


def _keep(segment: int, marks: NDArray[np.uint8], found: NDArray[np.int64], count: int) -> int:
    """Add `segment` to the first `count` of `found` unless it is marked there already; the new count."""
    if marks[segment] & 1:
        return count
    marks[segment] |= 1
    found[count] = segment
    return count + 1


def shared_gram_candidates(
    grams: NDArray[np.int64],
    offsets: NDArray[np.int64],
    positions: NDArray[np.int64],
    low: int,
    high: int,
    needed: NDArray[np.int16],
    counts: NDArray[np.int32],
) -> NDArray[np.int64]:
    """The strings at positions [low, high) that share at least `needed[position - low]` of the letter pairs `grams`
    (`bounds._EditScan`): the postings (`offsets` into `positions`, by letter pair; each ascending) are read within
    that window only. `counts` is a zeroed scratch array over all strings, left zeroed."""
    capacity = 0
    for g in range(grams.shape[0]):
        capacity += _first_at_least(positions, offsets[grams[g] + 1], offsets[grams[g]], high) - _first_at_least(
            positions, offsets[grams[g] + 1], offsets[grams[g]], low
        )
    touched = np.empty(capacity, dtype=np.int64)
    seen = 0
    for g in range(grams.shape[0]):
        end = _first_at_least(positions, offsets[grams[g] + 1], offsets[grams[g]], high)
        for p in range(_first_at_least(positions, offsets[grams[g] + 1], offsets[grams[g]], low), end):
            if counts[positions[p]] == 0:
                touched[seen] = positions[p]
                seen += 1
            counts[positions[p]] += 1
    result = np.empty(seen, dtype=np.int64)
    found = result
    kept = 0
    for i in range(seen):
        if counts[touched[i]] >= needed[touched[i] - low]:
            found[kept] = touched[i]
            kept += 1
        counts[touched[i]] = 0
    return result[:kept]


def _first_at_least(values: NDArray[np.int64], end: int, start: int, value: int) -> int:
    """The first index in [start, end) of ascending `values` holding at least `value` (`end` if none)."""
    while start < end:
        middle = (start + end) // 2
        if values[middle] < value:
            start = middle + 1
        else:
            end = middle
    return start
