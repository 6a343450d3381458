package dev.pollux.status;

import dev.pollux.core.http.HtmlEscaper;
import dev.pollux.core.scoreboard.RequestInfo;
import dev.pollux.core.scoreboard.WorkerState;

/**
 * The extended-status worker details of the HTML page, in httpd's two forms: the
 * {@code Srv PID Acc M CPU SS Req Dur Conn Child Slot Client Protocol VHost Request} table with its legend, or,
 * for {@code ?notable}, one paragraph per worker. A worker is listed once it has served a request or while it is
 * neither idle nor dead. Everything a client chose (address, virtual host, request line) is escaped.
 *
 * <p>Pollux runs one process, so Srv is {@code 0-} and the generation of the worker's current or last request: a
 * worker still finishing one from before a graceful restart shows the old number (and {@code G}), as an old
 * child of httpd does.
 */
final class WorkerTable {

    /** httpd's {@code MBYTE}; the division is in float, as httpd's {@code (float) bytes / MBYTE} is. */
    private static final float KBYTE = 1024;
    private static final float MBYTE = 1024 * 1024;
    private static final long NANOS_PER_TICK = 1_000_000_000L / HostProbe.TICKS_PER_SECOND;

    private static final String HEADER = "\n\n<table border=\"0\"><tr><th>Srv</th><th>PID</th><th>Acc</th>"
            + "<th>M</th><th>CPU\n</th><th>SS</th><th>Req</th><th>Dur</th><th>Conn</th><th>Child</th>"
            + "<th>Slot</th><th>Client</th><th>Protocol</th><th>VHost</th><th>Request</th></tr>\n\n";

    private static final String LEGEND = """
            </table>
             <hr /> <table>
             <tr><th>Srv</th><td>Child Server number - generation</td></tr>
             <tr><th>PID</th><td>OS process ID</td></tr>
             <tr><th>Acc</th><td>Number of accesses this connection / this child / this slot</td></tr>
             <tr><th>M</th><td>Mode of operation</td></tr>
            <tr><th>CPU</th><td>CPU usage, number of seconds</td></tr>
            <tr><th>SS</th><td>Seconds since beginning of most recent request</td></tr>
             <tr><th>Req</th><td>Milliseconds required to process most recent request</td></tr>
             <tr><th>Dur</th><td>Sum of milliseconds required to process all requests</td></tr>
             <tr><th>Conn</th><td>Kilobytes transferred this connection</td></tr>
             <tr><th>Child</th><td>Megabytes transferred this child</td></tr>
             <tr><th>Slot</th><td>Total megabytes transferred this slot</td></tr>
             </table>
            """;

    private WorkerTable() {
    }

    static void render(StringBuilder out, StatusSnapshot s, boolean notable) {
        out.append(notable ? "<hr /><h2>Server Details</h2>\n\n" : HEADER);
        for (StatusSnapshot.Slot slot : s.slots()) {
            if (!slot.listed()) {
                continue;
            }
            if (notable) {
                paragraph(out, s, slot);
            } else {
                row(out, s, slot);
            }
        }
        if (!notable) {
            out.append(LEGEND);
        }
    }

    private static void row(StringBuilder out, StatusSnapshot s, StatusSnapshot.Slot slot) {
        RequestInfo info = slot.request();
        out.append("<tr><td><b>").append(slot.process()).append('-').append(slot.generation()).append("</b></td><td>").append(pid(slot))
                .append("</td><td>").append(slot.connectionAccesses()).append('/').append(slot.threadAccesses())
                .append('/').append(slot.accesses())
                .append("</td><td>").append(mode(slot.state())).append("\n</td><td>")
                .append(AprFormat.f(cpuSeconds(slot), 2)).append("</td><td>")
                .append(slot.secondsSinceUsed(s.now(), s.restartTime())).append("</td><td>")
                .append(slot.requestMicros() / 1000).append("</td><td>").append(slot.totalMicros() / 1000)
                .append("</td><td>").append(AprFormat.f((float) slot.connectionBytes() / KBYTE, 1))
                .append("</td><td>").append(AprFormat.f((float) slot.threadBytes() / MBYTE, 2))
                .append("</td><td>").append(AprFormat.f((float) slot.bytes() / MBYTE, 2))
                .append("\n</td><td>").append(HtmlEscaper.escape(info == null ? "" : info.client()))
                .append("</td><td>").append(HtmlEscaper.escape(info == null ? "" : info.protocol()))
                .append("</td><td nowrap>").append(HtmlEscaper.escape(info == null ? "" : info.vhost()))
                .append("</td><td nowrap>").append(requestLine(info)).append("</td></tr>\n\n");
    }

    private static void paragraph(StringBuilder out, StatusSnapshot s, StatusSnapshot.Slot slot) {
        RequestInfo info = slot.request();
        out.append("<b>Server ").append(slot.process()).append('-').append(slot.generation()).append("</b> (").append(pid(slot))
                .append("): ").append(slot.connectionAccesses()).append('|').append(slot.threadAccesses())
                .append('|').append(slot.accesses())
                .append(" [").append(stateName(slot.state())).append("] u").append(AprFormat.g(cpuSeconds(slot)))
                .append(" s0 cu0 cs0\n ").append(slot.secondsSinceUsed(s.now(), s.restartTime())).append(' ')
                .append(slot.requestMicros() / 1000).append(' ').append(slot.totalMicros() / 1000)
                .append('(').append(HttpdText.bytes(slot.connectionBytes())).append('|')
                .append(HttpdText.bytes(slot.threadBytes())).append('|')
                .append(HttpdText.bytes(slot.bytes())).append(")\n <i>")
                .append(HtmlEscaper.escape(info == null ? "" : info.client())).append(" {").append(requestLine(info))
                .append("}</i> <i>(").append(HtmlEscaper.escape(info == null ? "" : info.protocol()))
                .append(")</i> <b>[").append(HtmlEscaper.escape(info == null ? "" : info.vhost()))
                .append("]</b><br />\n\n");
    }

    /** httpd prints {@code -} for the PID of a dead slot. */
    private static String pid(StatusSnapshot.Slot slot) {
        return slot.state() == WorkerState.DEAD || slot.pid() == 0 ? "-" : Long.toString(slot.pid());
    }

    /** The slot thread's CPU time in whole ticks, as httpd's {@code times()} figures are. */
    private static float cpuSeconds(StatusSnapshot.Slot slot) {
        return (float) (slot.cpuNanos() / NANOS_PER_TICK) / HostProbe.TICKS_PER_SECOND;
    }

    private static String requestLine(RequestInfo info) {
        return info == null ? "NULL" : Html.escapeRequestLine(info.requestLine());
    }

    /** The M column: busy letters in bold, as httpd marks them. */
    private static String mode(WorkerState state) {
        return switch (state) {
            case DEAD, READY, GRACEFUL -> String.valueOf(state.letter());
            default -> "<b>" + state.letter() + "</b>";
        };
    }

    /** The state's word in the {@code ?notable} form. */
    private static String stateName(WorkerState state) {
        return switch (state) {
            case DEAD -> "Dead";
            case STARTING -> "Starting";
            case READY -> "Ready";
            case READING -> "<b>Read</b>";
            case WRITING -> "<b>Write</b>";
            case KEEPALIVE -> "<b>Keepalive</b>";
            case LOGGING -> "<b>Logging</b>";
            case CLOSING -> "<b>Closing</b>";
            case GRACEFUL -> "Graceful";
        };
    }
}
