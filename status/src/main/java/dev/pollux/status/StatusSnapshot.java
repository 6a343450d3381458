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
 * @param cpu            CPU time of the process, or of every child
 * @param pollers        connection counts, one entry per poller of every process
 * @param slots          every worker slot of every process, in process and index order
 * @param processes      the processes: this one alone, or every child a parent started
 * @param mpm            httpd's {@code ServerMPM}: event, worker or prefork
 * @param children       whether the processes are children of a parent (one row each), rather than one process
 * @param history        recent request rates for the sparkline
 * @param directMemory   direct memory held by Netty's default buffer allocator, bytes; -1 when it does not say
 * @param acceptFailures accepts that failed since the start (no file descriptor left, most often)
 */
record StatusSnapshot(Instant now, Instant restartTime, int generation, boolean extendedStatus, boolean accepting,
                      boolean stopping, Scoreboard.Totals totals, int gracefulWorkers,
                      HostProbe.LoadAverage load, HostProbe.CpuTicks cpu, List<Poller> pollers, List<Slot> slots,
                      List<Process> processes, String mpm, boolean children, RateHistory.Rates history,
                      long directMemory, long acceptFailures) {

    /** This process's id: the one that answers, and the {@code pid} of the JSON's server object. */
    static final long PID = ProcessHandle.current().pid();

    /** Reads {@code scoreboard} (every process it shares its memory with), the host and the rate history now. */
    static StatusSnapshot take(Scoreboard scoreboard, HostProbe host, RateHistory history, Instant now) {
        int generation = scoreboard.generation();
        List<Slot> slots = new ArrayList<>(scoreboard.slotCount());
        List<Poller> pollers = new ArrayList<>(scoreboard.pollerCount());
        List<Process> processes = new ArrayList<>();
        long acceptFailures = 0;
        for (Scoreboard process : scoreboard.processes()) {
            long pid = process.pid();
            int first = slots.size();
            for (int i = 0; i < process.slotCount(); i++) {
                Slot slot = Slot.of(process, process.slot(i), generation);
                // Slots above max-request-workers (a restart lowered it) show only while a thread holds them.
                if (i < process.slotLimit() || slot.state() != WorkerState.DEAD) {
                    slots.add(slot);
                }
            }
            if (pid == 0) {
                // A dead child: its slots stay on the scoreboard line (as '.'), its connections are gone.
                continue;
            }
            List<Poller> own = new ArrayList<>(process.pollerCount());
            for (int i = 0; i < process.pollerCount(); i++) {
                own.add(Poller.of(process.process(), pid, process.poller(i)));
            }
            pollers.addAll(own);
            acceptFailures += process.acceptFailures();
            processes.add(Process.of(process, List.copyOf(own), slots.subList(first, slots.size()), generation));
        }
        int graceful = (int) slots.stream().filter(slot -> slot.state() == WorkerState.GRACEFUL).count();
        return new StatusSnapshot(now, scoreboard.restartTime(), generation, scoreboard.extendedStatus(),
                scoreboard.accepting(), scoreboard.stopping(), totals(slots), graceful, host.loadAverage(),
                host.serverCpu(scoreboard.shared() ? processes.stream().map(Process::pid).toList() : List.of()),
                List.copyOf(pollers), List.copyOf(slots), List.copyOf(processes),
                scoreboard.mpm(), scoreboard.shared(), history.rates(), nettyDirectMemory(), acceptFailures);
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
        return sum(-1, 0, pollers);
    }

    /** {@code pollers}' counts added up, as one entry for {@code process} ({@code -1}: every process). */
    private static Poller sum(int process, long pid, List<Poller> pollers) {
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
        return new Poller(process, -1, pid, sums, accepted, refused, handshakes, handshakeFailures);
    }

    /** Processes stopping: the ?auto {@code Stopping} count, and the Sum row's. */
    int stoppingProcesses() {
        return (int) processes.stream().filter(Process::stopping).count();
    }

    /**
     * One process (httpd's child) as read.
     *
     * @param index      its record among {@code mpm.server-limit}
     * @param pid        its process id
     * @param generation the configuration generation it serves
     * @param oldGeneration whether that is older than the server's (it is finishing after a graceful restart)
     * @param stopping   whether it is stopping
     * @param accepting  whether its listeners accept
     * @param connections its pollers' counts added up
     * @param busy       its slots in R, W, K, L or C
     * @param graceful   its slots in G
     * @param idle       its slots in _
     * @param listenerWakeups times its listener woke it, and
     * @param listenerAccepts connections it accepted then (fewer: another child took them)
     */
    record Process(int index, long pid, int generation, boolean oldGeneration, boolean stopping, boolean accepting,
                   Poller connections, int busy, int graceful, int idle, long listenerWakeups,
                   long listenerAccepts) {

        static Process of(Scoreboard process, List<Poller> pollers, List<Slot> slots, int serverGeneration) {
            Poller connections = sum(process.process(), process.pid(), pollers);
            int busy = 0;
            int graceful = 0;
            int idle = 0;
            for (Slot slot : slots) {
                if (slot.state().busy()) {
                    busy++;
                } else if (slot.state() == WorkerState.GRACEFUL) {
                    graceful++;
                } else if (slot.state() == WorkerState.READY) {
                    idle++;
                }
            }
            return new Process(process.process(), process.pid(), process.processGeneration(),
                    process.processGeneration() < serverGeneration, process.stopping(), process.accepting(),
                    connections, busy, graceful, idle,
                    process.listenerWakeups(), process.listenerAccepts());
        }
    }

    /**
     * One poller's connection counts.
     *
     * @param process  the number of its process; -1 for a sum over processes
     * @param index    the poller's number; -1 for a sum
     * @param pid      its process's id
     * @param counts   open connections, indexed by {@link ConnectionState#ordinal()}
     * @param accepted connections accepted since the start
     * @param refused  requests the poller refused since the start, no worker having seen them
     * @param handshakes        TLS handshakes completed since the start
     * @param handshakeFailures TLS handshakes failed since the start
     */
    record Poller(int process, int index, long pid, long[] counts, long accepted, long refused, long handshakes,
                  long handshakeFailures) {

        static Poller of(int process, long pid, PollerCounters counters) {
            long[] counts = new long[ConnectionState.values().length];
            for (ConnectionState state : ConnectionState.values()) {
                counts[state.ordinal()] = Math.max(0, counters.count(state));
            }
            return new Poller(process, counters.index(), pid, counts, counters.accepted(), counters.refused(),
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
     * @param process        the number of its process
     * @param pid            its process's id; 0 once that died
     * @param index          slot number within the process
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
    record Slot(int process, long pid, int index, int generation, WorkerState state, long accesses,
                long threadAccesses, long connectionAccesses, long bytes, long threadBytes, long connectionBytes, long lastUsedMillis, long requestMicros,
                long totalMicros, long cpuNanos, RequestInfo request) {

        static Slot of(Scoreboard process, WorkerSlot slot, int currentGeneration) {
            return new Slot(process.process(), process.pid(), slot.index(), slot.generation(),
                    slot.state(currentGeneration), slot.accesses(), slot.threadAccesses(),
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
