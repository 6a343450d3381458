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
 */
final class Poller {

    /** How often the timeout queues are swept; expiries may fire this much late, like httpd's 100 ms fudge. */
    private static final long SWEEP_MILLIS = 100;
    /** httpd's MAX_SECS_TO_LINGER: the cap on a normal lingering close. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** httpd's SECONDS_TO_LINGER: the cap after errors, timeouts and keep-alive expiry. */
    private static final long SHORT_LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    final TimeoutQueue reading;
    final TimeoutQueue keepAlive;
    final TimeoutQueue writing;
    final TimeoutQueue linger;
    final TimeoutQueue shortLinger;

    private final EventLoop loop;
    private final PollerCounters counters;
    private final ConnectionServices services;
    private final AcceptGate gate;
    private final long writeTimeoutNanos;
    private final Set<Connection> connections = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Runnable wakeWorker = this::wakeWorker;
    private boolean wakeScheduled;

    Poller(EventLoop loop, PollerCounters counters, ConnectionServices services, AcceptGate gate) {
        this.loop = loop;
        this.counters = counters;
        this.services = services;
        this.gate = gate;
        HttpSettings http = services.http();
        this.writeTimeoutNanos = http.timeout().toNanos();
        reading = new TimeoutQueue(http.headerReadTimeout().toNanos());
        keepAlive = new TimeoutQueue(http.keepAliveTimeout().toNanos());
        writing = new TimeoutQueue(writeTimeoutNanos);
        linger = new TimeoutQueue(LINGER_NANOS);
        shortLinger = new TimeoutQueue(SHORT_LINGER_NANOS);
    }

    /** Starts the periodic sweep of the timeout queues on the poller. */
    void start() {
        loop.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        reading.expire(now, Connection::readTimedOut);
        keepAlive.expire(now, Connection::keepAliveExpired);
        writing.expire(now, connection -> connection.writeTimedOut(now));
        linger.expire(now, Connection::lingerExpired);
        shortLinger.expire(now, Connection::lingerExpired);
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
        services.workers().wake();
    }

    EventLoop loop() {
        return loop;
    }

    PollerCounters counters() {
        return counters;
    }

    ConnectionServices services() {
        return services;
    }

    long writeTimeoutNanos() {
        return writeTimeoutNanos;
    }

    void opened(Connection connection) {
        connections.add(connection);
        counters.opened(ConnectionState.READING);
        gate.connectionOpened();
    }

    void closed(Connection connection, ConnectionState state) {
        connections.remove(connection);
        counters.closed(state);
        gate.connectionClosed();
    }

    /** Graceful stop: closes the connections that wait for a request. Poller thread. */
    void closeIdle() {
        for (Connection connection : new ArrayList<>(connections)) {
            connection.closeIfIdle();
        }
    }

    /** The end of a graceful stop: closes everything still open. Poller thread. */
    void closeAll() {
        List<Connection> open = new ArrayList<>(connections);
        for (Connection connection : open) {
            connection.context().close();
        }
    }
}
