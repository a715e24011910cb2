/* ta_args.h — the Takahashi–Alexander model's parameters as text, as `huoshui fund project` and
 * GET /api/v1/funds/{id}/projection take them: a number or a percentage ("0.13", "13%"), and a
 * list of call rates ("0.25,0.3333,0.5": comma-separated numbers; the model repeats the last). */
#ifndef HS_PROJECT_TA_ARGS_H
#define HS_PROJECT_TA_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "project/takahashi.h"

/* "0.13" or "13%" (divided by 100) into *out, a finite number; false if the text is anything else
 * (*out untouched). */
bool ta_number_parse(const char *text, double *out);
/* A comma-separated list of 1..TA_RATES_MAX numbers (ta_number_parse each) into p->call_rates and
 * p->call_rate_count; false with why (naming the token at fault) otherwise, p->call_rate_count
 * then unspecified. */
bool ta_call_rates_parse(const char *text, ta_params *p, char *why, size_t why_len);

#endif
