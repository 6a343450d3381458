package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of a worker pool, {@link WorkerPool} or {@link ConnectionThreads}, and the scoreboard slots they
 * hold: each new thread ({@code pollux-worker-N}, a daemon) takes the lowest free slot, so that a pool that shrank
 * and grew again reuses the slots at the front of the page.
 *
 * @param <W> the pool's worker, the body of one thread
 */
final class WorkerThreads<W extends Runnable> {

    /** What a pool makes of a slot: its worker, not started yet. */
    interface Factory<W> {
        W create(WorkerSlot slot);
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerThreads.class);

    private final Scoreboard scoreboard;
    private final BitSet usedSlots = new BitSet();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final List<W> workers = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    WorkerThreads(Scoreboard scoreboard) {
        this.scoreboard = scoreboard;
    }

    /**
     * Starts a worker in the lowest free slot below {@code limit}; the slot reads {@code S} until the thread runs.
     * {@code owns} gives the worker its thread before the thread starts, for others to unpark.
     *
     * @return the worker, or null when every slot below {@code limit} is taken, or no thread can be started
     */
    synchronized W start(int limit, Factory<W> factory, BiConsumer<W, Thread> owns) {
        int index = usedSlots.nextClearBit(0);
        if (index >= limit) {
            return null;
        }
        usedSlots.set(index);
        WorkerSlot slot = scoreboard.slot(index);
        // Thread.start publishes the slot's S to its new owner.
        slot.threadStarted();
        W worker = factory.create(slot);
        Thread thread = new Thread(worker, "pollux-worker-" + threadNumber.incrementAndGet());
        thread.setDaemon(true);
        owns.accept(worker, thread);
        workers.add(worker);
        threads.add(thread);
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            // "unable to create native thread": the pool stays as it was, and says so.
            workers.remove(worker);
            threads.remove(thread);
            usedSlots.clear(index);
            slot.state(WorkerState.DEAD);
            log.error("Cannot start a worker thread: {}", e.toString());
            return null;
        }
        return worker;
    }

    /** The worker's thread is ending: its slot is free again. Called by that thread. */
    synchronized void ended(W worker, WorkerSlot slot) {
        workers.remove(worker);
        threads.remove(Thread.currentThread());
        usedSlots.clear(slot.index());
    }

    /** The live workers. */
    List<W> workers() {
        return workers;
    }

    int size() {
        return workers.size();
    }

    /** Waits up to {@code timeout} for every thread to end. */
    void join(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
        }
    }
}
