package dev.pollux.core.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScoreboardTest {

    @Test
    void newScoreboardHasDeadSlotsAndEmptyPollers() {
        Scoreboard scoreboard = new Scoreboard(4, 2, true);
        assertEquals(4, scoreboard.slotCount());
        assertEquals(2, scoreboard.pollerCount());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, scoreboard.slot(i).index());
            assertEquals(WorkerState.DEAD, scoreboard.slot(i).state());
            assertNull(scoreboard.slot(i).request());
        }
        assertEquals(1, scoreboard.poller(1).index());
        assertEquals(0, scoreboard.poller(0).open());
        assertEquals(new Scoreboard.Totals(0, 0, 0, 0, 0), scoreboard.totals());
        assertTrue(scoreboard.extendedStatus());
        assertTrue(scoreboard.accepting());
        assertFalse(scoreboard.stopping());
    }

    @Test
    void totalsSumEverySlot() {
        Scoreboard scoreboard = new Scoreboard(3, 1, true);
        scoreboard.slot(0).finish(100, 1_500, 1L);
        scoreboard.slot(0).finish(50, 2_500, 2L);
        scoreboard.slot(2).finish(1_000, 6_000, 3L);
        Scoreboard.Totals totals = scoreboard.totals();
        assertEquals(3, totals.accesses());
        assertEquals(1_150, totals.bytes());
        assertEquals(10, totals.durationMillis());
    }

    @Test
    void totalsCountBusyAndIdleByState() {
        WorkerState[] states = WorkerState.values();
        Scoreboard scoreboard = new Scoreboard(states.length, 1, false);
        for (int i = 0; i < states.length; i++) {
            scoreboard.slot(i).state(states[i]);
        }
        Scoreboard.Totals totals = scoreboard.totals();
        assertEquals(5, totals.busyWorkers(), "R, W, K, L and C");
        assertEquals(1, totals.idleWorkers(), "_");
    }

    @Test
    void busyStatesAreThoseModStatusCountsBusy() {
        Set<Character> busy = Stream.of(WorkerState.values()).filter(WorkerState::busy)
                .map(WorkerState::letter).collect(Collectors.toSet());
        assertEquals(Set.of('R', 'W', 'K', 'L', 'C'), busy);
        assertEquals('_', WorkerState.READY.letter());
        assertEquals('.', WorkerState.DEAD.letter());
        assertEquals('G', WorkerState.GRACEFUL.letter());
        assertFalse(WorkerState.GRACEFUL.busy(), "G is neither busy nor idle, as in httpd");
    }

    @Test
    void slotCountsAcrossThreadsButThreadCountersRestart() {
        WorkerSlot slot = new Scoreboard(1, 1, true).slot(0);
        slot.threadStarted();
        slot.finish(10, 100, 1_000L);
        slot.cpuNanos(5_000);
        slot.threadStarted();
        assertEquals(WorkerState.STARTING, slot.state());
        slot.finish(20, 300, 2_000L);
        assertEquals(2, slot.accesses());
        assertEquals(30, slot.bytes());
        assertEquals(1, slot.threadAccesses());
        assertEquals(20, slot.threadBytes());
        assertEquals(0, slot.cpuNanos());
        assertEquals(400, slot.totalMicros());
        assertEquals(300, slot.requestMicros());
        assertEquals(2_000L, slot.lastUsedMillis());
    }

    @Test
    void beginRecordsRequestAndResetsItsDuration() {
        WorkerSlot slot = new Scoreboard(1, 1, true).slot(0);
        RequestInfo first = RequestInfo.of("192.0.2.1", "localhost:8080", "HTTP/1.1", "GET / HTTP/1.1");
        slot.begin(first, 0);
        slot.finish(1, 250, 1L);
        slot.begin(null, 0);
        assertEquals(WorkerState.READING, slot.state());
        assertEquals(0, slot.requestMicros());
        assertEquals(first, slot.request(), "without extended status the last request stays");
    }

    /** A request line and what the scoreboard shows of it. */
    record Shown(String requestLine, String expected) {
    }

    static Stream<Shown> requestLines() {
        String longPath = "/" + "x".repeat(100);
        return Stream.of(
                new Shown("GET / HTTP/1.1", "GET / HTTP/1.1"),
                new Shown("GET http://user:pass@example.com/a HTTP/1.1", "GET http://example.com/a HTTP/1.1"),
                new Shown("GET http://user@example.com/ HTTP/1.1", "GET http://example.com/ HTTP/1.1"),
                new Shown("GET http://example.com/a@b HTTP/1.1", "GET http://example.com/a@b HTTP/1.1"),
                new Shown("GET /mail?to=a@b HTTP/1.1", "GET /mail?to=a@b HTTP/1.1"),
                new Shown("GET " + longPath + " HTTP/1.1", ("GET " + longPath).substring(0, 63)),
                new Shown("GET http://u:p@h/" + "y".repeat(100) + " HTTP/1.1",
                        ("GET http://h/" + "y".repeat(100)).substring(0, 63)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestLines")
    void requestInfoStripsCredentialsAndTrimsTo63(Shown shown) {
        RequestInfo info = RequestInfo.of("192.0.2.1", "localhost:8080", "HTTP/1.1", shown.requestLine());
        assertEquals(shown.expected(), info.requestLine());
        assertTrue(info.requestLine().length() <= 63);
        assertEquals("192.0.2.1", info.client());
        assertEquals("localhost:8080", info.vhost());
        assertEquals("HTTP/1.1", info.protocol());
    }

    @Test
    void requestLineOfExactly63IsKept() {
        String line = "GET /" + "z".repeat(58);
        assertEquals(63, line.length());
        assertEquals(line, RequestInfo.of("c", "v", "HTTP/1.1", line).requestLine());
    }

    @Test
    void pollerCountsConnectionsByState() {
        PollerCounters poller = new Scoreboard(1, 1, true).poller(0);
        poller.opened(ConnectionState.READING);
        poller.opened(ConnectionState.READING);
        poller.opened(ConnectionState.READING);
        poller.moved(ConnectionState.READING, ConnectionState.HANDLER);
        poller.moved(ConnectionState.HANDLER, ConnectionState.WRITING);
        poller.moved(ConnectionState.READING, ConnectionState.KEEPALIVE);
        assertEquals(1, poller.count(ConnectionState.READING));
        assertEquals(0, poller.count(ConnectionState.HANDLER));
        assertEquals(1, poller.count(ConnectionState.WRITING));
        assertEquals(1, poller.count(ConnectionState.KEEPALIVE));
        assertEquals(3, poller.open());
        assertEquals(3, poller.accepted());

        poller.moved(ConnectionState.WRITING, ConnectionState.CLOSING);
        poller.closed(ConnectionState.CLOSING);
        poller.closed(ConnectionState.KEEPALIVE);
        assertEquals(1, poller.open());
        assertEquals(3, poller.accepted(), "closing never lowers the accepted total");
        assertEquals(0, poller.count(ConnectionState.CLOSING));
    }

    @Test
    void moveToTheSameStateChangesNothing() {
        PollerCounters poller = new Scoreboard(1, 1, true).poller(0);
        poller.opened(ConnectionState.KEEPALIVE);
        poller.moved(ConnectionState.KEEPALIVE, ConnectionState.KEEPALIVE);
        assertEquals(1, poller.count(ConnectionState.KEEPALIVE));
        assertEquals(1, poller.open());
    }

    @Test
    void pollersCountIndependently() {
        Scoreboard scoreboard = new Scoreboard(1, 2, true);
        scoreboard.poller(0).opened(ConnectionState.READING);
        assertEquals(1, scoreboard.poller(0).open());
        assertEquals(0, scoreboard.poller(1).open());
        assertEquals(0, scoreboard.poller(1).accepted());
    }

    @Test
    void openSumsEveryState() {
        PollerCounters poller = new Scoreboard(1, 1, true).poller(0);
        for (ConnectionState state : EnumSet.allOf(ConnectionState.class)) {
            poller.opened(state);
        }
        assertEquals(ConnectionState.values().length, poller.open());
    }

    @Test
    void acceptingAndStoppingFlagsAreSettable() {
        Scoreboard scoreboard = new Scoreboard(1, 1, false);
        scoreboard.accepting(false);
        scoreboard.stopping(true);
        assertFalse(scoreboard.accepting());
        assertTrue(scoreboard.stopping());
        assertFalse(scoreboard.extendedStatus());
    }

    @Test
    void perConnectionCountsStartAgainWithAnotherConnection() {
        WorkerSlot slot = new Scoreboard(1, 1, true).slot(0);
        Object first = new Object();
        Object second = new Object();
        slot.serving(first);
        slot.finish(100, 5, 1);
        slot.serving(first);
        slot.finish(50, 5, 2);
        assertEquals(2, slot.connectionAccesses());
        assertEquals(150, slot.connectionBytes());
        slot.serving(second);
        slot.finish(7, 5, 3);
        assertEquals(1, slot.connectionAccesses());
        assertEquals(7, slot.connectionBytes());
        assertEquals(3, slot.accesses(), "the slot's totals carry on");
    }
}
