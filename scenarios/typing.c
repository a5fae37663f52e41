/* scenarios/typing.c - a YAML tree to a checked MdlConfig, driven by the schema
 * (schema.c): each row's value typed by its type and range, nested sections in turn,
 * variant keys by their hooks (hooks_*.c).  Defaults are mdl_config_new()'s and
 * mdl_member_config_init()'s. */
#include "scenarios/typing-private.h"

#include <string.h>

/* A zone given by name (its index), MDL_NONE after an error; 0 when the zones had
 * errors themselves. */
static uint32_t zone_ref(Ty *ty, const ScnNode *n, const char *path)
{
    const char *name;
    if (!scn_get_ident(ty->d, n, path, &name))
        return MDL_NONE;
    uint32_t z = mdl_config_zone_index(ty->c, name);
    if (z != MDL_NONE || !ty->zones_ok)
        return z == MDL_NONE ? 0 : z;
    const char *s = scn_diag_full(ty->d) ? NULL
                        : scn_suggest(name, (const char *const *)ty->c->zones, ty->c->n_zones);
    scn_diag_add(ty->d, n->pos, "%s must name one of zones: (got %s)%s%s%s", path, name,
                 SCN_MEAN(s));
    return MDL_NONE;
}

/* The getters of typing-private.h that only rows use. */
static gboolean get_bool(ScnDiag *d, const ScnNode *n, const char *path, gboolean *out)
{
    if (n->kind == SCN_NODE_SCALAR && strcmp(n->text, "true") == 0) {
        *out = TRUE;
        return TRUE;
    }
    if (n->kind == SCN_NODE_SCALAR && strcmp(n->text, "false") == 0) {
        *out = FALSE;
        return TRUE;
    }
    return scn_diag_got(d, n, "%s must be true or false", path);
}

/* Text of one line (newlines allowed with `multiline`), at most SCN_MAX_TEXT bytes. */
static gboolean get_text(ScnDiag *d, const ScnNode *n, const char *path, gboolean multiline,
                         gboolean nonempty, const char **out)
{
    if (scn_node_is_null(n) && !nonempty) {
        *out = "";
        return TRUE;
    }
    if (n->kind != SCN_NODE_SCALAR || scn_node_is_null(n) || (nonempty && n->len == 0))
        return scn_diag_got(d, n, "%s must be %stext", path, nonempty ? "non-empty " : "");
    if (n->len > SCN_MAX_TEXT) {
        scn_diag_add(d, n->pos, "%s must be at most %d bytes long (got %u)", path, SCN_MAX_TEXT,
                     n->len);
        return FALSE;
    }
    for (guint32 i = 0; i < n->len; i++) {
        unsigned char ch = (unsigned char)n->text[i];
        if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\t'))) || ch == 0x7f)
            return scn_diag_got(d, n, "%s must be %s without control characters", path,
                                multiline ? "text" : "one line of text");
    }
    *out = n->text;
    return TRUE;
}

static void store_int(const ScnField *f, void *p, gint64 v)
{
    if (f->size == sizeof(uint64_t))
        *(uint64_t *)p = (uint64_t)v;
    else if (f->ilo < 0)
        *(int32_t *)p = (int32_t)v;
    else
        *(uint32_t *)p = (uint32_t)v;
}

/* The names of an enum row's values, NULL-terminated. */
static void enum_names(const ScnField *f, const char **names)
{
    g_assert(f->n_names <= SCN_MAX_ENUM);
    for (int i = 0; i < f->n_names; i++)
        names[i] = f->names(i);
    names[f->n_names] = NULL;
}

