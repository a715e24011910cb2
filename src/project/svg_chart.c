/* svg_chart.c — the fund cash-flow chart as SVG text. See svg_chart.h. */
#include "project/svg_chart.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define CHART_WIDTH 860.0
#define CHART_HEIGHT 500.0
#define MARGIN_LEFT 80.0
#define MARGIN_RIGHT 30.0
#define MARGIN_TOP 50.0
#define MARGIN_BOTTOM 90.0
#define COLOR_CONTRIBUTION "#d62728"
#define COLOR_DISTRIBUTION "#2ca02c"
#define COLOR_NAV "#1f77b4"
#define COLOR_CUMULATIVE "#ff7f0e"

typedef struct {
    double lo, hi; /* value range shown on the y axis */
    double step;   /* tick step */
    double plot_w, plot_h;
    int years;
    int first; /* the year label of index 0 */
} chart_frame;

static double frame_x(const chart_frame *f, double year) { /* band centre of a (1-based) year */
    return MARGIN_LEFT + (year - 0.5) * f->plot_w / f->years;
}

static double frame_y(const chart_frame *f, double v) {
    return MARGIN_TOP + (f->hi - v) / (f->hi - f->lo) * f->plot_h;
}

/* A "nice" tick step (1, 2 or 5 x 10^k) giving about six ticks over span. */
static double nice_step(double span) {
    double raw = span / 6.0;
    double mag = pow(10.0, floor(log10(raw)));
    double n = raw / mag;
    return (n <= 1.0 ? 1.0 : n <= 2.0 ? 2.0 : n <= 5.0 ? 5.0 : 10.0) * mag;
}

static void xml_text(FILE *out, const char *s) {
    for (; s != NULL && *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static hs_status make_frame(const svg_fund_chart *c, chart_frame *f, hs_error *err) {
    if (c->years < 1 || c->years > 1000)
        return hs_fail(err, HS_INPUT, "chart: years must be between 1 and 1000, got %d", c->years);
    int first = c->first_year != 0 ? c->first_year : 1;
    if (first < 0 || first > 10000)
        return hs_fail(err, HS_INPUT, "chart: first year %d is out of range", first);
    if (c->trough_year != 0 && (c->trough_year < first || c->trough_year >= first + c->years))
        return hs_fail(err, HS_INPUT, "chart: trough year %d is outside %d..%d", c->trough_year,
                       first, first + c->years - 1);
    double lo = 0.0, hi = 0.0;
    for (int i = 0; i < c->years; i++) {
        double v[4] = {-c->contribution[i], c->distribution[i], c->nav[i], c->cumulative_net[i]};
        for (int k = 0; k < 4; k++) {
            if (!isfinite(v[k]))
                return hs_fail(err, HS_INPUT, "chart: year %d has a value that is not finite",
                               i + 1);
            lo = fmin(lo, v[k]);
            hi = fmax(hi, v[k]);
        }
    }
    if (hi - lo <= 0)
        hi = lo + 1.0;
    f->step = nice_step(hi - lo);
    f->lo = floor(lo / f->step) * f->step;
    f->hi = ceil(hi / f->step) * f->step;
    f->plot_w = CHART_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    f->plot_h = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
    f->years = c->years;
    f->first = first;
    return HS_OK;
}

static void draw_axes(const svg_fund_chart *c, const chart_frame *f, FILE *out) {
    double x0 = MARGIN_LEFT, x1 = MARGIN_LEFT + f->plot_w;
    fprintf(out, "<g class=\"grid\" stroke=\"#dddddd\" stroke-width=\"1\">\n");
    int ticks = (int)llround((f->hi - f->lo) / f->step);
    for (int k = 0; k <= ticks; k++) {
        double v = f->lo + k * f->step;
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x0, frame_y(f, v),
                x1, frame_y(f, v));
    }
    fprintf(out, "</g>\n<g class=\"y-axis\" font-size=\"11\" text-anchor=\"end\">\n");
    for (int k = 0; k <= ticks; k++) {
        double v = f->lo + k * f->step;
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%g</text>\n", x0 - 6, frame_y(f, v) + 4,
                fabs(v) < f->step * 1e-9 ? 0.0 : v);
    }
    fprintf(out, "</g>\n");
    /* the zero line and the axes */
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
            "stroke-width=\"1.5\"/>\n",
            x0, frame_y(f, 0.0), x1, frame_y(f, 0.0));
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\" "
            "stroke-width=\"1\"/>\n",
            x0, MARGIN_TOP, x0, MARGIN_TOP + f->plot_h);
    fprintf(out, "<g class=\"x-axis\" font-size=\"11\" text-anchor=\"middle\">\n");
    int every = f->years > 40 ? 5 : f->years > 20 ? 2 : 1;
    for (int t = 1; t <= f->years; t++) {
        int label = t + f->first - 1;
        if (label % every == 0 || t == 1)
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%d</text>\n", frame_x(f, t),
                    MARGIN_TOP + f->plot_h + 16, label);
    }
    fprintf(out, "</g>\n");
    fprintf(out,
            "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">year</text>\n",
            MARGIN_LEFT + f->plot_w / 2, MARGIN_TOP + f->plot_h + 36);
    fprintf(out,
            "<text x=\"18\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" "
            "transform=\"rotate(-90 18 %.1f)\">",
            MARGIN_TOP + f->plot_h / 2, MARGIN_TOP + f->plot_h / 2);
    xml_text(out, c->unit_label != NULL ? c->unit_label : "amount");
    fprintf(out, "</text>\n");
}

