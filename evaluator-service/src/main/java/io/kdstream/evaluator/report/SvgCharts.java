package io.kdstream.evaluator.report;

import static io.kdstream.evaluator.report.Markup.escape;
import static io.kdstream.evaluator.report.Markup.format;
import static io.kdstream.evaluator.report.Markup.percent;
import static io.kdstream.evaluator.report.Markup.plain;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's plots as standalone SVG documents, drawn on the server without a charting library: a
 * report must open the same in a browser, a Markdown viewer or a paper's source tree years later,
 * with nothing to fetch. Every text is escaped for XML.
 */
public final class SvgCharts {

    /** The dashboard's palette (js/charts.js), teacher first, so the plots look alike. */
    private static final String[] PALETTE = {
        "#1d2430", "#2f6fdb", "#d98f00", "#1f9d55", "#9b51e0", "#d64545", "#00a3a3", "#8a6d3b"
    };

    /**
     * The SVG namespace declaration of a standalone document; {@link HtmlReport} drops it when it
     * inlines a plot, where HTML5 needs none.
     */
    static final String XMLNS = " xmlns=\"http://www.w3.org/2000/svg\"";

    private static final int WIDTH = 820;
    private static final int HEIGHT = 400;
    private static final int LEFT = 60;
    private static final int RIGHT = 280;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;

    private SvgCharts() {}

