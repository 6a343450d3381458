package dev.pollux.mpm.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A FIFO of connections that all wait with the same timeout, so the head is always the next to expire: adding,
 * removing and expiring are O(1), and no timer object exists per connection (httpd's event MPM keeps one such
 * queue per timeout value). The links live in the connections themselves.
 *
 * <p>Poller thread only: each poller has its own queues, and a connection is in at most one of them.
 */
final class TimeoutQueue {

    /** The links a connection carries for the one queue it may be in. */
    static final class Node {
        private TimeoutQueue queue;
        private Node previous;
        private Node next;
        private long deadlineNanos;
        private long sinceNanos;
        private final PolledConnection connection;

        Node(PolledConnection connection) {
            this.connection = connection;
        }

        /** When the connection began the wait it is in (the {@code nowNanos} it was added with). */
        long sinceNanos() {
            return sinceNanos;
        }

        /** Takes the connection out of whatever queue holds it. */
        void unlink() {
            if (queue != null) {
                queue.remove(this);
            }
        }
    }

    private final long timeoutNanos;
    private Node head;
    private Node tail;

    TimeoutQueue(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Appends the node, moving it from any queue it is in; it expires {@code timeout} after {@code nowNanos}. */
    void add(Node node, long nowNanos) {
        node.unlink();
        node.queue = this;
        node.sinceNanos = nowNanos;
        node.deadlineNanos = nowNanos + timeoutNanos;
        node.previous = tail;
        node.next = null;
        if (tail == null) {
            head = node;
        } else {
            tail.next = node;
        }
        tail = node;
    }

    private void remove(Node node) {
        if (node.previous == null) {
            head = node.next;
        } else {
            node.previous.next = node.next;
        }
        if (node.next == null) {
            tail = node.previous;
        } else {
            node.next.previous = node.previous;
        }
        node.previous = null;
        node.next = null;
        node.queue = null;
    }

    /** The connections waiting, oldest first, as a list that {@code add} and {@code unlink} leave alone. */
    List<PolledConnection> connections() {
        List<PolledConnection> waiting = new ArrayList<>();
        for (Node node = head; node != null; node = node.next) {
            waiting.add(node.connection);
        }
        return waiting;
    }

    /** Removes every connection whose deadline has passed, oldest first, and hands it to {@code onExpiry}. */
    void expire(long nowNanos, Consumer<PolledConnection> onExpiry) {
        while (head != null && head.deadlineNanos - nowNanos <= 0) {
            Node expired = head;
            remove(expired);
            onExpiry.accept(expired.connection);
        }
    }
}
