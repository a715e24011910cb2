/* policy_csv.c — libFuzzer target: any bytes as a population CSV for a fixed policy that declares
 * every input type, then a bulk evaluation and one explanation. Must never crash or leak; bad
 * cells must be errors. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fuzz_policy_source[] =
    "policy fuzz.csv version 1\n"
    "title zh \"模糊\" en \"fuzz\"\ninstrument subsidy\nbudget \"b\"\nvalid 2000-01-01 ..\n"
    "source \"s\"\n"
    "input revenue: money\ninput rd_spend: money = 0元\ninput employees: int = 0\n"
    "input share: rate = 0%\ninput founded: date = 2000-01-01\ninput high_tech: bool = false\n"
    "input sector: enum(nlp, chips, other) = other\ninput city: string = \"成都\"\n"
    "let intensity = if revenue > 0元 then rd_spend / revenue else 0%\n"
    "rule r1 \"c\": sector != other or high_tech\n"
    "rule r2 \"c\": years_between(founded, today) < 30 and city in {\"成都\", \"苏州\"}\n"
    "amount \"a\": min(rd_spend * share + yuan(employees) * 100, 300万) + "
    "marginal revenue { <= 100万 -> 1%, else -> 2% } * intensity\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static hs_policy *p;
    hs_error err;
    if (p == NULL && policy_load_text("fuzz.policy", fuzz_policy_source,
                                      sizeof fuzz_policy_source - 1, &p, &err) != HS_OK)
        __builtin_trap();
    int fd = memfd_create("firms", 0);
    if (fd < 0)
        return 0;
    if (size > 0 && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    hs_pop *pop = NULL;
    if (pop_load_csv(p, path, &pop, &err) == HS_OK) {
        hs_pop_result r;
        if (policy_eval_pop(p, pop, date_from_ymd(2024, 6, 1), 2, &r, &err) == HS_OK) {
            char reason[1024];
            for (size_t i = 0; i < r.rows && i < 4; i++)
                policy_result_reason(p, &r, i, date_from_ymd(2024, 6, 1), reason, sizeof reason);
            pop_result_free(&r);
        }
        if (pop_rows(pop) > 0) {
            hs_explanation ex;
            if (policy_explain(p, pop, 0, date_from_ymd(2024, 6, 1), &ex, &err) == HS_OK)
                explanation_free(&ex);
        }
        pop_free(pop);
    }
    close(fd);
    return 0;
}
