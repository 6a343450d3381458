package dev.pollux.bench.jmh;

import dev.pollux.core.log.AccessLogEntry;
import dev.pollux.core.log.LogFormat;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
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

/** Formatting one access-log line, as the {@code pollux-access-log} thread does for every request. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AccessLogFormatBenchmark {

    @Param({"common", "combined"})
    String format;

    private LogFormat compiled;
    private AccessLogEntry entry;
    private final StringBuilder line = new StringBuilder(256);

    @Setup
    public void setUp() {
        compiled = LogFormat.parse(format);
        HttpHeaders request = new DefaultHttpHeaders()
                .add("Host", "example.com")
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0")
                .add("Referer", "https://example.com/start");
        entry = new AccessLogEntry("192.0.2.10", "192.0.2.10", 8080, "example.com", System.currentTimeMillis(), "GET",
                "/assets/app.js?v=42", "HTTP/1.1", request, 200, new DefaultHttpHeaders(), 10240, 180);
    }

    @Benchmark
    public int formatLine() {
        line.setLength(0);
        compiled.format(entry, line);
        return line.length();
    }
}