static void draw_bars(const svg_fund_chart *c, const chart_frame *f, FILE *out) {
    double band = f->plot_w / f->years, bar = band * 0.35;
    double zero = frame_y(f, 0.0);
    fprintf(out, "<g class=\"contributions\" fill=\"" COLOR_CONTRIBUTION "\">\n");
    for (int t = 1; t <= f->years; t++) {
        double h = frame_y(f, -c->contribution[t - 1]) - zero;
        fprintf(out,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>year %d "
                "contribution %.4f</title></rect>\n",
                frame_x(f, t) - bar, zero, bar, h, t + f->first - 1, c->contribution[t - 1]);
    }
    fprintf(out, "</g>\n<g class=\"distributions\" fill=\"" COLOR_DISTRIBUTION "\">\n");
    for (int t = 1; t <= f->years; t++) {
        double top = frame_y(f, c->distribution[t - 1]);
        fprintf(out,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>year %d "
                "distribution %.4f</title></rect>\n",
                frame_x(f, t), top, bar, zero - top, t + f->first - 1, c->distribution[t - 1]);
    }
    fprintf(out, "</g>\n");
}

static void draw_line(const chart_frame *f, const double *values, const char *cls,
                      const char *color, const char *dash, FILE *out) {
    fprintf(
        out,
        "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s%s%s points=\"",
        cls, color, dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
    for (int t = 1; t <= f->years; t++)
        fprintf(out, "%s%.1f,%.1f", t > 1 ? " " : "", frame_x(f, t), frame_y(f, values[t - 1]));
    fprintf(out, "\"/>\n");
}

static void draw_trough(const svg_fund_chart *c, const chart_frame *f, FILE *out) {
    if (c->trough_year == 0)
        return;
    int t = c->trough_year - f->first + 1;
    double v = c->cumulative_net[t - 1];
    double x = frame_x(f, t), y = frame_y(f, v);
    const char *anchor = x < MARGIN_LEFT + 70 ? "start" : "middle"; /* keep clear of the y axis */
    fprintf(out,
            "<g class=\"trough\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\" "
            "stroke=\"#000000\" stroke-width=\"2\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
            "font-size=\"12\" text-anchor=\"%s\">trough: year %d, %.2f</text></g>\n",
            x, y, anchor[0] == 's' ? x - 6 : x, y + 22, anchor, c->trough_year, v);
}

static void draw_legend(FILE *out) {
    static const struct {
        const char *label, *color;
        int line;
    } items[] = {{"contributions", COLOR_CONTRIBUTION, 0},
                 {"distributions", COLOR_DISTRIBUTION, 0},
                 {"NAV", COLOR_NAV, 1},
                 {"cumulative net cash flow", COLOR_CUMULATIVE, 1}};
    double x = MARGIN_LEFT, y = CHART_HEIGHT - 24;
    fprintf(out, "<g class=\"legend\" font-size=\"12\">\n");
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (items[i].line)
            fprintf(out,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"2.5\"/>\n",
                    x, y - 4, x + 18, y - 4, items[i].color);
        else
            fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" fill=\"%s\"/>\n",
                    x, y - 9, items[i].color);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 24, y, items[i].label);
        x += 40 + 7.0 * (double)strlen(items[i].label);
    }
    fprintf(out, "</g>\n");
}

hs_status svg_chart_render(const svg_fund_chart *chart, FILE *out, hs_error *err) {
    chart_frame f;
    hs_status st = make_frame(chart, &f, err);
    if (st != HS_OK)
        return st;
    fprintf(out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">\n",
            CHART_WIDTH, CHART_HEIGHT, CHART_WIDTH, CHART_HEIGHT);
    fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    fprintf(out, "<text x=\"%.1f\" y=\"28\" font-size=\"16\" text-anchor=\"middle\">",
            CHART_WIDTH / 2);
    xml_text(out, chart->title != NULL ? chart->title : "fund cash flows");
    fprintf(out, "</text>\n");
    draw_axes(chart, &f, out);
    draw_bars(chart, &f, out);
    draw_line(&f, chart->nav, "nav", COLOR_NAV, NULL, out);
    draw_line(&f, chart->cumulative_net, "cumulative-net", COLOR_CUMULATIVE, "6 4", out);
    draw_trough(chart, &f, out);
    draw_legend(out);
    fprintf(out, "</svg>\n");
    return HS_OK;
}

hs_status svg_chart_write(const svg_fund_chart *chart, const char *path, hs_error *err) {
    chart_frame f;
    hs_status st = make_frame(chart, &f, err); /* validate before touching the file */
    if (st != HS_OK)
        return st;
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return hs_fail(err, HS_INPUT, "%s: cannot write the chart: %s", path, strerror(errno));
    st = svg_chart_render(chart, out, err);
    if (ferror(out))
        st = hs_fail(err, HS_STORAGE, "%s: write failed", path);
    if (fclose(out) != 0 && st == HS_OK)
        st = hs_fail(err, HS_STORAGE, "%s: write failed: %s", path, strerror(errno));
    return st;
}
