# Types for the compiled build of topics.py (see matching.pxd): score_topics reads each topic
# phrase's match as the typed Match of matching.pxd, in C. Keep it in step with topics.py (the
# build checks that the compiled tagger tags as the pure one).
import cython

from ingest.tagging.matching cimport Match


@cython.locals(best=dict, text=str, match=Match, weight=double, phrases=dict, tags=list)
cpdef list score_topics(list matches, object sentences, Py_ssize_t title_end, double threshold,
                        double title_weight, object restated=*, object sources=*)

@cython.locals(low=Py_ssize_t, high=Py_ssize_t)
cpdef bint _overlaps(Match match, object restated)
