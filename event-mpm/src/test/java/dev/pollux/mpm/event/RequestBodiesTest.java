package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.http.RequestBodyException;
import dev.pollux.mpm.http1.Rejection;
import dev.pollux.mpm.http1.RequestDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Between decoder and connection: bodiless requests whole, a body streamed behind its head, refusals in the
 * request's place, and the poller held back while the handler's buffer is full.
 */
class RequestBodiesTest {

    private static HttpSettings settings(Map<String, Object> values) {
        return HttpSettings.read(new SettingsReader(PolluxConfig.validate(ConfigFactory.parseMap(values))));
    }

    private static EmbeddedChannel channel(Map<String, Object> values) {
        return new EmbeddedChannel(new RequestDecoder(new HttpDecoderConfig(), true), new HttpResponseEncoder(),
                new RequestBodies(settings(values)));
    }

    private static void send(EmbeddedChannel channel, String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    @Test
    void passesBodilessRequestsWholeAndNothingAfterThem() {
        EmbeddedChannel channel = channel(Map.of());
        send(channel, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nDELETE /b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        for (String uri : new String[] {"/a", "/b"}) {
            FullHttpRequest request = assertInstanceOf(FullHttpRequest.class, channel.readInbound());
            assertFalse(request instanceof StreamingRequest, uri);
            assertEquals(uri, request.uri());
            request.release();
        }
        assertNull(channel.readInbound(), "the decoder's empty ends are not messages of their own");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void streamsABodyBehindItsHeadChunkedOrNot() throws IOException {
        EmbeddedChannel channel = channel(Map.of());
        send(channel, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhel");
        StreamingRequest sized = assertInstanceOf(StreamingRequest.class, channel.readInbound(),
                "the head goes on before its body is in");
        send(channel, "lo" + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        assertEquals("hello", new String(sized.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        assertTrue(sized.body().complete());
        StreamingRequest chunked = assertInstanceOf(StreamingRequest.class, channel.readInbound());
        assertEquals("ok", new String(chunked.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        sized.release();
        chunked.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void stopsReadingWhileTheBufferIsFullAndDropsWhatIsDiscarded() {
        EmbeddedChannel channel = channel(Map.of("pollux.request-body-buffer", "1 KiB"));
        send(channel, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + "z".repeat(1500));
        StreamingRequest request = assertInstanceOf(StreamingRequest.class, channel.readInbound());
        assertFalse(channel.config().isAutoRead(), "past request-body-buffer the poller stops reading");
        request.release();
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead(), "discarded: the rest is read and dropped");
        send(channel, "z".repeat(2596));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void readingResumesOnceTheHandlerHasReadHalfWhateverArrivedMeanwhile() throws IOException {
        EmbeddedChannel channel = channel(Map.of("pollux.request-body-buffer", "1 KiB"));
        send(channel, "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1700\r\n\r\n" + "a".repeat(800));
        StreamingRequest request = assertInstanceOf(StreamingRequest.class, channel.readInbound());
        send(channel, "b".repeat(800));
        assertFalse(channel.config().isAutoRead());
        assertEquals('a', request.body().read(), "the reader takes the first piece; 800 bytes still wait");
        send(channel, "c".repeat(100));
        assertFalse(channel.config().isAutoRead(), "what the decoder still held arrives: the pause goes on");
        assertEquals(799, request.body().readNBytes(799).length);
        assertEquals('b', request.body().read());
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead(), "under half the buffer: the poller reads again");
        assertEquals(899, request.body().readAllBytes().length);
        request.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnAnnouncedOversizeBodyAndAnUnknownExpectationInTheRequestsPlace() {
        EmbeddedChannel channel = channel(Map.of("pollux.limit-request-body", "16 B"));
        send(channel, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n" + "z".repeat(17)
                + "POST /tea HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: tea\r\n\r\nz");
        Rejection tooLarge = assertInstanceOf(Rejection.class, channel.readInbound());
        assertEquals(413, tooLarge.status().code());
        assertEquals("/big", tooLarge.request().uri());
        Rejection expectation = assertInstanceOf(Rejection.class, channel.readInbound(),
                "the refused body was dropped, and the next request read");
        assertEquals(417, expectation.status().code());
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aChunkedBodyPastTheLimitFailsTheRead() {
        EmbeddedChannel channel = channel(Map.of("pollux.limit-request-body", "4 B"));
        send(channel, "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        StreamingRequest request = assertInstanceOf(StreamingRequest.class, channel.readInbound());
        RequestBodyException failure = assertThrows(RequestBodyException.class, () -> request.body().readAllBytes());
        assertEquals(413, failure.status().code());
        request.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aBodyCutShortByTheClientFailsTheRead() {
        EmbeddedChannel channel = channel(Map.of());
        send(channel, "PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
        StreamingRequest request = assertInstanceOf(StreamingRequest.class, channel.readInbound());
        channel.close();
        RequestBodyException failure = assertThrows(RequestBodyException.class, () -> request.body().readAllBytes());
        assertEquals(400, failure.status().code());
        request.release();
        assertFalse(channel.finishAndReleaseAll());
    }
}
