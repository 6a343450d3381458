package dev.pollux.examples;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /download/{bytes}}: a generated body of that many bytes (at most 16 GiB), streamed with its
 * {@code Content-Length} as it is produced: byte {@code i} is {@code i % 251}, so a client can check what it got.
 * The worker writes while the client reads; when the client is {@code response-body-buffer} behind, the write
 * waits, so a gigabyte costs a few chunks of memory. Runs on a worker; stateless.
 */
public final class Download implements Handler {

    /** The largest body asked for that is generated. */
    static final long MAX_BYTES = 16L << 30;
    /** The pattern's period: a prime, so that it does not line up with any buffer size. */
    static final int PERIOD = 251;

    @Override
    public Response handle(Request request) throws RequestException {
        long bytes;
        try {
            bytes = Long.parseLong(request.pathParameter("bytes"));
        } catch (NumberFormatException e) {
            throw RequestException.badRequest("the size is a number of bytes");
        }
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw RequestException.badRequest("the size is from 0 to " + MAX_BYTES);
        }
        return Response.stream(HttpResponseStatus.OK, "application/octet-stream", bytes, out -> generate(out, bytes));
    }

    private static void generate(OutputStream out, long bytes) throws IOException {
        byte[] block = new byte[PERIOD * 64];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i % PERIOD);
        }
        for (long left = bytes; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }
}
