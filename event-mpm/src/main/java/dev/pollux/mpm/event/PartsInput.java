package dev.pollux.mpm.event;

import dev.pollux.core.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.stream.ChunkedInput;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A {@link Response.Parts} body read as the socket takes it: each piece in memory goes out as it is, each part of
 * the file in chunks read at its offset from one channel, opened once by the worker. Netty's
 * {@code ChunkedWriteHandler} pulls it on the poller; wrapped in an {@code HttpChunkedInput} for the codecs.
 */
final class PartsInput implements ChunkedInput<ByteBuf> {

    private final List<Response.Body> pieces;
    private final FileChannel file;
    private final int chunkSize;
    private final long length;
    private int piece;
    /** How far into the current file piece reading has got. */
    private long pieceOffset;
    private long progress;

    /**
     * Opens the file the pieces name (all name the same one; there may be none).
     *
     * @throws IOException when the file cannot be opened; the pieces' buffers are then the caller's to release
     */
    PartsInput(Response.Parts parts, int chunkSize) throws IOException {
        this.pieces = parts.pieces();
        this.chunkSize = chunkSize;
        this.length = parts.length();
        Response.FileBody first = (Response.FileBody) pieces.stream().filter(Response.FileBody.class::isInstance)
                .findFirst().orElse(null);
        this.file = first == null ? null : FileChannel.open(first.path(), StandardOpenOption.READ);
    }

    @Override
    public boolean isEndOfInput() {
        return piece >= pieces.size();
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
        if (isEndOfInput()) {
            return null;
        }
        Response.Body current = pieces.get(piece);
        if (current instanceof Response.Bytes bytes) {
            piece++;
            progress += bytes.length();
            return bytes.buffer();
        }
        Response.FileBody part = (Response.FileBody) current;
        int size = (int) Math.min(chunkSize, part.length() - pieceOffset);
        ByteBuf chunk = allocator.buffer(size);
        try {
            long position = part.offset() + pieceOffset;
            while (chunk.writableBytes() > 0) {
                if (chunk.writeBytes(file, position + chunk.readableBytes(), chunk.writableBytes()) < 0) {
                    throw new IOException(part.path() + " is shorter than when it was looked at");
                }
            }
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
        pieceOffset += size;
        progress += size;
        if (pieceOffset == part.length()) {
            piece++;
            pieceOffset = 0;
        }
        return chunk;
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(io.netty.channel.ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }

    /** Releases the buffers not sent and closes the file. */
    @Override
    public void close() throws IOException {
        for (; piece < pieces.size(); piece++) {
            if (pieces.get(piece) instanceof Response.Bytes bytes) {
                ReferenceCountUtil.release(bytes.buffer());
            }
        }
        if (file != null) {
            file.close();
        }
    }
}
