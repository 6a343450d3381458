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
     * Makes the listeners follow the flag, on their own event loop and reading the flag only there: a pause and a
     * resume racing on two threads then always end in the state of the last flip, never with the flag saying
     * "accepting" and the listeners off.
     */
    private void apply() {
        for (Channel listener : listeners) {
            listener.eventLoop().execute(() -> {
                boolean accepting = !paused.get();
                scoreboard.accepting(accepting);
                listener.config().setAutoRead(accepting);
            });
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
