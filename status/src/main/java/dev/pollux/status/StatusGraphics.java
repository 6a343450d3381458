package dev.pollux.status;

import dev.pollux.core.scoreboard.WorkerState;
import java.util.Locale;

/**
 * What Pollux's page shows beyond httpd's, after all of httpd's sections so that scrapers never meet it: the
 * scoreboard as a grid of coloured cells (state in each cell's tooltip) with a count per state, and the request
 * rate of the last few minutes as a sparkline. Inline CSS and SVG only.
 */
final class StatusGraphics {

    /** The page's style sheet: the grid's cells and the sparkline. */
    static final String CSS = "\n.sb{display:flex;flex-wrap:wrap;gap:2px;max-width:44em;margin:.5em 0}"
            + "\n.sb span,.sk span{display:inline-block;width:10px;height:10px;border-radius:2px}"
            + "\n.sk span{margin:0 .3em 0 1em;vertical-align:middle}"
            + "\n.s-dead{background:#e0e0e0}.s-starting{background:#9ecae1}.s-ready{background:#a1d99b}"
            + "\n.s-reading{background:#fdae6b}.s-writing{background:#e6550d}.s-keepalive{background:#fdd0a2}"
            + "\n.s-logging{background:#756bb1}.s-closing{background:#de2d26}.s-graceful{background:#636363}"
            + "\n.spark{background:#f7fbff;border:1px solid #c6dbef}"
            + "\n.spark polyline{fill:none;stroke:#3182bd;stroke-width:1.5}\n";

    private static final int WIDTH = 360;
    private static final int HEIGHT = 60;
    private static final int MARGIN = 3;

    private StatusGraphics() {
    }

    static void render(StringBuilder out, StatusSnapshot s) {
        out.append("<hr /><h2>Scoreboard grid</h2>\n");
        grid(out, s);
        out.append("<h2>Requests per second</h2>\n");
        sparkline(out, s.history());
    }

    private static void grid(StringBuilder out, StatusSnapshot s) {
        int[] counts = new int[WorkerState.values().length];
        out.append("<div class=\"sb\">");
        for (StatusSnapshot.Slot slot : s.slots()) {
            counts[slot.state().ordinal()]++;
            out.append("<span class=\"").append(cssClass(slot.state())).append("\" title=\"slot ")
                    .append(slot.index()).append(": ").append(slot.state().letter()).append("\"></span>");
        }
        out.append("</div>\n<p class=\"sk\">");
        for (WorkerState state : WorkerState.values()) {
            out.append("<span class=\"").append(cssClass(state)).append("\"></span><code>")
                    .append(state.letter()).append("</code> ").append(counts[state.ordinal()]);
        }
        out.append("</p>\n");
    }

    private static String cssClass(WorkerState state) {
        return "s-" + state.name().toLowerCase(Locale.ROOT);
    }

    /** A polyline of the per-interval rates, scaled to the largest; a note until two samples exist. */
    private static void sparkline(StringBuilder out, RateHistory.Rates rates) {
        if (rates.size() < 2) {
            out.append("<p>Collecting samples: one every ").append(RateHistory.INTERVAL.toSeconds())
                    .append(" s.</p>\n");
            return;
        }
        double max = rates.max();
        long span = rates.size() * RateHistory.INTERVAL.toSeconds();
        out.append("<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\"><title>Requests per second, last ").append(span)
                .append(" s</title><polyline points=\"");
        double step = (double) (WIDTH - 2 * MARGIN) / (rates.size() - 1);
        for (int i = 0; i < rates.size(); i++) {
            double x = MARGIN + i * step;
            double scaled = max > 0 ? rates.get(i) / max : 0;
            double y = HEIGHT - MARGIN - scaled * (HEIGHT - 2 * MARGIN);
            out.append(i == 0 ? "" : " ").append(decimal(x)).append(',').append(decimal(y));
        }
        out.append("\"/></svg>\n<p>Last ").append(span).append(" s: now ").append(decimal(rates.latest()))
                .append(" requests/sec, peak ").append(decimal(max)).append(".</p>\n");
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
