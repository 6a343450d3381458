package dev.pollux.mpm.event;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.nio.charset.StandardCharsets;
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
 * What the poller does to turn a request's bytes into the whole request it dispatches: Netty's decoder and
 * Pollux's {@link BodyAggregator}, in an embedded channel, without sockets or threads. In the aggregator's package
 * (on the class path, beside the server's classes) because the aggregator is not public API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class RequestDecodeBenchmark {

    /** What wrk sends, and the same with a small form body. */
    @Param({"GET", "POST"})
    String request;

    private ByteBuf bytes;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        String head = request + " /612.html HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n";
        String text = request.equals("GET") ? head + "\r\n" : head + "Content-Length: 16\r\n\r\nname=value&a=b12";
        // Direct, as the poller's reads are.
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        bytes = Unpooled.unreleasableBuffer(Unpooled.directBuffer(ascii.length).writeBytes(ascii));
        channel = new EmbeddedChannel(new HttpRequestDecoder(), new BodyAggregator(1 << 20));
    }

    @Benchmark
    public FullHttpRequest decode() {
        channel.writeInbound(bytes.duplicate());
        FullHttpRequest decoded = channel.readInbound();
        decoded.release();
        return decoded;
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }
}
