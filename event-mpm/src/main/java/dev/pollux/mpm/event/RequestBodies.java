package dev.pollux.mpm.event;

import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestBodyException;
import dev.pollux.mpm.http1.Rejection;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Between the decoder and the connection (HTTP/1) or stream (HTTP/2): turns each decoded head into a request that
 * goes on at once, its body following into a {@link RequestBodyStream} that the handler reads while it arrives.
 * A request without a body, most of them, goes on as a whole request with nothing to stream. Writes nothing
 * itself: a body announced over {@code limit-request-body} becomes a 413 {@link Rejection} in the request stream,
 * an expectation other than {@code 100-continue} a 417, both answered by the connection in turn, their bodies
 * dropped here as they arrive.
 *
 * <p>Poller thread only.
 */
final class RequestBodies extends ChannelInboundHandlerAdapter {

    private final HttpSettings http;
    /** The body arriving now, or {@code null} between requests and while a refused body is dropped. */
    private RequestBodyStream receiving;
    /** A bodiless request just passed: the decoder's shared empty end that comes right after it is dropped. */
    private boolean endOfBodilessRequest;

    /** Bodies bounded by {@code http}'s limit, buffer and body timeout. */
    RequestBodies(HttpSettings http) {
        this.http = http;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean bodilessEnd = endOfBodilessRequest;
        endOfBodilessRequest = false;
        if (msg instanceof FullHttpRequest) {
            // HTTP/2 headers that end their stream, or a head the decoder failed on: nothing follows.
            ctx.fireChannelRead(msg);
        } else if (msg instanceof HttpRequest head) {
            head(ctx, head);
        } else if (msg instanceof HttpContent content) {
            if (!(bodilessEnd && msg == LastHttpContent.EMPTY_LAST_CONTENT)) {
                content(ctx, content);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void head(ChannelHandlerContext ctx, HttpRequest head) {
        HttpHeaders headers = head.headers();
        if (!head.decoderResult().isSuccess() || bodiless(head)) {
            // A failed head keeps its failure, for admission to answer; the decoder reads nothing after it.
            FullHttpRequest whole = new DefaultFullHttpRequest(head.protocolVersion(), head.method(), head.uri(),
                    Unpooled.EMPTY_BUFFER, headers, EmptyHttpHeaders.INSTANCE, false);
            whole.setDecoderResult(head.decoderResult());
            ctx.fireChannelRead(whole);
            endOfBodilessRequest = head.decoderResult().isSuccess();
            return;
        }
        if (unsupportedExpectation(head)) {
            ctx.fireChannelRead(new Rejection(HttpResponseStatus.EXPECTATION_FAILED, "unsupported expectation")
                    .of(head));
            return;
        }
        if (HttpUtil.getContentLength(head, 0L) > http.limitRequestBody()) {
            ctx.fireChannelRead(new Rejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body exceeds limit-request-body").of(head));
            return;
        }
        boolean expectsContinue = head.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && headers.contains(HttpHeaderNames.EXPECT);
        receiving = new RequestBodyStream(ctx.channel(), http, expectsContinue);
        ctx.fireChannelRead(new StreamingRequest(head, receiving));
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        if (receiving == null) {
            // The body of a refused request, or the rest of one that failed.
            ReferenceCountUtil.release(content);
            return;
        }
        if (!content.decoderResult().isSuccess()) {
            content.release();
            receiving.fail(new RequestBodyException(HttpResponseStatus.BAD_REQUEST, "malformed request body"));
            receiving = null;
            return;
        }
        boolean last = content instanceof LastHttpContent;
        boolean full = receiving.offer(content.content(), last);
        if (last) {
            receiving = null;
        } else if (full) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * A request that announces no body ({@link Request#announcesBody}) and expects nothing; one that expects
     * something is not, whatever its length: the expectation is answered.
     */
    private static boolean bodiless(HttpRequest request) {
        return !request.headers().contains(HttpHeaderNames.EXPECT) && !Request.announcesBody(request);
    }

    /** RFC 9110 §10.1.1: an HTTP/1.1 {@code Expect} other than {@code 100-continue}, which is all there is. */
    private static boolean unsupportedExpectation(HttpRequest request) {
        String expect = request.headers().get(HttpHeaderNames.EXPECT);
        return expect != null && request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect);
    }

    /** The client ended its side part way through a body: the handler reading it learns so. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            cutShort();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cutShort();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cutShort();
    }

    private void cutShort() {
        if (receiving != null) {
            receiving.fail(new RequestBodyException(HttpResponseStatus.BAD_REQUEST,
                    "the client closed before the request body was complete"));
            receiving = null;
        }
    }
}
