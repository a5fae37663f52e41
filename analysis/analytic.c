/* analysis/analytic.c - closed forms for the scenarios that allow them.
 *
 * Availability.  A unit (a member, or a zone whose members fail together) has an
 * exponential fault process: up ~ Exp(lambda), down ~ Exp(mu), a two-state Markov
 * chain X.  For a busy client an operation is outstanding on the unit when it fails
 * (at f = 0 below); the client detects the failure at T (command_timeout) and probes at
 * T + k I (active mode, retry -1, I = interval); the unit rejoins at the first probe
 * that finds it up.  Before T the unit may come back: then it is up and still in
 * rotation, so it serves (it is in service) until it fails again or the detection
 * takes it out at T.  Renewal-reward over the cycles between rejoins:
 *   in service after a rejoin:   Exp(lambda) (memoryless), mean 1/lambda;
 *   out of service in [0, T]:    int_0^T p_dd(t) dt
 *                              = lambda T/(lambda+mu) + mu (1 - e^-(lambda+mu)T)/(lambda+mu)^2;
 *   out of service after T:      K I, K the first k >= 1 with X(T + k I) up given X(0)
 *                                down: a = p_dd(T + I), b = p_dd(I), E[K] = 1 + a/(1 - b);
 *   cycle:                       C = 1/lambda + T + I E[K];
 *   U = (int_0^T p_dd + I E[K]) / C   (fraction of time out of service).
 * The unit leaves service at f, and once more for every time it came back before T
 * (at its next failure, or at T): L = 1 + mu int_0^T p_dd(t) dt times per cycle.
 * Units are independent and the slot serves iff some unit is in service:
 *   availability = 1 - prod U_u;  outages start at rate sum_u (L_u / C_u) prod_{v != u} U_v
 * (a unit leaves service independently of the others' states).
 *
 * Not covered: synchronization after a rejoin.  With writes in the mix and
 * synchronize on, a member that comes back first receives what it missed before it
 * serves; that time grows with the time it was out, which the renewal argument above
 * does not model: such scenarios get "no closed form" and the reason.
 *
 * Latency.  With `random` balancing each of N members receives a Poisson stream of
 * rate lambda/N and is an M/M/c queue: W = 1/mu + C(c, a) / (c mu - lambda_m).  With
 * one member, an M/M/c/K queue (K = c + queue_limit, at any load): p_n as for M/M/c up
 * to K, the loss P_K, and W = L / (lambda (1 - P_K)) by Little's law on the admitted
 * stream.
 */
#include "analysis/analytic.h"
#include "analysis/mva.h"

#include "analysis/metrics.h"
#include "analysis/stats.h"

#include <math.h>
#include <string.h>

double ana_p_down_down(double lambda, double mu, double t)
{
    return lambda / (lambda + mu) + mu / (lambda + mu) * exp(-(lambda + mu) * t);
}

double ana_down_integral(double lambda, double mu, double T)
{
    double s = lambda + mu;
    return lambda * T / s + mu * -expm1(-s * T) / (s * s);
}

double ana_out_of_service(double lambda, double mu, double T, double I)
{
    double a = ana_p_down_down(lambda, mu, T + I), b = ana_p_down_down(lambda, mu, I);
    return ana_down_integral(lambda, mu, T) + I * (1 + a / (1 - b));
}

double ana_cycle(double lambda, double mu, double T, double I)
{
    double a = ana_p_down_down(lambda, mu, T + I), b = ana_p_down_down(lambda, mu, I);
    return 1 / lambda + T + I * (1 + a / (1 - b));
}

double ana_erlang_c(int c, double a)
{
    double term = 1, sum = 1;
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c * c / (c - a);
    return last / (sum + last);
}

double ana_mmc_response(int c, double lambda, double mu)
{
    double a = lambda / mu;
    return 1 / mu + ana_erlang_c(c, a) / (c * mu - lambda);
}

static void add(AnaAnalytic *a, const char *metric, double value)
{
    AnaExact e = {g_strdup(metric), value};
    g_array_append_val(a->exact, e);
}

typedef struct {
    double lambda, mu;        /* 0, 0: never fails */
} Unit;

