/* analysis/trace.c - the JSON Lines trace observer. */
#include "analysis/trace.h"

struct AnaTrace {
    const MdlConfig *cfg;
    GString *out;
};

static void begin(AnaTrace *t, SimTime now, const char *event)
{
    char secs[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(secs, sizeof secs, "%.9f", sim_time_to_s(now));
    g_string_append_printf(t->out, "{\"t\": %s, \"t_ns\": %" G_GINT64_FORMAT ", \"event\": \"%s\"",
                           secs, now, event);
}

static void field(AnaTrace *t, const char *key, const char *value)
{
    /* names are identifiers (checked by the loader); escape anyway */
    g_string_append_printf(t->out, ", \"%s\": \"", key);
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(t->out, '\\');
        if ((unsigned char)*p < 0x20)
            g_string_append_printf(t->out, "\\u%04x", *p);
        else
            g_string_append_c(t->out, *p);
    }
    g_string_append_c(t->out, '"');
}

static void end(AnaTrace *t) { g_string_append(t->out, "}\n"); }

static const char *member(AnaTrace *t, uint32_t m) { return t->cfg->members[m].name; }
static const char *client(AnaTrace *t, uint32_t c) { return t->cfg->clients[c].name; }

static void on_fault(void *d, SimTime now, MdlFaultKind kind, uint32_t m, uint32_t c, gboolean begins)
{
    AnaTrace *t = d;
    begin(t, now, begins ? "fault_begin" : "fault_end");
    field(t, "kind", mdl_fault_kind_name(kind));
    if (m != MDL_NONE)
        field(t, "member", member(t, m));
    if (c != MDL_NONE)
        field(t, "client", client(t, c));
    end(t);
}

static void on_phys(void *d, SimTime now, uint32_t m, MdlPhys from, MdlPhys to)
{
    AnaTrace *t = d;
    begin(t, now, "member_state");
    field(t, "member", member(t, m));
    field(t, "from", mdl_phys_name(from));
    field(t, "to", mdl_phys_name(to));
    end(t);
}

static void on_view(void *d, SimTime now, uint32_t c, uint32_t m, MdlView from, MdlView to,
                    MdlCause cause)
{
    AnaTrace *t = d;
    begin(t, now, "view");
    field(t, "client", client(t, c));
    field(t, "member", member(t, m));
    field(t, "from", mdl_view_name(from));
    field(t, "to", mdl_view_name(to));
    field(t, "cause", mdl_cause_name(cause));
    end(t);
}

static void on_attempt(void *d, SimTime now, uint32_t c, uint32_t m, gboolean ok)
{
    AnaTrace *t = d;
    begin(t, now, "recovery_attempt");
    field(t, "client", client(t, c));
    field(t, "member", member(t, m));
    g_string_append_printf(t->out, ", \"success\": %s", ok ? "true" : "false");
    end(t);
}

static void on_sync(void *d, SimTime now, uint32_t c, uint32_t m, uint64_t objects, SimTime dur)
{
    AnaTrace *t = d;
    begin(t, now, "sync");
    field(t, "client", client(t, c));
    field(t, "member", member(t, m));
    char secs[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(secs, sizeof secs, "%.9f", sim_time_to_s(dur));
    g_string_append_printf(t->out, ", \"objects\": %" G_GUINT64_FORMAT ", \"duration_s\": %s",
                           objects, secs);
    end(t);
}

static void on_slot(void *d, SimTime now, uint32_t c, gboolean available)
{
    AnaTrace *t = d;
    begin(t, now, "slot");                 /* available: false begins an outage */
    field(t, "client", client(t, c));
    g_string_append_printf(t->out, ", \"available\": %s", available ? "true" : "false");
    end(t);
}

static void on_operator(void *d, SimTime now, const char *what, uint32_t m, gboolean done)
{
    AnaTrace *t = d;
    begin(t, now, "operator");
    field(t, "action", what);
    field(t, "member", member(t, m));
    g_string_append_printf(t->out, ", \"done\": %s", done ? "true" : "false");
    end(t);
}

static void on_restart(void *d, SimTime now, uint32_t c)
{
    AnaTrace *t = d;
    begin(t, now, "client_restart");
    field(t, "client", client(t, c));
    end(t);
}

static void on_lost(void *d, SimTime now, uint64_t object)
{
    AnaTrace *t = d;
    begin(t, now, "object_lost");
    g_string_append_printf(t->out, ", \"object\": %" G_GUINT64_FORMAT, object);
    end(t);
}

static void on_power(void *d, SimTime now, uint32_t c, gboolean on)
{
    AnaTrace *t = d;
    begin(t, now, on ? "client_power_on" : "client_power_off");
    field(t, "client", client(t, c));
    end(t);
}

/* issue 11: the closed loop's requests (nothing of them in an open-loop trace) */
static void request_event(AnaTrace *t, SimTime now, const char *event, uint32_t c,
                          uint32_t thread, uint32_t attempt)
{
    begin(t, now, event);
    field(t, "client", client(t, c));
    g_string_append_printf(t->out, ", \"thread\": %u", thread);
    if (attempt > 0)
        g_string_append_printf(t->out, ", \"attempt\": %u", attempt);
}

static void on_request_issued(void *d, SimTime now, uint32_t c, uint32_t thread, MdlOpType type)
{
    AnaTrace *t = d;
    request_event(t, now, "request_issued", c, thread, 0);
    field(t, "type", mdl_op_name(type));
    end(t);
}

static void on_request_timeout(void *d, SimTime now, uint32_t c, uint32_t thread, uint32_t attempt)
{
    request_event(d, now, "request_timeout", c, thread, attempt);
    end(d);
}

static void on_request_retry(void *d, SimTime now, uint32_t c, uint32_t thread, uint32_t attempt)
{
    request_event(d, now, "request_retry", c, thread, attempt);
    end(d);
}

static void on_request_done(void *d, SimTime now, uint32_t c, gboolean ok, SimTime latency,
                            uint32_t attempts)
{
    AnaTrace *t = d;
    begin(t, now, ok ? "request_done" : "request_failed");
    field(t, "client", client(t, c));
    char secs[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(secs, sizeof secs, "%.9f", sim_time_to_s(latency));
    g_string_append_printf(t->out, ", \"attempts\": %u, \"latency_s\": %s", attempts, secs);
    end(t);
}

static const MdlObserverClass trace_class = {
    .fault = on_fault,
    .phys = on_phys,
    .view = on_view,
    .attempt = on_attempt,
    .sync = on_sync,
    .slot = on_slot,
    .operator_action = on_operator,
    .client_restart = on_restart,
    .object_lost = on_lost,
    .client_power = on_power,
    .request_issued = on_request_issued,
    .request_timeout = on_request_timeout,
    .request_retry = on_request_retry,
    .request_done = on_request_done,
};

AnaTrace *ana_trace_new(const MdlConfig *config)
{
    AnaTrace *t = g_new0(AnaTrace, 1);
    t->cfg = config;
    t->out = g_string_new(NULL);
    return t;
}

void ana_trace_free(AnaTrace *t)
{
    if (t == NULL)
        return;
    g_string_free(t->out, TRUE);
    g_free(t);
}

void ana_trace_interrupted(AnaTrace *t, SimTime now)
{
    begin(t, now, "interrupted");
    end(t);
}

MdlObserver ana_trace_observer(AnaTrace *t) { return (MdlObserver){&trace_class, t}; }
const GString *ana_trace_text(const AnaTrace *t) { return t->out; }