gboolean scn_type_value(Ty *ty, const ScnField *f, const ScnNode *n, const char *path,
                        void *base)
{
    void *p = scn_field_ptr(f, base);
    ScnDiag *d = ty->d;
    switch (f->type) {
    case SCN_T_DURATION:
        return scn_get_duration(d, n, path, f->tmin, f->tmin_open, f->tmax, f->rule, p);
    case SCN_T_NUMBER:
        return scn_get_double(d, n, path, f->lo, f->lo_open, f->hi, p);
    case SCN_T_INT: {
        gint64 v;
        if (!scn_get_int(d, n, path, f->ilo, f->ihi, &v))
            return FALSE;
        store_int(f, p, v);
        return TRUE;
    }
    case SCN_T_SEED:
        return scn_get_uint64(d, n, path, p);
    case SCN_T_BOOL:
        return get_bool(d, n, path, p);
    case SCN_T_ENUM: {
        const char *names[SCN_MAX_ENUM + 1];
        enum_names(f, names);
        int v;
        if (!scn_get_enum(d, n, path, names, f->n_names, &v))
            return FALSE;
        *(int *)p = v;
        return TRUE;
    }
    case SCN_T_TEXT: {
        const char *text;
        if (!get_text(d, n, path, f->flags & SCN_F_MULTILINE, f->flags & SCN_F_NONEMPTY,
                          &text))
            return FALSE;
        g_free(*(char **)p);
        *(char **)p = g_strdup(text);
        return TRUE;
    }
    case SCN_T_DIST: {
        SimDist dist;
        if (!scn_get_dist(d, n, path, &dist))
            return FALSE;
        sim_dist_clear(p);
        *(SimDist *)p = dist;
        return TRUE;
    }
    case SCN_T_ZONE: {
        uint32_t z = zone_ref(ty, n, path);
        if (z != MDL_NONE)
            *(uint32_t *)p = z;
        return z != MDL_NONE;
    }
    case SCN_T_MIX:
        return scn_type_mix(ty, n, path, p);
    case SCN_T_SERVICE:
        return scn_type_service(ty, n, path, scn_field_aux(f, base), p);
    case SCN_T_SECTION:
        if (!scn_check_map(d, n, path, scn_schema_keys(f->sub)))
            return FALSE;
        if (n->kind == SCN_NODE_MAP)
            scn_type_fields(ty, f->sub, n, path, base);
        return TRUE;
    case SCN_T_NAME:                          /* typed by the list (uniqueness) */
    case SCN_T_LIST:                          /* typed by its hook, or another row */
    case SCN_T_HOOK:
        return TRUE;
    }
    return TRUE;
}

/* "missing key `K` in PATH", with the names of an enum as the hint */
static void missing(Ty *ty, const ScnField *f, const ScnNode *map, const char *path)
{
    if (f->type != SCN_T_ENUM) {
        scn_missing_key(ty->d, map, path, f->key, NULL);
        return;
    }
    const char *names[SCN_MAX_ENUM + 1];
    enum_names(f, names);
    g_autofree char *list = scn_names_join(names, "or");
    g_autofree char *hint = g_strdup_printf("(%s)", list);
    scn_missing_key(ty->d, map, path, f->key, hint);
}

gboolean scn_type_fields(Ty *ty, ScnSection s, const ScnNode *n, const char *path,
                         void *base)
{
    guint64 outer = ty->failed;               /* a nested section's rows have their own */
    ty->failed = 0;
    guint len;
    const ScnField *rows = scn_schema_rows(s, &len);
    for (guint i = 0; i < len; i++) {
        const ScnField *f = &rows[i];
        const ScnNode *v = scn_map_get(n, f->key);
        gboolean ok = FALSE;
        if (v == NULL && (f->flags & SCN_F_REQUIRED)) {
            missing(ty, f, n, path);
        } else if (v == NULL && !(f->flags & SCN_F_ALWAYS)) {
            continue;
        } else {
            g_autofree char *p = scn_path_key(path, f->key);
            ok = f->hooks && f->hooks->type ? f->hooks->type(ty, n, v, p, base)
                                            : scn_type_value(ty, f, v, p, base);
            if (ok && f->check)
                f->check(ty, n, v, p, base);
        }
        if (!ok && i < 64) {
            ty->failed |= G_GUINT64_CONSTANT(1) << i;
            if (s == SCN_SEC_TOP)
                ty->top_failed |= G_GUINT64_CONSTANT(1) << i;
        }
    }
    gboolean all = ty->failed == 0;
    ty->failed = outer;
    return all;
}

/* ---- the top level's own rules ---- */

