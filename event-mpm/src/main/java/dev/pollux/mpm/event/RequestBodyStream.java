package dev.pollux.mpm.event;

import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.http.RequestBodyException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One request's body on its way from the poller to the handler: the poller {@link #offer offers} what it reads,
 * the handler reads it as an {@link InputStream}. At most {@code request-body-buffer} bytes wait here; past that
 * the poller stops reading from the client (TCP, or HTTP/2's flow control, then holds the client back) until the
 * handler has read half of them. A client that expects {@code 100 Continue} is sent it when the handler first
 * reads, so a handler that never reads never asks for the body.
 *
 * <p>mod_reqtimeout's body rule bounds the reading: from the handler's first read, the body has
 * {@code request-read-timeout.body}, extended by a second for each {@code body-min-rate} bytes received; past it
 * the read fails with 408. Nothing here waits on the poller: its side only adds, under a lock held for a few
 * field updates.
 *
 * <p>Threading: {@link #offer}, {@link #fail} on the poller; the {@code InputStream} methods on the one worker
 * running the handler; {@link #discard} on whichever holds the request last (the worker when the handler returns,
 * or the poller for a request that never reached one).
 */
final class RequestBodyStream extends InputStream {

    private final Channel channel;
    /** The generation's bounds: limit-request-body, request-body-buffer, request-read-timeout.body. */
    private final HttpSettings limits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long buffered;
    private long received;
    private boolean ended;
    private boolean discarded;
    private boolean paused;
    private RequestBodyException failure;
    // The reading worker's own.
    private ByteBuf current;
    private boolean continueOwed;
    private long startNanos;
    private boolean started;

    /**
     * @param channel      the connection (HTTP/1) or stream (HTTP/2) the body arrives on
     * @param continueOwed whether the client waits for {@code 100 Continue} before it sends the body
     */
    RequestBodyStream(Channel channel, HttpSettings limits, boolean continueOwed) {
        this.channel = channel;
        this.limits = limits;
        this.continueOwed = continueOwed;
    }

    /**
     * Poller: a piece of the body arrived, now this stream's to release.
     *
     * @param last whether it ends the body
     * @return whether the poller is to stop reading until the handler catches up
     */
    boolean offer(ByteBuf content, boolean last) {
        lock.lock();
        try {
            if (last) {
                ended = true;
            }
            if (discarded || failure != null) {
                content.release();
                return false;
            }
            received += content.readableBytes();
            if (received > limits.limitRequestBody()) {
                content.release();
                releaseChunks();
                failure = new RequestBodyException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "request body exceeds limit-request-body");
            } else if (content.isReadable()) {
                chunks.add(content);
                buffered += content.readableBytes();
            } else {
                content.release();
            }
            arrived.signal();
            // Only the reader ends a pause, once it has read half: the poller may offer what its decoder still
            // held after reading stopped, and must not take a pause for over while reading is still off.
            if (!ended && failure == null && buffered >= limits.requestBodyBuffer()) {
                paused = true;
            }
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** Poller: the body cannot be complete (the client went away, or sent a malformed chunk). */
    void fail(RequestBodyException cause) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = cause;
                releaseChunks();
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the whole body has arrived (read or not), so that the connection can take the next request. */
    boolean complete() {
        lock.lock();
        try {
            return ended && failure == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The handler is done: what it did not read is released, and what still arrives is dropped on the poller as
     * it comes, the poller reading again if it had stopped.
     */
    void discard() {
        boolean resume;
        lock.lock();
        try {
            discarded = true;
            releaseChunks();
            resume = paused;
            paused = false;
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.release();
            current = null;
        }
        if (resume) {
            resumeReading();
        }
    }

    @Override
    public int read() throws IOException {
        return next() ? current.readByte() & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(length, current.readableBytes());
        current.readBytes(into, offset, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.readableBytes();
    }

    /**
     * Makes {@code current} readable, waiting for the poller as long as the body timeout allows.
     *
     * @return false at the end of the body
     */
    private boolean next() throws IOException {
        if (current != null && current.isReadable()) {
            return true;
        }
        if (current != null) {
            current.release();
            current = null;
        }
        boolean resume = false;
        lock.lock();
        try {
            while (true) {
                if (discarded) {
                    throw new IOException("the request body was discarded");
                }
                ByteBuf chunk = chunks.poll();
                if (chunk != null) {
                    current = chunk;
                    buffered -= chunk.readableBytes();
                    if (paused && buffered <= limits.requestBodyBuffer() / 2) {
                        paused = false;
                        resume = true;
                    }
                    return true;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return false;
                }
                awaitChunk();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } finally {
            lock.unlock();
            if (resume) {
                resumeReading();
            }
        }
    }

    /** Waits, under the lock, for the poller; the first wait asks for the body and starts the body timeout. */
    private void awaitChunk() throws InterruptedException, RequestBodyException {
        if (!started) {
            started = true;
            startNanos = System.nanoTime();
            continueNow();
        }
        long allowed = limits.bodyReadTimeout().toNanos()
                + (limits.bodyMinRate() > 0 ? TimeUnit.SECONDS.toNanos(received) / limits.bodyMinRate() : 0);
        long left = startNanos + allowed - System.nanoTime();
        if (left <= 0) {
            failure = new RequestBodyException(HttpResponseStatus.REQUEST_TIMEOUT,
                    "request body not received in time (request-read-timeout.body)");
            throw failure;
        }
        arrived.awaitNanos(left);
    }

    /**
     * The reading worker: sends the client its {@code 100 Continue} now, if it waits for one and has not had it. The
     * poller writes it in turn with what the worker hands it after this call.
     */
    void continueNow() {
        if (continueOwed) {
            continueOwed = false;
            channel.eventLoop().execute(() -> channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER)));
        }
    }

    /** Under the lock. */
    private void releaseChunks() {
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            chunk.release();
        }
        buffered = 0;
    }

    /** The handler has caught up: the poller reads from the client again. */
    private void resumeReading() {
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }
}
