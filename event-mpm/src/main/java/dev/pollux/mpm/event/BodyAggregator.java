package dev.pollux.mpm.event;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator with {@code limit-request-body} as its bound; an oversized request becomes a 413
 * {@link Rejection} in the request stream instead of a response written out of turn. Sits after the codec,
 * before {@link Connection}; poller thread only.
 */
final class BodyAggregator extends HttpObjectAggregator {

    BodyAggregator(int limitRequestBody) {
        super(limitRequestBody, true);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Rejection tooLarge = new Rejection(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body exceeds limit-request-body");
        ctx.fireChannelRead(oversized instanceof HttpRequest request ? tooLarge.of(request) : tooLarge);
    }
}
