package dev.pollux.mpm.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A raw-socket HTTP/1.1 client for what real clients do but library clients hide: pipelining, half-close,
 * malformed bytes, silence, slow reading.
 */
final class RawClient implements AutoCloseable {

    /** A parsed response. Header names are lower case. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final Socket socket;
    private final InputStream in;

    RawClient(int port) throws IOException {
        this(port, InetAddress.getLoopbackAddress());
    }

    /** Connects from {@code source}, e.g. 127.0.0.2, to the server's loopback port. */
    RawClient(int port, InetAddress source) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), source);
    }

    /** Connects to a listener on another address than 127.0.0.1. */
    RawClient(InetSocketAddress server) throws IOException {
        this(server, InetAddress.getLoopbackAddress());
    }

    private RawClient(InetSocketAddress server, InetAddress source) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(server, 5_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** The client side's port, to find this connection in the kernel's tables. */
    int localPort() {
        return socket.getLocalPort();
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Sends {@code GET path} with {@code Host} and any extra header lines. */
    RawClient get(String path, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return send(request.append("\r\n").toString());
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one response; its body by Content-Length, none for HEAD requests ({@code head}) or 304. */
    Reply read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = head || status == 304 ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Reply(status, headers, in.readNBytes(length));
    }

    Reply read() throws IOException {
        return read(false);
    }

    /**
     * Whether the server closed the connection cleanly: EOF, with no byte before it, within the read timeout. A
     * reset is not a clean close: it can destroy a response the client has not read yet (RFC 9112 §9.6).
     */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Whether neither a byte nor the end of the stream arrives within {@code millis}; a byte that does is consumed. */
    boolean nothingArrivesWithin(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Reads a chunked body to its last chunk (trailers are not expected) and returns its decoded bytes. */
    byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size; (size = Integer.parseInt(line(), 16)) > 0; ) {
            body.write(in.readNBytes(size));
            if (!line().isEmpty()) {
                throw new IOException("a chunk without its CRLF");
            }
        }
        if (!line().isEmpty()) {
            throw new IOException("trailers after the last chunk");
        }
        return body.toByteArray();
    }

    /** Reads everything until EOF. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
