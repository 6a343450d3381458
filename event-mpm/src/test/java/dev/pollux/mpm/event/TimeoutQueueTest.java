package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FIFO per timeout value: expiry in arrival order, O(1) moves between queues, nothing expires early. */
class TimeoutQueueTest {

    private static Connection connection() {
        return new Connection(null, null, null);
    }

    @Test
    void expiresOnlyWhatIsDueInArrivalOrder() {
        TimeoutQueue queue = new TimeoutQueue(100);
        Connection a = connection();
        Connection b = connection();
        Connection c = connection();
        queue.add(a.node, 0);
        queue.add(b.node, 10);
        queue.add(c.node, 20);
        List<PolledConnection> expired = new ArrayList<>();
        queue.expire(109, expired::add);
        assertEquals(List.of(a), expired);
        queue.expire(1_000, expired::add);
        assertEquals(List.of(a, b, c), expired);
    }

    @Test
    void aConnectionIsInOneQueueAtATime() {
        TimeoutQueue shortQueue = new TimeoutQueue(10);
        TimeoutQueue longQueue = new TimeoutQueue(1_000);
        Connection moved = connection();
        Connection stays = connection();
        shortQueue.add(moved.node, 0);
        shortQueue.add(stays.node, 0);
        longQueue.add(moved.node, 0);
        List<PolledConnection> expired = new ArrayList<>();
        shortQueue.expire(500, expired::add);
        assertEquals(List.of(stays), expired);
        moved.node.unlink();
        longQueue.expire(5_000, expired::add);
        assertEquals(List.of(stays), expired, "unlinked: never expires");
    }

    @Test
    void requeueingMovesToTheTail() {
        TimeoutQueue queue = new TimeoutQueue(100);
        Connection first = connection();
        Connection second = connection();
        queue.add(first.node, 0);
        queue.add(second.node, 0);
        queue.add(first.node, 50);
        List<PolledConnection> expired = new ArrayList<>();
        queue.expire(120, expired::add);
        assertEquals(List.of(second), expired);
        queue.expire(150, expired::add);
        assertEquals(List.of(second, first), expired);
    }
}
