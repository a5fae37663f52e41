/* models/estimate.h - what a study will cost, from its configuration alone.
 *
 * Before anything runs, the commands estimate how many events a study dispatches and
 * how much memory one replication holds, and refuse studies beyond the documented
 * ceilings (docs/scenario-reference.md, "Limits") unless asked to go on (--force).
 * The figures are rough (within a small factor for ordinary studies) and err on the
 * high side; they are meant to tell an afternoon from a century, not to predict.
 */
#ifndef HAPGSIM_MODELS_ESTIMATE_H
#define HAPGSIM_MODELS_ESTIMATE_H

#include "models/config.h"

/* Ceilings: events of a whole study (every replication, every sweep point), and the
 * memory of the replications that run at once compared with the machine's. */
#define MDL_MAX_EVENTS 1e12
/* Objects one replication may create (initial ones included): the registry's 32-bit
 * indices.  Not a matter of patience: no --force goes beyond it. */
#define MDL_MAX_OBJECTS 2e9

typedef struct {
    double operations;       /* operations issued, per replication */
    double fault_events;     /* fault begin/end events and their consequences, per replication */
    double events;           /* all events, per replication */
    double objects;          /* objects that exist at some point, per replication */
    double bytes;            /* peak memory of one replication */
} MdlEstimate;

/* Fills `out` for one replication of `config` (which must be valid).  Never fails;
 * degenerate figures (a rate of 1e300) come out as large finite numbers or +inf. */
void mdl_estimate(const MdlConfig *config, MdlEstimate *out);

#endif
