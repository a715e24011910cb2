/* ta_args.c — parsing the TA model's parameters from text (see ta_args.h). */
#include "project/ta_args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ta_number_parse(const char *text, double *out) {
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end != text && *end == '%') {
        v /= 100.0;
        end++;
    }
    if (end == text || *end != '\0' || errno != 0 || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool ta_call_rates_parse(const char *text, ta_params *p, char *why, size_t why_len) {
    char buf[4096];
    if (strlen(text) >= sizeof buf) {
        snprintf(why, why_len, "the list is too long");
        return false;
    }
    snprintf(buf, sizeof buf, "%s", text);
    p->call_rate_count = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        if (p->call_rate_count >= TA_RATES_MAX) {
            snprintf(why, why_len, "at most %d rates", TA_RATES_MAX);
            return false;
        }
        if (!ta_number_parse(tok, &p->call_rates[p->call_rate_count++])) {
            snprintf(why, why_len, "not a number: '%.40s'", tok);
            return false;
        }
    }
    if (p->call_rate_count == 0) {
        snprintf(why, why_len, "give at least one call rate");
        return false;
    }
    return true;
}
