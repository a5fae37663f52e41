/* tests/check.h - CUnit glue: assertions that print the values involved, and a main
 * that runs one suite and exits non-zero on any failure.  Each test program defines
 * `static CU_TestInfo tests[]` and calls CHECK_MAIN("suite name", tests). */
#ifndef HAPGSIM_TESTS_CHECK_H
#define HAPGSIM_TESTS_CHECK_H

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>
#include <glib.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>

/* Records a failure with a formatted message (CUnit keeps a pointer: leak it). */
#define CHECK_FAILF(...)                                                              \
    CU_assertImplementation(CU_FALSE, __LINE__, g_strdup_printf(__VA_ARGS__), __FILE__, \
                            "", CU_FALSE)

#define CHECK(cond)                                                                   \
    do { if (!(cond)) CHECK_FAILF("%s", #cond); else CU_PASS(#cond); } while (0)

#define CHECK_INT_EQ(actual, expected)                                                \
    do {                                                                              \
        long long a_ = (long long)(actual), e_ = (long long)(expected);              \
        if (a_ != e_) CHECK_FAILF("%s == %s: got %lld, expected %lld", #actual,       \
                                  #expected, a_, e_);                                 \
        else CU_PASS(#actual);                                                        \
    } while (0)

#define CHECK_UINT_EQ(actual, expected)                                               \
    do {                                                                              \
        unsigned long long a_ = (unsigned long long)(actual),                         \
                           e_ = (unsigned long long)(expected);                       \
        if (a_ != e_) CHECK_FAILF("%s == %s: got %llu, expected %llu", #actual,       \
                                  #expected, a_, e_);                                 \
        else CU_PASS(#actual);                                                        \
    } while (0)

#define CHECK_STR_EQ(actual, expected)                                                \
    do {                                                                              \
        const char *a_ = (actual), *e_ = (expected);                                  \
        if (a_ == NULL || g_strcmp0(a_, e_) != 0)                                     \
            CHECK_FAILF("%s: got \"%s\", expected \"%s\"", #actual, a_ ? a_ : "(null)", e_); \
        else CU_PASS(#actual);                                                        \
    } while (0)

/* |actual - expected| <= tol */
#define CHECK_NEAR(actual, expected, tol)                                             \
    do {                                                                              \
        double a_ = (actual), e_ = (expected), t_ = (tol);                            \
        if (!(fabs(a_ - e_) <= t_))                                                   \
            CHECK_FAILF("%s: got %.10g, expected %.10g +- %.3g (off by %.3g)", #actual, \
                        a_, e_, t_, a_ - e_);                                         \
        else CU_PASS(#actual);                                                        \
    } while (0)

/* substring check on an error message */
#define CHECK_CONTAINS(text, needle)                                                  \
    do {                                                                              \
        const char *x_ = (text), *n_ = (needle);                                      \
        if (x_ == NULL || strstr(x_, n_) == NULL)                                     \
            CHECK_FAILF("%s: \"%s\" does not contain \"%s\"", #text, x_ ? x_ : "(null)", n_); \
        else CU_PASS(#text);                                                          \
    } while (0)

static inline int check_run(const char *suite, CU_TestInfo *tests)
{
    gsl_set_error_handler_off();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    CU_SuiteInfo suites[] = {{suite, NULL, NULL, NULL, NULL, tests}, CU_SUITE_INFO_NULL};
    if (CU_register_suites(suites) != CUE_SUCCESS)
        return 2;
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned ran = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    return failed == 0 && ran > 0 ? 0 : 1;
}

#define CHECK_MAIN(suite, tests) \
    int main(void) { return check_run(suite, tests); }

#endif