/* Why fault f is not a stationary process the closed forms cover, or NULL. */
static char *fault_why(const MdlFaultConfig *f)
{
    if (f->scheduled)
        return g_strdup("a scheduled fault (at/duration) is not a stationary process");
    if (f->kind == MDL_FAULT_TAMPER || f->kind == MDL_FAULT_ZEROIZE)
        return g_strdup_printf("%s faults need the operator", mdl_fault_kind_name(f->kind));
    if (f->every.family != SIM_DIST_EXPONENTIAL || f->repair.family != SIM_DIST_EXPONENTIAL)
        return g_strdup("fault times (every, repair) are not both exponential");
    return NULL;
}

/* Whether fault f (not a client fault) can hold member m down. */
static gboolean fault_hits(const MdlFaultConfig *f, const MdlMemberConfig *mc, uint32_t m)
{
    switch (f->target) {
    case MDL_TARGET_MEMBER: return f->index == m;
    case MDL_TARGET_ZONE: return f->index == mc->zone;
    default: return TRUE;               /* each-member, each-zone */
    }
}

/* Why member mc, hit by fault f (repair rate mu), comes back in a way the closed forms
 * do not cover (a fixed boot, the operator), or NULL. */
static char *member_why(const MdlFaultConfig *f, const MdlMemberConfig *mc, double mu)
{
    if (f->kind != MDL_FAULT_NETWORK && mc->boot_time > 0)
        return g_strdup_printf("member %s boots for a fixed time after power faults", mc->name);
    if (f->kind == MDL_FAULT_POWER && exp(-mu * sim_time_to_s(mc->activation_hold)) > 1e-9)
        return g_strdup_printf("power outages of member %s may outlast activation_hold and "
                               "need the operator", mc->name);
    return NULL;
}

/* Why the availability has no closed form here, or NULL; fills units (per member, or
 * per zone when zone_level) and says which. */
static char *availability_conditions(const MdlConfig *c, Unit *units, gboolean *zone_level)
{
    if (c->n_groups > 0)                  /* issue 11 */
        return g_strdup("the clients are written as client groups; the closed forms assume "
                        "one setting shared by every client (clients as a mapping)");
    if (c->recovery_mode != MDL_RECOVERY_ACTIVE || c->retry != -1)
        return g_strdup("recovery is not active with retry -1 (passive attempts depend on the "
                        "application's calls; finite retries end in the operator's hands)");
    if (c->n_members < 2)
        return g_strdup("a group of one member has no automatic recovery");
    if (c->n_actions > 0)
        return g_strdup("scheduled actions change the state at fixed times");
    if (c->synchronize && c->mix[0] < 1 && c->n_faults > 0)
        return g_strdup("with creates or deletes in the mix a rejoining member first receives "
                        "the writes it missed (synchronize: true), for a time that depends on "
                        "how long it was out; the closed form has no term for it (set "
                        "clients.synchronize=false, or a read-only mix, to get one)");
    for (uint32_t m = 0; m < c->n_members; m++)
        if (c->members[m].standby)
            return g_strdup("standby members are served only when no active member is in rotation");
    gboolean member_faults = FALSE, zone_faults = FALSE;
    for (uint32_t i = 0; i < c->n_faults; i++) {
        const MdlFaultConfig *f = &c->faults[i];
        if (f->target == MDL_TARGET_CLIENT && !f->scheduled)   /* scheduled: said below */
            return g_strdup("a client network fault cuts every member at once");
        char *why = fault_why(f);
        if (why)
            return why;
        gboolean zone = f->target == MDL_TARGET_ZONE || f->target == MDL_TARGET_EACH_ZONE;
        if (zone)
            zone_faults = TRUE;
        else
            member_faults = TRUE;
    }
    if (member_faults && zone_faults)
        return g_strdup("member and zone faults together (a member's time out of service then "
                        "depends on two processes)");
    *zone_level = zone_faults;
    uint32_t n_units = zone_faults ? c->n_zones : c->n_members;
    for (uint32_t u = 0; u < n_units; u++)
        units[u] = (Unit){0, 0};
    for (uint32_t i = 0; i < c->n_faults; i++) {
        const MdlFaultConfig *f = &c->faults[i];
        double lambda = 1 / f->every.a, mu = 1 / f->repair.a;
        for (uint32_t u = 0; u < n_units; u++) {
            gboolean hit = f->target == MDL_TARGET_EACH_MEMBER || f->target == MDL_TARGET_EACH_ZONE ||
                           f->index == u;
            if (!hit)
                continue;
            if (units[u].lambda > 0)
                return g_strdup("two fault processes on one member or zone");
            units[u] = (Unit){lambda, mu};
        }
        /* what a power outage costs beyond its cause: boot, re-activation */
        for (uint32_t m = 0; m < c->n_members; m++) {
            char *why = fault_hits(f, &c->members[m], m) ? member_why(f, &c->members[m], mu) : NULL;
            if (why)
                return why;
        }
    }
    if (zone_faults)
        for (uint32_t z = 0; z < c->n_zones; z++) {
            gboolean any = FALSE;
            for (uint32_t m = 0; m < c->n_members; m++)
                any = any || c->members[m].zone == z;
            if (!any)
                units[z] = (Unit){0, 0};          /* an empty zone serves nobody */
        }
    /* detection command_timeout after the failure needs a busy client: an operation
     * outstanding at the failed member, or one sent there soon after */
    if (c->n_faults > 0) {
        double per_member = c->rate * c->n_clients / c->n_members;
        double service = (double)c->members[0].concurrency / c->members[0].capacity;
        double idle = exp(-per_member * service), delay = per_member > 0 ? 1 / per_member : INFINITY;
        if (!(idle * delay < 1e-3 * sim_time_to_s(c->command_timeout) + 1e-12))
            return g_strdup("the client is not busy enough for failures to be detected "
                            "command_timeout after they happen");
    }
    return NULL;
}

