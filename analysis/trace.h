/* analysis/trace.h - one replication's state changes as JSON Lines.
 *
 * An observer that writes one JSON object per line for every fault, physical state
 * change, view transition, recovery attempt, synchronization, slot outage and
 * operator action, each with "t" (seconds, a number) and "t_ns" (an integer), then
 * "event" and the event's fields (names, not indices).  Operations themselves are
 * not traced.  The basis for debugging a study and for timeline plots.
 */
#ifndef HAPGSIM_ANALYSIS_TRACE_H
#define HAPGSIM_ANALYSIS_TRACE_H

#include "models/group.h"

typedef struct AnaTrace AnaTrace;

AnaTrace *ana_trace_new(const MdlConfig *config);    /* config must outlive it */
void ana_trace_free(AnaTrace *t);
MdlObserver ana_trace_observer(AnaTrace *t);
/* The lines written so far (transfer none). */
const GString *ana_trace_text(const AnaTrace *t);
/* Ends a trace whose replication was interrupted at `now` (before its duration) with
 * the line {"t": ..., "t_ns": ..., "event": "interrupted"}. */
void ana_trace_interrupted(AnaTrace *t, SimTime now);

#endif
