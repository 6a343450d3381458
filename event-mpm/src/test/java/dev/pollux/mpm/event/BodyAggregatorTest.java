package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pollux.mpm.http1.Rejection;
import dev.pollux.mpm.http1.RequestDecoder;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The aggregator between decoder and connection: whole requests through, oversized ones as a 413 in their place. */
class BodyAggregatorTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RequestDecoder(new HttpDecoderConfig(), true), new HttpResponseEncoder(),
                new BodyAggregator(16));
    }

    private static void send(EmbeddedChannel channel, String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    @Test
    void passesWholeRequestsWithTheirBodies() {
        EmbeddedChannel channel = channel();
        send(channel, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
        FullHttpRequest request = assertInstanceOf(FullHttpRequest.class, channel.readInbound());
        assertEquals("hello", request.content().toString(StandardCharsets.ISO_8859_1));
        request.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void passesBodilessRequestsWholeAndNothingAfterThem() {
        EmbeddedChannel channel = channel();
        send(channel, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "DELETE /b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "HEAD /c HTTP/1.0\r\nHost: x\r\n\r\n"
                + "OPTIONS /d HTTP/1.1\r\nHost: x\r\nContent-Length: 00\r\n\r\n"
                + "POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        for (String uri : new String[] {"/a", "/b", "/c", "/d"}) {
            FullHttpRequest request = assertInstanceOf(FullHttpRequest.class, channel.readInbound());
            assertEquals(uri, request.uri());
            assertEquals("x", request.headers().get("Host"));
            assertEquals(0, request.content().readableBytes());
            assertFalse(request.content() instanceof CompositeByteBuf, "no buffer allocated to aggregate nothing");
        }
        FullHttpRequest chunked = assertInstanceOf(FullHttpRequest.class, channel.readInbound(),
                "the decoder's empty ends of the bodiless requests are not taken for messages of their own");
        assertEquals("/e", chunked.uri());
        assertEquals("ok", chunked.content().toString(StandardCharsets.ISO_8859_1),
                "and the chunked body's end, the same empty object, still ends its body");
        chunked.release();
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aggregatesTheEightByteBodyOfAnOldWebSocketHandshake() {
        EmbeddedChannel channel = channel();
        send(channel, "GET /ws HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key1: 1\r\nSec-WebSocket-Key2: 2\r\n\r\n"
                + "12345678");
        FullHttpRequest request = assertInstanceOf(FullHttpRequest.class, channel.readInbound());
        assertEquals("12345678", request.content().toString(StandardCharsets.ISO_8859_1));
        request.release();
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void turnsAnOversizedBodyIntoA413RejectionThatNamesTheRequest() {
        EmbeddedChannel channel = channel();
        send(channel, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + "z".repeat(100));
        Rejection rejection = assertInstanceOf(Rejection.class, channel.readInbound());
        assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, rejection.status());
        assertEquals("/upload", rejection.request().uri());
        assertNull(channel.readOutbound(), "nothing written out of turn");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnOversizedExpectingRequestInTurnWithout100Continue() {
        EmbeddedChannel channel = channel();
        send(channel, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n");
        Rejection rejection = assertInstanceOf(Rejection.class, channel.readInbound());
        assertEquals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, rejection.status());
        assertEquals("/upload", rejection.request().uri());
        assertNull(channel.readInbound());
        assertNull(channel.readOutbound(), "no interim or final response written out of turn");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnUnsupportedExpectationInTurn() {
        EmbeddedChannel channel = channel();
        send(channel, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: teapot\r\n\r\nok");
        Rejection rejection = assertInstanceOf(Rejection.class, channel.readInbound());
        assertEquals(HttpResponseStatus.EXPECTATION_FAILED, rejection.status());
        assertInstanceOf(FullHttpRequest.class, channel.readInbound(), "its body read, the decoder in step").release();
        assertNull(channel.readOutbound(), "no response written out of turn");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void refusesAnUnsupportedExpectationOnABodilessRequestToo() {
        EmbeddedChannel channel = channel();
        send(channel, "GET /page HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n");
        Rejection rejection = assertInstanceOf(Rejection.class, channel.readInbound());
        assertEquals(HttpResponseStatus.EXPECTATION_FAILED, rejection.status());
        assertInstanceOf(FullHttpRequest.class, channel.readInbound()).release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void owes100ContinueInTheRequestStreamForAnAcceptableBody() {
        EmbeddedChannel channel = channel();
        send(channel, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertEquals(Interim.CONTINUE, channel.readInbound(), "owed, for the connection to write in turn");
        assertNull(channel.readOutbound(), "nothing written by the aggregator");
        send(channel, "ok");
        FullHttpRequest request = assertInstanceOf(FullHttpRequest.class, channel.readInbound());
        assertEquals("ok", request.content().toString(StandardCharsets.ISO_8859_1));
        request.release();
        assertFalse(channel.finishAndReleaseAll());
    }
}
