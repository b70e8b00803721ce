# Types for the compiled build of matching.py (scripts/build_tagger.py; Cython reads this file
# beside the module, Python never does): its classes become extension types with typed fields,
# and its hot loops read them in C. Keep it in step with matching.py: a field or function named
# here must exist there (the build checks that the compiled tagger tags as the pure one).
import cython


cdef class Match:
    cdef public Py_ssize_t start, end
    cdef public object pattern
    cdef public str target, kind
    cdef public bint institution, place


cdef class Key:
    cdef public object pattern
    cdef public Py_ssize_t back, length
    cdef public str kind
    cdef public bint institution
    cdef public object literal, exact
    cdef public bint prefix, entity, simple


@cython.locals(entity=list, topic=list, found=list, last=Py_ssize_t, keys=tuple, key=Key, start=Py_ssize_t,
               end=Py_ssize_t)
cpdef tuple find_patterns(object automaton, str text, str spaced)

@cython.locals(kept=list, reach=Py_ssize_t, start=Py_ssize_t, end=Py_ssize_t, key=Key)
cpdef list leftmost_longest(list found, bint same_span_for_each_target=*)

@cython.locals(match=Match)
cpdef bint _new_target(list kept, Py_ssize_t start, str target)

@cython.locals(found=list, settled=dict, last=Py_ssize_t, key=tuple)
cpdef list find_words(object finder, str spaced)

@cython.locals(exact=bint, parts=tuple, part=str)
cpdef object _lists_let_in(tuple key, str spaced)

@cython.locals(before=set, after=set, position=Py_ssize_t)
cpdef tuple near(list hits, Py_ssize_t start, Py_ssize_t end, Py_ssize_t window)
