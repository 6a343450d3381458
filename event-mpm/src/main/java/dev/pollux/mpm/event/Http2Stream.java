package dev.pollux.mpm.event;

import dev.pollux.mpm.http1.Rejection;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream: the last handler of the stream's pipeline, after the codec that turns its frames into an
 * HTTP request and {@link RequestBodies}, which streams its body to the handler. It checks the request by the
 * same rules as HTTP/1's (a refused one is answered on the stream, the connection staying open), hands it to a
 * worker as a {@link Job} of its own, and writes the worker's response; the stream then ends, and with it this
 * handler. A stream the client resets
 * before its response is written gets none: the worker's answer is discarded and logged.
 *
 * <p>Poller thread (streams run on their connection's event loop), except the {@link Origin} methods a worker
 * calls.
 */
final class Http2Stream extends ChannelInboundHandlerAdapter implements Origin, ChannelProgressiveFutureListener {

    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");
    /** What the access log and the status page's Request column call the protocol, as httpd does. */
    private static final HttpVersion HTTP_2 = new HttpVersion("HTTP", 2, 0, true);

    private final Http2Connection connection;
    private ChannelHandlerContext ctx;
    /** The generation the request was taken up under, for its access-log line. */
    private Generation generation;

    Http2Stream(Http2Connection connection) {
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.streamOpened();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.streamClosed();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.progressed();
        generation = connection.generation();
        if (msg instanceof FullHttpRequest request) {
            take(generation.admit(request));
        } else if (msg instanceof Rejection rejection) {
            refuse(rejection);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void take(Object admitted) {
        if (admitted instanceof Rejection rejection) {
            refuse(rejection);
            return;
        }
        FullHttpRequest request = (FullHttpRequest) admitted;
        request.setProtocolVersion(HTTP_2);
        connection.dispatch(this, request);
    }

    /** Whether the stream is still open: not reset by the client, nor closed with its connection. */
    boolean open() {
        return ctx.channel().isActive();
    }

    /** Every worker is busy and the dispatch queue full: 503 on this stream, the request released. */
    void unavailable(FullHttpRequest request) {
        request.release();
        connection.poller().counters().requestRefused();
        io.debug("{}: 503 on a stream, every worker busy and the dispatch queue full", remoteAddress());
        write(generation.errorResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, request));
    }

    /** Answers a refused request on its stream; one that cannot be answered resets the stream. */
    private void refuse(Rejection rejection) {
        connection.poller().counters().requestRefused();
        io.debug("{}: {} on a stream ({})", remoteAddress(), rejection.status(), rejection.reason());
        if (rejection.answered()) {
            write(generation.errorResponse(rejection));
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        io.debug("{}: resetting a stream after {}", remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Worker thread: the response goes to the poller; a stream's job has one request, so none is left. */
    @Override
    public void respond(List<PreparedResponse> responses, List<FullHttpRequest> unanswered) {
        PreparedResponse response = responses.get(0);
        ctx.executor().execute(() -> {
            if (!response.streamed()) {
                connection.jobReturned();
            }
            write(response);
        });
    }

    /** Worker thread: the streamed body is written; only now does the stream's place in the workers come free. */
    @Override
    public void bodyWritten() {
        ctx.executor().execute(connection::jobReturned);
    }

    /** A stream's later answer: its connection stays busy (HANDLER) while the stream waits; nothing to count. */
    @Override
    public void suspended() {
    }

    /** Worker thread: the job failed without a response (a bug, logged by the worker); the stream is reset. */
    @Override
    public void jobFailed() {
        ctx.executor().execute(() -> {
            connection.jobReturned();
            ctx.close();
        });
    }

    private void write(PreparedResponse response) {
        if (!open()) {
            io.debug("{}: stream reset before its response was written", remoteAddress());
            generation.logAccess(this, response);
            response.discard();
            return;
        }
        ChannelProgressivePromise progress = ctx.newProgressivePromise();
        progress.addListener(this);
        ChannelFuture last = response.writeTo(ctx, progress);
        ctx.flush();
        last.addListener(f -> {
            generation.logAccess(this, response);
            if (!f.isSuccess()) {
                io.debug("{}: writing a stream's response failed ({})", remoteAddress(), f.cause().toString());
                ctx.close();
            } else if (response.after() != PreparedResponse.After.KEEP_ALIVE) {
                // A request body not all in when the response was made (RFC 9113 §8.1: reset, so that the client
                // stops sending it); a stream both sides have ended is closed already, and this does nothing.
                ctx.close();
            }
        });
    }

    @Override
    public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
        connection.progressed();
    }

    @Override
    public void operationComplete(ChannelProgressiveFuture future) {
        // Completion is handled on the response's last write.
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.addresses().remote();
    }

    @Override
    public InetSocketAddress localAddress() {
        return connection.addresses().local();
    }

    @Override
    public String clientIp() {
        return connection.addresses().clientIp();
    }

    @Override
    public String remoteHost() {
        return connection.addresses().remoteHost();
    }

    @Override
    public boolean secure() {
        return connection.addresses().secure();
    }

    @Override
    public String protocol() {
        return "h2";
    }

    @Override
    public boolean zeroCopy() {
        return false;
    }
}
