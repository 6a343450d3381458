package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker and prefork MPMs' threads: each accepted connection is given one thread ({@code pollux-worker-N})
 * that keeps it until it closes. The thread runs the connection's requests one after another, and between them
 * waits for that connection alone, its slot reading {@code K} (httpd's worker MPM in keep-alive); while the
 * connection is still reading its first request the slot reads {@code R}. The poller still does the socket
 * I/O, so the protocols and their timeouts are the event MPM's; what changes is the cost: a thread, its stack and
 * its slot per open connection, and so no more open connections than {@code max-request-workers}, which the
 * accept gate enforces ({@link MpmSettings#connectionLimit}).
 *
 * <p>Spare threads: a connection takes an idle thread, or starts one; once a second, fewer idle threads than
 * {@code min-spare-threads} starts more, more than {@code max-spare-threads} retires the surplus, and so does
 * holding a slot above {@code max-request-workers} after a restart lowered it.
 */
final class ConnectionThreads implements Workers {


    private final WorkerThreads<ConnectionThread> workers;
    private final Map<PolledConnection, Binding> bindings = new ConcurrentHashMap<>();
    /** Connections accepted while no thread was idle, taken by the next thread that is. */
    private final Queue<Binding> unbound = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<ConnectionThread> idle = new ConcurrentLinkedDeque<>();
    private volatile MpmSettings settings;
    private volatile boolean running = true;

    ConnectionThreads(MpmSettings settings, Scoreboard scoreboard) {
        this.settings = settings;
        this.workers = new WorkerThreads<>(scoreboard);
    }

    /** One connection's requests on their way to its thread. */
    private static final class Binding {
        final Queue<Job> jobs = new ConcurrentLinkedQueue<>();
        volatile ConnectionThread thread;
        volatile boolean closed;

        void wake() {
            ConnectionThread holder = thread;
            if (holder != null) {
                LockSupport.unpark(holder.thread);
            }
        }
    }

    @Override
    public void start() {
        spawn(settings.threadsPerChild());
    }

    @Override
    public void resize(MpmSettings next) {
        settings = next;
    }

    /**
     * The connection waits in line first and an idle thread is woken after: a thread that is about to park looks
     * at the line after it announced itself idle, so one of the two always sees the other.
     */
    @Override
    public void opened(PolledConnection connection) {
        Binding binding = new Binding();
        bindings.put(connection, binding);
        unbound.add(binding);
        ConnectionThread thread = idle.pollFirst();
        if (thread != null) {
            thread.wake();
        } else {
            spawn(1);
        }
    }

    @Override
    public void closed(PolledConnection connection) {
        Binding binding = bindings.remove(connection);
        if (binding != null) {
            binding.closed = true;
            binding.wake();
        }
    }

    @Override
    public void handOver(PolledConnection previous, PolledConnection next) {
        Binding binding = bindings.remove(previous);
        if (binding != null) {
            bindings.put(next, binding);
        }
    }

    @Override
    public boolean dispatch(PolledConnection connection, Job job) {
        Binding binding = bindings.get(connection);
        if (binding == null) {
            return false;
        }
        binding.jobs.add(job);
        binding.wake();
        return true;
    }

    @Override
    public void wake() {
        // dispatch woke the connection's own thread already.
    }

    @Override
    public void maintain() {
        if (!running) {
            return;
        }
        MpmSettings settings = this.settings;
        // After a restart lowered max-request-workers: the idle threads above it go; busy ones once idle.
        for (ConnectionThread thread : idle) {
            if (thread.slot.index() >= settings.maxRequestWorkers() && idle.remove(thread)) {
                thread.retire();
            }
        }
        int spare = idle.size();
        if (spare < settings.minSpareThreads()) {
            spawn(settings.minSpareThreads() - spare);
        } else {
            for (int surplus = spare - settings.maxSpareThreads(); surplus > 0; surplus--) {
                ConnectionThread thread = idle.pollLast();
                if (thread == null) {
                    return;
                }
                thread.retire();
            }
        }
    }

    private void spawn(int count) {
        for (int i = 0; i < count && running; i++) {
            // At the limit a connection waits for the thread whose connection just closed: the gate accepts no
            // more connections than there are threads, so that thread is on its way back.
            if (workers.start(settings.maxRequestWorkers(), ConnectionThread::new,
                    (worker, thread) -> worker.thread = thread) == null) {
                return;
            }
        }
    }

    @Override
    public int size() {
        return workers.size();
    }

    @Override
    public void stop(long timeout, TimeUnit unit) throws InterruptedException {
        running = false;
        for (ConnectionThread thread : workers.workers()) {
            LockSupport.unpark(thread.thread);
        }
        workers.join(timeout, unit);
    }

    /** One thread, the connection it holds, and its scoreboard slot. */
    private final class ConnectionThread implements Runnable {

        final WorkerSlot slot;
        private final CpuSampler cpu;
        Thread thread;
        private volatile boolean woken;
        private volatile boolean retiring;

        ConnectionThread(WorkerSlot slot) {
            this.slot = slot;
            this.cpu = new CpuSampler(slot);
        }

        /** A connection waits for this idle thread. Any thread. */
        void wake() {
            woken = true;
            LockSupport.unpark(thread);
        }

        void retire() {
            retiring = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            try {
                Binding held;
                while ((held = nextConnection()) != null) {
                    serve(held);
                }
            } finally {
                slot.state(WorkerState.DEAD);
                workers.ended(this, slot);
                // A connection that came while this thread was leaving takes a new one.
                if (running && !unbound.isEmpty()) {
                    spawn(1);
                }
            }
        }

        /** Waits, idle ({@code _}), for a connection; null when the thread is to exit. */
        private Binding nextConnection() {
            slot.state(WorkerState.READY);
            while (running && !retiring) {
                Binding waiting = unbound.poll();
                if (waiting != null) {
                    waiting.thread = this;
                    return waiting;
                }
                woken = false;
                idle.addFirst(this);
                // A connection that came before this thread was in the idle list: take it rather than park.
                if (!unbound.isEmpty()) {
                    idle.remove(this);
                    continue;
                }
                while (!woken && !retiring && running) {
                    LockSupport.park(this);
                }
            }
            idle.remove(this);
            return null;
        }

        /** Runs the connection's jobs as they come, and waits for it in between, until it closes. */
        private void serve(Binding held) {
            slot.state(WorkerState.READING);
            while (true) {
                Job job = held.jobs.poll();
                if (job != null) {
                    job.run(slot);
                    slot.state(WorkerState.KEEPALIVE);
                    cpu.sample();
                } else if (held.closed) {
                    return;
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }
}
