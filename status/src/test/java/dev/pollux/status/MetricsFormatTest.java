package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ?metrics} read with the grammar of Prometheus' text exposition format 0.0.4. */
class MetricsFormatTest {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String VALUE = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN";
    private static final Pattern SAMPLE = Pattern.compile(
            "(" + NAME + ")(\\{(?:" + LABEL + "(?:," + LABEL + ")*)?\\})? (" + VALUE + ")(?: -?\\d+)?");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");

    /** Parses the exposition strictly; returns each sample's value by {@code name{labels}}. */
    static Map<String, Double> parse(String text) {
        assertTrue(text.endsWith("\n"), "ends with a newline");
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertTrue(helped.add(m.group(1)), "one HELP per family: " + line);
            } else if ((m = TYPE.matcher(line)).matches()) {
                assertTrue(helped.contains(m.group(1)), "HELP before TYPE: " + line);
                assertFalse(types.containsKey(m.group(1)), "one TYPE per family: " + line);
                types.put(m.group(1), m.group(2));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String type = types.get(m.group(1));
                assertNotNull(type, "a TYPE line precedes " + line);
                if (type.equals("counter")) {
                    assertTrue(m.group(1).endsWith("_total"), "counters end in _total: " + line);
                }
                String key = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                String number = m.group(3);
                double value = number.equals("NaN") ? Double.NaN : Double.parseDouble(number.replace("Inf", "Infinity"));
                assertFalse(samples.containsKey(key), "no duplicate series: " + key);
                samples.put(key, value);
            } else {
                fail("not a line of the text format: '" + line + "'");
            }
        }
        return samples;
    }

    private static Map<String, Double> metrics(StatusFixture fixture) throws Exception {
        return parse(StatusFixture.body(fixture.get("/server-status?metrics"), StandardCharsets.UTF_8));
    }

    @Test
    void everyLineFollowsTheTextFormat() throws Exception {
        assertFalse(metrics(AutoFormatTest.busyServer(true)).isEmpty());
        assertFalse(metrics(new StatusFixture(1, 1, false, 0)).isEmpty());
    }

    @Test
    void exposesTotalsWorkersAndConnections() throws Exception {
        Map<String, Double> m = metrics(AutoFormatTest.busyServer(true));
        assertEquals(3.0, m.get("pollux_requests_total"));
        assertEquals(6048.0, m.get("pollux_sent_bytes_total"));
        assertEquals(0.003, m.get("pollux_request_duration_seconds_total"));
        assertEquals(176.0, m.get("pollux_uptime_seconds"));
        assertEquals(2.2, m.get("pollux_cpu_seconds_total{mode=\"user\"}"));
        assertEquals(6.33, m.get("pollux_cpu_seconds_total{mode=\"system\"}"));
        assertEquals(2.0, m.get("pollux_workers{state=\"busy\"}"));
        assertEquals(5.0, m.get("pollux_workers{state=\"idle\"}"));
        assertEquals(1.0, m.get("pollux_workers{state=\"graceful\"}"));
        assertEquals(72.0, m.get("pollux_scoreboard{state=\"open_slot\"}"));
        assertEquals(1.0, m.get("pollux_scoreboard{state=\"reply\"}"));
        assertEquals(0.0, m.get("pollux_scoreboard{state=\"logging\"}"));
        assertEquals(2.0, m.get("pollux_connections{poller=\"1\",state=\"keepalive\"}")
                + m.get("pollux_connections{poller=\"0\",state=\"keepalive\"}"));
        assertEquals(1.0, m.get("pollux_connections{poller=\"1\",state=\"closing\"}"));
        assertEquals(3.0, m.get("pollux_connections_accepted_total{poller=\"0\"}"));
        assertEquals(1.0, m.get("pollux_requests_refused_total{poller=\"1\"}"));
        assertEquals(1.0, m.get("pollux_accepting"));
        assertEquals(0.125, m.get("pollux_load_average{interval=\"15m\"}"));
    }

    @Test
    void theTestParserRejectsLinesOutsideTheGrammar() {
        assertThrows("# HELP a x\n# TYPE a gauge\na{b=\"c} 1\n");
        assertThrows("b 1\n");
        assertThrows("# HELP c x\n# TYPE c counter\nc 1\n");
    }

    private static void assertThrows(String text) {
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> parse(text));
    }
}
