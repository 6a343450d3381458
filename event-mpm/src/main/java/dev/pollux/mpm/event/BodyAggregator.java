package dev.pollux.mpm.event;

import dev.pollux.mpm.http1.Rejection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's aggregator with {@code limit-request-body} as its bound. It writes nothing itself: an oversized request
 * becomes a 413 {@link Rejection} and an expectation's {@code 100 Continue} an {@link Interim}, both in the
 * request stream, answered by {@link Connection} in turn. Sits after the decoder, before {@link Connection}; poller
 * thread only.
 *
 * <p>A request whose head says it has no body, most of them, passes without aggregation: the base class would
 * allocate, track and release a composite buffer for each, on the poller, only to find it empty.
 */
final class BodyAggregator extends HttpObjectAggregator {

    /** A bodiless request just passed: the decoder's shared empty end that comes right after it is dropped. */
    private boolean endOfBodilessRequest;

    BodyAggregator(int limitRequestBody) {
        super(limitRequestBody, true);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        return msg == LastHttpContent.EMPTY_LAST_CONTENT && endOfBodilessRequest || super.acceptInboundMessage(msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
        if (endOfBodilessRequest) {
            endOfBodilessRequest = false;
            if (msg == LastHttpContent.EMPTY_LAST_CONTENT) {
                return;
            }
        }
        if (msg instanceof HttpRequest request && bodiless(request)) {
            // The decoder has validated the request line already.
            out.add(new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE, false));
            endOfBodilessRequest = true;
            return;
        }
        super.decode(ctx, msg, out);
    }

    /**
     * RFC 9112 §6.3: a request without {@code Transfer-Encoding} and with no length, or a zero one, has no body.
     * The length is Netty's, as its decoder reads it (a normalized {@code Content-Length}, or the eight bytes of an
     * old WebSocket handshake). One decoded with an error, or expecting something, still goes the base class's way.
     */
    private static boolean bodiless(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (!request.decoderResult().isSuccess() || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                || headers.contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        try {
            return HttpUtil.getContentLength(request, 0L) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Nothing is written here, out of turn; what the expectation of a well-formed head asks for goes into the
     * request stream instead, for the connection to answer in order. An acceptable body's {@code 100 Continue} as
     * {@link Interim#CONTINUE}; a refused expectation as a {@link Rejection}, logged and followed by a close: an
     * unsupported one here (417), a body announced over the limit through {@link #handleOversizedMessage} (413),
     * which the base class calls when this returns nothing.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        if (!start.decoderResult().isSuccess()) {
            // A head the decoder gave up on expects nothing: its failure is answered (400), whatever it asked.
            return null;
        }
        if (unsupportedExpectation(start) && start instanceof HttpRequest request) {
            // The body is still read (and dropped with the connection), so the decoder stays in step.
            ctx().fireChannelRead(new Rejection(HttpResponseStatus.EXPECTATION_FAILED, "unsupported expectation")
                    .of(request));
            return null;
        }
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse interim && interim.status().code() == 100) {
            ctx().fireChannelRead(Interim.CONTINUE);
        }
        ReferenceCountUtil.release(response);
        return null;
    }

    /** RFC 9110 §10.1.1: an HTTP/1.1 {@code Expect} other than {@code 100-continue}, which is all there is. */
    private static boolean unsupportedExpectation(HttpMessage message) {
        String expect = message.headers().get(HttpHeaderNames.EXPECT);
        return expect != null && message.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Rejection tooLarge = new Rejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body exceeds limit-request-body");
        ctx.fireChannelRead(oversized instanceof HttpRequest request ? tooLarge.of(request) : tooLarge);
    }
}
