/* cmd_gen.c — `huoshui gen firms --n N --seed S [--out FILE.csv]`: synthetic data in import
 * formats.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "registry/firm_csv.h"
#include "registry/firm_gen.h"

static void usage(FILE *out) {
    fprintf(
        out,
        "usage: huoshui gen firms --n N --seed S [--out FILE.csv] [--mix all|large-model]\n"
        "                         [--as-of YYYY-MM-DD]\n"
        "       huoshui gen products --n N --seed S [--out FILE.csv] [--mix ...] [--as-of ...]\n\n"
        "Writes N synthetic firms in the `firm import` CSV format (stdout without --out).\n"
        "Deterministic: the same seed, mix and --as-of (default 2025-12-31) give the same\n"
        "file. Cities, sectors, sizes and flags follow the proportions documented in\n"
        "src/registry/firm_gen.c; every credit code is valid and unique. --mix large-model\n"
        "uses the 2023 large-model project split (78%% NLP, 12%% smart manufacturing, 6%%\n"
        "biomedicine). At most %lld firms.\n"
        "`gen products` with the same options writes the products (首版次软件, 首台套, ...)\n"
        "of those same firms, in the `firm import-products` format.\n",
        (long long)FIRM_GEN_MAX);
}

typedef struct {
    int64_t n;
    const char *out_path;
    firm_gen_params params;
} gen_options;

/* Parses the options shared by `gen firms` and `gen products`; returns 0, or an exit code (-1 for
 * --help, already printed). */
static int parse_options(const char *cmd, int argc, char **argv, gen_options *o) {
    int64_t n = -1, seed = -1;
    const char *out_path = NULL;
    firm_gen_params params = {.mix = FIRM_GEN_MIX_ALL, .as_of = date_from_ymd(2025, 12, 31)};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return -1;
        }
        if (v == NULL)
            return cli_fail(cmd, HS_INPUT, "unknown or incomplete option '%s'", a);
        i++;
        if (strcmp(a, "--n") == 0) {
            if (!cli_int_arg(cmd, "--n", v, &n))
                return HS_INPUT;
        } else if (strcmp(a, "--seed") == 0) {
            if (!cli_int_arg(cmd, "--seed", v, &seed))
                return HS_INPUT;
        } else if (strcmp(a, "--out") == 0)
            out_path = v;
        else if (strcmp(a, "--mix") == 0) {
            if (!firm_gen_mix_parse(v, &params.mix))
                return cli_fail(cmd, HS_INPUT, "--mix: 'all' or 'large-model', not '%s'", v);
        } else if (strcmp(a, "--as-of") == 0) {
            if (!cli_date_arg(cmd, "--as-of", v, &params.as_of))
                return HS_INPUT;
        } else
            return cli_fail(cmd, HS_INPUT, "unknown option '%s'", a);
    }
    if (n < 0 || seed < 0)
        return cli_fail(cmd, HS_INPUT, "--n N and --seed S are required (see --help)");
    if (n > FIRM_GEN_MAX)
        return cli_fail(cmd, HS_INPUT, "--n: at most %lld firms", (long long)FIRM_GEN_MAX);
    params.seed = (uint64_t)seed;
    o->n = n;
    o->out_path = out_path;
    o->params = params;
    return 0;
}

static int gen_firms(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "gen firms";
    gen_options o;
    int rc = parse_options(cmd, argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    int64_t n = o.n;
    const char *out_path = o.out_path;
    firm_gen_params params = o.params;
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    if (out == NULL)
        return cli_fail(cmd, HS_INPUT, "cannot write %s: %s", out_path, strerror(errno));
    static char buf[1 << 20];
    setvbuf(out, buf, _IOFBF, sizeof buf);
    bool progress = cli_show_progress(cfg);
    firm_gen g;
    firm_gen_init(&g, &params);
    firm_csv_write_header(out);
    for (int64_t i = 0; i < n; i++) {
        hs_firm f;
        firm_gen_next(&g, &f);
        firm_csv_write_row(out, &f);
        if (progress && (i + 1) % 100000 == 0)
            fprintf(stderr, "\r  %lld / %lld firms", (long long)(i + 1), (long long)n);
    }
    if (progress && n >= 100000)
        fputc('\n', stderr);
    bool failed = out_path ? fclose(out) != 0 : fflush(out) != 0;
    if (failed)
        return cli_fail(cmd, HS_STORAGE, "cannot write %s", out_path ? out_path : "stdout");
    return 0;
}

static int gen_products(const hs_config *cfg, int argc, char **argv) {
    const char *cmd = "gen products";
    gen_options o;
    int rc = parse_options(cmd, argc, argv, &o);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    FILE *out = o.out_path ? fopen(o.out_path, "w") : stdout;
    if (out == NULL)
        return cli_fail(cmd, HS_INPUT, "cannot write %s: %s", o.out_path, strerror(errno));
    bool progress = cli_show_progress(cfg);
    firm_gen g;
    firm_gen_init(&g, &o.params);
    hs_rng products_rng;
    rng_seed(&products_rng, o.params.seed ^ UINT64_C(0x70726F6475637473)); /* "products" */
    product_csv_write_header(out);
    for (int64_t i = 0; i < o.n; i++) {
        hs_firm f;
        hs_product p[FIRM_GEN_PRODUCTS_MAX];
        firm_gen_next(&g, &f);
        size_t k = firm_gen_products(&products_rng, &o.params, &f, p);
        for (size_t j = 0; j < k; j++)
            product_csv_write_row(out, &p[j]);
        if (progress && (i + 1) % 100000 == 0)
            fprintf(stderr, "\r  %lld / %lld firms", (long long)(i + 1), (long long)o.n);
    }
    if (progress && o.n >= 100000)
        fputc('\n', stderr);
    bool failed = o.out_path ? fclose(out) != 0 : fflush(out) != 0;
    if (failed)
        return cli_fail(cmd, HS_STORAGE, "cannot write %s", o.out_path ? o.out_path : "stdout");
    return 0;
}

int cmd_gen(const hs_config *cfg, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? HS_INPUT : 0;
    }
    if (strcmp(argv[1], "firms") == 0)
        return gen_firms(cfg, argc - 1, argv + 1);
    if (strcmp(argv[1], "products") == 0)
        return gen_products(cfg, argc - 1, argv + 1);
    fprintf(stderr, "huoshui gen: unknown dataset '%s' (known: firms, products)\n", argv[1]);
    return HS_INPUT;
}
