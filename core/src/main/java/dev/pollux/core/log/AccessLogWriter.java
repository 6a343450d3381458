package dev.pollux.core.log;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pollux-access-log} thread and the queue that feeds it. Any thread may {@link #offer}; only this
 * writer's thread formats, writes and flushes; {@link #stop} is called once, by the thread that stops the
 * server.
 *
 * <p>The thread polls rather than being woken: a wake-up per entry would cost the poller a system call, while
 * a park of 100 ms between empty drains keeps a line at most that long out of the file.
 * An I/O error is logged once per outage and entries are dropped until the file takes writes again; the thread
 * never dies of it. The queue is bounded: if the disk falls so far behind that {@value #CAPACITY} lines wait,
 * further lines are dropped and counted, and the count is logged, rather than the server running out of memory.
 */
final class AccessLogWriter implements Runnable {

    static final String THREAD_NAME = "pollux-access-log";

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final long IDLE_PARK_MILLIS = 100;
    /** Entries per flush under load, so that lines reach the file even if the queue never empties. */
    private static final int BATCH = 1024;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Lines that may wait for the writer: a few seconds of a busy server. */
    private static final int CAPACITY = 1 << 18;

    private final MpscArrayQueue<AccessLogEntry> queue = new MpscArrayQueue<>(CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final LogFormat format;
    private final OutputStream out;
    private final String name;
    private final Thread thread;
    private final StringBuilder line = new StringBuilder(256);
    private volatile boolean running = true;
    private boolean failing;

    private AccessLogWriter(OutputStream out, LogFormat format, String name) {
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.format = format;
        this.name = name;
        this.thread = new Thread(this, THREAD_NAME);
        // Daemon so that a server that dies without stopping does not hang the JVM; a clean stop calls stop().
        thread.setDaemon(true);
    }

    /** Starts the thread writing lines in {@code format} to {@code out}, which it closes when stopped. */
    static AccessLogWriter start(OutputStream out, LogFormat format, String name) {
        AccessLogWriter writer = new AccessLogWriter(out, format, name);
        writer.thread.start();
        return writer;
    }

    /** Any thread, never blocks. After {@link #stop}, or with the queue full, the entry is dropped. */
    void offer(AccessLogEntry entry) {
        if (running && !queue.offer(entry)) {
            dropped.increment();
        }
    }

    /**
     * Stops the thread after it wrote every entry offered before this call, and waits for it to close the file.
     * Waits through interrupts, because giving up early would lose those entries; the interrupt is kept.
     */
    void stop() {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The thread's loop; not to be called by anyone else. */
    @Override
    public void run() {
        while (running) {
            if (drain(BATCH) < BATCH) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_PARK_MILLIS));
            }
        }
        // An offer made before stop() happens-before stop's volatile write of running, which the loop has read, so
        // this last drain sees it; poll(), unlike relaxedPoll(), waits for an element whose producer is mid-offer.
        drain(Integer.MAX_VALUE);
        closeFile();
    }

    /** Writes up to {@code limit} entries and flushes if there were any; returns how many were taken. */
    private int drain(int limit) {
        int taken = 0;
        AccessLogEntry entry;
        while (taken < limit && (entry = queue.poll()) != null) {
            write(entry);
            taken++;
        }
        if (taken > 0) {
            flush();
        }
        long lost = dropped.sumThenReset();
        if (lost > 0) {
            LOG.warn("Access log {}: {} lines dropped, the writer could not keep up", name, lost);
        }
        return taken;
    }

    private void write(AccessLogEntry entry) {
        line.setLength(0);
        try {
            format.format(entry, line);
            line.append('\n');
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // A formatting bug costs one line, not the thread: a dead writer would let the queue grow forever.
            failed(e);
        }
    }

    private void flush() {
        try {
            out.flush();
            if (failing) {
                failing = false;
                LOG.info("Access log {} is written again", name);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private void closeFile() {
        try {
            out.close();
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        if (!failing) {
            failing = true;
            LOG.error("Cannot write access log {}; entries are dropped until it can be written again", name, e);
        }
    }
}