/* Why member uptimes have no closed form, or NULL with uptime[m] filled. */
static char *uptime_conditions(const MdlConfig *c, double *uptime)
{
    for (uint32_t m = 0; m < c->n_members; m++)
        uptime[m] = 1;
    for (uint32_t i = 0; i < c->n_faults; i++) {
        const MdlFaultConfig *f = &c->faults[i];
        if (f->target == MDL_TARGET_CLIENT)
            continue;                     /* cuts a client off: members stay up */
        char *why = fault_why(f);
        if (why)
            return why;
        double lambda = 1 / f->every.a, mu = 1 / f->repair.a;
        for (uint32_t m = 0; m < c->n_members; m++) {
            if (!fault_hits(f, &c->members[m], m))
                continue;
            why = member_why(f, &c->members[m], mu);
            if (why)
                return why;
            uptime[m] *= mu / (lambda + mu);
        }
    }
    return NULL;
}

void ana_mmck(int c, int K, double lambda, double mu, double *loss, double *response)
{
    /* p_n proportional to a^n / n! (n <= c), a^c / c! rho^(n - c) (c < n <= K), summed
     * in a scaled form that cannot overflow: terms relative to the largest so far */
    double a = lambda / mu, term = 1, sum = 0, mean = 0, last = 0;
    double *p = g_new(double, (size_t)K + 1);
    for (int n = 0; n <= K; n++) {
        if (n > 0)
            term *= n <= c ? a / n : a / c;
        p[n] = term;
        if (term > 1e250) {                 /* rescale everything so far */
            for (int k = 0; k <= n; k++)
                p[k] /= term;
            term = 1;
        }
    }
    for (int n = 0; n <= K; n++)
        sum += p[n];
    for (int n = 0; n <= K; n++)
        mean += n * p[n] / sum;
    last = p[K] / sum;
    g_free(p);
    *loss = last;
    *response = mean / (lambda * (1 - last));     /* Little, on the admitted stream */
}

/* The mean read service time of a member in *s (its concurrency over its capacity
 * unless `service:` says otherwise); why there is no closed form, or NULL. */
static char *read_service(const MdlMemberConfig *mc, double *s)
{
    *s = (double)mc->concurrency / mc->capacity;
    if (!mc->has_service[MDL_OP_READ])
        return NULL;
    if (mc->service[MDL_OP_READ].family != SIM_DIST_EXPONENTIAL)
        return g_strdup_printf("member %s's read service time is not exponential", mc->name);
    *s = mc->service[MDL_OP_READ].a;
    return NULL;
}

