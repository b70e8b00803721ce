# Types for the compiled build of cues.py (see matching.pxd): Cued an extension class, so its
# checks, run dozens of times a story, read its fields in C. Keep it in step with cues.py (the
# build checks that the compiled tagger tags as the pure one).

cdef class Cued:
    cdef public object pattern, cues, _finder, _lowered
    cdef public bint caseless

    cpdef bint may_match(self, str text, Py_ssize_t pos=*, object endpos=*)
    cpdef bint _holds_cue(self, str text, Py_ssize_t pos, object endpos)
    cpdef object search(self, str text, Py_ssize_t pos=*, object endpos=*, object lowered=*)
