/* tests/test_shard.c - analysis/shard: the blocks cover every unit once, I/K parsing,
 * the writer's torn-line cut and skip, the folder reader's order and checks. */
#include "analysis/shard.h"
#include "check.h"
#include "model_util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static void test_blocks_cover_every_unit_once(void)
{
    static const uint64_t units[] = {0, 1, 7, 12, 100, 99991};
    static const guint ks[] = {1, 2, 3, 7, 64, 1000};
    for (gsize u = 0; u < G_N_ELEMENTS(units); u++)
        for (gsize k = 0; k < G_N_ELEMENTS(ks); k++) {
            uint64_t next = 0;
            for (guint i = 0; i < ks[k]; i++) {
                uint64_t first, end;
                ana_shard_range(units[u], i, ks[k], &first, &end);
                if (first != next || end < first)
                    CHECK_FAILF("U=%llu K=%u I=%u: [%llu, %llu) after %llu",
                                (unsigned long long)units[u], ks[k], i,
                                (unsigned long long)first, (unsigned long long)end,
                                (unsigned long long)next);
                next = end;
            }
            CHECK_UINT_EQ(next, units[u]);
        }
}

static void test_parse(void)
{
    guint i = 9, k = 9;
    CHECK(ana_shard_parse("0/1", &i, &k, NULL) && i == 0 && k == 1);
    CHECK(ana_shard_parse("6/7", &i, &k, NULL) && i == 6 && k == 7);
    static const char *const bad[] = {"7/7", "0/0", "1", "/3", "1/", "-1/3", "a/b", "1/3x",
                                      "1/100001", " 1/3", "", "1//3"};
    for (gsize n = 0; n < G_N_ELEMENTS(bad); n++) {
        GError *e = NULL;
        if (ana_shard_parse(bad[n], &i, &k, &e))
            CHECK_FAILF("'%s' accepted", bad[n]);
        else
            CHECK(e != NULL && strstr(e->message, "--shard") != NULL);
        g_clear_error(&e);
    }
}

/* A run of `n` replications with made-up values: value(r, m) = r + m / 8. */
static AnaRun *fake_run(const MdlConfig *c, guint n)
{
    AnaRun *run = ana_run_new(c, 0, n, FALSE);
    for (guint r = 0; r < n; r++)
        for (guint m = 0; m < run->metrics->n; m++)
            run->values[(size_t)r * run->metrics->n + m] = m == 1 ? NAN : r + m / 8.0;
    return run;
}

static void test_write_torn_resume_read(void)
{
    MdlConfig *c = tm_config(2, 10, 100);
    c->replications = 6;
    char *dir = g_dir_make_tmp("hapgsim-shard-XXXXXX", NULL);
    AnaShardHeader h = {"run", "0.0-test", "t", "abc", "yaml: 1\n", 7, 6, 0, 2};
    AnaRun *run = fake_run(c, 6);
    AnaShardWriter *w = ana_shard_writer_open(dir, &h, NULL);
    CHECK(w != NULL);
    ana_shard_writer_record(w, 2, 0, run, 2, 5, NULL);
    ana_shard_writer_record(w, 0, 0, run, 0, 5, NULL);
    gboolean complete = TRUE;
    CHECK(ana_shard_writer_finish(w, &complete, NULL) && !complete);
    const char *path = ana_shard_writer_path(w);
    char *shard_path = g_strdup(path);
    ana_shard_writer_free(w);
    /* a torn write at the end */
    FILE *f = fopen(shard_path, "a");
    fputs("{\"unit\":1,\"po", f);
    fclose(f);
    w = ana_shard_writer_open(dir, &h, NULL);
    CHECK(w != NULL);
    CHECK_UINT_EQ(ana_shard_writer_done(w), 2);
    CHECK(ana_shard_writer_has(w, 0) && !ana_shard_writer_has(w, 1) && ana_shard_writer_has(w, 2));
    ana_shard_writer_record(w, 1, 0, run, 1, 5, NULL);
    CHECK(ana_shard_writer_finish(w, &complete, NULL) && complete);
    ana_shard_writer_free(w);
    /* the other shard; then the folder read back in canonical order */
    h.shard = 1;
    w = ana_shard_writer_open(dir, &h, NULL);
    for (guint k = 5; k >= 3; k--)
        ana_shard_writer_record(w, k, 0, run, k, 5, NULL);
    CHECK(ana_shard_writer_finish(w, &complete, NULL) && complete);
    ana_shard_writer_free(w);
    GError *e = NULL;
    AnaShardSet *set = ana_shard_set_read(dir, &e);
    CHECK(set != NULL);
    if (set) {
        CHECK_UINT_EQ(ana_shard_set_n_missing(set), 0);
        AnaRun *back = ana_run_new(c, 0, 6, FALSE);
        CHECK(ana_shard_set_fill(set, &back, 1, FALSE, NULL));
        CHECK_UINT_EQ(back->completed, 6);
        /* compared one by one: NAN != NAN */
        for (size_t v = 0; v < 6 * (size_t)run->metrics->n; v++)
            if (!(back->values[v] == run->values[v] || (isnan(back->values[v]) && isnan(run->values[v]))))
                CHECK_FAILF("value %zu: %.17g, written %.17g", v, back->values[v], run->values[v]);
        ana_run_free(back);
        ana_shard_set_free(set);
    }
    g_clear_error(&e);
    /* another seed at a shard's name is not ours */
    h.seed = 8;
    CHECK(ana_shard_writer_open(dir, &h, &e) == NULL &&
          g_error_matches(e, ANA_SHARD_ERROR, ANA_SHARD_ERROR_FOREIGN));
    g_clear_error(&e);
    /* remove what the test wrote */
    const char *names[] = {"shard-0-of-2.jsonl", "shard-0-of-2.done", "shard-1-of-2.jsonl",
                           "shard-1-of-2.done"};
    for (gsize n = 0; n < G_N_ELEMENTS(names); n++) {
        char *p = g_build_filename(dir, names[n], NULL);
        g_unlink(p);
        g_free(p);
    }
    g_rmdir(dir);
    g_free(dir);
    g_free(shard_path);
    ana_run_free(run);
    mdl_config_free(c);
}

static CU_TestInfo tests[] = {
    {"the K blocks cover every unit once, in order", test_blocks_cover_every_unit_once},
    {"--shard I/K: range and spelling", test_parse},
    {"writer: a torn line cut, units skipped; reader: canonical order", test_write_torn_resume_read},
    CU_TEST_INFO_NULL,
};

CHECK_MAIN("shard", tests)
