/* models/observer.c - names of the observer's enumerations (for reports and traces). */
#include "models/observer.h"

static const char *const outcome_names[MDL_N_OUTCOMES] = {
    "ok", "no_member", "object_not_found", "rejected", "aborted"};
static const char *const view_names[MDL_N_VIEWS] = {
    "active", "standby", "failed", "exhausted", "absent", "syncing"};
static const char *const cause_names[MDL_N_CAUSES] = {
    "start", "detected", "auto", "attempts_used_up", "manual", "synced", "resync"};
static const char *const phys_names[MDL_N_PHYS] = {
    "up", "powered_off", "tampered", "zeroized", "isolated"};

const char *mdl_outcome_name(MdlOutcome o) { return (unsigned)o < MDL_N_OUTCOMES ? outcome_names[o] : "?"; }
const char *mdl_view_name(MdlView v) { return (unsigned)v < MDL_N_VIEWS ? view_names[v] : "?"; }
const char *mdl_cause_name(MdlCause c) { return (unsigned)c < MDL_N_CAUSES ? cause_names[c] : "?"; }
const char *mdl_phys_name(MdlPhys p) { return (unsigned)p < MDL_N_PHYS ? phys_names[p] : "?"; }
