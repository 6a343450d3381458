package dev.pollux.bench.jmh;

import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.mpm.event.PolluxServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request's whole round trip through a real server on loopback: decode on the poller, dispatch through the
 * worker queue, the static-file handler on a worker, hand-back and write on the poller, read by a blocking
 * keep-alive client. Latency of a single connection, so it shows the cost of each hop rather than throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class RoundTripBenchmark {

    private static final byte[] REQUEST = "GET /612.html HTTP/1.1\r\nHost: bench\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    @Param({"true", "false"})
    boolean extendedStatus;

    private Path docroot;
    private PolluxServer server;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buffer = new byte[4096];
    private int responseLength;

    @Setup
    public void setUp() throws IOException {
        docroot = Files.createTempDirectory("pollux-jmh");
        Files.writeString(docroot.resolve("612.html"), "x".repeat(611) + "\n");
        Map<String, Object> settings = Map.of(
                "pollux.listen", List.of("127.0.0.1:0"),
                "pollux.document-root", docroot.toString(),
                "pollux.types-config", Path.of("conf/mime.types").toAbsolutePath().toString(),
                "pollux.access-log.enabled", false,
                "pollux.max-keep-alive-requests", 0,
                "pollux.extended-status", extendedStatus);
        server = PolluxServer.start(PolluxConfig.validate(ConfigFactory.parseMap(settings, "benchmark")), List.of());
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        responseLength = measureResponseLength();
    }

    /** The response's size in bytes, which stays the same for every request of the benchmark. */
    private int measureResponseLength() throws IOException {
        out.write(REQUEST);
        String head = "";
        int read = 0;
        while (!head.contains("\r\n\r\n")) {
            read += in.read(buffer, read, buffer.length - read);
            head = new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
        }
        int headLength = head.indexOf("\r\n\r\n") + 4;
        int total = headLength + 612;
        while (read < total) {
            read += in.read(buffer, read, total - read);
        }
        return total;
    }

    @Benchmark
    public int getSmallFile() throws IOException {
        out.write(REQUEST);
        int read = 0;
        while (read < responseLength) {
            int n = in.read(buffer, 0, responseLength - read);
            if (n < 0) {
                throw new IOException("server closed the connection");
            }
            read += n;
        }
        return read;
    }

    @TearDown
    public void tearDown() throws IOException {
        socket.close();
        server.stop();
    }
}
