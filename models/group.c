/* models/group.c - assembling one replication, running it, reading its state. */
#include "models/world.h"

#include "sim/rng.h"

#include <string.h>

static const MdlObserverClass no_observer = {0};

gsl_rng *mdl_stream_new(const MdlGroup *g, const char *name)
{
    return sim_rng_stream_new(g->replication_seed, name);
}

gsl_rng *mdl_client_stream_new(const MdlGroup *g, uint32_t client, const char *what)
{
    g_autofree char *name = g_strdup_printf("client/%s/%s", g->cfg->clients[client].name, what);
    return mdl_stream_new(g, name);
}

static void on_start(SimEngine *e, const SimEvent *ev, void *ctx)
{
    MdlGroup *g = ctx;
    if (g->clients[ev->target].down) {      /* its host is off: it starts at power-on */
        g->clients[ev->target].start_due = TRUE;
        return;
    }
    mdl_client_start(ctx, ev->target, FALSE);
    mdl_threads_start(ctx, ev->target);     /* the closed loop's threads (issue 11) */
}

MdlGroup *mdl_group_new(const MdlConfig *config, uint64_t replication_seed,
                        const MdlObserver *observer)
{
    g_return_val_if_fail(config != NULL, NULL);
    g_return_val_if_fail(config->n_members >= 1 && config->n_members <= MDL_MAX_MEMBERS, NULL);
    g_return_val_if_fail(config->n_clients >= 1, NULL);
    MdlGroup *g = g_new0(MdlGroup, 1);
    g->cfg = config;
    g->replication_seed = replication_seed;
    g->obs = observer && observer->klass ? *observer : (MdlObserver){&no_observer, NULL};
    g->engine = sim_engine_new();
    static const struct {
        const char *name;
        SimHandler fn;
    } handlers[EV_N + 1] = {
        [EV_ARRIVAL] = {"arrival", mdl_on_arrival},
        [EV_SERVICE_DONE] = {"service-done", mdl_on_service_done},
        [EV_DETECT] = {"detect", mdl_on_detect},
        [EV_ATTEMPT_END] = {"attempt-end", mdl_on_attempt_end},
        [EV_PROBE] = {"probe", mdl_on_probe},
        [EV_SYNC_DONE] = {"sync-done", mdl_on_sync_done},
        [EV_FAULT] = {"fault", mdl_on_fault},
        [EV_BOOT_DONE] = {"boot-done", mdl_on_boot_done},
        [EV_REINIT_DONE] = {"reinit-done", mdl_on_reinit_done},
        [EV_OPERATOR] = {"operator", mdl_on_operator},
        [EV_ACTION] = {"action", mdl_on_action},
        [EV_MIRROR] = {"mirror", mdl_on_mirror},
        [EV_START] = {"start", on_start},
        [EV_FLUID_READ] = {"fluid-read", mdl_on_fluid_read},
        [EV_FLUID_WRITE] = {"fluid-write", mdl_on_fluid_write},
        [EV_FLUID_CALL] = {"fluid-call", mdl_on_fluid_call},
        [EV_THINK_END] = {"think-end", mdl_on_think_end},
        [EV_RETRY] = {"retry", mdl_on_retry},
        [EV_APP_TIMEOUT] = {"app-timeout", mdl_on_app_timeout},
    };
    for (int k = 0; k < EV_N; k++)
        g->kind[k] = sim_engine_register(g->engine, handlers[k].name, handlers[k].fn, g);

    g->n_members = config->n_members;
    g->n_clients = config->n_clients;
    g->all_members = (uint32_t)((1ull << g->n_members) - 1);
    for (uint32_t m = 0; m < g->n_members; m++)
        if (config->members[m].standby)
            g->standby |= BIT(m);
    g->n_grps = mdl_config_n_groups(config);
    g->grps = g_new0(MdlClientGroupConfig, g->n_grps);
    g->grp_arrival = g_new0(SimDist, g->n_grps);
    g->grp_cum_mix = g_malloc0_n(g->n_grps, sizeof *g->grp_cum_mix);
    g->min_command_timeout = SIM_TIME_MAX;
    for (uint32_t k = 0; k < g->n_grps; k++) {
        g->grps[k] = mdl_config_group(config, k);
        const MdlClientGroupConfig *s = &g->grps[k];
        g->grp_arrival[k] = sim_dist_exponential(s->rate > 0 ? 1.0 / s->rate : 1.0);
        g->grp_cum_mix[k][0] = s->mix[0];
        g->grp_cum_mix[k][1] = s->mix[0] + s->mix[1];
        g->grp_cum_mix[k][2] = 1.0;
        g->min_command_timeout = MIN(g->min_command_timeout, s->command_timeout);
    }
    g->free_op = MDL_NONE;
    g->mirror_backlog = g_array_new(FALSE, FALSE, sizeof(uint32_t));

    mdl_objects_init(&g->obj, config->zipf_s);
    g->members = g_new0(Member, g->n_members);
    for (uint32_t m = 0; m < g->n_members; m++)
        mdl_member_init(g, &g->members[m], m);
    g->clients = g_new0(Client, g->n_clients);
    mdl_clients_init(g);
    mdl_consistency_init(g);
    g->pairs = g_new0(Pair, (size_t)g->n_clients * g->n_members);
    for (size_t k = 0; k < (size_t)g->n_clients * g->n_members; k++) {
        Pair *p = &g->pairs[k];
        p->view = MDL_VIEW_ABSENT;       /* until the client starts */
        p->lost = g_array_new(FALSE, FALSE, sizeof(uint32_t));
        p->pending = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    /* the initial objects: every member holds them (fluid mode: in the pool) */
    if (config->workload_mode == MDL_WORKLOAD_FLUID) {
        mdl_fluid_init(g);
        g->obj.pool = config->initial_objects;
    } else {
        for (uint64_t k = 0; k < config->initial_objects; k++)
            mdl_object_publish(g, mdl_object_create(g, g->all_members));
    }

    /* faults first, so that one at time 0 is in effect when the clients start */
    mdl_faults_init(g);
    mdl_operator_init(g);
    for (uint32_t c = 0; c < g->n_clients; c++)
        sim_engine_schedule(g->engine, 0, g->kind[EV_START], c, 0);
#ifdef MDL_CHECKS
    mdl_group_set_checks(g, TRUE);             /* Debug builds: models/CMakeLists.txt */
#endif
    return g;
}

void mdl_group_free(MdlGroup *g)
{
    if (g == NULL)
        return;
    sim_engine_free(g->engine);
    for (uint32_t m = 0; m < g->n_members; m++) {
        mdl_member_clear(&g->members[m]);
        gsl_rng_free(g->r_operator[m]);
    }
    g_free(g->members);
    g_free(g->r_operator);
    for (uint32_t c = 0; c < g->n_clients; c++) {
        Client *cl = &g->clients[c];
        gsl_rng_free(cl->r_arrival);
        gsl_rng_free(cl->r_mix);
        gsl_rng_free(cl->r_keys);
        gsl_rng_free(cl->r_balance);
    }
    mdl_clients_clear(g);
    g_free(g->clients);
    mdl_consistency_clear(g);
    for (size_t k = 0; k < (size_t)g->n_clients * g->n_members; k++) {
        g_hash_table_destroy(g->pairs[k].pending);
        g_array_free(g->pairs[k].lost, TRUE);
    }
    g_free(g->pairs);
    g_free(g->ops);
    mdl_objects_clear(&g->obj);
    mdl_faults_clear(g);
    g_array_free(g->cases, TRUE);
    g_array_free(g->mirror_backlog, TRUE);
    mdl_fluid_clear(g);
    for (uint32_t k = 0; k < g->n_grps; k++)
        sim_dist_clear(&g->grp_arrival[k]);
    g_free(g->grps);
    g_free(g->grp_arrival);
    g_free(g->grp_cum_mix);
    g_free(g);
}

static gboolean interrupted(MdlGroup *g)
{
    if (g->event_limit && sim_engine_dispatched(g->engine) >= g->event_limit)
        return TRUE;
    return g_atomic_int_get(&g->interrupted) ||
           (g->interrupt_flag && g_atomic_int_get(g->interrupt_flag));
}

SimRunResult mdl_group_run_slices(MdlGroup *g, SimTime until)
{
    /* run in slices of MDL_RUN_SLICE events so that an interruption is seen within
     * milliseconds of wall time however dense the study is; slicing by events changes
     * nothing in the results */
    SimRunResult r = SIM_RUN_LIMIT;
    while (!interrupted(g)) {
        r = sim_engine_run_limit(g->engine, until, MDL_RUN_SLICE);
        if (r == SIM_RUN_EMPTY) {
            sim_engine_advance(g->engine, until);      /* nothing left to happen */
            break;
        }
        if (r != SIM_RUN_LIMIT)
            break;
    }
    return r;
}

void mdl_group_base_hook(MdlGroup *g)
{
    /* fluid mode's hook checks too when checks are on */
    if (g->fluid)
        sim_engine_set_after(g->engine, mdl_fluid_after_event, g);
    else
        sim_engine_set_after(g->engine, g->checks ? mdl_check_after_event : NULL, g);
}

void mdl_group_run(MdlGroup *g, SimTime until)
{
    g_return_if_fail(g != NULL);
    mdl_group_run_slices(g, until);
    if (g->fluid)
        mdl_fluid_finish(g, NOW(g));
    if (g->checks)
        mdl_check_invariants(g, TRUE);
}

void mdl_group_set_checks(MdlGroup *g, gboolean on)
{
    g_return_if_fail(g != NULL);
    g->checks = on;
    mdl_group_base_hook(g);
}

void mdl_group_set_event_limit(MdlGroup *g, uint64_t max_events)
{
    g_return_if_fail(g != NULL);
    g->event_limit = max_events;
}

void mdl_group_interrupt(MdlGroup *g)
{
    g_atomic_int_set(&g->interrupted, 1);
}

void mdl_group_set_interrupt_flag(MdlGroup *g, gint *flag)
{
    g->interrupt_flag = flag;
}

SimTime mdl_group_now(const MdlGroup *g) { return sim_engine_now(g->engine); }
uint64_t mdl_group_events(const MdlGroup *g) { return sim_engine_dispatched(g->engine); }

/* A GHashTable used as a set of integers: per entry a key slot and a hash slot, in
 * arrays kept between a quarter and a half full -- about three times that, roughly. */
static size_t set_memory(GHashTable *t)
{
    return 128 + (size_t)g_hash_table_size(t) * 3 * (sizeof(gpointer) + sizeof(guint));
}

size_t mdl_group_memory(const MdlGroup *g)
{
    size_t bytes = sizeof *g + sim_engine_memory(g->engine);
    bytes += (size_t)g->ops_cap * sizeof(Op);
    const Objects *o = &g->obj;
    bytes += (size_t)o->cap * 3 * sizeof(uint32_t);                   /* state, pos, rpos */
    bytes += ((size_t)o->alive_cap + o->readable_cap) * sizeof(uint32_t);
    for (uint32_t m = 0; m < g->n_members; m++) {
        const Member *mb = &g->members[m];
        bytes += (mb->q_cap + mb->cfg->concurrency) * sizeof(Job);
        bytes += (size_t)mb->async_missed->len * sizeof(uint32_t);
    }
    bytes += (size_t)g->n_clients * (sizeof(Client) + sizeof(RotClass));
    bytes += (size_t)g->n_clients * g->n_members * sizeof(Pair);
    for (size_t k = 0; k < (size_t)g->n_clients * g->n_members; k++) {
        const Pair *p = &g->pairs[k];
        bytes += p->lost->len * sizeof(uint32_t) + set_memory(p->pending);
    }
    bytes += (size_t)g->mirror_backlog->len * sizeof(uint32_t);
    bytes += (size_t)g->cases->len * sizeof(OpCase);
    return bytes;
}

uint64_t mdl_group_in_flight(const MdlGroup *g)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < g->n_ops; i++)
        n += g->ops[i].in_use;
    return n;
}

uint64_t mdl_group_zombies(const MdlGroup *g) { return g->obj.zombies; }
uint64_t mdl_group_objects_alive(const MdlGroup *g) { return g->obj.n_alive + g->obj.pool; }
uint64_t mdl_group_objects_lost(const MdlGroup *g) { return g->obj.lost; }
uint64_t mdl_group_member_missing(const MdlGroup *g, uint32_t m) { return g->obj.missing[m]; }
MdlView mdl_group_view(const MdlGroup *g, uint32_t c, uint32_t m) { return (MdlView)PAIR(g, c, m)->view; }
MdlPhys mdl_group_phys(const MdlGroup *g, uint32_t m) { return g->members[m].phys; }

uint64_t mdl_group_pending(const MdlGroup *g, uint32_t c, uint32_t m)
{
    return g_hash_table_size(PAIR(g, c, m)->pending);
}
