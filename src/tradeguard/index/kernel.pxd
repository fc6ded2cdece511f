# C types for kernel.py, which Cython compiles with them (setup.py); the .py file stays the source.
cimport cython
from libc.stdint cimport int16_t, int32_t, int64_t, uint8_t

@cython.locals(
    token_count=Py_ssize_t, join_count=Py_ssize_t, row_count=Py_ssize_t, segment_count=Py_ssize_t,
    k=Py_ssize_t, r=Py_ssize_t, i=Py_ssize_t, p=Py_ssize_t, e=Py_ssize_t, t=Py_ssize_t, j=Py_ssize_t, c=Py_ssize_t,
    start=Py_ssize_t, first=Py_ssize_t, last=Py_ssize_t, position=Py_ssize_t, segment=Py_ssize_t,
    firsts=int64_t[:], table=double[:, :], column_lines=int32_t[:], lines=Py_ssize_t, line=Py_ssize_t,
    marks=uint8_t[:], row_best=double[:], best=double[:], joins_here=uint8_t[:],
    significant_count=int64_t, aligned_words=int64_t, words_aligned=int64_t, company_flags=int, person_flag=int,
    joins_saved=int64_t, left_over=bint, firm=bint,
    hit=double, total=double, joined=double, any_row=double, word_row=double,
    query_side=double, candidate_side=double, share=double, high=double, low=double,
    subset_share=double, loose_share=double, organization_share=double, company_factor=double,
)
cpdef void segment_bounds(
    const int64_t[:] segments,
    const int64_t[:, :] segment_data,
    const double[:, :] token_data,
    const int64_t[:] row_offsets,
    const int32_t[:] row_ids,
    const double[:] row_values,
    const uint8_t[:] significant,
    const int64_t[:, :] windows,
    const double[:] query_weights,
    const double[:] query_unmatched,
    const int64_t[:, :] spans,
    const int64_t[:] unbounded,
    const int64_t[:] spanned,
    const double[:] scalars,
    int32_t[:] slot,
    double[:] bound,
)

@cython.locals(t=Py_ssize_t, hit=double, total=double)
cdef double _share(const double[:] weights, const double[:] leftover, const double[:] best)

@cython.locals(e=Py_ssize_t, length=Py_ssize_t)
cdef Py_ssize_t _spans_length(const int64_t[:, :] spans)

@cython.locals(low=Py_ssize_t, high=Py_ssize_t, middle=Py_ssize_t)
cdef Py_ssize_t _find(const int64_t[:] sorted_values, int64_t value)

@cython.locals(i=Py_ssize_t, k=Py_ssize_t)
cdef void _mark(const int64_t[:] segments, const int64_t[:] chosen, uint8_t[:] marks, uint8_t bit)

@cython.locals(capacity=Py_ssize_t, count=Py_ssize_t, unique=Py_ssize_t, i=Py_ssize_t, p=Py_ssize_t,
               found=int64_t[:], segments=int64_t[:], names=int64_t[:])
cpdef reachable_names(
    const int32_t[:] words,
    const int32_t[:] particles,
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
)

cdef Py_ssize_t _posted(const int64_t[:] offsets, Py_ssize_t key)

cdef Py_ssize_t _keep(int64_t segment, uint8_t[:] marks, int64_t[:] found, Py_ssize_t count)

@cython.locals(capacity=Py_ssize_t, seen=Py_ssize_t, kept=Py_ssize_t, g=Py_ssize_t, p=Py_ssize_t, i=Py_ssize_t,
               end=Py_ssize_t, touched=int64_t[:], found=int64_t[:])
cpdef shared_gram_candidates(
    const int64_t[:] grams,
    const int64_t[:] offsets,
    const int64_t[:] positions,
    Py_ssize_t low,
    Py_ssize_t high,
    const int16_t[:] needed,
    int32_t[:] counts,
)

@cython.locals(middle=Py_ssize_t)
cdef Py_ssize_t _first_at_least(const int64_t[:] values, Py_ssize_t end, Py_ssize_t start, int64_t value)
