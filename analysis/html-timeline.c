/* analysis/html-timeline.c - the timeline of one replication, from its trace.
 *
 * Lanes: each member's physical state, then for each client its slot (available or
 * out) and its view of each member.  The trace's state changes cut each lane into
 * spans {"type": "span", lane, state, t0, t1}; faults, detections, recovery attempts,
 * synchronizations and operator actions become markers {"type": "event", lane, t,
 * event, detail} on the lane they concern.  Times in hours when the window is longer
 * than four hours, else in seconds.
 */
#include "analysis/html-report-private.h"

#include <math.h>
#include <string.h>

/* more events than this are not drawn: a timeline is for one replication */
#define MAX_LINES 200000

typedef struct {
    char *name;
    gint64 order;
    char *state;                 /* NULL: nothing known yet */
    double since;
} Lane;

typedef struct {
    GPtrArray *lanes;            /* Lane * */
    GHashTable *by_name;         /* name -> Lane * */
    JsonArray *rows;
    gint64 spans, events;
    double scale;                /* seconds per unit */
} Timeline;

static void lane_free(gpointer p)
{
    Lane *l = p;
    g_free(l->name);
    g_free(l->state);
    g_free(l);
}

/* group 0: members, 1: clients (slot, then views, by first appearance) */
static Lane *lane(Timeline *tl, const char *name, gint64 group)
{
    Lane *l = g_hash_table_lookup(tl->by_name, name);
    if (l)
        return l;
    l = g_new0(Lane, 1);
    l->name = g_strdup(name);
    l->order = group * 1000000 + tl->lanes->len;
    g_ptr_array_add(tl->lanes, l);
    g_hash_table_insert(tl->by_name, l->name, l);
    return l;
}

static void span(Timeline *tl, Lane *l, double until)
{
    if (l->state == NULL || !(until > l->since))
        return;
    JsonObject *row = json_object_new();
    json_object_set_string_member(row, "type", "span");
    json_object_set_string_member(row, "lane", l->name);
    json_object_set_int_member(row, "order", l->order);
    json_object_set_string_member(row, "state", l->state);
    json_object_set_double_member(row, "t0", l->since / tl->scale);
    json_object_set_double_member(row, "t1", until / tl->scale);
    json_array_add_object_element(tl->rows, row);
    tl->spans++;
}

/* The lane goes from `from` (if it had no state yet, since 0) to `to` at t. */
static void change(Timeline *tl, Lane *l, const char *from, const char *to, double t)
{
    if (l->state == NULL && from) {
        l->state = g_strdup(from);
        l->since = 0;
    }
    span(tl, l, t);
    g_free(l->state);
    l->state = g_strdup(to);
    l->since = t;
}

static void marker(Timeline *tl, Lane *l, double t, const char *event, const char *detail)
{
    JsonObject *row = json_object_new();
    json_object_set_string_member(row, "type", "event");
    json_object_set_string_member(row, "lane", l->name);
    json_object_set_int_member(row, "order", l->order);
    json_object_set_double_member(row, "t", t / tl->scale);
    json_object_set_string_member(row, "event", event);
    json_object_set_string_member(row, "detail", detail ? detail : "");
    json_array_add_object_element(tl->rows, row);
    tl->events++;
}

static const char *str(JsonObject *o, const char *name)
{
    const char *s = ana_jstr(o, name);
    return s ? s : "?";
}

