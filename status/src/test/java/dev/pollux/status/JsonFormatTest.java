package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.scoreboard.WorkerState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(StatusFixture fixture) throws Exception {
        String body = StatusFixture.body(fixture.get("/server-status?json"), StandardCharsets.UTF_8);
        return (Map<String, Object>) MiniJson.parse(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.get(name);
    }

    @Test
    void carriesTotalsWorkersAndUptimeUnderDocumentedNames() throws Exception {
        Map<String, Object> doc = json(AutoFormatTest.busyServer(true));
        assertEquals(176.0, doc.get("uptime_seconds"));
        assertTrue(((String) doc.get("current_time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"),
                (String) doc.get("current_time"));
        assertEquals(3.0, doc.get("accesses_total"));
        assertEquals(6048.0, doc.get("bytes_total"));
        assertEquals(3.0, doc.get("duration_ms_total"));
        assertEquals(Map.of("busy", 2.0, "idle", 5.0, "graceful", 1.0, "slots", 80.0), doc.get("workers"));
        assertEquals(Map.of("user", 2.2, "system", 6.33), doc.get("cpu_seconds_total"));
        assertEquals(Map.of("1m", 0.5, "5m", 0.25, "15m", 0.125), doc.get("load_average"));
        assertEquals("__WK_G__" + ".".repeat(72), doc.get("scoreboard"));
        assertEquals(true, doc.get("accepting"));
        assertEquals(false, doc.get("stopping"));
        assertEquals("event", object(doc, "server").get("mpm"));
        assertEquals(HttpdText.SERVER_DESCRIPTION, object(doc, "server").get("version"));
    }

    @Test
    void reportsNettysDirectMemory() throws Exception {
        // The adaptive allocator, Netty's default, reports what it holds: at least the chunk behind a buffer.
        ByteBuf held = ByteBufAllocator.DEFAULT.directBuffer(1024);
        try {
            Map<String, Object> doc = json(AutoFormatTest.busyServer(true));
            assertTrue((Double) doc.get("netty_direct_memory_bytes") >= 1024, doc.toString());
        } finally {
            held.release();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void countsConnectionsPerPollerAndSummed() throws Exception {
        Map<String, Object> doc = json(AutoFormatTest.busyServer(true));
        Map<String, Object> sum = object(doc, "connections");
        assertEquals(5.0, sum.get("total"));
        assertEquals(0.0, sum.get("reading"));
        assertEquals(1.0, sum.get("handler"));
        assertEquals(1.0, sum.get("writing"));
        assertEquals(2.0, sum.get("keepalive"));
        assertEquals(1.0, sum.get("closing"));
        assertEquals(5.0, sum.get("accepted_total"));
        assertEquals(1.0, sum.get("refused_total"));
        List<Map<String, Object>> pollers = (List<Map<String, Object>>) doc.get("pollers");
        assertEquals(2, pollers.size());
        assertEquals(3.0, object(pollers.get(0), "connections").get("total"));
        assertEquals(2.0, object(pollers.get(1), "connections").get("total"));
        assertEquals(1.0, object(pollers.get(1), "connections").get("closing"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsSlotsWithEscapedRequestDetailsOnlyWithExtendedStatus() throws Exception {
        String nasty = "GET /\"quoted\"\\back\u0001\u2028/é HTTP/1.1";
        StatusFixture fixture = AutoFormatTest.busyServer(true)
                .busy(6, StatusFixture.info("<client>", nasty), WorkerState.READING);
        Map<String, Object> doc = json(fixture);
        List<Map<String, Object>> slots = (List<Map<String, Object>>) doc.get("slots");
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 5.0, 6.0), slots.stream().map(slot -> slot.get("index")).toList(),
                "slots that served a request or are neither idle nor dead");
        Map<String, Object> slot6 = slots.get(5);
        assertEquals("R", slot6.get("state"));
        assertEquals(nasty, slot6.get("request"));
        assertEquals("<client>", slot6.get("client"));
        assertEquals(2.0, slots.get(0).get("accesses_total"));
        assertEquals(4000.0, slots.get(0).get("bytes_total"));
        assertEquals(2.0, slots.get(0).get("duration_ms_total"));
        assertEquals("GET /a HTTP/1.1", slots.get(0).get("request"));
        assertFalse(json(AutoFormatTest.busyServer(false)).containsKey("slots"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportsTheSampledRequestRates() throws Exception {
        StatusFixture fixture = AutoFormatTest.busyServer(true);
        fixture.history.sample();
        fixture.sampleNanos.set(5_000_000_000L);
        fixture.served(4, StatusFixture.info("127.0.0.1", "GET / HTTP/1.1"), 10, 10);
        fixture.history.sample();
        Map<String, Object> rates = object(json(fixture), "requests_per_second");
        assertEquals(5.0, rates.get("interval_seconds"));
        assertEquals(List.of(0.2), rates.get("history"));
    }

    @Test
    void theTestParserRejectsMalformedJson() {
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"a\":1,}"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"a\":\"\u0001\"}"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"a\":1,\"a\":2}"));
        assertTrue(MiniJson.parse("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\"]}") instanceof Map);
    }
}
