package dev.pollux.examples;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code PUT} or {@code POST /upload}: streams the request body into a new file in a directory as it arrives and
 * answers its SHA-256 and size, {@code {"file":"upload-….bin","sha256":"…","bytes":N}}. Memory stays at the
 * server's {@code request-body-buffer} whatever the size (up to {@code limit-request-body}); a client that sends
 * too slowly fails the read with 408, which is let out and answered. A failed upload leaves no file behind. Runs on
 * a worker, blocking in the body's reads; any number at once.
 */
public final class Upload implements Handler {

    private final Path directory;

    /** @param directory where uploads are stored; it must exist */
    public Upload(Path directory) {
        this.directory = directory;
    }

    @Override
    public Response handle(Request request) throws IOException {
        MessageDigest sha256 = sha256();
        Path file = Files.createTempFile(directory, "upload-", ".bin");
        long bytes;
        try (InputStream body = request.body();
             OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
            bytes = body.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        String json = "{\"file\":" + Json.string(file.getFileName().toString())
                + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest()) + "\",\"bytes\":" + bytes + "}";
        return Response.text(HttpResponseStatus.CREATED, "application/json", json, StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
