package dev.pollux.mpm.event;

import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.PollerCounters;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One poller thread's share of the server: its connections, its timeout queues and its scoreboard counters.
 * Every field is touched only on the poller's own event loop; other threads reach it through
 * {@link EventLoop#execute}.
 *
 * <p>The reading, keep-alive and write timeouts belong to a {@link Generation}: each generation a connection may
 * hold has its own {@link Queues} here, kept while a connection holds it. The lingering-close queues have fixed
 * timeouts and are shared.
 */
final class Poller {

    /** How often the timeout queues are swept; expiries may fire this much late, like httpd's 100 ms fudge. */
    private static final long SWEEP_MILLIS = 100;
    /** httpd's MAX_SECS_TO_LINGER: the cap on a normal lingering close. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** httpd's SECONDS_TO_LINGER: the cap after errors, timeouts and keep-alive expiry. */
    private static final long SHORT_LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * The timeout queues of one generation's connections on this poller, and how many connections hold it here.
     * Poller thread only.
     */
    static final class Queues {
        final Generation generation;
        final TimeoutQueue reading;
        final TimeoutQueue keepAlive;
        final TimeoutQueue writing;
        final long writeTimeoutNanos;
        private int bound;

        private Queues(Generation generation) {
            this.generation = generation;
            HttpSettings http = generation.http();
            writeTimeoutNanos = http.timeout().toNanos();
            reading = new TimeoutQueue(http.headerReadTimeout().toNanos());
            keepAlive = new TimeoutQueue(http.keepAliveTimeout().toNanos());
            writing = new TimeoutQueue(writeTimeoutNanos);
        }
    }

    final TimeoutQueue linger = new TimeoutQueue(LINGER_NANOS);
    final TimeoutQueue shortLinger = new TimeoutQueue(SHORT_LINGER_NANOS);

    private final EventLoop loop;
    private final PollerCounters counters;
    private final Workers workers;
    /** The current generation's queues last; older ones stay while a connection holds them. */
    private final List<Queues> generations = new ArrayList<>(2);
    private Queues current;
    private final Set<PolledConnection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Runnable wakeWorker = this::wakeWorker;
    private boolean wakeScheduled;

    Poller(EventLoop loop, PollerCounters counters, Workers workers) {
        this.loop = loop;
        this.counters = counters;
        this.workers = workers;
    }

    /** Starts the periodic sweep of the timeout queues on the poller. */
    void start() {
        loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Queues queues : generations.toArray(new Queues[0])) {
            queues.reading.expire(now, PolledConnection::readTimedOut);
            queues.keepAlive.expire(now, PolledConnection::keepAliveExpired);
            queues.writing.expire(now, connection -> connection.writeTimedOut(now));
        }
        linger.expire(now, PolledConnection::lingerExpired);
        shortLinger.expire(now, PolledConnection::lingerExpired);
    }

    /**
     * Puts {@code generation} in force on this poller: new connections take it up, and so do those waiting for a
     * request with nothing of it read yet; the others take it up after their response. Poller thread.
     */
    void install(Generation generation) {
        Queues previous = current;
        current = new Queues(generation);
        List<Queues> older = new ArrayList<>(generations);
        generations.add(current);
        // Queue by queue, oldest first: each keeps the time it began waiting, and the new queues stay in order.
        for (Queues queues : older) {
            queues.keepAlive.connections().forEach(PolledConnection::adoptIfWaiting);
            queues.reading.connections().forEach(PolledConnection::adoptIfWaiting);
        }
        if (previous != null) {
            dropIfUnused(previous);
        }
    }

    /** The queues of the generation in force, for a connection to take up. Poller thread. */
    Queues current() {
        return current;
    }

    /** A connection takes up {@code queues}' generation. Poller thread. */
    void bind(Queues queues) {
        queues.bound++;
        queues.generation.bind();
    }

    /** A connection is done with {@code queues}' generation; an old one's queues go with its last connection. */
    void unbind(Queues queues) {
        queues.bound--;
        queues.generation.unbind();
        dropIfUnused(queues);
    }

    private void dropIfUnused(Queues queues) {
        if (queues != current && queues.bound == 0) {
            generations.remove(queues);
        }
    }

    /**
     * A job was queued: make sure a worker looks for it once this pass over the ready connections ends. One
     * wake-up (a futex call) then covers every job the pass queued, and a worker already searching needs none.
     */
    void jobQueued() {
        if (!wakeScheduled) {
            wakeScheduled = true;
            loop.execute(wakeWorker);
        }
    }

    private void wakeWorker() {
        wakeScheduled = false;
        workers.wake();
    }

    EventLoop loop() {
        return loop;
    }

    PollerCounters counters() {
        return counters;
    }

    Workers workers() {
        return workers;
    }

    void opened(PolledConnection connection) {
        connections.add(connection);
        counters.opened(ConnectionState.READING);
        workers.opened(connection);
    }

    void closed(PolledConnection connection, ConnectionState state) {
        connections.remove(connection);
        counters.closed(state);
        workers.closed(connection);
    }

    /** A connection changes protocol (HTTP/1 to HTTP/2): {@code next} takes over, counts and generation alike. */
    void handOver(PolledConnection previous, PolledConnection next) {
        connections.remove(previous);
        connections.add(next);
        workers.handOver(previous, next);
    }

    /** Graceful stop: closes the connections that wait for a request. Poller thread. */
    void closeIdle() {
        for (PolledConnection connection : new ArrayList<>(connections)) {
            connection.closeIfIdle();
        }
    }

    /** The end of a graceful stop: closes everything still open. Poller thread. */
    void closeAll() {
        for (PolledConnection connection : new ArrayList<>(connections)) {
            connection.closeNow();
        }
    }
}