static char *latency_conditions(const MdlConfig *c, double *latency_s, double *loss_out)
{
    if (c->n_groups > 0)                  /* issue 11 */
        return g_strdup("the clients are written as client groups; the closed forms assume "
                        "one setting shared by every client (clients as a mapping)");
    *loss_out = 0;
    if (c->n_faults > 0 || c->n_actions > 0)
        return g_strdup("faults or actions take members away");
    if (c->mix[0] < 1)
        return g_strdup("creates and deletes add clones to other members' queues");
    if (c->rate <= 0)
        return g_strdup("no operation is issued");
    if (c->n_members == 1) {
        /* one member: an M/M/c/K queue, K = c + queue_limit, whatever the load; an
         * operation it refuses is refused by every member (no other to try) */
        const MdlMemberConfig *mc = &c->members[0];
        double s;
        char *why = read_service(mc, &s);
        if (why)
            return why;
        if ((double)mc->concurrency + (double)mc->queue_limit > 1e6)
            return g_strdup_printf("member %s's queue_limit is too large to sum the M/M/c/K "
                                   "states (above a million)", mc->name);
        double loss, w;
        ana_mmck((int)mc->concurrency, (int)(mc->concurrency + mc->queue_limit),
                 c->rate * c->n_clients, 1 / s, &loss, &w);
        *latency_s = w;
        *loss_out = loss;
        return NULL;
    }
    if (c->balancing != MDL_BALANCE_RANDOM)
        return g_strdup("balancing is not random (members do not see independent Poisson streams)");
    double lambda_m = c->rate * c->n_clients / c->n_members, w = 0;
    for (uint32_t m = 0; m < c->n_members; m++) {
        const MdlMemberConfig *mc = &c->members[m];
        double s;
        char *why = read_service(mc, &s);
        if (why)
            return why;
        double mu = 1 / s;
        int units = (int)mc->concurrency;
        if (lambda_m >= units * mu)
            return g_strdup_printf("member %s is overloaded (no steady state)", mc->name);
        double a = lambda_m / mu, rho = a / units;
        if (ana_erlang_c(units, a) * pow(rho, mc->queue_limit) > 1e-9)
            return g_strdup_printf("member %s's queue_limit refuses a noticeable share of work", mc->name);
        w += ana_mmc_response(units, lambda_m, mu);
    }
    *latency_s = w / c->n_members;
    return NULL;
}

/* issue 11: the closed loop on one M/M/c member is a closed network that exact MVA
 * solves (analysis/mva.h): throughput X and response time R of the c.app.threads threads
 * of every client. */
static char *closed_conditions(const MdlConfig *c, double *X, double *R)
{
    if (c->n_groups > 0)                  /* issue 11 */
        return g_strdup("the clients are written as client groups; the closed forms assume "
                        "one setting shared by every client (clients as a mapping)");
    if (c->n_faults > 0 || c->n_actions > 0)
        return g_strdup("faults or actions take members away");
    if (c->mix[0] < 1)
        return g_strdup("creates and deletes add clones to other members' queues");
    if (c->initial_objects == 0)
        return g_strdup("no object to read: the threads do not call");
    if (c->n_members != 1)
        return g_strdup("the closed loop has a closed form (MVA) for one member only");
    if (c->app.app_timeout > 0)
        return g_strdup("app_timeout abandons attempts (MVA assumes every answer is awaited)");
    const MdlMemberConfig *mc = &c->members[0];
    double s;
    char *why = read_service(mc, &s);
    if (why)
        return why;
    uint64_t n = (uint64_t)c->app.threads * c->n_clients;
    uint64_t share = ((uint64_t)mc->queue_limit + c->n_clients - 1) / c->n_clients;
    if (n > (uint64_t)mc->concurrency + mc->queue_limit || c->app.threads > c->app.max_outstanding ||
        c->app.threads > mc->concurrency + share)
        return g_strdup("threads can exceed the queue or the client's bound (refusals)");
    if (n > 100000)
        return g_strdup("too many threads for the MVA recursion (above 100 000)");
    ana_mva_closed_mmc((unsigned)n, sim_dist_mean(&c->app.think), mc->concurrency, s, X, R);
    return NULL;
}

