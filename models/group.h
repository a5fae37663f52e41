/* models/group.h - one replication of an HA partition group study.
 *
 * mdl_group_new() builds the world a configuration describes (zones, members, clients,
 * faults, the operator, the workload) on a fresh engine, with every random stream
 * seeded from `replication_seed` (sim/rng.h); mdl_group_run() advances it.  A group
 * reports to its observer as it runs.  Groups share nothing: replications may run in
 * parallel threads, one group each.
 */
#ifndef HAPGSIM_MODELS_GROUP_H
#define HAPGSIM_MODELS_GROUP_H

#include "models/config.h"
#include "models/observer.h"
#include "sim/time.h"

#include <stdint.h>

typedef struct MdlGroup MdlGroup;

/* `config` must stay alive and unchanged while the group lives (transfer none).
 * `observer` may be NULL. */
MdlGroup *mdl_group_new(const MdlConfig *config, uint64_t replication_seed,
                        const MdlObserver *observer);
void mdl_group_free(MdlGroup *group);

/* Runs until simulated time `until` (events at `until` included), or until it is
 * interrupted: the flags are polled every MDL_RUN_SLICE events. */
#define MDL_RUN_SLICE 4096
void mdl_group_run(MdlGroup *group, SimTime until);

/* mdl_group_run() also returns (as if interrupted) once the group has handled
 * `max_events` events in all (checked every MDL_RUN_SLICE events; 0: no limit).  For
 * the fuzz target that runs scenarios. */
void mdl_group_set_event_limit(MdlGroup *group, uint64_t max_events);

/* Asks a running mdl_group_run() to return soon (another thread may call it). */
void mdl_group_interrupt(MdlGroup *group);
/* mdl_group_run() also returns soon once *flag becomes non-zero (flag may be NULL). */
void mdl_group_set_interrupt_flag(MdlGroup *group, gint *flag);

/* Checks what must hold between events (models/invariants.c): masks against the views,
 * counters against the registry, queues, the operation records; g_error() on a broken
 * one.  `full` adds the checks linear in the objects and operations.
 * mdl_group_set_checks(g, TRUE) checks the members after every event, the clients'
 * views every 64 events, the rest every 1024 events, everything at the end of a run.
 * It is the default in Debug builds (MDL_CHECKS), and the tests turn it on. */
void mdl_check_invariants(const MdlGroup *group, gboolean full);
void mdl_group_set_checks(MdlGroup *group, gboolean on);

/* Splitting (models/snapshot.c).  A deep copy of the whole replication between events,
 * reporting to `observer`, its random streams re-seeded from `stream_seed`: an
 * independent continuation of the same state. */
MdlGroup *mdl_group_clone(const MdlGroup *group, const MdlObserver *observer,
                          uint64_t stream_seed);
/* How close the state is to the rare set: for MDL_IMPORTANCE_OUTAGE the members out of
 * service (out of rotation, off or cut off) for the started client closest to an
 * outage, every member when a client cannot serve; for MDL_IMPORTANCE_DURABILITY the
 * members that are off or lack some object. */
uint32_t mdl_group_importance(const MdlGroup *group, MdlImportance kind);
/* Runs like mdl_group_run() until `until`, but stops after the first event that leaves
 * the importance outside lo..hi (or, with `settle`, after which the group is settled):
 * returns the importance, or -1 when `until` was reached (or the run was interrupted). */
int64_t mdl_group_run_watched(MdlGroup *group, SimTime until, MdlImportance kind, uint32_t lo,
                              uint32_t hi, gboolean settle);
/* No operation drawn one by one is in flight (fluid mode; always in the operations
 * mode): a copy made now does not replay their completions. */
gboolean mdl_group_settled(const MdlGroup *group);

SimTime mdl_group_now(const MdlGroup *group);
uint64_t mdl_group_events(const MdlGroup *group);        /* events dispatched */
size_t mdl_group_memory(const MdlGroup *group);          /* bytes held, roughly */

/* Operations issued and not yet ended (in flight). */
uint64_t mdl_group_in_flight(const MdlGroup *group);

/* State read at the end of a run. */
uint64_t mdl_group_zombies(const MdlGroup *group);       /* deleted objects with copies */
uint64_t mdl_group_objects_alive(const MdlGroup *group);
uint64_t mdl_group_objects_lost(const MdlGroup *group);
/* objects a member lacks among the existing ones */
uint64_t mdl_group_member_missing(const MdlGroup *group, uint32_t member);
MdlView mdl_group_view(const MdlGroup *group, uint32_t client, uint32_t member);
MdlPhys mdl_group_phys(const MdlGroup *group, uint32_t member);
uint64_t mdl_group_pending(const MdlGroup *group, uint32_t client, uint32_t member);

#endif
