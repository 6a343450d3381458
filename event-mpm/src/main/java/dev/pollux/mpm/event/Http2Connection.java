package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.ConnectionState;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection's life on its poller: the last handler of the connection's pipeline, after Netty's frame
 * codec (flow control, SETTINGS, PING, GOAWAY) and stream multiplexer. Its streams ({@link Http2Stream}) go to
 * workers side by side, up to {@code h2.max-streams-in-workers} at once, the others waiting here in order; the
 * connection keeps the time. A state machine
 * over {@link ConnectionState}:
 *
 * <pre>
 *  KEEPALIVE --a stream opens--&gt; HANDLER --the last stream closes--&gt; KEEPALIVE
 *      \--keep-alive timeout, graceful stop, or the client's end of input--&gt; GOAWAY, close
 *  HANDLER --timeout with neither a frame read nor a byte written--&gt; close
 * </pre>
 *
 * <p>While no stream is open it waits in the keep-alive queue and costs no thread; with streams open it waits in
 * the writing queue, where {@code timeout} (httpd's Timeout) bounds the time without progress on any of them, a
 * stalled reader of a response or a stalled sender of a request alike. Graceful stop sends GOAWAY and lets the
 * open streams finish; a graceful restart's generation is taken up while no stream is open or in a worker.
 *
 * <p>Poller thread only; its streams run on the same event loop.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter implements PolledConnection {

    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");

    final TimeoutQueue.Node node = new TimeoutQueue.Node(this);
    private final Poller poller;
    private Poller.Queues queues;
    private ChannelHandlerContext ctx;
    private PeerAddresses addresses;
    private ConnectionState state;
    private int openStreams;
    /** Streams whose request is queued for or held by a worker; the generation is let go after the last returns. */
    private int jobsOutstanding;
    /** Streams' requests waiting for one of this connection's places in the workers, in arrival order. */
    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private long lastProgressNanos;
    private boolean closed;
    private boolean inputShutdown;

    /**
     * @param queues the queues of the generation the connection holds, bound to it already
     * @param state  the state the connection is counted in on the poller
     */
    Http2Connection(Poller poller, Poller.Queues queues, ConnectionState state) {
        this.poller = poller;
        this.queues = queues;
        this.state = state;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        addresses = new PeerAddresses(ctx.channel(), queues.generation.clientNames());
    }

    /** In place of the HTTP/1 connection it took over from: HTTP/2's handlers go in, and it waits for streams. */
    void started() {
        PipelineInitializer.http2(ctx.pipeline(), queues.generation);
        awaitStreams();
    }

    /**
     * In place of the HTTP/1 connection it took over from after {@code Upgrade: h2c}, whose request becomes stream
     * 1: Netty's upgrade codec puts HTTP/2's handlers in.
     */
    void upgraded() {
        awaitStreams();
    }

    @Override
    public TimeoutQueue.Node node() {
        return node;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        node.unlink();
        poller.closed(this, state);
        Job job;
        while ((job = waiting.poll()) != null) {
            job.requests().forEach(FullHttpRequest::release);
        }
        if (jobsOutstanding == 0) {
            poller.unbind(queues);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2GoAwayFrame goAway) {
            io.debug("{}: client sent GOAWAY {}", ctx.channel().remoteAddress(), goAway.errorCode());
        }
        // Connection-level frames the codec has acted on already (SETTINGS, PING, GOAWAY): nothing more to do.
        ReferenceCountUtil.release(msg);
    }

    /** The client shut down its side: its open streams are still answered, and then the connection closes. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (openStreams == 0) {
                ctx.close();
            }
        }
        ReferenceCountUtil.release(event);
    }

    /**
     * An HTTP/2 protocol error (a flood bound included) the codec has answered already, with RST_STREAM or with
     * GOAWAY and a close once it is written; anything else closes at once.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        io.debug("{}: HTTP/2 connection: {}", ctx.channel().remoteAddress(), cause.toString());
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            closeNow();
        }
    }

    /** The generation new streams are served under. */
    Generation generation() {
        return queues.generation;
    }

    Poller poller() {
        return poller;
    }

    PeerAddresses addresses() {
        return addresses;
    }

    /** A stream opened: the connection is busy until its last stream closes. */
    void streamOpened() {
        if (openStreams++ == 0) {
            moveTo(ConnectionState.HANDLER);
            progressed();
            queues.writing.add(node, lastProgressNanos);
        }
    }

    /** A stream closed: answered, reset by either side, or closed with the connection. */
    void streamClosed() {
        if (--openStreams == 0 && !closed) {
            awaitStreams();
        }
    }

    /** A frame of a stream was read, or bytes of a response written. */
    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /**
     * Hands a stream's request to a worker, or, with {@code h2.max-streams-in-workers} of this connection's there
     * already, keeps it until one returns: a client using all its streams waits its turn on the poller instead
     * of filling the dispatch queue that every connection shares.
     */
    void dispatch(Http2Stream stream, FullHttpRequest request) {
        // Each stream is the first request of its own: max-keep-alive-requests is HTTP/1's, not HTTP/2's.
        Job job = new Job(stream, queues.generation.processor(), List.of(request), 1,
                System.nanoTime(), System.currentTimeMillis());
        if (jobsOutstanding < queues.generation.settings().h2().maxStreamsInWorkers()) {
            submit(job);
        } else {
            waiting.add(job);
        }
    }

    private void submit(Job job) {
        if (poller.workers().dispatch(this, job)) {
            jobsOutstanding++;
            poller.jobQueued();
        } else {
            ((Http2Stream) job.origin()).unavailable(job.requests().get(0));
        }
    }

    /** A worker handed back a stream's response or failure. Poller thread. */
    void jobReturned() {
        jobsOutstanding--;
        if (closed) {
            if (jobsOutstanding == 0) {
                poller.unbind(queues);
            }
            return;
        }
        Job next;
        while ((next = waiting.poll()) != null) {
            if (((Http2Stream) next.origin()).open()) {
                submit(next);
                return;
            }
            // Reset by the client while it waited: no worker needs to see it.
            next.requests().forEach(FullHttpRequest::release);
        }
    }

    private void awaitStreams() {
        if (inputShutdown || queues.generation.serverStopping()) {
            ctx.close();
            return;
        }
        moveTo(ConnectionState.KEEPALIVE);
        adoptCurrentGeneration();
        queues.keepAlive.add(node, System.nanoTime());
    }

    /** Takes up the generation in force, unless it holds it already or a worker holds one of its streams. */
    private boolean adoptCurrentGeneration() {
        Poller.Queues latest = poller.current();
        if (latest == queues || jobsOutstanding > 0) {
            return false;
        }
        poller.bind(latest);
        poller.unbind(queues);
        queues = latest;
        return true;
    }

    @Override
    public void adoptIfWaiting() {
        if (state == ConnectionState.KEEPALIVE && adoptCurrentGeneration()) {
            queues.keepAlive.add(node, node.sinceNanos());
        }
    }

    /** Only while HTTP/1 still held the connection: the TLS handshake or the preface did not finish in time. */
    @Override
    public void readTimedOut() {
        closeNow();
    }

    /** No stream for the keep-alive timeout: GOAWAY, and the codec closes the connection. */
    @Override
    public void keepAliveExpired() {
        ctx.close();
    }

    @Override
    public void writeTimedOut(long nowNanos) {
        if (nowNanos - lastProgressNanos < queues.writeTimeoutNanos) {
            queues.writing.add(node, nowNanos);
        } else {
            io.debug("{}: HTTP/2 streams stalled past the timeout; closing", ctx.channel().remoteAddress());
            closeNow();
        }
    }

    /** An HTTP/2 connection never lingers: GOAWAY tells the client what was processed. */
    @Override
    public void lingerExpired() {
        closeNow();
    }

    /** GOAWAY now; open streams finish, within the graceful-shutdown timeout the codec was built with. */
    @Override
    public void closeIfIdle() {
        ctx.close();
    }

    /** Closes the socket under the codec, skipping its wait for open streams. */
    @Override
    public void closeNow() {
        ctx.pipeline().firstContext().close();
    }

    private void moveTo(ConnectionState next) {
        poller.counters().moved(state, next);
        state = next;
    }
}