AnaAnalytic *ana_analytic_new(const MdlConfig *c)
{
    AnaAnalytic *a = g_new0(AnaAnalytic, 1);
    a->exact = g_array_new(FALSE, FALSE, sizeof(AnaExact));
    double window = sim_time_to_s(c->duration - c->warmup);

    Unit *units = g_new0(Unit, MAX(c->n_members, c->n_zones));
    gboolean zone_level = FALSE;
    a->availability_why = availability_conditions(c, units, &zone_level);
    if (a->availability_why == NULL) {
        uint32_t n = zone_level ? c->n_zones : c->n_members;
        double T = sim_time_to_s(c->command_timeout), I = sim_time_to_s(c->interval);
        double *U = g_new0(double, n), *rate = g_new0(double, n);
        double all_out = 1;
        for (uint32_t u = 0; u < n; u++) {
            if (units[u].lambda > 0) {
                double l = units[u].lambda, mu = units[u].mu;
                double cycle = ana_cycle(l, mu, T, I);
                U[u] = ana_out_of_service(l, mu, T, I) / cycle;
                rate[u] = (1 + mu * ana_down_integral(l, mu, T)) / cycle;   /* leaves/s */
            }
            all_out *= U[u];
        }
        double freq = 0;
        for (uint32_t u = 0; u < n; u++) {
            double others = 1;
            for (uint32_t v = 0; v < n; v++)
                if (v != u)
                    others *= U[v];
            freq += rate[u] * others;
        }
        double avail = 1 - all_out;
        add(a, "availability.time", avail);
        add(a, "unavailability.time", all_out);
        add(a, "availability.nines", all_out > 0 ? -log10(all_out) : NAN);
        add(a, "outage.count", freq * window);
        add(a, "outage.total_s", (1 - avail) * window);
        g_free(U);
        g_free(rate);
    }
    g_free(units);

    /* uptime: a member is up iff every fault process that can hold it down is up;
     * the processes (its own, its zone's) are independent: a product */
    double *uptime = g_new(double, c->n_members);
    a->uptime_why = uptime_conditions(c, uptime);
    if (a->uptime_why == NULL)
        for (uint32_t m = 0; m < c->n_members; m++) {
            char *name = g_strdup_printf("member.%s.uptime", c->members[m].name);
            add(a, name, uptime[m]);
            g_free(name);
        }
    g_free(uptime);

    double w, loss;
    if (c->app.threads > 0) {
        double X, R;
        a->latency_why = closed_conditions(c, &X, &R);
        if (a->latency_why == NULL) {
            add(a, "latency.mean_ms", R * 1000);
            add(a, "throughput.ops_s", X);
        }
        return a;
    }
    a->latency_why = latency_conditions(c, &w, &loss);
    if (a->latency_why == NULL) {
        double lambda = c->rate * c->n_clients;
        add(a, "latency.mean_ms", w * 1000);
        add(a, "throughput.ops_s", lambda * (1 - loss));
        if (c->n_members == 1) {        /* M/M/c/K: what the full queue refuses */
            add(a, "availability.requests", 1 - loss);
            add(a, "rejected.count", lambda * loss * window);
        }
    }
    return a;
}

void ana_analytic_free(AnaAnalytic *a)
{
    if (a == NULL)
        return;
    for (guint i = 0; i < a->exact->len; i++)
        g_free(g_array_index(a->exact, AnaExact, i).metric);
    g_array_free(a->exact, TRUE);
    g_free(a->availability_why);
    g_free(a->uptime_why);
    g_free(a->latency_why);
    g_free(a);
}

double ana_analytic_value(const AnaAnalytic *a, const char *metric)
{
    for (guint i = 0; i < a->exact->len; i++) {
        const AnaExact *e = &g_array_index(a->exact, AnaExact, i);
        if (strcmp(e->metric, metric) == 0)
            return e->value;
    }
    return NAN;
}
