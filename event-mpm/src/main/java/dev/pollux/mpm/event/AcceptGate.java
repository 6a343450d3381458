package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns accepting on and off on every listener, like httpd's "accepting: no" when its workers are saturated:
 * connections then wait in the kernel's listen backlog instead of being accepted into a server that cannot
 * serve them. Any thread; the listeners' interest changes run on their event loop.
 */
final class AcceptGate {

    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Scoreboard scoreboard;

    AcceptGate(Scoreboard scoreboard) {
        this.scoreboard = scoreboard;
    }

    void add(Channel listener) {
        listeners.add(listener);
    }

    /** Stops accepting until {@link #resume}; a no-op if already paused. */
    void pause() {
        if (paused.compareAndSet(false, true)) {
            scoreboard.accepting(false);
            listeners.forEach(listener -> listener.config().setAutoRead(false));
        }
    }

    /** Accepts again after a {@link #pause}, unless the server is stopping. */
    void resume() {
        if (paused.get() && !scoreboard.stopping() && paused.compareAndSet(true, false)) {
            scoreboard.accepting(true);
            listeners.forEach(listener -> listener.config().setAutoRead(true));
        }
    }

    boolean paused() {
        return paused.get();
    }

    /** Closes every listener: the first step of a stop. */
    void close() {
        paused.set(true);
        scoreboard.accepting(false);
        listeners.forEach(listener -> listener.close().syncUninterruptibly());
    }
}
