# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The token-score bound of `bounds.TokenTable` over many candidate names, the names a query reaches, and the
letter-pair filter of `bounds._EditScan`, as loops compiled to C (setup.py builds this file with Cython; where it is
not built, `bounds` runs its numpy code).

Why by hand: a query looks at a few hundred names (a few thousand tokens); in numpy that took ~100 array operations
a query, each mostly call overhead, and masks over every indexed name (most of a batch row's time). The numpy code
stays as the fallback; tests/index/test_kernel.py (bounds, reachable names) and test_bounds.py (the edit scans) check
that both give the same answers.

Conventions: a "segment" is one written form of an indexed name (see `TokenTable`), a "position" one token of a
segment in the table's flat arrays, and a query "row" the vocabulary words one query token (or a join of query
tokens) could be similar to, with the most `align` could rate each.
"""

from libc.stdint cimport int16_t, int32_t, int64_t, uint8_t
from libc.stdlib cimport calloc, free, malloc

import numpy as np


def segment_bounds(
    const int64_t[:] segments,
    const int32_t[:, ::1] segment_data,
    const int64_t[::1] token_codes,
    const double[:, ::1] token_kinds,
    int kind_bits,
    list rows,
    list significant,
    list windows,
    tuple query_weights,
    tuple query_unmatched,
    list spans,
    int window_bits,
    const int64_t[:] unbounded,
    const int64_t[:] spanned,
    double subset_share,
    double loose_share,
    double organization_share,
    double company_factor,
    int company_flags,
    int person_flag,
    int64_t joins_saved,
    int32_t[:] slot,
):
    """The token-score bound of the query against each of `segments` (ascending), as a new float64 array.

    The table: `segment_data` holds per segment its first position, its token count, its informative tokens and its
    flags; `token_codes` per position the token's vocabulary id (its low `kind_bits` bits) and above them its kind:
    the row of `token_kinds` that holds its weight, its left-over weight and 1 if it is a word (`features.is_word`).

    The query, as `bounds` holds it (Python objects: packing them into ~15 numpy arrays a call took about a third
    of the bound's time): `rows` are (vocabulary ids int32, values float64) pairs, first the query's T token rows, then its
    J join rows, then the J rows of the words those joins make (`_Vocabulary.merged_row`); `windows` the J joins
    (`.start`, `.size`); `significant` which of the T + J rows may make a "firm subset"; `query_weights` and
    `query_unmatched` per query token. `spans`: (query token, window codes) of runs of segments that may write a
    long query word apart (a code is segment << `window_bits` | first token << 2 | size); `unbounded` and `spanned`:
    segments kept with bound 1.0, and segments that may lose tokens to such joins. Then the subset, loose and
    organisation shares, the company-against-person factor, the segment flags that factor applies to
    (`bounds.PERSON_ENTRY` if the query has a legal form, `bounds.WITH_FORM` if it is a person), the flag of person
    names (`bounds.PERSON_LIKE`) if the query reads as a person, else 0, and how many tokens joins may save a name
    (`bounds._joins_saved`). `slot` is a zeroed scratch array over the whole vocabulary, left zeroed."""
    cdef Py_ssize_t token_count = len(query_weights), join_count = len(windows)
    cdef Py_ssize_t row_count = token_count + join_count, columns = token_count + 2 * join_count
    cdef Py_ssize_t segment_count = segments.shape[0]
    cdef Py_ssize_t entries = 0, spanned_tokens = 0, lines = 0, line, candidate_tokens
    cdef Py_ssize_t k, r, i, p, e, t, j, c, start, first, last, position, segment, kind
    cdef int64_t significant_count = 0, aligned_words, words_aligned, code, start_mask = (1 << (window_bits - 2)) - 1
    cdef int64_t id_mask = (<int64_t> 1 << kind_bits) - 1
    cdef bint left_over, firm
    cdef double hit, total, joined, any_row, word_row, query_side, candidate_side, share, high, low
    cdef const int32_t[:] ids
    cdef const double[:] values
    cdef const int64_t[:] codes
    if len(rows) != columns or len(significant) != row_count or len(query_unmatched) != token_count:
        raise ValueError("segment_bounds: rows, significant rows and query weights do not agree")
    for r in range(columns):  # each row read once before `slot` is written, so that a malformed one leaves it zeroed
        ids, values = rows[r]
        if values.shape[0] != ids.shape[0]:
            raise ValueError("segment_bounds: a row's ids and values differ in length")
        entries += ids.shape[0]
    for _, codes in spans:
        for e in range(codes.shape[0]):
            spanned_tokens += codes[e] & 3
    bound = np.empty(segment_count)
    cdef double[:] bounds_view = bound
    # Scratch in C buffers, not numpy arrays: a query's own arrays are small, and each numpy call costs about what
    # bounding a few names does.
    cdef double *table = <double *> calloc((entries + spanned_tokens + 1) * columns, sizeof(double))
    cdef int64_t *firsts = <int64_t *> malloc((segment_count + 1) * sizeof(int64_t))
    cdef uint8_t *marks = <uint8_t *> calloc(segment_count + 1, sizeof(uint8_t))  # bit 1: unbounded, 2: spanned
    cdef double *weights = <double *> malloc((2 * token_count + 1) * sizeof(double))
    cdef double *best = <double *> malloc((row_count + token_count + 1) * sizeof(double))
    cdef int64_t *window_spans = <int64_t *> malloc((2 * join_count + 1) * sizeof(int64_t))
    cdef uint8_t *flags = <uint8_t *> malloc((row_count + join_count + 1) * sizeof(uint8_t))
    cdef int32_t *column_lines = NULL
    cdef double *unmatched
    cdef double *row_best
    cdef int64_t *window_sizes
    cdef uint8_t *joins_here
    try:
        if not (table and firsts and marks and weights and best and window_spans and flags):
            raise MemoryError()
        unmatched, row_best = weights + token_count, best + token_count
        window_sizes, joins_here = window_spans + join_count, flags + row_count
        for t in range(token_count):
            weights[t], unmatched[t] = query_weights[t], query_unmatched[t]
        for j in range(join_count):
            window_spans[j], window_sizes[j] = windows[j].start, windows[j].size
        for r in range(row_count):
            flags[r] = 1 if significant[r] else 0
            significant_count += flags[r]
        firsts[0] = 0
        for k in range(segment_count):
            firsts[k + 1] = firsts[k] + segment_data[segments[k], 1]
        candidate_tokens = firsts[segment_count]
        column_lines = <int32_t *> malloc((candidate_tokens + 1) * sizeof(int32_t))  # each candidate token's line
        if not column_lines:
            raise MemoryError()
        # The words of all rows, each once: `slot` maps a word to its line in `table` (row values; line 0: no row has
        # it). Most tokens of a name have no similar query word: they cost one lookup.
        for r in range(columns):
            ids, values = rows[r]
            for i in range(ids.shape[0]):
                if slot[ids[i]] == 0:
                    lines += 1
                    slot[ids[i]] = lines
                table[slot[ids[i]] * columns + r] = values[i]
        for k in range(segment_count):
            start = segment_data[segments[k], 0]
            for p in range(segment_data[segments[k], 1]):
                column_lines[firsts[k] + p] = slot[token_codes[start + p] & id_mask]
        for r in range(columns):
            ids = rows[r][0]
            for i in range(ids.shape[0]):
                slot[ids[i]] = 0
        # A long query word is fully similar to each token of a run that may write it apart (`align` joins the run):
        # that token gets a line of its own.
        for t, codes in spans:
            for e in range(codes.shape[0]):
                code = codes[e]
                k = _find(segments, code >> window_bits)
                if k >= 0:
                    for p in range((code >> 2) & start_mask, ((code >> 2) & start_mask) + (code & 3)):
                        lines += 1
                        for r in range(columns):
                            table[lines * columns + r] = table[column_lines[firsts[k] + p] * columns + r]
                        table[lines * columns + t] = 1.0
                        column_lines[firsts[k] + p] = lines
        _mark(segments, unbounded, marks, 1)
        _mark(segments, spanned, marks, 2)
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
                        row_best[r] = max(row_best[r], table[line * columns + r])
            for j in range(join_count):
                joins_here[j] = row_best[token_count + j] > 0.0
            # The query's side: each query token's best similarity through any row covering it.
            for t in range(token_count):
                best[t] = row_best[t]
            for j in range(join_count):
                for t in range(window_spans[j], window_spans[j] + window_sizes[j]):
                    best[t] = max(best[t], row_best[token_count + j])
            query_side = _share(weights, unmatched, best, token_count)
            # The name's side, and how many of its words align with a word that may make it a "firm subset".
            hit = 0.0
            total = 0.0
            aligned_words = 0
            position = segment_data[segment, 0] - first
            for c in range(first, last):
                line = column_lines[c]
                kind = token_codes[position + c] >> kind_bits
                if line == 0:
                    total += token_kinds[kind, 1]
                    continue
                joined = 0.0
                for j in range(join_count):
                    if joins_here[j]:
                        joined = max(
                            joined, table[line * columns + token_count + j], table[line * columns + row_count + j]
                        )
                any_row = joined
                word_row = joined
                for r in range(row_count):
                    any_row = max(any_row, table[line * columns + r])
                    if flags[r]:
                        word_row = max(word_row, table[line * columns + r])
                hit += token_kinds[kind, 0] * any_row
                total += token_kinds[kind, 0] if any_row > 0.0 else token_kinds[kind, 1]
                if word_row > 0.0 and token_kinds[kind, 2] != 0.0:
                    aligned_words += 1
            candidate_side = min(hit / total, 1.0) if total > 0.0 else 0.0
            share = organization_share
            if segment_data[segment, 3] & person_flag:
                words_aligned = min(aligned_words, significant_count)
                left_over = segment_data[segment, 2] - (joins_saved if marks[k] & 2 else 0) > token_count
                firm = words_aligned >= 2 or (words_aligned == 1 and not left_over)
                share = subset_share if firm else loose_share
            high, low = max(query_side, candidate_side), min(query_side, candidate_side)
            bounds_view[k] = share * high + (1.0 - share) * low
            if last == first or marks[k] & 1:
                bounds_view[k] = 1.0
            if segment_data[segment, 3] & company_flags:
                bounds_view[k] *= company_factor
    finally:
        free(table)
        free(firsts)
        free(marks)
        free(weights)
        free(best)
        free(window_spans)
        free(flags)
        free(column_lines)
    return bound


cdef double _share(const double *weights, const double *leftover, const double *best, Py_ssize_t count):
    """The similarity-weighted weight of the query's tokens over that weight (tokens with a possible counterpart)
    plus the left-over weight of the rest."""
    cdef double hit = 0.0, total = 0.0
    cdef Py_ssize_t t
    for t in range(count):
        hit += weights[t] * best[t]
        total += weights[t] if best[t] > 0.0 else leftover[t]
    return hit / total if total > 0.0 else 0.0


cdef Py_ssize_t _find(const int64_t[:] sorted_values, int64_t value):
    """The position of `value` in `sorted_values`, or -1."""
    cdef Py_ssize_t low = _first_at_least(sorted_values, 0, sorted_values.shape[0], value)
    return low if low < sorted_values.shape[0] and sorted_values[low] == value else -1


cdef void _mark(const int64_t[:] segments, const int64_t[:] chosen, uint8_t *marks, uint8_t bit):
    """Set `bit` in `marks` for each of `segments` that is in `chosen`."""
    cdef Py_ssize_t i, k
    for i in range(chosen.shape[0]):
        k = _find(segments, chosen[i])
        if k >= 0:
            marks[k] |= bit


def reachable_names(
    list rows,
    list significant,
    const int64_t[:] word_offsets,
    const int64_t[:] word_segments,
    const int64_t[:] particle_offsets,
    const int64_t[:] particle_segments,
    const double[:] particle_share,
    double least_share,
    bint particles_reach,
    const int64_t[:] kept,
    const int64_t[:] owner,
    uint8_t[:] marks,
):
    """The names (ascending) of the segments `bounds.TokenTable.reachable` keeps: those holding a vocabulary word of
    the "words" (the similar words of the query's `significant` rows, `rows` as `segment_bounds` takes them); those
    holding any of them or of the "particles" (the words of the other rows) only as a particle, if their
    `particle_share` reaches `least_share`; those holding a word of the particles, if `particles_reach` or if they
    also hold a word of the words as a particle; and `kept`.

    The postings (`*_offsets` into `*_segments`, by vocabulary id) are the table's words and particles; `owner` maps a
    segment to its name; `marks` is a zeroed scratch array over all segments, left zeroed. Only the postings read are
    visited, never every segment."""
    cdef Py_ssize_t capacity, count, unique, i, p, r, word_count = 0, particle_count = 0
    cdef int64_t[:] found, segments, names
    cdef bint is_word
    cdef const int32_t[:] ids
    if len(rows) != len(significant):
        raise ValueError("reachable_names: one significant flag per row")
    for r in range(len(rows)):
        if significant[r]:
            word_count += len(rows[r][0])
        else:
            particle_count += len(rows[r][0])
    cdef int32_t *words = <int32_t *> malloc((word_count + particle_count + 1) * sizeof(int32_t))
    if not words:
        raise MemoryError()
    cdef int32_t *particles = words + word_count
    try:
        word_count = particle_count = 0
        for r in range(len(rows)):
            ids = rows[r][0]
            is_word = significant[r]
            for i in range(ids.shape[0]):
                if is_word:
                    words[word_count] = ids[i]
                    word_count += 1
                else:
                    particles[particle_count] = ids[i]
                    particle_count += 1
        capacity = kept.shape[0]
        for i in range(word_count):
            capacity += _posted(word_offsets, words[i]) + _posted(particle_offsets, words[i])
        for i in range(particle_count):
            capacity += _posted(word_offsets, particles[i]) + _posted(particle_offsets, particles[i])
        found_array = np.empty(capacity, dtype=np.int64)
        found = found_array
        count = 0
        for i in range(word_count):
            for p in range(word_offsets[words[i]], word_offsets[words[i] + 1]):
                count = _keep(word_segments[p], marks, found, count)
            for p in range(particle_offsets[words[i]], particle_offsets[words[i] + 1]):
                if particle_share[particle_segments[p]] >= least_share:
                    count = _keep(particle_segments[p], marks, found, count)
                marks[particle_segments[p]] |= 2  # meets a query word with a particle
        for i in range(particle_count):
            for p in range(particle_offsets[particles[i]], particle_offsets[particles[i] + 1]):
                if particle_share[particle_segments[p]] >= least_share:
                    count = _keep(particle_segments[p], marks, found, count)
            for p in range(word_offsets[particles[i]], word_offsets[particles[i] + 1]):
                if particles_reach or marks[word_segments[p]] & 2:
                    count = _keep(word_segments[p], marks, found, count)
        for i in range(kept.shape[0]):
            count = _keep(kept[i], marks, found, count)
        for i in range(word_count):
            for p in range(particle_offsets[words[i]], particle_offsets[words[i] + 1]):
                marks[particle_segments[p]] = 0
    finally:
        free(words)
    for i in range(count):
        marks[found[i]] = 0
    segments = np.sort(found_array[:count])
    result = np.empty(count, dtype=np.int64)
    names = result
    unique = 0
    for i in range(count):
        if unique == 0 or names[unique - 1] != owner[segments[i]]:
            names[unique] = owner[segments[i]]
            unique += 1
    return result[:unique]


cdef inline Py_ssize_t _posted(const int64_t[:] offsets, Py_ssize_t key):
    """How many segments the postings hold under `key`."""
    return offsets[key + 1] - offsets[key]


cdef inline Py_ssize_t _keep(int64_t segment, uint8_t[:] marks, int64_t[:] found, Py_ssize_t count):
    """Add `segment` to the first `count` of `found` unless it is marked there already; the new count."""
    if marks[segment] & 1:
        return count
    marks[segment] |= 1
    found[count] = segment
    return count + 1


cpdef letter_pair_candidates(
    const int64_t[:] gram_offsets,
    const int32_t[:] gram_positions,
    const int64_t[:] grams,
    Py_ssize_t low,
    Py_ssize_t high,
    const int16_t[:] needed,
    uint8_t[::1] shared,
):
    """The positions (ascending) in [low, high) of the strings of an `bounds._EditScan` that share at least
    `needed[position - low]` of the letter pairs `grams` (the pairs' slots; each posting, `gram_offsets` into
    `gram_positions`, holds ascending positions). `shared` is a zeroed scratch array over all positions, left zeroed.

    Why by hand: numpy's bincount counted every posting in full (a common pair such as "a$" is held by thousands of
    strings) into a histogram of 8-byte counts over all strings before the length window cut it; here each posting
    is entered at `low` by binary search, the counts are bytes (the caller counts longer words with numpy) and the
    counting loop has no branch (whether a string was met before is a coin toss the CPU cannot predict)."""
    cdef Py_ssize_t g, p, end, capacity = 0, touched_count = 0, count = 0
    cdef int64_t position
    cdef int64_t[:] touched, found
    for g in range(grams.shape[0]):
        end = gram_offsets[grams[g] + 1]
        capacity += end - _first_at_least(gram_positions, gram_offsets[grams[g]], end, low)
    touched_array = np.empty(capacity, dtype=np.int64)
    touched = touched_array
    for g in range(grams.shape[0]):
        end = gram_offsets[grams[g] + 1]
        for p in range(_first_at_least(gram_positions, gram_offsets[grams[g]], end, low), end):
            position = gram_positions[p]
            if position >= high:
                break
            touched[touched_count] = position
            touched_count += shared[position] == 0
            shared[position] += 1
    found_array = np.empty(touched_count, dtype=np.int64)
    found = found_array
    for p in range(touched_count):
        position = touched[p]
        found[count] = position
        count += shared[position] >= needed[position - low]
        shared[position] = 0
    return np.sort(found_array[:count])


ctypedef fused _integer:
    int32_t
    int64_t


cdef Py_ssize_t _first_at_least(const _integer[:] values, Py_ssize_t low, Py_ssize_t high, int64_t value):
    """The first index in [low, high) of ascending `values` holding at least `value` (`high` if none)."""
    cdef Py_ssize_t middle
    while low < high:
        middle = (low + high) // 2
        if values[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low
