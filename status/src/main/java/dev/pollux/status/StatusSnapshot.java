package dev.pollux.status;

import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.PollerCounters;
import dev.pollux.core.scoreboard.RequestInfo;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One reading of the live scoreboard and the host, taken when a status request arrives, so that every number on
 * a page comes from the same moment and each renderer is a pure function of it. Reading takes no lock: each
 * counter is a plain volatile read of a slot or poller that its owning thread keeps writing. (Fifteen components,
 * past the house limit of six parameters: this record is the page's whole data set, built in {@link #take} only.)
 *
 * @param now            when the reading was taken
 * @param restartTime    when the server started, or last restarted gracefully
 * @param generation     the configuration generation in force, 0 at start ({@link Scoreboard#generation()})
 * @param extendedStatus whether per-request details and totals are shown ({@code extended-status})
 * @param accepting      whether the listeners accept connections
 * @param stopping       whether a graceful stop is under way
 * @param totals         accesses, bytes and duration summed over the slots, and busy and idle workers
 * @param gracefulWorkers slots in {@code G}
 * @param load           host load averages
 * @param cpu            process CPU time
 * @param pollers        connection counts, one entry per poller
 * @param slots          every worker slot, in index order
 * @param history        recent request rates for the sparkline
 * @param directMemory   direct memory held by Netty's default buffer allocator, bytes; -1 when it does not say
 * @param acceptFailures accepts that failed since the start (no file descriptor left, most often)
 */
record StatusSnapshot(Instant now, Instant restartTime, int generation, boolean extendedStatus, boolean accepting,
                      boolean stopping, Scoreboard.Totals totals, int gracefulWorkers,
                      HostProbe.LoadAverage load, HostProbe.CpuTicks cpu, List<Poller> pollers, List<Slot> slots,
                      RateHistory.Rates history, long directMemory, long acceptFailures) {

    /** This process's id, the PID column of every table. */
    static final long PID = ProcessHandle.current().pid();

    /** Reads {@code scoreboard}, the host and the rate history now. */
    static StatusSnapshot take(Scoreboard scoreboard, HostProbe host, RateHistory history, Instant now) {
        int generation = scoreboard.generation();
        List<Slot> slots = new ArrayList<>(scoreboard.slotCount());
        for (int i = 0; i < scoreboard.slotCount(); i++) {
            Slot slot = Slot.of(scoreboard.slot(i), generation);
            // Slots above max-request-workers (a restart lowered it) show only while a thread still holds them.
            if (i < scoreboard.slotLimit() || slot.state() != WorkerState.DEAD) {
                slots.add(slot);
            }
        }
        List<Poller> pollers = new ArrayList<>(scoreboard.pollerCount());
        for (int i = 0; i < scoreboard.pollerCount(); i++) {
            pollers.add(Poller.of(scoreboard.poller(i)));
        }
        int graceful = (int) slots.stream().filter(slot -> slot.state() == WorkerState.GRACEFUL).count();
        return new StatusSnapshot(now, scoreboard.restartTime(), generation, scoreboard.extendedStatus(),
                scoreboard.accepting(), scoreboard.stopping(), totals(slots), graceful, host.loadAverage(),
                host.processCpu(), List.copyOf(pollers), List.copyOf(slots), history.rates(), nettyDirectMemory(),
                scoreboard.acceptFailures());
    }

    private static long nettyDirectMemory() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider
                ? provider.metric().usedDirectMemory() : -1;
    }

    /**
     * {@link Scoreboard#totals()}, summed over the slots as read here rather than read again, so that the busy and
     * idle counts always agree with the scoreboard letters on the same page.
     */
    private static Scoreboard.Totals totals(List<Slot> slots) {
        Scoreboard.Totals.Sum sum = new Scoreboard.Totals.Sum();
        for (Slot slot : slots) {
            sum.add(slot.accesses(), slot.bytes(), slot.totalMicros(), slot.state());
        }
        return sum.totals();
    }

    /**
     * httpd's {@code ParentServerConfigGeneration}: 1 for the configuration read at start, one more per graceful
     * restart ({@link #generation} is its {@code ParentServerMPMGeneration}, which starts at 0).
     */
    int configGeneration() {
        return generation + 1;
    }

    /** Whole seconds since the start, as httpd's {@code up_time}. */
    long uptimeSeconds() {
        return Math.max(0, Duration.between(restartTime, now).toSeconds());
    }

    // mod_status's ratios, in its single-precision arithmetic so that %g prints the same digits.

    /** Total kBytes: whole kibibytes sent. */
    long kilobytes() {
        return totals.bytes() >> 10;
    }

    /** CPUUser: process user CPU seconds, {@code ticks / tick} in float. */
    float cpuUserSeconds() {
        return (float) cpu.user() / HostProbe.TICKS_PER_SECOND;
    }

    /** CPUSystem: process system CPU seconds. */
    float cpuSystemSeconds() {
        return (float) cpu.system() / HostProbe.TICKS_PER_SECOND;
    }

    /**
     * CPULoad: CPU seconds per 100 s of uptime, {@code cpu / tick / up_time * 100.}. httpd prints it whenever the
     * CPU total is non-zero; during the first second that divides by zero, so Pollux waits for a whole second.
     */
    boolean hasCpuLoad() {
        return cpu.total() > 0 && uptimeSeconds() > 0;
    }

    double cpuLoad() {
        return (float) cpu.total() / HostProbe.TICKS_PER_SECOND / (float) uptimeSeconds() * 100.;
    }

    /** ReqPerSec, when the uptime is positive. */
    float requestsPerSecond() {
        return (float) totals.accesses() / (float) uptimeSeconds();
    }

    /** BytesPerSec: {@code KBYTE * (float) kbcount / (float) up_time}, kibibyte-granular like httpd's. */
    float bytesPerSecond() {
        return 1024 * (float) kilobytes() / (float) uptimeSeconds();
    }

    /** BytesPerReq, when there was a request. */
    float bytesPerRequest() {
        return 1024 * (float) kilobytes() / (float) totals.accesses();
    }

    /** DurationPerReq: milliseconds per request. */
    float millisPerRequest() {
        return (float) totals.durationMillis() / (float) totals.accesses();
    }

    /** The scoreboard line: one state letter per slot. */
    String scoreboard() {
        StringBuilder letters = new StringBuilder(slots.size());
        for (Slot slot : slots) {
            letters.append(slot.state().letter());
        }
        return letters.toString();
    }

    /** The connection counts of all pollers added up. */
    Poller connectionSum() {
        long[] sums = new long[ConnectionState.values().length];
        long accepted = 0;
        long refused = 0;
        long handshakes = 0;
        long handshakeFailures = 0;
        for (Poller poller : pollers) {
            for (ConnectionState state : ConnectionState.values()) {
                sums[state.ordinal()] += poller.count(state);
            }
            accepted += poller.accepted();
            refused += poller.refused();
            handshakes += poller.handshakes();
            handshakeFailures += poller.handshakeFailures();
        }
        return new Poller(-1, sums, accepted, refused, handshakes, handshakeFailures);
    }

    /**
     * One poller's connection counts.
     *
     * @param index    the poller's number; -1 for a sum
     * @param counts   open connections, indexed by {@link ConnectionState#ordinal()}
     * @param accepted connections accepted since the start
     * @param refused  requests the poller refused since the start, no worker having seen them
     * @param handshakes        TLS handshakes completed since the start
     * @param handshakeFailures TLS handshakes failed since the start
     */
    record Poller(int index, long[] counts, long accepted, long refused, long handshakes, long handshakeFailures) {

        static Poller of(PollerCounters counters) {
            long[] counts = new long[ConnectionState.values().length];
            for (ConnectionState state : ConnectionState.values()) {
                counts[state.ordinal()] = Math.max(0, counters.count(state));
            }
            return new Poller(counters.index(), counts, counters.accepted(), counters.refused(),
                    counters.handshakes(), counters.handshakeFailures());
        }

        long count(ConnectionState state) {
            return counts[state.ordinal()];
        }

        /** Open connections in every state. */
        long open() {
            long open = 0;
            for (long count : counts) {
                open += count;
            }
            return open;
        }
    }

    /**
     * One worker slot as read.
     *
     * @param index          slot number
     * @param generation     the configuration generation of its current or last request
     * @param state          state letter, {@code G} while it finishes a request of an older generation
     * @param accesses       requests the slot served
     * @param threadAccesses requests its current thread served
     * @param connectionAccesses requests it served on its current connection
     * @param bytes          body bytes the slot sent
     * @param threadBytes    body bytes its current thread sent
     * @param connectionBytes body bytes it sent on its current connection
     * @param lastUsedMillis end of the last request, epoch ms; 0 if none
     * @param requestMicros  handling time of the last request; 0 while one is in progress
     * @param totalMicros    handling time of all the slot's requests
     * @param cpuNanos       CPU time of its current thread
     * @param request        the current or last request; {@code null} before the first
     */
    record Slot(int index, int generation, WorkerState state, long accesses, long threadAccesses, long connectionAccesses,
                long bytes, long threadBytes, long connectionBytes, long lastUsedMillis, long requestMicros,
                long totalMicros, long cpuNanos, RequestInfo request) {

        static Slot of(WorkerSlot slot, int currentGeneration) {
            return new Slot(slot.index(), slot.generation(), slot.state(currentGeneration), slot.accesses(), slot.threadAccesses(),
                    slot.connectionAccesses(), slot.bytes(), slot.threadBytes(), slot.connectionBytes(),
                    slot.lastUsedMillis(), slot.requestMicros(), slot.totalMicros(), slot.cpuNanos(), slot.request());
        }

        /** httpd lists a slot in the worker table once it served a request or while it is not idle or dead. */
        boolean listed() {
            return accesses != 0 || (state != WorkerState.READY && state != WorkerState.DEAD);
        }

        /** Whole seconds since the slot's last request ended, or since {@code since} if it has not had one. */
        long secondsSinceUsed(Instant now, Instant since) {
            long from = lastUsedMillis != 0 ? lastUsedMillis : since.toEpochMilli();
            return Math.max(0, (now.toEpochMilli() - from) / 1000);
        }
    }
}
