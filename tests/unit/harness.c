/* harness.c — runs every registered test (or those whose name contains argv[1]). */
#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>

#define TESTS_MAX 4096

static struct {
    const char *name;
    test_fn fn;
} tests[TESTS_MAX];
static int test_count;
static int current_failed;
static const char *current_name;

void harness_register(const char *name, test_fn fn) {
    if (test_count >= TESTS_MAX) {
        fprintf(stderr, "harness: too many tests\n");
        exit(2);
    }
    tests[test_count].name = name;
    tests[test_count].fn = fn;
    test_count++;
}

void harness_fail(const char *file, int line, const char *fmt, ...) {
    if (current_failed == 0)
        printf("FAIL %s: ", current_name);
    else
        printf("     %s: ", current_name);
    printf("%s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    current_failed++;
}

static int by_name(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x, y);
}

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : NULL;
    qsort(tests, (size_t)test_count, sizeof tests[0], by_name);
    int passed = 0, failed = 0;
    for (int i = 0; i < test_count; i++) {
        if (filter != NULL && strstr(tests[i].name, filter) == NULL)
            continue;
        current_name = tests[i].name;
        current_failed = 0;
        tests[i].fn();
        fflush(stdout);
        if (current_failed == 0) {
            printf("PASS %s\n", current_name);
            passed++;
        } else {
            failed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
