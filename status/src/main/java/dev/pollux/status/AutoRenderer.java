package dev.pollux.status;

import dev.pollux.core.Version;
import dev.pollux.core.scoreboard.ConnectionState;
import java.time.ZoneId;

/**
 * {@code ?auto}: mod_status's "Key: value" lines, in httpd 2.4.63's exact order and under its exact conditions,
 * numbers in APR's formats, so that apache_exporter, collectd and the other parsers of httpd's page read it
 * unchanged. The first line is the bare host name. Lines marked [E] in the reference appear only with
 * {@code extended-status}.
 */
final class AutoRenderer {

    private AutoRenderer() {
    }

    /** The page for {@code host}, times in {@code zone}. */
    static String render(StatusSnapshot s, String host, ZoneId zone) {
        StringBuilder out = new StringBuilder(512 + s.slots().size());
        out.append(host).append('\n');
        line(out, "ServerVersion", HttpdText.SERVER_DESCRIPTION);
        line(out, "ServerMPM", s.mpm());
        line(out, "Server Built", Version.BUILT);
        line(out, "CurrentTime", HttpdText.time(s.now(), zone));
        line(out, "RestartTime", HttpdText.time(s.restartTime(), zone));
        line(out, "ParentServerConfigGeneration", s.configGeneration());
        line(out, "ParentServerMPMGeneration", s.generation());
        line(out, "ServerUptimeSeconds", s.uptimeSeconds());
        // httpd writes "ServerUptime:" and then " N unit" parts, so zero seconds leaves the key alone.
        out.append("ServerUptime:").append(HttpdText.uptime(s.uptimeSeconds())).append('\n');
        line(out, "Load1", AprFormat.f(s.load().one(), 2));
        line(out, "Load5", AprFormat.f(s.load().five(), 2));
        line(out, "Load15", AprFormat.f(s.load().fifteen(), 2));
        if (s.extendedStatus()) {
            extended(out, s);
        }
        line(out, "BusyWorkers", s.totals().busyWorkers());
        line(out, "GracefulWorkers", s.gracefulWorkers());
        line(out, "IdleWorkers", s.totals().idleWorkers());
        async(out, s);
        line(out, "Scoreboard", s.scoreboard());
        return out.toString();
    }

    /** Totals, CPU and ratios: the ExtendedStatus block. */
    private static void extended(StringBuilder out, StatusSnapshot s) {
        line(out, "Total Accesses", s.totals().accesses());
        line(out, "Total kBytes", s.kilobytes());
        line(out, "Total Duration", s.totals().durationMillis());
        line(out, "CPUUser", AprFormat.g(s.cpuUserSeconds()));
        line(out, "CPUSystem", AprFormat.g(s.cpuSystemSeconds()));
        // httpd's reaped-children times: Pollux's CPU figures are the live processes' (with children, every
        // child's), and nothing counts a child that has gone.
        line(out, "CPUChildrenUser", "0");
        line(out, "CPUChildrenSystem", "0");
        if (s.hasCpuLoad()) {
            line(out, "CPULoad", AprFormat.g(s.cpuLoad()));
        }
        line(out, "Uptime", s.uptimeSeconds());
        if (s.uptimeSeconds() > 0) {
            line(out, "ReqPerSec", AprFormat.g(s.requestsPerSecond()));
            line(out, "BytesPerSec", AprFormat.g(s.bytesPerSecond()));
        }
        if (s.totals().accesses() > 0) {
            line(out, "BytesPerReq", AprFormat.g(s.bytesPerRequest()));
            line(out, "DurationPerReq", AprFormat.g(s.millisPerRequest()));
        }
    }

    /** The async MPM block: the processes, and their pollers' connection counts added up. */
    private static void async(StringBuilder out, StatusSnapshot s) {
        StatusSnapshot.Poller sum = s.connectionSum();
        line(out, "Processes", s.processes().size());
        line(out, "Stopping", s.stoppingProcesses());
        line(out, "ConnsTotal", sum.open());
        // Pollux has no mod_http2-style connections waiting for I/O outside a request.
        line(out, "ConnsAsyncWaitIO", 0);
        line(out, "ConnsAsyncWriting", sum.count(ConnectionState.WRITING));
        line(out, "ConnsAsyncKeepAlive", sum.count(ConnectionState.KEEPALIVE));
        line(out, "ConnsAsyncClosing", sum.count(ConnectionState.CLOSING));
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append(": ").append(value).append('\n');
    }
}
