package dev.pollux.status;

import dev.pollux.core.Version;
import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.RequestInfo;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code ?json}: the page's data as one JSON object whose field names are stable and carry their units.
 *
 * <pre>{@code
 * {
 *   "server": {"host", "version": "Pollux/0.1.0 (Unix)", "mpm": "event", "built", "pid"},
 *   "current_time", "restart_time":           ISO-8601 UTC, to the millisecond; restart_time moves on a
 *                                             graceful restart
 *   "config_generation":                      1 at start, one more per graceful restart
 *   "uptime_seconds":                         whole seconds
 *   "load_average": {"1m", "5m", "15m"}
 *   "cpu_seconds_total": {"user", "system"}   process CPU time
 *   "accesses_total", "bytes_total", "duration_ms_total"   summed over the worker slots
 *   "requests_per_second": {"interval_seconds", "history": [oldest .. newest]}
 *   "workers": {"busy", "idle", "graceful", "slots"}
 *   "accepting", "stopping", "extended_status": booleans
 *   "netty_direct_memory_bytes":              direct memory of Netty's buffer allocator; -1 if unknown
 *   "accept_failures_total":                  accepts that failed (descriptors exhausted, most often)
 *   "connections": {"total", "reading", "handler", "writing", "keepalive", "closing", "accepted_total",
 *                    "refused_total", "tls_handshakes_total", "tls_handshake_failures_total"}
 *   "pollers": [{"process", "index", "connections": {same fields}}]   every process's
 *   "processes": [{"slot", "pid", "generation", "stopping", "old_generation", "accepting", "busy_workers",
 *                  "idle_workers", "graceful_workers", "listener_wakeups_total", "listener_accepts_total",
 *                  "connections": {same fields}}]   one per process (each child, with children)
 *   "scoreboard": one state letter per slot
 *   "slots": [{"process", "pid", "index", "state", "accesses_total", "thread_accesses_total", "bytes_total",
 *              "thread_bytes_total",
 *              "cpu_seconds", "seconds_since_last_used", "last_request_ms", "duration_ms_total",
 *              "client", "protocol", "vhost", "request"}]
 *            only with extended status, and as httpd's worker table only the slots that served a request or
 *            are neither idle nor dead ("scoreboard" has every slot's state); request fields are null before
 *            a slot's first request
 * }
 * }</pre>
 *
 * Fields are added, never renamed or removed; a consumer should ignore fields it does not know.
 */
final class JsonRenderer {

    private JsonRenderer() {
    }

    static String render(StatusSnapshot s, String host) {
        JsonWriter json = new JsonWriter(2048 + s.slots().size() * (s.extendedStatus() ? 320 : 0));
        json.beginObject();
        json.name("server").beginObject().member("host", host).member("version", HttpdText.SERVER_DESCRIPTION)
                .member("mpm", s.mpm()).member("built", Version.BUILT).member("pid", StatusSnapshot.PID)
                .endObject();
        json.member("current_time", s.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .member("restart_time", s.restartTime().truncatedTo(ChronoUnit.MILLIS).toString())
                .member("config_generation", s.configGeneration())
                .member("uptime_seconds", s.uptimeSeconds());
        json.name("load_average").beginObject().member("1m", s.load().one()).member("5m", s.load().five())
                .member("15m", s.load().fifteen()).endObject();
        json.name("cpu_seconds_total").beginObject()
                .member("user", (double) s.cpu().user() / HostProbe.TICKS_PER_SECOND)
                .member("system", (double) s.cpu().system() / HostProbe.TICKS_PER_SECOND).endObject();
        json.member("accesses_total", s.totals().accesses()).member("bytes_total", s.totals().bytes())
                .member("duration_ms_total", s.totals().durationMillis());
        history(json, s.history());
        json.name("workers").beginObject().member("busy", s.totals().busyWorkers())
                .member("idle", s.totals().idleWorkers()).member("graceful", s.gracefulWorkers())
                .member("slots", s.slots().size()).endObject();
        json.member("accepting", s.accepting()).member("stopping", s.stopping())
                .member("extended_status", s.extendedStatus())
                .member("netty_direct_memory_bytes", s.directMemory())
                .member("accept_failures_total", s.acceptFailures());
        json.name("connections");
        connections(json, s.connectionSum());
        json.name("pollers").beginArray();
        for (StatusSnapshot.Poller poller : s.pollers()) {
            json.beginObject().member("process", poller.process()).member("index", poller.index())
                    .name("connections");
            connections(json, poller);
            json.endObject();
        }
        json.endArray();
        processes(json, s);
        json.member("scoreboard", s.scoreboard());
        if (s.extendedStatus()) {
            slots(json, s);
        }
        return json.endObject().toString();
    }

    /**
     * One entry per process. The listener's wake-ups beside its accepts show the thundering herd: children woken
     * for a connection another took.
     */
    private static void processes(JsonWriter json, StatusSnapshot s) {
        json.name("processes").beginArray();
        for (StatusSnapshot.Process process : s.processes()) {
            json.beginObject().member("slot", process.index()).member("pid", process.pid())
                    .member("generation", process.generation()).member("stopping", process.stopping())
                    .member("old_generation", process.oldGeneration()).member("accepting", process.accepting())
                    .member("busy_workers", process.busy()).member("idle_workers", process.idle())
                    .member("graceful_workers", process.graceful())
                    .member("listener_wakeups_total", process.listenerWakeups())
                    .member("listener_accepts_total", process.listenerAccepts()).name("connections");
            connections(json, process.connections());
            json.endObject();
        }
        json.endArray();
    }

    private static void history(JsonWriter json, RateHistory.Rates rates) {
        json.name("requests_per_second").beginObject()
                .member("interval_seconds", RateHistory.INTERVAL.toSeconds()).name("history").beginArray();
        for (int i = 0; i < rates.size(); i++) {
            json.value(Math.round(rates.get(i) * 1000) / 1000.0);
        }
        json.endArray().endObject();
    }

    private static void connections(JsonWriter json, StatusSnapshot.Poller poller) {
        json.beginObject().member("total", poller.open());
        for (ConnectionState state : ConnectionState.values()) {
            json.member(state.name().toLowerCase(Locale.ROOT), poller.count(state));
        }
        json.member("accepted_total", poller.accepted()).member("refused_total", poller.refused())
                .member("tls_handshakes_total", poller.handshakes())
                .member("tls_handshake_failures_total", poller.handshakeFailures()).endObject();
    }

    private static void slots(JsonWriter json, StatusSnapshot s) {
        json.name("slots").beginArray();
        for (StatusSnapshot.Slot slot : s.slots()) {
            if (!slot.listed()) {
                continue;
            }
            RequestInfo info = slot.request();
            json.beginObject().member("process", slot.process()).member("pid", slot.pid())
                    .member("index", slot.index())
                    .member("state", String.valueOf(slot.state().letter()))
                    .member("accesses_total", slot.accesses()).member("thread_accesses_total", slot.threadAccesses())
                    .member("bytes_total", slot.bytes()).member("thread_bytes_total", slot.threadBytes())
                    .member("cpu_seconds", slot.cpuNanos() / 1e9)
                    .member("seconds_since_last_used", slot.secondsSinceUsed(s.now(), s.restartTime()))
                    .member("last_request_ms", slot.requestMicros() / 1000)
                    .member("duration_ms_total", slot.totalMicros() / 1000)
                    .member("client", info == null ? null : info.client())
                    .member("protocol", info == null ? null : info.protocol())
                    .member("vhost", info == null ? null : info.vhost())
                    .member("request", info == null ? null : info.requestLine())
                    .endObject();
        }
        json.endArray();
    }
}
