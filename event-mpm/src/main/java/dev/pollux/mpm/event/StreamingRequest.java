package dev.pollux.mpm.event;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request whose body follows it: the head, decoded, travels the way every request does (admission, the
 * connection's line, a {@link Job}) while its body arrives into a {@link RequestBodyStream}. Released like any
 * request: that discards the body, whatever of it is still to come.
 */
final class StreamingRequest extends DefaultFullHttpRequest {

    private final RequestBodyStream body;

    StreamingRequest(HttpRequest head, RequestBodyStream body) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers(),
                EmptyHttpHeaders.INSTANCE, false);
        this.body = body;
    }

    RequestBodyStream body() {
        return body;
    }

    @Override
    public boolean release() {
        body.discard();
        return super.release();
    }

    @Override
    public boolean release(int decrement) {
        body.discard();
        return super.release(decrement);
    }
}
