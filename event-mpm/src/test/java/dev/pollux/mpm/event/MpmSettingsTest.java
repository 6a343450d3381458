package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MPM's keys: each combination that cannot work names its key and what is allowed. */
class MpmSettingsTest {

    private static MpmSettings read(Map<String, Object> mpm) {
        Map<String, Object> values = new HashMap<>();
        mpm.forEach((key, value) -> values.put("pollux.mpm." + key, value));
        return MpmSettings.from(PolluxConfig.validate(ConfigFactory.parseMap(values, "test")));
    }

    private static String refused(Map<String, Object> mpm) {
        return assertThrows(ConfigException.class, () -> read(mpm)).getMessage();
    }

    @Test
    void theDefaultIsOneEventProcess() {
        MpmSettings mpm = read(Map.of());
        assertEquals(MpmType.EVENT, mpm.type());
        assertEquals(1, mpm.children().serverLimit());
        assertEquals(false, mpm.children().enabled());
        assertEquals(0, mpm.connectionLimit(), "the event MPM has no connection limit of its own");
    }

    @Test
    void aChildGetsItsShareOfTheWorkers() {
        MpmSettings mpm = read(Map.of("server-limit", 4, "start-servers", 2, "threads-per-child", 25,
                "max-request-workers", 400, "min-spare-threads", 75, "max-spare-threads", 250));
        MpmSettings child = mpm.childShare();
        assertEquals(200, child.maxRequestWorkers());
        assertEquals(37, child.minSpareThreads());
        assertEquals(125, child.maxSpareThreads());
        assertEquals(1, child.children().serverLimit(), "a child runs no children of its own");
    }

    @Test
    void aPreforkChildHasOneWorkerAndOneConnection() {
        MpmSettings child = read(Map.of("type", "prefork", "server-limit", 16, "max-request-workers", 10))
                .childShare();
        assertEquals(1, child.maxRequestWorkers());
        assertEquals(1, child.connectionLimit());
    }

    @Test
    void workerOpensNoMoreConnectionsThanThreads() {
        assertEquals(50, read(Map.of("type", "worker", "threads-per-child", 25, "max-request-workers", 50,
                "min-spare-threads", 0, "max-spare-threads", 25))
                .connectionLimit());
    }

    @Test
    void combinationsThatCannotWorkNameTheirKey() {
        assertTrue(refused(Map.of("start-servers", 3)).contains("pollux.mpm.start-servers"));
        assertTrue(refused(Map.of("type", "prefork")).contains("pollux.mpm.server-limit"));
        assertTrue(refused(Map.of("max-connections-per-child", 100)).contains("needs children"));
        assertTrue(refused(Map.of("type", "prefork", "server-limit", 8, "max-request-workers", 8,
                "accept-mutex", "flock")).contains("fcntl"));
        assertTrue(refused(Map.of("type", "prefork", "server-limit", 8, "max-request-workers", 9))
                .contains("at most server-limit"));
        assertTrue(refused(Map.of("server-limit", 20_000, "start-servers", 1, "threads-per-child", 100,
                "max-request-workers", 20_000, "min-spare-threads", 0, "max-spare-threads", 100))
                .contains("scoreboard"));
        assertTrue(refused(Map.of("type", "thread")).contains("pollux.mpm.type"));
        assertTrue(refused(Map.of("server-limit", 4, "start-servers", 4, "threads-per-child", 25,
                "max-request-workers", 50)).contains("threads-per-child"));
    }

    @Test
    void anEmbeddedServerIsOneProcess() {
        Map<String, Object> values = Map.of("pollux.mpm.server-limit", 2, "pollux.listen",
                java.util.List.of("127.0.0.1:0"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PolluxServer.start(
                PolluxConfig.validate(ConfigFactory.parseMap(values, "test")), java.util.List.of()));
        assertTrue(refused.getMessage().contains("server-limit"), refused.getMessage());
    }
}
