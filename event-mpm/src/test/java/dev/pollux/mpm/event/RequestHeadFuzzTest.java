package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.http.Authority;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.mpm.http1.Admission;
import dev.pollux.mpm.http1.Rejection;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the poller's request decoding: bytes through the server's decoder and aggregator, each decoded request
 * through {@link Admission}, with reference settings (strict). Whatever the bytes, the outcome is requests,
 * refusals or waiting for more, never an exception; a request that is admitted keeps every strict rule; and the
 * verdict is the same whether the bytes arrive at once or one at a time, as a slow client sends them. The seed
 * corpus is {@code RequestHeadFuzzTestInputs/}; every build runs it. No {@code @Timeout}: JUnit would apply it to
 * a whole fuzzing run, which lasts {@code maxDuration}; libFuzzer bounds each input there.
 */
class RequestHeadFuzzTest {

    private static final HttpSettings HTTP =
            HttpSettings.read(new SettingsReader(PolluxConfig.validate(ConfigFactory.empty())));
    private static final Admission ADMISSION = new Admission(HTTP);

    @FuzzTest(maxDuration = "10m")
    void decodesToRequestsOrRefusals(byte[] input) {
        String sent = new String(input, StandardCharsets.ISO_8859_1);
        List<String> whole = decode(input, input.length);
        for (String item : whole) {
            // An admitted request's line was sent as it was decoded: one SP between the parts, CRLF after.
            if (item.startsWith("request ")) {
                String[] line = item.split(" ", 4);
                assertTrue(sent.contains(line[1] + ' ' + line[2] + " HTTP/"), item);
            }
        }
        List<String> trickled = decode(input, 1);
        assertEquals(whole, trickled, "the verdict depends on how the bytes were split");
    }

    /**
     * The outcome of decoding {@code input} sent in pieces of {@code piece} bytes: one line per item, up to the
     * first refusal, after which the server reads no more requests.
     */
    private static List<String> decode(byte[] input, int piece) {
        EmbeddedChannel channel = new EmbeddedChannel(PipelineInitializer.decoder(HTTP), new HttpResponseEncoder(),
                new RequestBodies(HTTP));
        List<String> outcome = new ArrayList<>();
        try {
            for (int at = 0; at < input.length; at += piece) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, at, Math.min(piece, input.length - at)));
                for (Object item; (item = channel.readInbound()) != null; ) {
                    outcome.add(describe(item));
                }
            }
        } finally {
            finish(channel);
        }
        for (int i = 0; i < outcome.size(); i++) {
            if (outcome.get(i).startsWith("refused")) {
                return outcome.subList(0, i + 1);
            }
        }
        return outcome;
    }

    /**
     * Closes the channel as a client's end of input does. The decoder may report a request cut off in its head with
     * {@code PrematureChannelClosureException}, which the connection logs and closes on. Any other exception is a
     * finding.
     */
    private static void finish(EmbeddedChannel channel) {
        try {
            channel.finishAndReleaseAll();
        } catch (PrematureChannelClosureException expected) {
            // The buffers are released all the same.
        }
    }

    private static String describe(Object item) {
        try {
            if (item instanceof Rejection rejection) {
                return "refused " + rejection.status();
            }
            if (item instanceof FullHttpRequest request) {
                Rejection rejection = ADMISSION.check(request);
                if (rejection != null) {
                    assertTrue(rejection.status() == null || rejection.status().code() >= 400, rejection.reason());
                    return "refused " + rejection.status();
                }
                checkStrictRules(request);
                return "request " + request.method() + ' ' + request.uri() + ' ' + request.protocolVersion() + ' '
                        + request.headers().entries() + (request instanceof StreamingRequest ? " body follows" : "");
            }
            return "other " + item;
        } finally {
            ReferenceCountUtil.release(item);
        }
    }

    /** What strict promises of every request a worker sees. */
    private static void checkStrictRules(FullHttpRequest request) {
        assertTrue(request.method().name().chars().allMatch(c -> c > ' ' && c < 0x7f), request.method().name());
        assertTrue(request.uri().chars().noneMatch(c -> c <= ' ' || c == 0x7f), request.uri());
        HttpVersion version = request.protocolVersion();
        assertTrue(version.equals(HttpVersion.HTTP_1_0) || version.equals(HttpVersion.HTTP_1_1), version.text());
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        assertTrue(hosts.size() <= 1, hosts.toString());
        assertFalse(version.equals(HttpVersion.HTTP_1_1) && hosts.isEmpty(), "HTTP/1.1 without Host");
        hosts.forEach(host -> assertTrue(Authority.isValid(host), host));
        for (Map.Entry<String, String> field : request.headers()) {
            assertTrue(field.getValue().chars().noneMatch(c -> c < ' ' && c != '\t' || c == 0x7f), field.toString());
        }
    }
}
