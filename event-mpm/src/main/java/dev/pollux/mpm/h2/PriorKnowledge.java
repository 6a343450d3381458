package dev.pollux.mpm.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * First in the pipeline of a cleartext connection where {@code h2c} is listed: looks at the client's first bytes
 * and leaves at once, handing them on untouched. Bytes that open with HTTP/2's connection preface ({@code PRI *
 * HTTP/2.0...}, RFC 9113 §3.3) fire {@link #PREFACE} first, for the connection to put HTTP/2's handlers in place
 * of HTTP/1's; any other byte means HTTP/1. Costs an HTTP/1 connection one comparison of its first bytes.
 */
public final class PriorKnowledge extends ByteToMessageDecoder {

    /** The user event: the client opened with the HTTP/2 preface. */
    public static final Object PREFACE = new Object() {
        @Override
        public String toString() {
            return "HTTP/2 preface";
        }
    };

    private static final ByteBuf PREFACE_BYTES = Http2CodecUtil.connectionPrefaceBuf();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE_BYTES.readableBytes());
        if (!ByteBufUtil.equals(in, in.readerIndex(), PREFACE_BYTES, PREFACE_BYTES.readerIndex(), length)) {
            ctx.pipeline().remove(this);
        } else if (length == PREFACE_BYTES.readableBytes()) {
            ctx.fireUserEventTriggered(PREFACE);
            ctx.pipeline().remove(this);
        }
    }
}
