package dev.pollux.core.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreboardMemoryTest {

    @TempDir
    Path dir;

    @Test
    void childrenOfOneFileReadEachOther() throws IOException {
        Path file = dir.resolve("pollux.scoreboard");
        ScoreboardMemory parent = ScoreboardMemory.create(file, 4, 3, 1);
        parent.restarted(2);
        // Two children map the file on their own, as separate processes do.
        Scoreboard first = ScoreboardMemory.open(file).forOwner(0);
        first.claim(2, 3, true);
        Scoreboard second = ScoreboardMemory.open(file).forOwner(2);
        second.claim(1, 2, false);
        first.slot(1).begin(RequestInfo.of("192.0.2.7", "localhost:80", "HTTP/1.1", "GET /a HTTP/1.1"), 2);
        first.slot(1).finish(100, 2_000, 1L);
        second.slot(0).state(WorkerState.WRITING);
        second.poller(0).opened(ConnectionState.READING);

        List<Scoreboard> seen = ScoreboardMemory.open(file).forReader(3).processes();
        assertEquals(2, seen.size(), "records never claimed are left out");
        Scoreboard a = seen.get(0);
        Scoreboard b = seen.get(1);
        assertEquals(List.of(0, 2), List.of(a.process(), b.process()));
        assertEquals(ProcessHandle.current().pid(), a.pid());
        assertEquals(3, a.slotCount());
        assertEquals(2, b.slotCount());
        assertEquals(2, a.generation(), "the server's generation, from the header");
        assertEquals(1, b.processGeneration());
        assertEquals(WorkerState.GRACEFUL, b.slot(0).state(b.generation()), "a busy slot of an old child");
        assertEquals("GET /a HTTP/1.1", a.slot(1).request().requestLine());
        assertEquals("192.0.2.7", a.slot(1).request().client());
        assertEquals(1, a.slot(1).accesses());
        assertTrue(a.extendedStatus());
        assertFalse(b.extendedStatus());
        assertEquals(1, b.poller(0).open());
    }

    @Test
    void clearingADeadChildLeavesNoBusySlotButKeepsItsTotals() throws IOException {
        Path file = dir.resolve("pollux.scoreboard");
        ScoreboardMemory memory = ScoreboardMemory.create(file, 2, 2, 1);
        Scoreboard child = ScoreboardMemory.open(file).forOwner(1);
        child.claim(0, 2, false);
        child.slot(0).finish(10, 1_000, 1L);
        child.slot(0).state(WorkerState.WRITING);
        child.poller(0).opened(ConnectionState.KEEPALIVE);

        memory.forReader(1).clear();
        Scoreboard seen = memory.forReader(1);
        assertEquals(0, seen.pid());
        assertEquals(WorkerState.DEAD, seen.slot(0).state());
        assertEquals(0, seen.poller(0).open());
        assertEquals(1, seen.poller(0).accepted());
        assertEquals(1, seen.totals().accesses());
        assertEquals(1, memory.forReader(0).processes().size(), "a dead child still shows, with dead slots");
    }

    @Test
    void aSharedFileHasRoomForItsSlotsOnly() throws IOException {
        Scoreboard child = ScoreboardMemory.create(dir.resolve("s"), 1, 2, 1).forOwner(0);
        assertThrows(IllegalArgumentException.class, () -> child.claim(0, 3, false));
    }

    @Test
    void aFileThatIsNoScoreboardIsRefused() throws IOException {
        Path other = Files.writeString(dir.resolve("other"), "x".repeat(4096));
        assertThrows(IOException.class, () -> ScoreboardMemory.open(other));
    }

    @Test
    void longTextsAreCutToTheirFields() {
        WorkerSlot slot = new Scoreboard(1, 1, true).slot(0);
        String host = "h".repeat(300);
        slot.begin(new RequestInfo("é".repeat(63), host, "HTTP/1.1", "GET / HTTP/1.1"), 0);
        assertEquals("é".repeat(63), slot.request().client(), "63 two-byte characters fit");
        assertEquals(127, slot.request().vhost().length());
        slot.begin(new RequestInfo("€".repeat(63), host, "HTTP/1.1", "GET / HTTP/1.1"), 0);
        assertEquals("€".repeat(42), slot.request().client(), "three-byte characters cut between characters");
    }
}