    /**
     * Draws the per-epoch test accuracy: the teacher dashed, each student group's mean as a line
     * and, for a group repeated over seeds, the lowest to highest seed shaded around it.
     *
     * @param bands the curves
     * @return an SVG document
     */
    public static String curves(SeedBands bands) {
        List<Double> values = new ArrayList<>();
        int maxEpoch = 1;
        for (SeedBands.Point p : bands.teacher()) {
            values.add(p.accuracy());
            maxEpoch = Math.max(maxEpoch, p.epoch());
        }
        for (SeedBands.Band b : bands.groups()) {
            for (SeedBands.BandPoint p : b.points()) {
                values.add(p.min());
                values.add(p.max());
                maxEpoch = Math.max(maxEpoch, p.epoch());
            }
        }
        StringBuilder svg = open(WIDTH, HEIGHT, "Test accuracy per epoch");
        if (values.isEmpty()) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "No evaluations yet"));
            return svg.append("</svg>\n").toString();
        }
        double low = Math.max(0, Math.floor(min(values) * 100) - 1);
        double high = Math.min(100, Math.ceil(max(values) * 100));
        if (high - low < 1) {
            low = Math.max(0, high - 1);
        }
        Scale x =
                new Scale(
                        maxEpoch == 1 ? 0.5 : 1,
                        maxEpoch == 1 ? 1.5 : maxEpoch,
                        LEFT,
                        WIDTH - RIGHT);
        Scale y = new Scale(low, high, HEIGHT - BOTTOM, TOP);
        axes(svg, x, y, maxEpoch);
        int legend = 0;
        if (!bands.teacher().isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (SeedBands.Point p : bands.teacher()) {
                line.append(point(x, y, p.epoch(), p.accuracy()));
            }
            svg.append(
                    format(
                            "<polyline class=\"teacher\" points=\"%s\" fill=\"none\" stroke=\"%s\""
                                    + " stroke-width=\"2\" stroke-dasharray=\"6 4\"/>%n",
                            line.toString().trim(), PALETTE[0]));
            legend(svg, legend++, PALETTE[0], "teacher");
        }
        for (int i = 0; i < bands.groups().size(); i++) {
            SeedBands.Band b = bands.groups().get(i);
            if (b.points().isEmpty()) {
                continue;
            }
            String color = PALETTE[(i + 1) % PALETTE.length];
            if (b.seeds() > 1) {
                StringBuilder area = new StringBuilder();
                b.points().forEach(p -> area.append(point(x, y, p.epoch(), p.max())));
                for (int k = b.points().size() - 1; k >= 0; k--) {
                    SeedBands.BandPoint p = b.points().get(k);
                    area.append(point(x, y, p.epoch(), p.min()));
                }
                svg.append(
                        format(
                                "<polygon class=\"band\" points=\"%s\" fill=\"%s\""
                                        + " fill-opacity=\"0.18\" stroke=\"none\"/>%n",
                                area.toString().trim(), color));
            }
            StringBuilder line = new StringBuilder();
            b.points().forEach(p -> line.append(point(x, y, p.epoch(), p.mean())));
            svg.append(
                    format(
                            "<polyline class=\"mean\" points=\"%s\" fill=\"none\" stroke=\"%s\""
                                    + " stroke-width=\"2\"/>%n",
                            line.toString().trim(), color));
            for (SeedBands.BandPoint p : b.points()) {
                svg.append(
                        format(
                                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                                x.at(p.epoch()), y.at(p.mean() * 100), color));
            }
            legend(
                    svg,
                    legend++,
                    color,
                    b.label() + (b.seeds() > 1 ? " (" + b.seeds() + " seeds, min..max)" : ""));
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * Draws a sweep as a heat map: temperatures down, alphas across, each cell coloured by its mean
     * accuracy (pale for the grid's lowest, dark for its highest) with the value printed in it.
     *
     * @param grid the sweep
     * @return an SVG document
     */
    public static String heatMap(SweepGrid grid) {
        int cellW = 110;
        int cellH = 44;
        int left = 70;
        int top = 50;
        int width = left + cellW * grid.alphas().size() + 20;
        int height = top + cellH * grid.temperatures().size() + 60;
        StringBuilder svg = open(width, height, "Mean test accuracy over temperature and alpha");
        double[] range = grid.range();
        svg.append(text(left + cellW * grid.alphas().size() / 2.0, 18, "middle", "alpha"));
        svg.append(
                format(
                        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16"
                                + " %.1f)\">T</text>%n",
                        top + cellH * grid.temperatures().size() / 2.0,
                        top + cellH * grid.temperatures().size() / 2.0));
        for (int a = 0; a < grid.alphas().size(); a++) {
            svg.append(
                    text(
                            left + cellW * (a + 0.5),
                            top - 10,
                            "middle",
                            plain(grid.alphas().get(a))));
        }
        for (int t = 0; t < grid.temperatures().size(); t++) {
            double cy = top + cellH * t;
            svg.append(
                    text(
                            left - 10,
                            cy + cellH / 2.0 + 4,
                            "end",
                            plain(grid.temperatures().get(t))));
            for (int a = 0; a < grid.alphas().size(); a++) {
                SweepGrid.Cell cell = grid.cells().get(t).get(a);
                double cx = left + cellW * a;
                if (cell == null) {
                    svg.append(
                            format(
                                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\""
                                            + " fill=\"#eeeeee\" stroke=\"#ffffff\"/>%n",
                                    cx, cy, cellW, cellH));
                    svg.append(text(cx + cellW / 2.0, cy + cellH / 2.0 + 4, "middle", "-"));
                    continue;
                }
                double share =
                        range[1] > range[0]
                                ? (cell.meanAccuracy() - range[0]) / (range[1] - range[0])
                                : 1;
                svg.append(
                        format(
                                "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%d\""
                                        + " height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"><title>%s</title></rect>%n",
                                cx,
                                cy,
                                cellW,
                                cellH,
                                heat(share),
                                escape(cell.label() + ", " + cell.seeds() + " seed(s)")));
                svg.append(
                        format(
                                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                                cx + cellW / 2.0,
                                cy + cellH / 2.0 + 4,
                                share > 0.55 ? "#ffffff" : "#1d2430",
                                escape(percent(cell.meanAccuracy()))));
            }
        }
        String caption =
                escape(grid.lossMode())
                        + " students; "
                        + (grid.scratchAccuracy() == null
                                ? "no scratch baseline"
                                : "scratch baseline " + percent(grid.scratchAccuracy()));
        svg.append(
                format(
                        "<text x=\"%d\" y=\"%d\">%s</text>%n",
                        left, top + cellH * grid.temperatures().size() + 30, caption));
        return svg.append("</svg>\n").toString();
    }

    /** From pale to the dashboard's blue, as a share of the grid's range goes from 0 to 1. */
    private static String heat(double share) {
        int[] pale = {0xe8, 0xf0, 0xfc};
        int[] dark = {0x1a, 0x4f, 0xb0};
        int[] rgb = new int[3];
        for (int i = 0; i < 3; i++) {
            rgb[i] = (int) Math.round(pale[i] + (dark[i] - pale[i]) * share);
        }
        return format("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(
                format(
                        "<svg"
                                + XMLNS
                                + " width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\""
                                + " font-size=\"12\">%n",
                        width,
                        height,
                        width,
                        height));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        return svg;
    }

    private static void axes(StringBuilder svg, Scale x, Scale y, int maxEpoch) {
        svg.append(
                format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888888\"/>%n",
                        LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append(
                format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888888\"/>%n",
                        LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        int step = Math.max(1, (int) Math.ceil(maxEpoch / 10.0));
        for (int e = 1; e <= maxEpoch; e += step) {
            svg.append(text(x.at(e), HEIGHT - BOTTOM + 16, "middle", Integer.toString(e)));
        }
        double span = y.high - y.low;
        double tick = span <= 2 ? 0.5 : span <= 5 ? 1 : span <= 20 ? 2 : span <= 50 ? 5 : 10;
        for (double v = Math.ceil(y.low / tick) * tick; v <= y.high + 1e-9; v += tick) {
            svg.append(
                    format(
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>%n",
                            LEFT + 1, y.at(v), WIDTH - RIGHT, y.at(v)));
            svg.append(text(LEFT - 6, y.at(v) + 4, "end", plain(v)));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "middle", "epoch"));
        svg.append(
                format(
                        "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14"
                                + " %.1f)\">test accuracy (%%)</text>%n",
                        (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0));
    }

    private static void legend(StringBuilder svg, int index, String color, String label) {
        int lx = WIDTH - RIGHT + 14;
        int ly = TOP + 10 + index * 18;
        svg.append(
                format(
                        "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                        lx, ly - 10, color));
        svg.append(text(lx + 18, ly, "start", label));
    }

    private static String point(Scale x, Scale y, int epoch, double accuracy) {
        return format("%.1f,%.1f ", x.at(epoch), y.at(accuracy * 100));
    }

    private static String text(double x, double y, String anchor, String text) {
        return format(
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                x, y, anchor, escape(text));
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    }

    /** A linear map from data values to pixels. */
    private record Scale(double low, double high, double from, double to) {
        double at(double value) {
            return from + (value - low) / (high - low) * (to - from);
        }
    }
}
