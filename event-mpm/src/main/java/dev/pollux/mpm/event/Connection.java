package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.mpm.h2.PriorKnowledge;
import dev.pollux.mpm.http1.Rejection;
import dev.pollux.mpm.http1.RequestDecoder;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's life on its poller: the last handler of the pipeline, after the HTTP decoder and
 * {@link RequestBodies}. A state machine over {@link ConnectionState}:
 *
 * <pre>
 *  READING --head--&gt; HANDLER --response--&gt; WRITING --done--&gt; KEEPALIVE --bytes--&gt; READING
 *                       \--later--&gt; SUSPENDED --^     \--close--&gt; CLOSING (lingering) --EOF/deadline--&gt; closed
 * </pre>
 *
 * <p>SUSPENDED: the handler answers {@code later}, its worker released; the connection waits with no thread and no
 * timeout of its own (graceful stop's grace period bounds it), until the answer comes from any thread.
 *
 * <p>A request goes to a worker as soon as its head is decoded; its body, if it has one, follows into the
 * handler's {@link RequestBodyStream} while the connection is in HANDLER. Pipelined requests wait here, decoded
 * and in order, and go to a worker together as one {@link Job}, which answers them one at a time; responses never
 * reorder. A request with a body is the last of its job, so that the {@code 100 Continue} its handler asks for
 * follows the responses before it. Refused requests ({@link Rejection}) wait in the same line and are answered on
 * the poller in their turn.
 * Each waiting state sits in its poller's {@link TimeoutQueue} for that state's timeout.
 *
 * <p>A connection holds one {@link Generation} at a time, whose settings, handlers and access log serve its
 * requests: the one in force when it was accepted, and after a graceful restart the new one, taken up between
 * requests ({@link #adoptIfWaiting}, {@link #awaitRequest}). Requests already read finish under the generation
 * they arrived in; the connection lets go of it once it closes and no worker holds one of its requests.
 *
 * <p>On a TLS listener the handshake comes first, in READING under the header-read timeout; when ALPN picks
 * {@code h2}, or a cleartext client opens with HTTP/2's preface ({@code h2c} by prior knowledge), the connection
 * hands over to an {@link Http2Connection} before any HTTP/1 is read; so it does after answering
 * {@code Upgrade: h2c} with 101.
 *
 * <p>Poller thread only, except the {@link Origin} methods, which a worker calls to read the addresses and hand
 * back responses or a failure.
 *
 * <p>Longer than the 400 lines the house style asks a reason for: it is one state machine whose transitions all
 * read and write the same few fields (the state, the waiting requests, the timeout node); split up, those would
 * become state shared between classes.
 */
final class Connection extends ChannelInboundHandlerAdapter
        implements PolledConnection, Origin, ChannelProgressiveFutureListener {

    /** Per-connection I/O noise (resets, timeouts, bad requests) goes here, at DEBUG, never to the main log. */
    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");

    /** Decoded requests a connection may have waiting before the poller stops reading from it. */
    private static final int PIPELINE_DEPTH = 16;
    /**
     * Decoded requests a connection may have waiting at all. The decoder decodes everything already read even
     * while reading is off, so one read of tiny pipelined requests can queue thousands; beyond this the client is
     * not pipelining but flooding, and is closed.
     */
    private static final int MAX_PIPELINED = 1024;

    final TimeoutQueue.Node node = new TimeoutQueue.Node(this);
    private final Poller poller;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(2);
    private Poller.Queues queues;
    private ChannelHandlerContext ctx;
    private ConnectionState state = ConnectionState.READING;
    private boolean partialHead;
    private boolean inputShutdown;
    private boolean closed;
    /**
     * Jobs of this connection a worker holds: at most one, and for a moment two, when the worker still ends a
     * streamed body the poller has sent already and the next request went to another worker. The generation is
     * let go only after the last returns.
     */
    private int jobsOutstanding;
    private int served;
    private long lastProgressNanos;
    private PeerAddresses addresses;
    /** The TLS layer below the HTTP codec, or {@code null} on a cleartext connection. */
    private final SslHandler tls;

    /**
     * @param queues the poller's queues of the generation the pipeline was built for
     * @param tls    the connection's TLS handler, first in its pipeline; {@code null} for cleartext
     */
    Connection(Poller poller, Poller.Queues queues, SslHandler tls) {
        this.poller = poller;
        this.queues = queues;
        this.tls = tls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        addresses = new PeerAddresses(ctx.channel(), queues.generation.clientNames());
    }

    @Override
    public TimeoutQueue.Node node() {
        return node;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        poller.opened(this);
        poller.bind(queues);
        queues.reading.add(node, System.nanoTime());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        node.unlink();
        poller.closed(this, state);
        releasePending();
        if (jobsOutstanding == 0) {
            poller.unbind(queues);
        }
    }

    private void releasePending() {
        Object item;
        while ((item = pending.poll()) != null) {
            ReferenceCountUtil.release(item);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (state) {
            case READING, KEEPALIVE -> readWhileWaiting(msg);
            case HANDLER, SUSPENDED, WRITING -> readWhileBusy(msg);
            // Lingering: the input is only drained; nothing read now is a request.
            case CLOSING -> ReferenceCountUtil.release(msg);
        }
    }

    /** No request in hand: take this one up. */
    private void readWhileWaiting(Object msg) {
        if (queue(msg)) {
            next();
        }
    }

    /** Pipelined behind the request in hand: it waits its turn, and at the depth limit the poller stops reading. */
    private void readWhileBusy(Object msg) {
        if (!queue(msg) || pending.size() < PIPELINE_DEPTH) {
            return;
        }
        if (pending.size() > MAX_PIPELINED) {
            io.debug("{}: more than {} pipelined requests waiting; closing", ctx.channel().remoteAddress(),
                    MAX_PIPELINED);
            // Whatever else the decoder holds is not decoded, queued and logged again before the close completes.
            releasePending();
            stopDecoding();
            ctx.close();
        } else {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Queues a decoded request or a refused one; anything else is released. */
    private boolean queue(Object msg) {
        if (msg instanceof FullHttpRequest request) {
            pending.add(queues.generation.admit(request));
        } else if (msg instanceof Rejection) {
            pending.add(msg);
        } else {
            ReferenceCountUtil.release(msg);
            return false;
        }
        partialHead = false;
        return true;
    }

    /** Bytes arrived that did not complete a request: the header-read timeout now applies. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        switch (state) {
            case KEEPALIVE -> awaitRestOfRequest();
            case READING -> partialHead = true;
            // Pipelined bytes wait for their turn; lingering input is drained.
            case HANDLER, SUSPENDED, WRITING, CLOSING -> { }
        }
    }

    /** Part of a request is in: the header-read timeout applies until the rest arrives. */
    private void awaitRestOfRequest() {
        if (state != ConnectionState.READING) {
            moveTo(ConnectionState.READING);
        }
        queues.reading.add(node, System.nanoTime());
        partialHead = true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            handshakeDone(handshake);
        } else if (event == PriorKnowledge.PREFACE) {
            startHttp2();
        } else if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            switch (state) {
                case READING, KEEPALIVE -> closeUnlessOwed();
                // The client shut down its side after its requests: they are still answered (half-closure). A
                // lingering connection has half-closure off: the transport closes it on the client's end itself.
                case HANDLER, SUSPENDED, WRITING, CLOSING -> { }
            }
        }
        ReferenceCountUtil.release(event);
    }

    /**
     * The TLS handshake ended (within the header-read timeout, which counts from the accept): counted on the
     * status page; on success the protocol ALPN chose is spoken from here on.
     */
    private void handshakeDone(SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
            poller.counters().handshakeFailed();
            io.debug("{}: TLS handshake failed ({})", ctx.channel().remoteAddress(), handshake.cause().toString());
            ctx.close();
            return;
        }
        poller.counters().handshakeDone();
        if (ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
            startHttp2();
        }
    }

    /**
     * The client speaks HTTP/2 (ALPN chose h2, or a cleartext client opened with the preface): nothing of HTTP/1
     * was read, so its handlers give way to HTTP/2's, and an {@link Http2Connection} takes over this one's place
     * on the poller, in the same state and with the same generation.
     */
    private void startHttp2() {
        handOverToHttp2().started();
    }

    /**
     * {@code Upgrade: h2c} was accepted and its 101 written (Netty's upgrade handler calls this as the source
     * codec): HTTP/1's handlers give way, and the upgrade codec puts HTTP/2's in; the upgrading request is stream
     * 1 of the new connection.
     */
    void upgradedToHttp2() {
        handOverToHttp2().upgraded();
    }

    private Http2Connection handOverToHttp2() {
        node.unlink();
        ChannelPipeline pipeline = ctx.pipeline();
        PipelineInitializer.removeHttp1(pipeline);
        Http2Connection http2 = new Http2Connection(poller, queues, state);
        poller.handOver(this, http2);
        pipeline.replace(this, PipelineInitializer.CONNECTION, http2);
        return http2;
    }

    /** The client will send nothing more: close, unless requests it already sent are still to be taken up. */
    private void closeUnlessOwed() {
        if (pending.isEmpty()) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        io.debug("{}: closing after {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Takes up the next waiting request, or waits for one. */
    private void next() {
        Object item = pending.poll();
        if (item == null) {
            awaitRequest();
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        if (item instanceof Rejection rejection) {
            refuse(rejection);
        } else {
            dispatch((FullHttpRequest) item);
        }
    }

    /**
     * Answers a refused request, or closes without an answer one that cannot read it; either way the connection
     * ends in a short lingering close, as httpd ends it after an error.
     */
    private void refuse(Rejection rejection) {
        poller.counters().requestRefused();
        if (rejection.answered()) {
            io.debug("{}: {} ({})", ctx.channel().remoteAddress(), rejection.status(), rejection.reason());
            write(List.of(queues.generation.errorResponse(rejection)));
        } else {
            io.debug("{}: closed unanswered ({})", ctx.channel().remoteAddress(), rejection.reason());
            lingeringClose(poller.shortLinger);
        }
    }

    /** Hands the request, and any decoded right behind it up to one with a body, to a worker as one job. */
    private void dispatch(FullHttpRequest request) {
        moveTo(ConnectionState.HANDLER);
        node.unlink();
        List<FullHttpRequest> batch = new ArrayList<>(1 + pending.size());
        batch.add(request);
        // A request with a body goes alone: its handler's first read sends its 100 Continue, which must follow the
        // responses before it, and those leave only with the job's.
        while (!(request instanceof StreamingRequest) && pending.peek() instanceof FullHttpRequest pipelined
                && !(pipelined instanceof StreamingRequest) && batch.size() < PIPELINE_DEPTH) {
            batch.add(pipelined);
            pending.poll();
        }
        Job job = new Job(this, queues.generation.processor(), batch, served + 1, System.nanoTime(),
                System.currentTimeMillis());
        served += batch.size();
        if (poller.workers().dispatch(this, job)) {
            jobsOutstanding++;
            poller.jobQueued();
        } else {
            batch.forEach(FullHttpRequest::release);
            poller.counters().requestRefused();
            io.debug("{}: 503, every worker busy and the dispatch queue full", ctx.channel().remoteAddress());
            write(List.of(queues.generation.errorResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, request)));
        }
    }

    private void awaitRequest() {
        if (inputShutdown) {
            ctx.close();
            return;
        }
        if (queues.generation.serverStopping()) {
            lingeringClose(poller.shortLinger);
            return;
        }
        moveTo(ConnectionState.KEEPALIVE);
        adoptCurrentGeneration();
        queues.keepAlive.add(node, System.nanoTime());
    }

    /**
     * A graceful restart: a connection waiting for a request with nothing of it read takes up the new generation
     * now, and waits under its timeouts, counted from when it began waiting (so that restarts do not keep idle
     * connections open); any other takes it up after its response. Poller thread.
     */
    @Override
    public void adoptIfWaiting() {
        boolean keepAlive = state == ConnectionState.KEEPALIVE;
        boolean fresh = state == ConnectionState.READING && !partialHead && pending.isEmpty();
        if ((keepAlive || fresh) && adoptCurrentGeneration()) {
            (keepAlive ? queues.keepAlive : queues.reading).add(node, node.sinceNanos());
        }
    }

    /**
     * Takes up the generation in force, unless the connection holds it already or its decoder holds part of a
     * request (pipelined bytes read with the last one), which then finishes under the old one.
     *
     * @return whether the connection moved to another generation
     */
    private boolean adoptCurrentGeneration() {
        Poller.Queues latest = poller.current();
        if (latest == queues || !((RequestDecoder) ctx.pipeline().get(PipelineInitializer.DECODER)).idle()) {
            return false;
        }
        PipelineInitializer.adopt(ctx.pipeline(), latest.generation, tls != null);
        poller.bind(latest);
        poller.unbind(queues);
        queues = latest;
        return true;
    }

    /**
     * Worker thread: hands a job's responses to this connection's poller, as one task; requests the job did not
     * take up (behind a streamed or later response) go back to the front of the line, to be dispatched in their
     * turn. A job whose last response is streamed returns only with {@link #bodyWritten}.
     */
    @Override
    public void respond(List<PreparedResponse> responses, List<FullHttpRequest> unanswered) {
        boolean bodyToCome = responses.get(responses.size() - 1).streamed();
        ctx.executor().execute(() -> {
            boolean closedMeanwhile = !bodyToCome && jobReturned();
            for (int i = unanswered.size() - 1; i >= 0; i--) {
                FullHttpRequest request = unanswered.get(i);
                if (closed) {
                    request.release();
                } else {
                    pending.addFirst(request);
                    served--;
                }
            }
            // Writing may take up the next pipelined request, and dispatch it as a job of its own.
            write(responses);
            if (closedMeanwhile) {
                poller.unbind(queues);
            }
        });
    }

    /** Worker thread: the streamed body of the job's last response is written (or cut off); the job returns. */
    @Override
    public void bodyWritten() {
        ctx.executor().execute(() -> {
            if (jobReturned()) {
                poller.unbind(queues);
            }
        });
    }

    /** Worker thread: the job's answer comes later; the connection waits, counted suspended, without a worker. */
    @Override
    public void suspended() {
        ctx.executor().execute(() -> {
            if (!closed) {
                moveTo(ConnectionState.SUSPENDED);
            }
        });
    }

    /** Worker thread: the job failed without responses (a bug, logged by the worker); the connection closes. */
    @Override
    public void jobFailed() {
        ctx.executor().execute(() -> {
            if (jobReturned()) {
                poller.unbind(queues);
            } else {
                ctx.close();
            }
        });
    }

    /**
     * The worker is done with this connection's job.
     *
     * @return whether the connection closed meanwhile and this was its last job: it kept its generation for the
     *         job, and lets go of it now
     */
    private boolean jobReturned() {
        jobsOutstanding--;
        return closed && jobsOutstanding == 0;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return addresses.remote();
    }

    @Override
    public InetSocketAddress localAddress() {
        return addresses.local();
    }

    @Override
    public String clientIp() {
        return addresses.clientIp();
    }

    @Override
    public String remoteHost() {
        return addresses.remoteHost();
    }

    @Override
    public boolean secure() {
        return tls != null;
    }

    @Override
    public String protocol() {
        return "http/1.1";
    }

    @Override
    public boolean zeroCopy() {
        return tls == null;
    }

    /** Writes responses in order with one flush, a gathering write; completion is seen on the last one. */
    private void write(List<PreparedResponse> responses) {
        if (closed) {
            io.debug("{}: client left before its responses were written", ctx.channel().remoteAddress());
            for (PreparedResponse response : responses) {
                queues.generation.logAccess(this, response);
                response.discard();
            }
            return;
        }
        moveTo(ConnectionState.WRITING);
        long now = System.nanoTime();
        lastProgressNanos = now;
        ChannelFuture last = null;
        for (PreparedResponse response : responses) {
            ChannelProgressivePromise progress = ctx.newProgressivePromise();
            progress.addListener(this);
            last = response.writeTo(ctx, progress);
        }
        ctx.flush();
        if (!last.isDone()) {
            queues.writing.add(node, now);
        }
        last.addListener(f -> written(responses, f.isSuccess()));
    }

    @Override
    public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
        lastProgressNanos = System.nanoTime();
    }

    @Override
    public void operationComplete(ChannelProgressiveFuture future) {
        // Completion is handled on the response's last write.
    }

    private void written(List<PreparedResponse> responses, boolean success) {
        node.unlink();
        for (PreparedResponse response : responses) {
            queues.generation.logAccess(this, response);
        }
        if (!success) {
            io.debug("{}: write failed; closing", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        switch (responses.get(responses.size() - 1).after()) {
            case KEEP_ALIVE -> keepAlive();
            case CLOSE -> lingeringClose(poller.linger);
            case CLOSE_SHORT -> lingeringClose(poller.shortLinger);
        }
    }

    /** The next pipelined request, or the wait for one; a stopping server closes instead, briefly lingering. */
    private void keepAlive() {
        if (queues.generation.serverStopping()) {
            lingeringClose(poller.shortLinger);
        } else {
            next();
        }
    }

    /**
     * Shuts down output and drains input until EOF or the queue's deadline, so that the client reads the whole
     * response instead of a reset (RFC 9112 §9.6). Never {@code SO_LINGER}: it would block the poller.
     */
    private void lingeringClose(TimeoutQueue queue) {
        moveTo(ConnectionState.CLOSING);
        releasePending();
        stopDecoding();
        if (inputShutdown) {
            ctx.close();
            return;
        }
        ctx.channel().config().setAutoRead(true);
        // The client's end of input now only ends the linger: the transport closes on it at once, without first
        // shutting down the input of a half-closed socket (a system call) and telling us.
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        queue.add(node, System.nanoTime());
        if (tls == null) {
            shutdownOutput();
        } else {
            // close_notify first, so that the client knows the response is whole rather than cut off.
            tls.closeOutbound().addListener(f -> shutdownOutput());
        }
    }

    /** Nothing read from now on is a request: the decoder goes (what it holds reaches us, and is released). */
    private void stopDecoding() {
        ctx.pipeline().remove(PipelineInitializer.BODIES);
        ctx.pipeline().remove(PipelineInitializer.DECODER);
    }

    /**
     * Sends the FIN. On a native transport this goes straight to the socket: Netty's {@code shutdownOutput} builds
     * an exception, stack trace and all, on every call, to fail pending writes, and nothing is pending here (any
     * response is already written). The socket itself records the shutdown, so the channel still reports it.
     */
    private void shutdownOutput() {
        if (ctx.channel() instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
            } catch (IOException | NotYetConnectedException e) {
                // ENOTCONN: the client reset the connection before the FIN could go.
                shutdownFailed(e);
            }
        } else {
            ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> {
                if (!f.isSuccess()) {
                    shutdownFailed(f.cause());
                }
            });
        }
    }

    private void shutdownFailed(Throwable cause) {
        io.debug("{}: shutdown failed ({}); closing", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** The header-read timeout passed: 408 to a client that sent part of a head, silence to one that sent none. */
    @Override
    public void readTimedOut() {
        if (partialHead) {
            poller.counters().requestRefused();
            io.debug("{}: 408, request head not complete in time", ctx.channel().remoteAddress());
            write(List.of(queues.generation.errorResponse(HttpResponseStatus.REQUEST_TIMEOUT, null)));
        } else {
            ctx.close();
        }
    }

    /** The keep-alive timeout passed: a short lingering close, as httpd does. */
    @Override
    public void keepAliveExpired() {
        lingeringClose(poller.shortLinger);
    }

    /**
     * The write timeout passed: requeue if the client read something meanwhile, else give up. Requeued from now,
     * to keep the queue in deadline order, so a write that stalls after progress is closed between one and two
     * timeouts after its last progress.
     */
    @Override
    public void writeTimedOut(long nowNanos) {
        if (nowNanos - lastProgressNanos < queues.writeTimeoutNanos) {
            queues.writing.add(node, nowNanos);
        } else {
            io.debug("{}: response stalled past the timeout; closing", ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    /** The lingering close's deadline passed. */
    @Override
    public void lingerExpired() {
        ctx.close();
    }

    /**
     * Graceful stop: a connection waiting for a request is closed now, with a short lingering close, so that a
     * request already on its way is discarded by the server rather than reset by the kernel, and the client sees
     * the end of a connection it may retry on; one owed a response, or part way through sending a request,
     * finishes first (the header-read timeout still bounds the latter).
     */
    @Override
    public void closeIfIdle() {
        switch (state) {
            case KEEPALIVE -> lingeringClose(poller.shortLinger);
            case READING -> closeUnlessPartway();
            case HANDLER, SUSPENDED, WRITING, CLOSING -> { }
        }
    }

    @Override
    public void closeNow() {
        ctx.close();
    }

    private void closeUnlessPartway() {
        if (!partialHead) {
            lingeringClose(poller.shortLinger);
        }
    }

    private void moveTo(ConnectionState next) {
        poller.counters().moved(state, next);
        state = next;
    }
}
