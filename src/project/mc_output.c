/* mc_output.c — CSV and SVG fan charts of a projection (see mc_output.h). Hand-written SVG 1.1. */
#include "project/mc_output.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <string.h>

void mc_write_csv(const mc_summary *s, hs_date on, FILE *out) {
    fprintf(out, "metric,year,date,p10,p50,p90,mean\n");
    char d[16];
    for (int m = 0; m < MC_METRICS; m++)
        for (int y = 1; y <= s->years; y++) {
            const mc_band *b = &s->band[m][y - 1];
            fprintf(out, "%s,%d,%s,%.6g,%.6g,%.6g,%.6g\n", mc_metric_name((mc_metric)m), y,
                    date_format(date_add_years(on, y), d), b->p10, b->p50, b->p90, b->mean);
        }
}

static void xml_text(FILE *f, const char *s) {
    for (; s && *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else
            fputc(*s, f);
    }
}

enum { PANEL_W = 360, PANEL_H = 220, MARGIN = 50, COLS = 3 };

static void panel(FILE *f, const mc_summary *s, hs_date on, mc_metric m, int px, int py) {
    double lo = 0, hi = 0;
    for (int y = 0; y < s->years; y++) {
        const mc_band *b = &s->band[m][y];
        lo = fmin(lo, fmin(b->p10, b->p90));
        hi = fmax(hi, fmax(b->p10, b->p90));
    }
    if (hi <= lo)
        hi = lo + 1;
    double w = PANEL_W - MARGIN - 10, h = PANEL_H - 60;
    double x0 = px + MARGIN, y0 = py + 30;
#define X(y) (x0 + (s->years > 1 ? ((double)(y)-1) / (s->years - 1) : 0.5) * w)
#define Y(v) (y0 + h - ((v)-lo) / (hi - lo) * h)
    fprintf(f, "<g><text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>\n",
            px + 10, py + 18, mc_metric_name(m));
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
            "stroke=\"#999\"/>\n",
            x0, y0, w, h);
    fprintf(f, "<polygon fill=\"#9ecae1\" fill-opacity=\"0.6\" points=\"");
    for (int y = 1; y <= s->years; y++)
        fprintf(f, "%.1f,%.1f ", X(y), Y(s->band[m][y - 1].p90));
    for (int y = s->years; y >= 1; y--)
        fprintf(f, "%.1f,%.1f ", X(y), Y(s->band[m][y - 1].p10));
    fprintf(f, "\"/>\n<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"");
    for (int y = 1; y <= s->years; y++)
        fprintf(f, "%.1f,%.1f ", X(y), Y(s->band[m][y - 1].p50));
    fprintf(f, "\"/>\n");
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.3g</text>\n",
            x0 - 4, y0 + 4, hi);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.3g</text>\n",
            x0 - 4, y0 + h, lo);
    int ya, mo, d;
    date_to_ymd(date_add_years(on, 1), &ya, &mo, &d);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">%d</text>\n", x0, y0 + h + 14, ya);
    date_to_ymd(date_add_years(on, s->years), &ya, &mo, &d);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%d</text></g>\n",
            x0 + w, y0 + h + 14, ya);
#undef X
#undef Y
}

hs_status mc_write_fan_chart(const mc_summary *s, hs_date on, const char *title, const char *path,
                             hs_error *err) {
    assert(s != NULL && path != NULL);
    static const mc_metric shown[] = {MC_FIRMS_ALIVE,  MC_UNICORNS,    MC_BUDGET_LEFT,
                                      MC_POOL_BALANCE, MC_CLAIMS_PAID, MC_FUND_NAV,
                                      MC_FUND_TVPI,    MC_FUND_DPI,    MC_SOCIAL_CAPITAL};
    size_t n = sizeof shown / sizeof shown[0];
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return hs_invalid_field(err, "chart", "--chart %s: %s", path, strerror(errno));
    int rows = (int)((n + COLS - 1) / COLS);
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/"
            "svg\" version=\"1.1\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\">\n",
            COLS * PANEL_W, rows * PANEL_H + 40);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n<text x=\"10\" y=\"24\" "
               "font-size=\"16\">");
    xml_text(f, title);
    fprintf(f, " — P10–P90 band, median line (%lld paths)</text>\n", (long long)s->paths);
    for (size_t i = 0; i < n; i++)
        panel(f, s, on, shown[i], (int)(i % COLS) * PANEL_W, 40 + (int)(i / COLS) * PANEL_H);
    fprintf(f, "</svg>\n");
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0 || bad)
        return hs_fail(err, HS_STORAGE, "writing %s failed", path);
    return HS_OK;
}
