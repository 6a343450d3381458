package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.Version;
import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.WorkerState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ?auto}: httpd 2.4.63's keys, order, conditions and number formats, read as apache_exporter reads them. */
class AutoFormatTest {

    private static final List<String> HEAD = List.of("ServerVersion", "ServerMPM", "Server Built", "CurrentTime",
            "RestartTime", "ParentServerConfigGeneration", "ParentServerMPMGeneration", "ServerUptimeSeconds",
            "ServerUptime", "Load1", "Load5", "Load15");
    private static final List<String> EXTENDED = List.of("Total Accesses", "Total kBytes", "Total Duration",
            "CPUUser", "CPUSystem", "CPUChildrenUser", "CPUChildrenSystem", "CPULoad", "Uptime", "ReqPerSec",
            "BytesPerSec", "BytesPerReq", "DurationPerReq");
    private static final List<String> TAIL = List.of("BusyWorkers", "GracefulWorkers", "IdleWorkers", "Processes",
            "Stopping", "ConnsTotal", "ConnsAsyncWaitIO", "ConnsAsyncWriting", "ConnsAsyncKeepAlive",
            "ConnsAsyncClosing", "Scoreboard");

    private static String auto(StatusFixture fixture) throws Exception {
        return StatusFixture.body(fixture.get("/server-status?auto"), StandardCharsets.ISO_8859_1);
    }

    /** The keys after the host line, each line split at its first ':' as apache_exporter splits it. */
    private static List<String> keys(String body) {
        List<String> keys = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        assertEquals("", lines[lines.length - 1], "ends with a newline");
        for (int i = 1; i < lines.length - 1; i++) {
            int colon = lines[i].indexOf(':');
            assertTrue(colon > 0, "line without a key: " + lines[i]);
            keys.add(lines[i].substring(0, colon));
        }
        return keys;
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    @Test
    void writesHttpdKeyOrderWithExtendedStatus() throws Exception {
        StatusFixture fixture = busyServer(true);
        assertEquals(concat(HEAD, EXTENDED, TAIL), keys(auto(fixture)));
    }

    @Test
    void leavesTheExtendedLinesOutWithoutExtendedStatus() throws Exception {
        StatusFixture fixture = busyServer(false);
        assertEquals(concat(HEAD, List.of(), TAIL), keys(auto(fixture)));
    }

    @Test
    void leavesRatiosOutBeforeTheFirstSecondAndRequest() throws Exception {
        StatusFixture fixture = new StatusFixture(4, 1, true, 0).started(4);
        List<String> extended = List.of("Total Accesses", "Total kBytes", "Total Duration", "CPUUser", "CPUSystem",
                "CPUChildrenUser", "CPUChildrenSystem", "Uptime");
        String body = auto(fixture);
        assertEquals(concat(HEAD, extended, TAIL), keys(body));
        assertTrue(body.contains("\nServerUptime:\n"), "zero uptime leaves the key alone: " + body);
    }

    @Test
    void writesEveryValueAsHttpdDoes() throws Exception {
        StatusFixture fixture = busyServer(true);
        Instant restart = fixture.scoreboard.restartTime();
        String expected = "status.example\n"
                + "ServerVersion: " + HttpdText.SERVER_DESCRIPTION + "\n"
                + "ServerMPM: event\n"
                + "Server Built: " + Version.BUILT + "\n"
                + "CurrentTime: " + HttpdText.time(restart.plusSeconds(176), fixture.clock.getZone()) + "\n"
                + "RestartTime: " + HttpdText.time(restart, fixture.clock.getZone()) + "\n"
                + "ParentServerConfigGeneration: 1\n"
                + "ParentServerMPMGeneration: 0\n"
                + "ServerUptimeSeconds: 176\n"
                + "ServerUptime: 2 minutes 56 seconds\n"
                + "Load1: 0.50\n"
                + "Load5: 0.25\n"
                + "Load15: 0.13\n"
                + "Total Accesses: 3\n"
                + "Total kBytes: 5\n"
                + "Total Duration: 3\n"
                + "CPUUser: 2.2\n"
                + "CPUSystem: 6.33\n"
                + "CPUChildrenUser: 0\n"
                + "CPUChildrenSystem: 0\n"
                + "CPULoad: 4.84659\n"
                + "Uptime: 176\n"
                + "ReqPerSec: .0170455\n"
                + "BytesPerSec: 29.0909\n"
                + "BytesPerReq: 1706.67\n"
                + "DurationPerReq: 1\n"
                + "BusyWorkers: 2\n"
                + "GracefulWorkers: 1\n"
                + "IdleWorkers: 5\n"
                + "Processes: 1\n"
                + "Stopping: 0\n"
                + "ConnsTotal: 5\n"
                + "ConnsAsyncWaitIO: 0\n"
                + "ConnsAsyncWriting: 1\n"
                + "ConnsAsyncKeepAlive: 2\n"
                + "ConnsAsyncClosing: 1\n"
                + "Scoreboard: __WK_G__" + ".".repeat(72) + "\n";
        assertEquals(expected, auto(fixture));
    }

    @Test
    void everyKnownValueParsesAsApacheExporterParsesIt() throws Exception {
        for (String line : auto(busyServer(true)).split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.matches("Load\\d+|Total .*|CPU.*|Uptime|.*Workers|Processes|Stopping|Conns.*|Parent.*")) {
                Double.parseDouble(value);
            }
            if (key.equals("ServerVersion")) {
                String version = value.split(" ")[0].split("/")[1];
                assertEquals(3, version.split("\\.").length, version);
            }
        }
    }

    @Test
    void reportsStoppingAsOneProcess() throws Exception {
        StatusFixture fixture = busyServer(false);
        fixture.scoreboard.stopping(true);
        assertTrue(auto(fixture).contains("\nProcesses: 1\nStopping: 1\n"));
    }

    /**
     * 80 slots, 8 started: three requests served (6048 bytes, 3 ms), slot 2 writing, slot 3 in keep-alive,
     * slot 5 finishing gracefully; five connections over two pollers, one refused request.
     */
    static StatusFixture busyServer(boolean extended) {
        StatusFixture fixture = new StatusFixture(80, 2, extended, 176).started(8)
                .served(0, StatusFixture.info("127.0.0.1", "GET / HTTP/1.1"), 1000, 500)
                .served(0, StatusFixture.info("127.0.0.1", "GET /a HTTP/1.1"), 3000, 1500)
                .served(1, StatusFixture.info("192.0.2.9", "GET /b HTTP/1.1"), 2048, 1000)
                .busy(2, StatusFixture.info("192.0.2.10", "GET /c HTTP/1.1"), WorkerState.WRITING)
                .busy(3, StatusFixture.info("192.0.2.11", "GET /d HTTP/1.1"), WorkerState.KEEPALIVE)
                .busy(5, StatusFixture.info("192.0.2.12", "GET /e HTTP/1.1"), WorkerState.GRACEFUL)
                .connection(0, ConnectionState.KEEPALIVE)
                .connection(0, ConnectionState.WRITING)
                .connection(0, ConnectionState.HANDLER)
                .connection(1, ConnectionState.KEEPALIVE)
                .connection(1, ConnectionState.CLOSING)
                .refusal(1);
        return fixture;
    }
}