/* One trace line; FALSE when it is not a trace event. */
static gboolean line(Timeline *tl, JsonObject *o, double *end)
{
    const char *event = ana_jstr(o, "event");
    double t = ana_jnum(o, "t");
    if (event == NULL || isnan(t) || t < 0)
        return FALSE;
    *end = MAX(*end, t);
    const char *member = ana_jstr(o, "member"), *client = ana_jstr(o, "client");
    char *member_lane = member ? g_strdup_printf("%s (state)", member) : NULL;
    char *slot_lane = client ? g_strdup_printf("%s slot", client) : NULL;
    char *view_lane = client && member ? g_strdup_printf("%s \u2192 %s (view)", client, member) : NULL;
    if (strcmp(event, "member_state") == 0 && member) {
        change(tl, lane(tl, member_lane, 0), ana_jstr(o, "from"), str(o, "to"), t);
    } else if (strcmp(event, "view") == 0 && view_lane) {
        lane(tl, slot_lane, 1);
        Lane *l = lane(tl, view_lane, 1);
        change(tl, l, ana_jstr(o, "from"), str(o, "to"), t);
        if (g_strcmp0(ana_jstr(o, "cause"), "detected") == 0)
            marker(tl, l, t, "detection", NULL);
    } else if (strcmp(event, "slot") == 0 && client) {
        gboolean up = ana_jbool(o, "available") == 1;
        change(tl, lane(tl, slot_lane, 1), NULL, up ? "slot available" : "slot out", t);
    } else if (strcmp(event, "fault_begin") == 0) {
        Lane *l = member ? lane(tl, member_lane, 0) : client ? lane(tl, slot_lane, 1) : NULL;
        if (l)
            marker(tl, l, t, "fault", str(o, "kind"));
    } else if (strcmp(event, "recovery_attempt") == 0 && view_lane) {
        gboolean ok = ana_jbool(o, "success") == 1;
        marker(tl, lane(tl, view_lane, 1), t, "attempt", ok ? "succeeded" : "failed");
    } else if (strcmp(event, "sync") == 0 && view_lane) {
        marker(tl, lane(tl, view_lane, 1), t, "sync", NULL);
    } else if (strcmp(event, "operator") == 0) {
        Lane *l = member ? lane(tl, member_lane, 0) : client ? lane(tl, slot_lane, 1) : NULL;
        if (l)
            marker(tl, l, t, "operator", ana_jstr(o, "action"));
    }
    g_free(member_lane);
    g_free(slot_lane);
    g_free(view_lane);
    return TRUE;
}

gboolean ana_html_report_add_timeline(AnaHtmlReport *r, const char *name, guint k,
                                      const char *trace, gsize len, double duration_s,
                                      GError **error)
{
    Timeline tl = {g_ptr_array_new_with_free_func(lane_free), g_hash_table_new(g_str_hash, g_str_equal),
                   json_array_new(), 0, 0, duration_s > 4 * 3600 ? 3600 : 1};
    JsonParser *parser = json_parser_new_immutable();
    gboolean ok = TRUE;
    guint lines = 0;
    double end = 0;
    const char *p = trace, *stop = trace + len;
    while (ok && p < stop) {
        const char *nl = memchr(p, '\n', (size_t)(stop - p));
        const char *e = nl ? nl : stop;
        if (e > p) {
            GError *perr = NULL;
            lines++;
            if (lines > MAX_LINES) {
                g_set_error(error, ANA_HTML_ERROR, 0, "%s: more than %d events: a timeline draws "
                            "one replication of a shorter window", name, MAX_LINES);
                ok = FALSE;
            } else if (!json_parser_load_from_data(parser, p, e - p, &perr)) {
                g_set_error(error, ANA_HTML_ERROR, 0, "%s: line %u is not JSON: %s", name, lines,
                            perr->message);
                g_error_free(perr);
                ok = FALSE;
            } else {
                JsonNode *root = json_parser_get_root(parser);
                if (!root || !JSON_NODE_HOLDS_OBJECT(root) || !line(&tl, json_node_get_object(root), &end)) {
                    g_set_error(error, ANA_HTML_ERROR, 0, "%s: line %u is not a trace event", name, lines);
                    ok = FALSE;
                }
            }
        }
        p = e + 1;
    }
    g_object_unref(parser);
    if (ok && lines == 0) {
        g_set_error(error, ANA_HTML_ERROR, 0, "%s: the trace is empty", name);
        ok = FALSE;
    }
    if (ok) {
        double until = duration_s > end ? duration_s : end;
        for (guint i = 0; i < tl.lanes->len; i++)
            span(&tl, g_ptr_array_index(tl.lanes, i), until);
        char *title = g_strdup_printf("Timeline of replication %u (%s)", k,
                                      tl.scale > 1 ? "hours" : "seconds");
        JsonNode *c = ana_chart_new("timeline", "timeline", title, tl.rows);
        tl.rows = NULL;
        json_object_set_string_member(json_node_get_object(c), "unit", tl.scale > 1 ? "h" : "s");
        json_object_set_int_member(json_node_get_object(c), "lanes", tl.lanes->len);
        ana_chart_marks(c, "hgdata", tl.spans);
        ana_chart_marks(c, "hgevents", tl.events);
        g_free(title);
        if (r->timeline)
            json_node_unref(r->timeline);
        r->timeline = c;
    }
    if (tl.rows)
        json_array_unref(tl.rows);
    g_hash_table_destroy(tl.by_name);
    g_ptr_array_free(tl.lanes, TRUE);
    return ok;
}