static gboolean type_version(Ty *ty, const ScnNode *map, const ScnNode *v, const char *path,
                             void *base)
{
    if (v == NULL)
        scn_diag_add(ty->d, map->pos, "missing key `hapgsim`: a scenario starts with "
                                      "`hapgsim: 1`, the version of its format");
    else if (!scn_node_is_null(v) && v->kind == SCN_NODE_SCALAR && strcmp(v->text, "1") == 0)
        return TRUE;
    else
        scn_diag_got(ty->d, v, "hapgsim must be 1, the only version of the scenario format "
                               "this program reads");
    return FALSE;
}

static void print_version(ScnCanon *c, ScnNode *map, const ScnField *f,
                          const void *base, const ScnTyped *t)
{
    scn_canon_put(c, map, f->key, scn_canon_text(c, "1"));
}

const ScnHooks scn_hook_version = {type_version, print_version, NULL};

static guint row_index(ScnSection s, const char *key)
{
    guint n;
    return (guint)(scn_schema_field(s, key) - scn_schema_rows(s, &n));
}

/* TRUE when the top-level row `key` was typed without error (or is absent): checks
 * against its value make sense.  Top-level rows are typed in the schema's order. */
static gboolean top_typed(const Ty *ty, const char *key)
{
    return !(ty->top_failed >> row_index(SCN_SEC_TOP, key) & 1);
}

gboolean scn_row_typed(const Ty *ty, ScnSection s, const char *key)
{
    return !(ty->failed >> row_index(s, key) & 1);
}

void scn_warn_after_end(Ty *ty, const ScnNode *n, const char *path, SimTime at,
                        const char *what)
{
    if (!top_typed(ty, "duration") || at < ty->c->duration)
        return;
    char d[SIM_TIME_FORMAT_SIZE];
    g_autofree char *got = scn_node_echo(n);
    scn_diag_warn(ty->d, n->pos, "%s is not before duration, %s (got %s): the %s never "
                  "happens", path, sim_time_format(ty->c->duration, d, sizeof d), got, what);
}

void scn_check_warmup(Ty *ty, const ScnNode *map, const ScnNode *v, const char *path,
                      void *base)
{
    const MdlConfig *c = base;
    if (!top_typed(ty, "duration") || c->warmup < c->duration)
        return;
    char d[SIM_TIME_FORMAT_SIZE];
    scn_diag_got(ty->d, v, "%s must be shorter than duration, %s", path,
                 sim_time_format(c->duration, d, sizeof d));
}

gboolean scn_type(const ScnNode *root, const char *default_name, ScnDiag *d, ScnTyped *out)
{
    guint before = scn_diag_total(d);
    memset(out, 0, sizeof *out);
    out->config = mdl_config_new();
    mdl_member_config_init(&out->member_defaults, "", 0);
    out->defaults_zone = MDL_NONE;
    g_free(out->config->name);
    out->config->name = g_strdup(default_name);
    Ty ty = {d, out, out->config, TRUE, TRUE, TRUE, 0, 0};

    if (scn_node_is_null(root)) {
        scn_diag_add(d, root->pos, "the file is empty: a scenario is a mapping that starts "
                                   "with `hapgsim: 1`");
        return FALSE;
    }
    if (!scn_check_map(d, root, "", scn_schema_keys(SCN_SEC_TOP)))
        return FALSE;
    scn_type_fields(&ty, SCN_SEC_TOP, root, "", out->config);
    return scn_diag_total(d) == before;
}

void scn_typed_clear(ScnTyped *t)
{
    g_clear_pointer(&t->config, mdl_config_free);
    mdl_member_config_clear(&t->member_defaults);
    g_clear_pointer(&t->action_order, g_free);
}

void scn_typed_copy(ScnTyped *dst, const ScnTyped *src)
{
    dst->config = mdl_config_copy(src->config);
    mdl_member_config_copy(&dst->member_defaults, &src->member_defaults);
    dst->defaults_zone = src->defaults_zone;
    dst->action_order = g_memdup2(src->action_order,
                                  sizeof(uint32_t) * src->config->n_actions);
}
