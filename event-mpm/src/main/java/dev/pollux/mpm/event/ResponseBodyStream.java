package dev.pollux.mpm.event;

import dev.pollux.core.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A streamed response body on its way from the handler's worker to the socket: the worker writes into its
 * {@link #output()}, in chunks of up to 64 KiB, and Netty's {@link ChunkedWriteHandler} pulls the chunks on the
 * poller as the socket takes them ({@link ChunkedInput}). At most {@code response-body-buffer} bytes wait here; a
 * write past that blocks the worker until the client has read some, for at most {@code timeout}, so a response of
 * any size holds a bounded amount of memory and a client that stops reading costs a worker only until the
 * timeout.
 *
 * <p>When the writer fails, the next pull fails the write and the connection closes without the body's end (no
 * last chunk, or fewer bytes than its {@code Content-Length}): the client can tell the response is incomplete.
 *
 * <p>Threading: the {@link #output()} stream and {@link #finish}/{@link #abort} on the writing worker; the
 * {@code ChunkedInput} methods and {@link #attach} on the poller.
 */
final class ResponseBodyStream implements ChunkedInput<ByteBuf> {

    /** The largest chunk handed to the poller: one socket write's worth (measured: 16 KiB pieces cost a third). */
    private static final int MAX_CHUNK = 64 * 1024;

    /** The client went away, or read nothing for {@code timeout}: the writer's failure is not the writer's fault. */
    static final class ClientGone extends IOException {
        ClientGone(String reason) {
            super(reason);
        }
    }

    private final ByteBufAllocator allocator;
    private final int bufferLimit;
    private final int chunkSize;
    private final long timeoutNanos;
    private final long length;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long queued;
    private boolean finished;
    private IOException failure;
    private boolean closed;
    /** The poller found nothing to send and waits to be resumed. */
    private boolean starved;
    // The worker's own.
    private ByteBuf filling;
    private long written;
    // The poller's own; read by the access log on the poller.
    private long progress;
    private volatile ChunkedWriteHandler writer;
    private final Output output = new Output();

    /**
     * @param length the body's announced length, or {@link Response#UNKNOWN_LENGTH}: the writer must write exactly
     *               that many bytes, or the response is cut off
     */
    ResponseBodyStream(ByteBufAllocator allocator, int bufferLimit, long timeoutNanos, long length) {
        this.allocator = allocator;
        this.bufferLimit = bufferLimit;
        this.chunkSize = Math.min(MAX_CHUNK, bufferLimit);
        this.timeoutNanos = timeoutNanos;
        this.length = length;
    }

    /** Poller, before the first pull: the chunked writer of the pipeline the body goes through. */
    void attach(ChannelHandlerContext ctx) {
        writer = PipelineInitializer.chunkedWriter(ctx.pipeline());
    }

    /** What the {@link dev.pollux.core.http.Response.BodyWriter} writes to. */
    OutputStream output() {
        return output;
    }

    /** Hands what is written so far to the poller, waiting while the client is too far behind. */
    private void handOver() throws IOException {
        if (filling == null || !filling.isReadable()) {
            return;
        }
        ByteBuf chunk = filling;
        filling = null;
        boolean resume;
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (queued >= bufferLimit && !closed && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    chunk.release();
                    throw new ClientGone("the client read nothing for the timeout");
                }
                room.awaitNanos(left);
            }
            if (closed || failure != null) {
                chunk.release();
                throw new ClientGone("the connection closed before the response was complete");
            }
            chunks.add(chunk);
            queued += chunk.readableBytes();
            resume = starved;
            starved = false;
        } catch (InterruptedException e) {
            chunk.release();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the response", e);
        } finally {
            lock.unlock();
        }
        if (resume) {
            writer.resumeTransfer();
        }
    }

    /** Worker: the body is written; the poller sends what is left and then its end. */
    void finish() throws IOException {
        handOver();
        if (length != Response.UNKNOWN_LENGTH && written != length) {
            throw new IOException("the writer wrote " + written + " of the " + length + " bytes it announced");
        }
        end(null);
    }

    /** Worker: the bytes the writer has written so far. */
    long written() {
        return written;
    }

    /** Worker: the writer failed; the response is cut off after what it had handed over. */
    void abort(IOException cause) {
        if (filling != null) {
            filling.release();
            filling = null;
        }
        end(cause);
    }

    private void end(IOException cause) {
        boolean resume;
        lock.lock();
        try {
            // What was handed over before a failure still goes out, then the pull after it fails.
            failure = cause;
            finished = true;
            resume = starved;
            starved = false;
        } finally {
            lock.unlock();
        }
        if (resume) {
            writer.resumeTransfer();
        }
    }

    @Override
    public boolean isEndOfInput() {
        lock.lock();
        try {
            return finished && failure == null && chunks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator unused) throws IOException {
        lock.lock();
        try {
            ByteBuf chunk = chunks.poll();
            if (chunk == null) {
                if (failure != null) {
                    throw failure;
                }
                if (finished) {
                    // The end came between the chunked input's end check and this pull: an empty piece keeps the
                    // writer going, and its next check finds the end. (Null would suspend it for good.)
                    return Unpooled.EMPTY_BUFFER;
                }
                starved = true;
                return null;
            }
            queued -= chunk.readableBytes();
            room.signal();
            progress += chunk.readableBytes();
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    @Override
    public long length() {
        return length;
    }

    /** The bytes the poller has taken so far: all of the body once its write completed. */
    @Override
    public long progress() {
        return progress;
    }

    /** Poller: the write ended (done, failed, or the connection closed); a worker still writing is told so. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            releaseChunks();
            room.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private void releaseChunks() {
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            chunk.release();
        }
        queued = 0;
    }

    /**
     * The writer's side. Its {@code close()} ends nothing: the server ends the body once the writer returns, so a
     * writer's try-with-resources cannot end it early, nor twice.
     */
    private final class Output extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            count(1);
            if (filling == null) {
                filling = allocator.buffer(256, chunkSize);
            }
            filling.writeByte(b);
            if (filling.maxWritableBytes() == 0) {
                handOver();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            Objects.checkFromIndexSize(offset, count, bytes.length);
            count(count);
            while (count > 0) {
                if (filling == null) {
                    filling = allocator.buffer(Math.min(chunkSize, Math.max(count, 256)), chunkSize);
                }
                int n = Math.min(count, filling.maxWritableBytes());
                filling.writeBytes(bytes, offset, n);
                offset += n;
                count -= n;
                if (filling.maxWritableBytes() == 0) {
                    handOver();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            handOver();
        }

        /** Counts bytes about to be written; past an announced length the writer fails, before they go out. */
        private void count(int bytes) throws IOException {
            if (length != Response.UNKNOWN_LENGTH && written + bytes > length) {
                throw new IOException("the writer wrote past the " + length + " bytes it announced");
            }
            written += bytes;
        }
    }
}
