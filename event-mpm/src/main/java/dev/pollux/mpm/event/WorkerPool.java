package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads ({@code pollux-worker-N}) and the JCTools queue through which pollers hand them complete
 * requests, bounded at {@code async-request-worker-factor x max-request-workers}. The pool outlives graceful
 * restarts: {@link #resize} takes a new generation's sizes, and each job carries its generation's processor.
 *
 * <p>Waking discipline (DESIGN.md): a poller wakes a parked worker only when no worker is already awake and
 * searching for work; parked workers wait on a LIFO stack, so the most recently parked (warmest) is woken first
 * and the rest stay cold; a worker drains the queue before it searches, and searches by spinning briefly before
 * it parks. Dispatch and waking are lock-free: atomics, a non-blocking deque and {@link LockSupport}; only
 * starting and retiring threads, once a second at most, takes the pool's lock.
 *
 * <p>Spare threads follow httpd's maintenance pass, once a second on the {@code pollux-maintenance} thread: fewer
 * idle workers than {@code min-spare-threads} starts more (1, 2, 4 ... 32 times threads-per-child a pass, up to
 * max-request-workers); more than {@code max-spare-threads} retires threads-per-child parked workers, and so does
 * being above {@code max-request-workers} after a restart lowered it.
 */
final class WorkerPool implements Workers {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    /** Polls of the queue a searching worker makes before it parks (a few microseconds). */
    private static final int SPINS = 128;
    private static final int MAX_SPAWN_RATE = 32;

    private static final int RUNNING = 0;
    private static final int PARKED = 1;
    private static final int RETIRING = 2;
    /** Jobs per chunk of the queue's linked arrays; a chunk is allocated only when the queue runs that deep. */
    private static final int QUEUE_CHUNK = 1024;

    /** Unbounded so that a restart can change the bound: {@link #dispatch} enforces it, reading it once a job. */
    private final MpmcUnboundedXaddArrayQueue<Job> queue = new MpmcUnboundedXaddArrayQueue<>(QUEUE_CHUNK);
    private final AtomicInteger searching = new AtomicInteger();
    private final ConcurrentLinkedDeque<Worker> parked = new ConcurrentLinkedDeque<>();
    private final WorkerThreads<Worker> workers;
    private volatile MpmSettings settings;
    private final AcceptGate gate;
    private volatile boolean running = true;
    private int spawnRate = 1;
    /** Workers running a job; with {@link #acceptOnlyWhenIdle}, the gate stays shut while every worker is. */
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private volatile boolean acceptOnlyWhenIdle;

    WorkerPool(MpmSettings settings, Scoreboard scoreboard, AcceptGate gate) {
        this.settings = settings;
        this.workers = new WorkerThreads<>(scoreboard);
        this.gate = gate;
    }

    /**
     * httpd's rule for a child among siblings: accept only while a worker is idle, so that a new connection goes
     * to a child that can serve it now rather than waiting behind this one's busy workers. The gate reads the
     * count whenever it decides; the pool tells it when the answer may have changed.
     */
    void acceptOnlyWhenIdle() {
        acceptOnlyWhenIdle = true;
        gate.requireIdleWorker(() -> busyWorkers.get() < workers.size());
    }

    /**
     * A graceful restart's new sizes: the queue bound applies to the next job, the spare-thread limits to the
     * next maintenance pass, which starts or retires workers towards them. The scoreboard must already have a
     * slot for each of {@code max-request-workers}.
     */
    @Override
    public void resize(MpmSettings next) {
        settings = next;
    }

    @Override
    public void start() {
        spawn(settings.threadsPerChild());
    }

    /**
     * Queues a job; poller thread. Pauses accepting once the queue is full. The poller then calls {@link #wake}
     * once for all the jobs it queued in one pass over its ready connections.
     *
     * @return false when the queue is full and the job was not taken
     */
    @Override
    public boolean dispatch(PolledConnection connection, Job job) {
        int capacity = settings.queueCapacity();
        // One look at the size. Other pollers may queue meanwhile, so with N pollers the bound can be passed by
        // N - 1 jobs: a soft bound, which is all it needs to be.
        int waiting = queue.size();
        if (waiting >= capacity) {
            gate.pause();
            return false;
        }
        queue.offer(job);
        if (waiting + 1 >= capacity) {
            gate.pause();
        }
        return true;
    }

    /** Wakes a parked worker unless one is already awake and searching; a woken worker drains the queue. */
    @Override
    public void wake() {
        if (searching.get() == 0 && !queue.isEmpty()) {
            wakeOne();
        }
    }

    /** Wakes the most recently parked worker, counting it as searching before it runs so no second one wakes. */
    private void wakeOne() {
        Worker worker;
        while ((worker = parked.pollFirst()) != null) {
            if (worker.state.compareAndSet(PARKED, RUNNING)) {
                searching.incrementAndGet();
                LockSupport.unpark(worker.thread);
                return;
            }
        }
    }

    /** The spare-thread pass; {@code pollux-maintenance} thread, once a second. */
    @Override
    public void maintain() {
        if (!running) {
            return;
        }
        MpmSettings settings = this.settings;
        int idle = 0;
        for (Worker worker : workers.workers()) {
            if (!worker.busy) {
                idle++;
            }
        }
        int room = settings.maxRequestWorkers() - workers.size();
        if (idle < settings.minSpareThreads() && room > 0) {
            spawn(Math.min(room, spawnRate * settings.threadsPerChild()));
            if (spawnRate >= 8) {
                log.info("Server seems busy: started {} workers ({} idle, {} in all)",
                        spawnRate * settings.threadsPerChild(), idle, workers.size());
            }
            spawnRate = Math.min(spawnRate * 2, MAX_SPAWN_RATE);
            if (acceptOnlyWhenIdle) {
                gate.apply();
            }
        } else {
            if (idle < settings.minSpareThreads() && room == 0 && idle == 0) {
                log.warn("Server reached max-request-workers ({}); consider raising it",
                        settings.maxRequestWorkers());
            }
            spawnRate = 1;
            if (workers.size() > settings.maxRequestWorkers()) {
                retireAbove(settings.maxRequestWorkers());
            } else if (idle > settings.maxSpareThreads()) {
                retire(settings.threadsPerChild());
            }
        }
    }

    private void spawn(int count) {
        for (int i = 0; i < count && running; i++) {
            if (workers.start(settings.maxRequestWorkers(), Worker::new, (worker, thread) -> worker.thread = thread)
                    == null) {
                return;
            }
        }
    }

    private void retire(int count) {
        for (int retired = 0; retired < count; ) {
            Worker worker = parked.pollLast();
            if (worker == null) {
                return;
            }
            if (worker.state.compareAndSet(PARKED, RETIRING)) {
                LockSupport.unpark(worker.thread);
                retired++;
            }
        }
    }

    /**
     * After a restart lowered max-request-workers: retires the parked workers in slots at or above {@code limit}.
     * With more workers than slots below the limit, at least that many hold one above it; those busy now are
     * retired on a later pass, once parked, so that the threads left hold the slots below the limit.
     */
    private void retireAbove(int limit) {
        for (Worker worker : parked) {
            if (worker.slot.index() >= limit && worker.state.compareAndSet(PARKED, RETIRING)) {
                parked.remove(worker);
                LockSupport.unpark(worker.thread);
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
        for (Worker worker : workers.workers()) {
            if (worker.state.compareAndSet(PARKED, RETIRING)) {
                LockSupport.unpark(worker.thread);
            }
        }
        workers.join(timeout, unit);
    }

    /** One worker thread and its scoreboard slot. */
    private final class Worker implements Runnable {

        final AtomicInteger state = new AtomicInteger(RUNNING);
        final WorkerSlot slot;
        Thread thread;
        volatile boolean busy;
        private boolean searchingNow;
        private final CpuSampler cpu;

        Worker(WorkerSlot slot) {
            this.slot = slot;
            this.cpu = new CpuSampler(slot);
        }

        @Override
        public void run() {
            slot.state(WorkerState.READY);
            try {
                while (true) {
                    Job job = queue.relaxedPoll();
                    if (job == null) {
                        job = search();
                    }
                    if (job != null) {
                        handle(job);
                    } else if (!park()) {
                        return;
                    }
                }
            } finally {
                slot.state(WorkerState.DEAD);
                workers.ended(this, slot);
            }
        }

        private void handle(Job job) {
            busy = true;
            if (searchingNow) {
                searchingNow = false;
                // The last searcher found work: if more is waiting, make sure somebody else looks for it.
                if (searching.decrementAndGet() == 0 && !queue.isEmpty()) {
                    wakeOne();
                }
            }
            // Accept again once the queue has drained to half: resuming at the first free place would flap the
            // listeners on and off with every job.
            if (gate.paused() && queue.size() <= settings.queueCapacity() / 2) {
                gate.resume();
            }
            if (busyWorkers.incrementAndGet() >= workers.size() && acceptOnlyWhenIdle) {
                gate.apply();
            }
            job.run(slot);
            slot.state(WorkerState.READY);
            busy = false;
            if (busyWorkers.getAndDecrement() >= workers.size() && acceptOnlyWhenIdle) {
                gate.apply();
            }
        }

        /** Spins a few microseconds for work before parking. */
        private Job search() {
            if (!searchingNow) {
                searchingNow = true;
                searching.incrementAndGet();
            }
            for (int i = 0; i < SPINS; i++) {
                Thread.onSpinWait();
                Job job = queue.relaxedPoll();
                if (job != null) {
                    return job;
                }
            }
            searchingNow = false;
            searching.decrementAndGet();
            return null;
        }

        /**
         * Parks until woken with work to look for. Re-checks the queue after announcing itself idle, so a job
         * queued meanwhile is never left waiting for a wake-up that nobody sends.
         *
         * @return false when the worker is to exit
         */
        private boolean park() {
            if (!running && queue.isEmpty()) {
                return false;
            }
            cpu.sample();
            state.set(PARKED);
            parked.addFirst(this);
            // Look again after announcing: a job queued, or a stop begun, meanwhile would otherwise go unseen.
            if ((!queue.isEmpty() || !running) && state.compareAndSet(PARKED, RUNNING)) {
                parked.remove(this);
                if (!running && queue.isEmpty()) {
                    return false;
                }
                searchingNow = true;
                searching.incrementAndGet();
                return true;
            }
            while (state.get() == PARKED) {
                LockSupport.park(this);
            }
            if (state.get() == RETIRING) {
                return false;
            }
            searchingNow = true;
            return true;
        }
    }
}
