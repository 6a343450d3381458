package dev.pollux.status;

import dev.pollux.core.http.HtmlEscaper;
import dev.pollux.core.Version;
import dev.pollux.core.scoreboard.ConnectionState;
import java.time.ZoneId;

/**
 * The HTML page: mod_status's sections in httpd 2.4.63's order and wording (the title, the {@code <h1>}, the
 * {@code <dt>} lines, the async table, the 64-column {@code <pre>} scoreboard and its key, the worker table),
 * so that scrapers of httpd's page keep working, followed by what httpd lacks: the scoreboard as a coloured
 * grid and a request-rate sparkline ({@link StatusGraphics}). No script and no external resource.
 */
final class HtmlPage {

    /** mod_status's {@code STATUS_MAXLINE}. */
    static final int SCOREBOARD_LINE = 64;

    private static final String SCOREBOARD_KEY = """
            <p>Scoreboard Key:<br />
            "<b><code>_</code></b>" Waiting for Connection,
            "<b><code>S</code></b>" Starting up,
            "<b><code>R</code></b>" Reading Request,<br />
            "<b><code>W</code></b>" Sending Reply,
            "<b><code>K</code></b>" Keepalive (read),
            "<b><code>D</code></b>" DNS Lookup,<br />
            "<b><code>C</code></b>" Closing connection,
            "<b><code>L</code></b>" Logging,
            "<b><code>G</code></b>" Gracefully finishing,<br />
            "<b><code>I</code></b>" Idle cleanup of worker,
            "<b><code>.</code></b>" Open slot with no current process<br />
            </p>
            """;

    private HtmlPage() {
    }

    /**
     * The page for a request that named {@code host} and reached {@code localIp}; with {@code notable} the
     * worker details are paragraphs rather than a table.
     */
    static String render(StatusSnapshot s, String host, String localIp, boolean notable, ZoneId zone) {
        StringBuilder out = new StringBuilder(8192 + s.slots().size() * 64);
        // HTML5 rather than httpd's HTML 4.01 doctype: the page carries inline SVG.
        out.append("<!DOCTYPE html>\n<html><head>\n<title>Apache Status</title>\n");
        out.append("<style>").append(StatusGraphics.CSS).append("</style>\n</head><body>\n");
        out.append("<h1>Apache Server Status for ").append(HtmlEscaper.escape(host))
                .append(" (via ").append(HtmlEscaper.escape(localIp)).append(")</h1>\n\n");
        summary(out, s, zone);
        asyncTable(out, s);
        scoreboard(out, s);
        if (s.extendedStatus()) {
            WorkerTable.render(out, s, notable);
        } else {
            pidKey(out, s);
            out.append("<hr />To obtain a full report with current status information you need to set ")
                    .append("<code>pollux.extended-status = on</code>.\n");
        }
        StatusGraphics.render(out, s);
        out.append("</body></html>\n");
        return out.toString();
    }

    private static void summary(StringBuilder out, StatusSnapshot s, ZoneId zone) {
        out.append("<dl><dt>Server Version: ").append(HttpdText.SERVER_DESCRIPTION).append("</dt>\n");
        out.append("<dt>Server MPM: ").append(s.mpm()).append("</dt>\n");
        out.append("<dt>Server Built: ").append(Version.BUILT).append("\n</dt></dl><hr /><dl>\n");
        out.append("<dt>Current Time: ").append(HttpdText.time(s.now(), zone)).append("</dt>\n");
        out.append("<dt>Restart Time: ").append(HttpdText.time(s.restartTime(), zone)).append("</dt>\n");
        out.append("<dt>Parent Server Config. Generation: ").append(s.configGeneration()).append("</dt>\n");
        out.append("<dt>Parent Server MPM Generation: ").append(s.generation()).append("</dt>\n");
        out.append("<dt>Server uptime: ").append(HttpdText.uptime(s.uptimeSeconds())).append("</dt>\n");
        out.append("<dt>Server load: ").append(AprFormat.f(s.load().one(), 2)).append(' ')
                .append(AprFormat.f(s.load().five(), 2)).append(' ')
                .append(AprFormat.f(s.load().fifteen(), 2)).append("</dt>\n");
        if (s.extendedStatus()) {
            extendedSummary(out, s);
        }
        out.append("<dt>").append(s.totals().busyWorkers()).append(" requests currently being processed, ")
                .append(s.gracefulWorkers()).append(" workers gracefully restarting, ")
                .append(s.totals().idleWorkers()).append(" idle workers</dt>\n</dl>");
    }

    private static void extendedSummary(StringBuilder out, StatusSnapshot s) {
        out.append("<dt>Total accesses: ").append(s.totals().accesses()).append(" - Total Traffic: ")
                .append(HttpdText.kilobytes(s.kilobytes())).append(" - Total Duration: ")
                .append(s.totals().durationMillis()).append("</dt>\n");
        out.append("<dt>CPU Usage: u").append(AprFormat.g(s.cpuUserSeconds()))
                .append(" s").append(AprFormat.g(s.cpuSystemSeconds())).append(" cu0 cs0");
        if (s.hasCpuLoad()) {
            out.append(" - ").append(AprFormat.g(s.cpuLoad(), 3)).append("% CPU load");
        }
        out.append("</dt>\n<dt>");
        boolean up = s.uptimeSeconds() > 0;
        if (up) {
            out.append(AprFormat.g(s.requestsPerSecond(), 3)).append(" requests/sec - ")
                    .append(HttpdText.bytes((long) s.bytesPerSecond())).append("/second");
        }
        if (s.totals().accesses() > 0) {
            if (up) {
                out.append(" - ");
            }
            out.append(HttpdText.bytes((long) s.bytesPerRequest())).append("/request - ")
                    .append(AprFormat.g(s.millisPerRequest())).append(" ms/request");
        }
        out.append("</dt>\n");
    }

