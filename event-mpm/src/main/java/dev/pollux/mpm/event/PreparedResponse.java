package dev.pollux.mpm.event;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import java.nio.MappedByteBuffer;
import java.util.List;

/**
 * A response ready for the socket: status and final headers, the body in the form the poller sends (a buffer, a
 * mapped file, a zero-copy {@code DefaultFileRegion}, a chunked file reader, or a {@link ResponseBodyStream} a
 * worker is still writing), and what happens to the connection
 * afterwards. Built by a worker (or by the poller for its own error answers), written by the poller in the task
 * that hands over a job's responses: one wake-up, one gathering write.
 */
final class PreparedResponse {

    /** What follows the response on the connection. */
    enum After {
        /** Wait for the next request. */
        KEEP_ALIVE,
        /** Lingering close, capped at 30 s: the client may still be sending a request body. */
        CLOSE,
        /** Short lingering close, capped at 2 s: after errors and timeouts, as httpd does. */
        CLOSE_SHORT
    }

    /**
     * In-memory bodies up to this size go out in one message with their headers; larger ones as their own
     * message, so that the progress of their write reaches the promise (a combined message's parts report only
     * completion) and a slow but steady reader is not taken for a stalled one.
     */
    private static final int ONE_MESSAGE_LIMIT = 64 * 1024;

    private final HttpResponseStatus status;
    private final HttpHeaders headers;
    private final Object body;
    private final long bodyBytes;
    private final After after;
    private final Exchange exchange;

    /**
     * @param body      a {@code ByteBuf}, a {@code MappedByteBuffer} (unmapped once sent), a {@code FileRegion}, a
     *                  {@code ChunkedInput} (a {@link ResponseBodyStream} among them), a list of buffers and
     *                  regions (a multipart), or {@code null} for none
     * @param bodyBytes the body's length as sent ({@code Content-Length} may be larger for HEAD)
     * @param exchange  the request answered and when it arrived, for the access log
     */
    PreparedResponse(HttpResponseStatus status, HttpHeaders headers, Object body, long bodyBytes, After after,
                     Exchange exchange) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.bodyBytes = bodyBytes;
        this.after = after;
        this.exchange = exchange;
    }

    HttpResponseStatus status() {
        return status;
    }

    HttpHeaders headers() {
        return headers;
    }

    /** The body's bytes as sent: for a streamed body, as far as the poller has taken it. */
    long bodyBytes() {
        return body instanceof ResponseBodyStream stream ? stream.progress() : bodyBytes;
    }

    /** Whether the body is a stream a worker writes after the head went out. */
    boolean streamed() {
        return body instanceof ResponseBodyStream;
    }

    /** The body in the form the poller sends. */
    Object body() {
        return body;
    }

    After after() {
        return after;
    }

    Exchange exchange() {
        return exchange;
    }

    /**
     * Writes the whole response, unflushed; poller thread only. {@code progress} learns of every chunk the
     * socket takes, which is how a stalled write is told from a slow one.
     *
     * @return completes when the last byte is written or the write fails
     */
    ChannelFuture writeTo(ChannelHandlerContext ctx, ChannelProgressivePromise progress) {
        if (body instanceof MappedByteBuffer mapped) {
            ChannelFuture sent = write(ctx, Unpooled.wrappedBuffer(mapped), progress);
            // Netty has released its view of the mapping when the write completes, whether it succeeded or not.
            sent.addListener(f -> Unmapper.unmap(mapped));
            return sent;
        }
        return write(ctx, body, progress);
    }

    private ChannelFuture write(ChannelHandlerContext ctx, Object content, ChannelProgressivePromise progress) {
        if (content == null || content instanceof ByteBuf buffer && buffer.readableBytes() <= ONE_MESSAGE_LIMIT) {
            ByteBuf whole = content == null ? Unpooled.EMPTY_BUFFER : (ByteBuf) content;
            return ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, whole, headers,
                    EmptyHttpHeaders.INSTANCE), progress);
        }
        if (content instanceof ResponseBodyStream stream) {
            stream.attach(ctx);
            ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, headers));
            return ctx.write(new HttpChunkedInput(stream), progress);
        }
        ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, headers));
        if (content instanceof ByteBuf buffer) {
            return ctx.write(new DefaultLastHttpContent(buffer), progress);
        }
        if (content instanceof List<?> pieces) {
            // A multipart body on cleartext: its pieces in turn, the last write reporting completion.
            for (Object piece : pieces) {
                ctx.write(piece instanceof ByteBuf buffer ? new DefaultHttpContent(buffer) : piece);
            }
            return ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, progress);
        }
        if (content instanceof ChunkedInput<?>) {
            // An HttpChunkedInput: it ends with the last content itself.
            return ctx.write(content, progress);
        }
        ctx.write(content, progress);
        return ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** Releases the body of a response that will never be written (the client left first). */
    void discard() {
        if (body instanceof MappedByteBuffer mapped) {
            Unmapper.unmap(mapped);
        } else if (body instanceof ChunkedInput<?> chunks) {
            try {
                chunks.close();
            } catch (Exception e) {
                // Only a file handle to give back; nothing to tell anyone.
            }
        } else if (body instanceof List<?> pieces) {
            pieces.forEach(ReferenceCountUtil::release);
        } else {
            ReferenceCountUtil.release(body);
        }
    }
}
