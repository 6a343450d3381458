package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Turns accepting on and off on every listener, like httpd's "accepting: no": while the dispatch queue is full
 * ({@link #pause}/{@link #resume}), {@code mpm.max-connections} are open, or an accept failed for want of file
 * descriptors ({@link #backOff}), connections wait in the kernel's listen backlog instead of being accepted into
 * a server that cannot serve them. Any thread; the listeners' interest changes run on their event loop.
 *
 * <p>Connections count from the moment they are accepted ({@link #accepted}, on the listener's own thread), so
 * that a listener at the limit stops within the same read of its socket: a prefork child, whose limit is one,
 * then never takes a second connection that would wait behind the first while another child is idle. A child
 * with {@code max-connections-per-child} stops accepting for good once it has accepted that many, and says so
 * ({@link #onRetire}); with an {@link AcceptMutex}, a listener accepts only while its process holds the mutex.
 */
final class AcceptGate {

    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean backingOff = new AtomicBoolean();
    private volatile BooleanSupplier idleWorker = () -> true;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong acceptedTotal = new AtomicLong();
    private final Scoreboard scoreboard;
    private volatile int maxConnections;
    private volatile boolean closed;
    private volatile long retireAfter;
    private volatile Runnable onRetire;
    private final AtomicBoolean retired = new AtomicBoolean();
    private volatile AcceptMutex mutex;

    /** @param maxConnections {@code mpm.max-connections}; 0 = no limit */
    AcceptGate(Scoreboard scoreboard, int maxConnections) {
        this.scoreboard = scoreboard;
        this.maxConnections = maxConnections;
    }

    /** A listener bound at start or by a graceful restart, accepting unless the gate is shut. */
    void add(Channel listener) {
        listeners.add(listener);
        apply();
    }

    /** Closes a listener a graceful restart removed; its accepted connections carry on. */
    void remove(Channel listener) {
        listeners.remove(listener);
        listener.close().syncUninterruptibly();
    }

    /** A graceful restart's {@code mpm.max-connections}; 0 = no limit. */
    void maxConnections(int limit) {
        maxConnections = limit;
        apply();
    }

    /** Stops accepting until {@link #resume}; a no-op if already paused. */
    void pause() {
        if (paused.compareAndSet(false, true)) {
            apply();
        }
    }

    /** Accepts again after a {@link #pause}, unless the server is stopping. */
    void resume() {
        if (paused.get() && !scoreboard.stopping() && paused.compareAndSet(true, false)) {
            apply();
        }
    }

    /**
     * Stops accepting for {@code delay}, after an accept on {@code failed} failed: with descriptors exhausted the
     * listener stays readable, and accepting again at once would spin the poller on the same error. The failed
     * listener stops at once, on its own event loop, before its transport can arm another accept (io_uring
     * re-arms within the same batch of completions, before any task runs); the others through {@link #apply}.
     */
    void backOff(Channel failed, Duration delay) {
        failed.config().setAutoRead(false);
        if (backingOff.compareAndSet(false, true)) {
            apply();
            failed.eventLoop().schedule(() -> {
                backingOff.set(false);
                if (!closed) {
                    apply();
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A child's {@code max-connections-per-child}: once {@code connections} are accepted the gate shuts for good
     * and {@code action} runs, once, on a thread of its own.
     */
    void retireAfter(long connections, Runnable action) {
        onRetire = action;
        retireAfter = connections;
    }

    /**
     * A child's rule: accept only while {@code idle} says a worker is idle; the pool calls {@link #apply} whenever
     * that may have changed, and every decision reads it afresh, so no change of answer is lost.
     */
    void requireIdleWorker(BooleanSupplier idle) {
        idleWorker = idle;
    }

    /** A prefork child's accept mutex: the listeners accept only while this process holds it. */
    void serialize(AcceptMutex acceptMutex) {
        mutex = acceptMutex;
    }

    /**
     * {@code listener} accepted {@code connection}, on its own event loop: reaching a limit turns it off before
     * it accepts another. The connection counts until its channel closes, whatever becomes of it.
     */
    void accepted(Channel listener, Channel connection) {
        int now = open.incrementAndGet();
        connection.closeFuture().addListener(closed -> connectionClosed());
        long retireLimit = retireAfter;
        boolean retire = retireLimit > 0 && acceptedTotal.incrementAndGet() >= retireLimit
                && retired.compareAndSet(false, true);
        int limit = maxConnections;
        AcceptMutex serializing = mutex;
        if (retire || limit > 0 && now >= limit || serializing != null) {
            listener.config().setAutoRead(false);
            if (serializing != null) {
                serializing.accepted();
            }
            apply();
        }
        if (retire) {
            Thread thread = new Thread(onRetire, "pollux-retire");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A connection closed; dropping below the limit accepts again. */
    private void connectionClosed() {
        int limit = maxConnections;
        AcceptMutex serializing = mutex;
        if (open.getAndDecrement() >= limit && limit > 0 || serializing != null) {
            apply();
        }
        if (serializing != null) {
            serializing.wake();
        }
    }

    /** Whether the process could take a connection but for the accept mutex: what makes it ask for the mutex. */
    boolean wantsConnection() {
        int limit = maxConnections;
        return !closed && !retired.get() && !paused.get() && !backingOff.get() && idleWorker.getAsBoolean()
                && (limit == 0 || open.get() < limit);
    }

    /**
     * Makes the listeners follow the flag and the connection count, on their own event loop and reading them only
     * there: changes racing on several threads then always end in the state of the last one, never with the gate
     * saying "accepting" and the listeners off, or the reverse.
     */
    void apply() {
        for (Channel listener : listeners) {
            listener.eventLoop().execute(() -> follow(listener));
        }
    }

    /** {@link #apply}, returning once every listener follows: before the accept mutex passes to another child. */
    void applyNow() {
        for (Channel listener : listeners) {
            listener.eventLoop().submit(() -> follow(listener)).syncUninterruptibly();
        }
    }

    private void follow(Channel listener) {
        AcceptMutex serializing = mutex;
        boolean accepting = wantsConnection() && (serializing == null || serializing.held());
        scoreboard.accepting(accepting);
        listener.config().setAutoRead(accepting);
    }

    boolean paused() {
        return paused.get();
    }

    /**
     * Closes every listener, the first step of a stop, and returns once their sockets are gone from the kernel.
     * NIO closes a listener registered with a selector only when the selector next deregisters it; until then
     * connections still queue on it, and are reset when it goes. Two passes of its event loop see that done.
     */
    void close() {
        closed = true;
        paused.set(true);
        scoreboard.accepting(false);
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
            for (int pass = 0; pass < 2; pass++) {
                listener.eventLoop().submit(() -> { }).syncUninterruptibly();
            }
        }
    }
}