    /**
     * httpd's per-process table. With children, one row per live child, as httpd's. A single process shows one row per
     * poller instead: each poller is what an httpd child's listener is, but the workers are one pool that all
     * pollers share, so with several pollers their counts appear in the Sum row only.
     */
    private static void asyncTable(StringBuilder out, StatusSnapshot s) {
        out.append("\n\n<table rules=\"all\" cellpadding=\"1%\">\n")
                .append("<tr><th rowspan=\"2\">Slot</th><th rowspan=\"2\">PID</th><th rowspan=\"2\">Stopping</th>")
                .append("<th colspan=\"2\">Connections</th>\n")
                .append("<th colspan=\"3\">Threads</th><th colspan=\"4\">Async connections</th></tr>\n")
                .append("<tr><th>total</th><th>accepting</th><th>busy</th><th>graceful</th><th>idle</th>")
                .append("<th>wait-io</th><th>writing</th><th>keep-alive</th><th>closing</th></tr>\n");
        int rows;
        if (s.children()) {
            rows = s.processes().size();
            for (StatusSnapshot.Process process : s.processes()) {
                row(out, process.index(), process.pid(), stopping(process), process.connections(),
                        process.accepting());
                threads(out, process.busy(), process.graceful(), process.idle());
                connections(out, process.connections());
            }
        } else {
            rows = s.pollers().size();
            for (StatusSnapshot.Poller poller : s.pollers()) {
                row(out, poller.index(), poller.pid(), s.stopping() ? "yes" : "no", poller, s.accepting());
                if (rows > 1) {
                    out.append("<td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td>");
                } else {
                    threads(out, s.totals().busyWorkers(), s.gracefulWorkers(), s.totals().idleWorkers());
                }
                connections(out, poller);
            }
        }
        StatusSnapshot.Poller sum = s.connectionSum();
        int stopping = s.children() ? s.stoppingProcesses() : s.stopping() ? rows : 0;
        out.append("<tr><td>Sum</td><td>").append(rows).append("</td><td>").append(stopping).append("</td><td>")
                .append(sum.open()).append("</td><td>&nbsp;</td>");
        threads(out, s.totals().busyWorkers(), s.gracefulWorkers(), s.totals().idleWorkers());
        connections(out, sum);
        out.append("</table>\n");
    }

    /** httpd's Stopping column: {@code yes (old gen)} for a child a graceful restart is replacing. */
    private static String stopping(StatusSnapshot.Process process) {
        return !process.stopping() ? "no" : process.oldGeneration() ? "yes (old gen)" : "yes";
    }

    private static void row(StringBuilder out, int slot, long pid, String stopping, StatusSnapshot.Poller counts,
                            boolean accepting) {
        out.append("<tr><td>").append(slot).append("</td><td>").append(pid).append("</td><td>").append(stopping)
                .append("</td><td>").append(counts.open()).append("</td><td>").append(accepting ? "yes" : "no")
                .append("</td>");
    }

    private static void threads(StringBuilder out, int busy, int graceful, int idle) {
        out.append("<td>").append(busy).append("</td><td>").append(graceful).append("</td><td>").append(idle)
                .append("</td>");
    }

    private static void connections(StringBuilder out, StatusSnapshot.Poller poller) {
        out.append("<td>0</td><td>").append(poller.count(ConnectionState.WRITING))
                .append("</td><td>").append(poller.count(ConnectionState.KEEPALIVE))
                .append("</td><td>").append(poller.count(ConnectionState.CLOSING)).append("</td></tr>\n");
    }

    /** The letters, {@value #SCOREBOARD_LINE} a line, a newline after every full line as httpd writes them. */
    private static void scoreboard(StringBuilder out, StatusSnapshot s) {
        out.append("<pre>");
        String letters = s.scoreboard();
        for (int i = 0; i < letters.length(); i++) {
            out.append(letters.charAt(i));
            if (i % SCOREBOARD_LINE == SCOREBOARD_LINE - 1) {
                out.append('\n');
            }
        }
        out.append("</pre>\n").append(SCOREBOARD_KEY);
    }

    /** Without extended status: {@code "   PID in state: c "}, three to a line, as httpd prints it. */
    private static void pidKey(StringBuilder out, StatusSnapshot s) {
        out.append("PID Key: <br />\n<pre>\n");
        int onLine = 0;
        for (StatusSnapshot.Slot slot : s.slots()) {
            char letter = slot.state().letter();
            if (letter == '.') {
                continue;
            }
            out.append("   ").append(slot.pid()).append(" in state: ").append(letter).append(' ');
            if (++onLine >= 3) {
                out.append('\n');
                onLine = 0;
            } else {
                out.append(',');
            }
        }
        out.append("\n</pre>\n");
    }
}
