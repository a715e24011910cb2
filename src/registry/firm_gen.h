/* firm_gen.h — a synthetic, realistic population of AI-industry firms in the import format.
 *
 * Deterministic: the same seed, mix and as-of date give the same firms in the same order. Every
 * credit code is valid (GB 32100 check character, a GB 11714 organisation code with its own check
 * character) and unique within a population of up to FIRM_GEN_MAX firms. See firm_gen.c for the
 * proportions and distributions, with their sources. */
#ifndef HS_REGISTRY_FIRM_GEN_H
#define HS_REGISTRY_FIRM_GEN_H

#include <stdint.h>

#include "registry/firm.h"
#include "registry/product.h"
#include "registry/rng.h"

#define FIRM_GEN_MAX INT64_C(100000000) /* unique codes are guaranteed up to this many firms */

typedef enum {
    FIRM_GEN_MIX_ALL = 0,     /* the broad mix of all AI firms */
    FIRM_GEN_MIX_LARGE_MODEL, /* large-model projects: 78% NLP, 12% smart mfg, 6% biomedicine */
} firm_gen_mix;

typedef struct {
    uint64_t seed;
    firm_gen_mix mix;
    hs_date as_of; /* founding dates and ages are counted back from this day */
} firm_gen_params;

typedef struct {
    firm_gen_params params;
    hs_rng rng;
    int64_t index;                 /* firms generated so far */
    uint64_t new_mult, new_offset; /* index -> new-style organisation code (bijection) */
    uint64_t old_mult, old_offset; /* index -> numeric organisation code (bijection) */
} firm_gen;

/* Prepares a generator. */
void firm_gen_init(firm_gen *g, const firm_gen_params *params);
/* Writes the next firm into *out (asserts fewer than FIRM_GEN_MAX have been generated). */
void firm_gen_next(firm_gen *g, hs_firm *out);
/* Up to this many products are generated for one firm. */
#define FIRM_GEN_PRODUCTS_MAX 3

/* Draws the products of firm `f` (just returned by firm_gen_next on a generator with the same
 * params) into out[0..FIRM_GEN_PRODUCTS_MAX); returns how many (most firms have none). Uses its own
 * stream (`products_rng`, seeded from params.seed), so the firms are the same with or without
 * products. */
size_t firm_gen_products(hs_rng *products_rng, const firm_gen_params *params, const hs_firm *f,
                         hs_product *out);
/* Parses a mix name ("all", "large-model"); false if unknown. */
bool firm_gen_mix_parse(const char *text, firm_gen_mix *out);

#endif
