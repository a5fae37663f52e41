/* scenarios/equal.c - deep equality of two configurations (tests, round trips): every
 * row of the schema (schema.c) compared by its type, variant keys by their hooks. */
#include "scenarios/schema.h"

#include <string.h>

gboolean scn_fields_equal(ScnSection s, const void *a, const void *b)
{
    guint n;
    const ScnField *rows = scn_schema_rows(s, &n);
    for (guint i = 0; i < n; i++) {
        const ScnField *f = &rows[i];
        const void *pa = scn_field_cptr(f, a), *pb = scn_field_cptr(f, b);
        gboolean same = TRUE;
        if (f->hooks && f->hooks->equal) {
            same = f->hooks->equal(a, b);
        } else {
            switch (f->type) {
            case SCN_T_TEXT:
            case SCN_T_NAME:
                same = g_strcmp0(*(char *const *)pa, *(char *const *)pb) == 0;
                break;
            case SCN_T_NUMBER:                 /* 0 == -0 */
                same = *(const double *)pa == *(const double *)pb;
                break;
            case SCN_T_DIST:
                same = sim_dist_equal(pa, pb);
                break;
            case SCN_T_SECTION:
                same = scn_fields_equal(f->sub, a, b);
                break;
            case SCN_T_LIST: {
                uint32_t len = *(const uint32_t *)scn_field_caux(f, a);
                same = len == *(const uint32_t *)scn_field_caux(f, b) &&
                       scn_list_equal(f->sub, *(void *const *)pa, *(void *const *)pb, len, f->size);
                break;
            }
            case SCN_T_SERVICE: {
                const gboolean *ha = scn_field_caux(f, a),
                               *hb = scn_field_caux(f, b);
                for (int t = 0; same && t < MDL_N_OPS; t++)
                    same = ha[t] == hb[t] && (!ha[t] || sim_dist_equal(&((const SimDist *)pa)[t],
                                                                       &((const SimDist *)pb)[t]));
                break;
            }
            case SCN_T_HOOK:
                break;
            default:
                same = memcmp(pa, pb, f->size) == 0;
                break;
            }
        }
        if (!same)
            return FALSE;
    }
    return TRUE;
}

gboolean scn_list_equal(ScnSection s, const void *a, const void *b, guint n, gsize size)
{
    for (guint i = 0; i < n; i++)
        if (!scn_fields_equal(s, (const char *)a + i * size, (const char *)b + i * size))
            return FALSE;
    return TRUE;
}

gboolean scn_config_equal(const MdlConfig *a, const MdlConfig *b)
{
    if (a == b)
        return TRUE;
    if (a == NULL || b == NULL)
        return FALSE;
    return scn_fields_equal(SCN_SEC_TOP, a, b);
}
