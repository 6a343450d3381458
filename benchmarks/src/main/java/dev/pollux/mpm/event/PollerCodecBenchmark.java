package dev.pollux.mpm.event;

import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.http.HttpSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
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
 * The poller's HTTP work for one request, without sockets or threads: the decoder as the server configures it
 * (reference settings, strict) and {@link RequestBodies} turn the request's bytes into the whole request it
 * dispatches, and a response like the small file's goes out as the poller writes it ({@link PreparedResponse},
 * with the progress promise a connection gives it) through the encoder. In an embedded channel, Netty's leak detection at its default sampling, as the server runs; in the
 * aggregator's package (on the class path, beside the server's classes) because these are not public API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PollerCodecBenchmark {

    /** What wrk sends, and the same with a small form body. */
    @Param({"GET", "POST"})
    String request;

    private ByteBuf bytes;
    private ByteBuffer body;
    private HttpHeaders responseHeaders;
    private EmbeddedChannel channel;
    private ChannelHandlerContext connection;

    @Setup
    public void setUp() {
        String head = request + " /612.html HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n";
        String text = request.equals("GET") ? head + "\r\n" : head + "Content-Length: 16\r\n\r\nname=value&a=b12";
        // Direct, as the poller's reads are.
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        bytes = Unpooled.unreleasableBuffer(Unpooled.directBuffer(ascii.length).writeBytes(ascii));
        // As the open-file cache holds a small file, and a handler's Response wraps it.
        body = ByteBuffer.allocateDirect(612).asReadOnlyBuffer();
        responseHeaders = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/html")
                .set(HttpHeaderNames.ETAG, "\"264-660db4f4598a9\"")
                .set(HttpHeaderNames.LAST_MODIFIED, "Sun, 22 Nov 2026 10:55:04 GMT")
                .set(HttpHeaderNames.SERVER, "Pollux/0.1.0")
                .set(HttpHeaderNames.DATE, "Sun, 22 Nov 2026 15:23:01 GMT")
                .set(HttpHeaderNames.CONTENT_LENGTH, 612);
        HttpSettings http = HttpSettings.read(new SettingsReader(PolluxConfig.validate(ConfigFactory.empty())));
        channel = new EmbeddedChannel(PipelineInitializer.decoder(http), new HttpResponseEncoder(),
                new RequestBodies(http));
        // Where the server's Connection sits, writing from its own context.
        channel.pipeline().addLast("connection", new ChannelInboundHandlerAdapter());
        connection = channel.pipeline().context("connection");
    }

    @Benchmark
    public int decodeAndEncode() {
        channel.writeInbound(bytes.duplicate());
        FullHttpRequest decoded = channel.readInbound();
        PreparedResponse response = new PreparedResponse(HttpResponseStatus.OK, responseHeaders,
                Unpooled.wrappedBuffer(body.duplicate()), 612, PreparedResponse.After.KEEP_ALIVE,
                Exchange.now(decoded));
        decoded.release();
        response.writeTo(connection, connection.newProgressivePromise());
        connection.flush();
        int written = 0;
        for (ByteBuf part; (part = channel.readOutbound()) != null; part.release()) {
            written += part.readableBytes();
        }
        return written;
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }
}
