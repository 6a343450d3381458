package dev.pollux.status;

import dev.pollux.core.Version;
import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.WorkerState;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * {@code ?metrics}: the page in Prometheus' text exposition format 0.0.4, so Prometheus can scrape Pollux
 * without apache_exporter. Names follow Prometheus' conventions: a {@code pollux_} prefix, base units in the
 * name (seconds, bytes), {@code _total} on counters, a HELP and a TYPE line before each family. The scoreboard
 * states carry apache_exporter's label values ({@code idle}, {@code reply}, {@code open_slot} ...) so that
 * dashboards built for it translate directly.
 */
final class MetricsRenderer {

    /** The Content-Type Prometheus expects for this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRenderer() {
    }

    static String render(StatusSnapshot s) {
        StringBuilder out = new StringBuilder(4096);
        family(out, "pollux_info", "gauge", "Pollux version and MPM; always 1.");
        sample(out, "pollux_info", "version=\"" + label(Version.NUMBER) + "\",mpm=\"" + s.mpm() + "\"", 1);
        family(out, "pollux_start_time_seconds", "gauge",
                "When the server started or last restarted gracefully, seconds since the epoch.");
        sample(out, "pollux_start_time_seconds", null, s.restartTime().toEpochMilli() / 1000.0);
        family(out, "pollux_config_generation", "gauge", "1 at start, one more per graceful restart.");
        sample(out, "pollux_config_generation", null, s.configGeneration());
        family(out, "pollux_uptime_seconds", "gauge", "Seconds since the server started or last restarted.");
        sample(out, "pollux_uptime_seconds", null, s.uptimeSeconds());
        totals(out, s);
        family(out, "pollux_load_average", "gauge", "Host load average over the interval.");
        sample(out, "pollux_load_average", "interval=\"1m\"", s.load().one());
        sample(out, "pollux_load_average", "interval=\"5m\"", s.load().five());
        sample(out, "pollux_load_average", "interval=\"15m\"", s.load().fifteen());
        workers(out, s);
        connections(out, s);
        family(out, "pollux_accepting", "gauge", "1 while the listeners accept connections, 0 while saturated.");
        sample(out, "pollux_accepting", null, s.accepting() ? 1 : 0);
        family(out, "pollux_stopping", "gauge", "1 while a graceful stop is under way.");
        sample(out, "pollux_stopping", null, s.stopping() ? 1 : 0);
        return out.toString();
    }

    private static void totals(StringBuilder out, StatusSnapshot s) {
        family(out, "pollux_requests_total", "counter", "Requests served.");
        sample(out, "pollux_requests_total", null, s.totals().accesses());
        family(out, "pollux_sent_bytes_total", "counter", "Response body bytes sent.");
        sample(out, "pollux_sent_bytes_total", null, s.totals().bytes());
        family(out, "pollux_request_duration_seconds_total", "counter",
                "Time spent handling requests, summed over all requests.");
        sample(out, "pollux_request_duration_seconds_total", null, s.totals().durationMillis() / 1000.0);
        family(out, "pollux_cpu_seconds_total", "counter", "CPU time of the server process, or of every child.");
        sample(out, "pollux_cpu_seconds_total", "mode=\"user\"",
                (double) s.cpu().user() / HostProbe.TICKS_PER_SECOND);
        sample(out, "pollux_cpu_seconds_total", "mode=\"system\"",
                (double) s.cpu().system() / HostProbe.TICKS_PER_SECOND);
    }

    private static void workers(StringBuilder out, StatusSnapshot s) {
        family(out, "pollux_workers", "gauge", "Worker threads by activity: busy (R W K L C), idle (_), graceful (G).");
        sample(out, "pollux_workers", "state=\"busy\"", s.totals().busyWorkers());
        sample(out, "pollux_workers", "state=\"idle\"", s.totals().idleWorkers());
        sample(out, "pollux_workers", "state=\"graceful\"", s.gracefulWorkers());
        family(out, "pollux_worker_slots", "gauge", "Scoreboard slots: the most workers that may run.");
        sample(out, "pollux_worker_slots", null, s.slots().size());
        family(out, "pollux_processes", "gauge", "Server processes: this one, or every child of the parent.");
        sample(out, "pollux_processes", null, s.processes().size());
        int[] counts = new int[WorkerState.values().length];
        for (StatusSnapshot.Slot slot : s.slots()) {
            counts[slot.state().ordinal()]++;
        }
        family(out, "pollux_scoreboard", "gauge", "Scoreboard slots by state, labelled as apache_exporter does.");
        for (WorkerState state : WorkerState.values()) {
            sample(out, "pollux_scoreboard", "state=\"" + scoreboardLabel(state) + "\"", counts[state.ordinal()]);
        }
    }

    private static void connections(StringBuilder out, StatusSnapshot s) {
        family(out, "pollux_connections", "gauge", "Open connections by poller and state.");
        for (StatusSnapshot.Poller poller : s.pollers()) {
            for (ConnectionState state : ConnectionState.values()) {
                sample(out, "pollux_connections", pollerLabels(s, poller) + ",state=\""
                        + state.name().toLowerCase(Locale.ROOT) + "\"", poller.count(state));
            }
        }
        perPoller(out, s, "pollux_connections_accepted_total", "Connections accepted, by poller.",
                StatusSnapshot.Poller::accepted);
        family(out, "pollux_accept_failures_total", "counter",
                "Accepts that failed, most often for want of file descriptors; accepting pauses a second each time.");
        sample(out, "pollux_accept_failures_total", null, s.acceptFailures());
        perPoller(out, s, "pollux_requests_refused_total",
                "Requests the poller refused itself (malformed, over a limit, timed out), by poller.",
                StatusSnapshot.Poller::refused);
        perPoller(out, s, "pollux_tls_handshakes_total", "TLS handshakes completed, by poller.",
                StatusSnapshot.Poller::handshakes);
        perPoller(out, s, "pollux_tls_handshake_failures_total",
                "TLS handshakes that failed or timed out (the connection closed), by poller.",
                StatusSnapshot.Poller::handshakeFailures);
    }

    /** A counter family with one sample per poller. */
    private static void perPoller(StringBuilder out, StatusSnapshot s, String name, String help,
                                  ToLongFunction<StatusSnapshot.Poller> value) {
        family(out, name, "counter", help);
        for (StatusSnapshot.Poller poller : s.pollers()) {
            sample(out, name, pollerLabels(s, poller), value.applyAsLong(poller));
        }
    }

