package dev.pollux.bench.jmh;

import dev.pollux.core.scoreboard.RequestInfo;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a worker writes into its scoreboard slot for one request (R, W, counters, K, _), with extended status on
 * (the request's description is recorded) and off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScoreboardBenchmark {

    @Param({"true", "false"})
    boolean extendedStatus;

    private WorkerSlot slot;
    private long bytes;

    @Setup
    public void setUp() {
        slot = new Scoreboard(400, 1, extendedStatus).slot(7);
    }

    @Benchmark
    public WorkerSlot requestUpdates() {
        slot.begin(extendedStatus
                ? RequestInfo.of("127.0.0.1", "127.0.0.1:8080", "HTTP/1.1", "GET " + "/index.html" + " HTTP/1.1")
                : null, 0);
        slot.state(WorkerState.WRITING);
        slot.finish(612 + (bytes++ & 7), 25, 1_700_000_000_000L);
        slot.state(WorkerState.KEEPALIVE);
        slot.state(WorkerState.READY);
        return slot;
    }
}