    /** {@code poller="i"}, after {@code process="p"} when children share the scoreboard (even one live child). */
    private static String pollerLabels(StatusSnapshot s, StatusSnapshot.Poller poller) {
        String own = "poller=\"" + poller.index() + "\"";
        return s.children() ? "process=\"" + poller.process() + "\"," + own : own;
    }

    /** apache_exporter's name for each scoreboard letter. */
    static String scoreboardLabel(WorkerState state) {
        return switch (state) {
            case DEAD -> "open_slot";
            case STARTING -> "startup";
            case READY -> "idle";
            case READING -> "read";
            case WRITING -> "reply";
            case KEEPALIVE -> "keepalive";
            case LOGGING -> "logging";
            case CLOSING -> "closing";
            case GRACEFUL -> "graceful_stop";
        };
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        head(out, name, labels).append(value).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, double value) {
        StringBuilder line = head(out, name, labels);
        if (Double.isNaN(value)) {
            line.append("NaN");
        } else if (Double.isInfinite(value)) {
            line.append(value > 0 ? "+Inf" : "-Inf");
        } else {
            line.append(value);
        }
        line.append('\n');
    }

    private static StringBuilder head(StringBuilder out, String name, String labels) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        return out.append(' ');
    }

    /** A label value: backslash, double quote and newline escaped, as the format requires. */
    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
