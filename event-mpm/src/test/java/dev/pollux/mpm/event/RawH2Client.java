package dev.pollux.mpm.event;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/2 over a plain socket with prior knowledge, frame by frame, for the tests that must send what no client
 * library would: floods of resets and CONTINUATION frames, forbidden header fields. Headers are HPACK-coded by
 * Netty's encoder and decoder; everything else is written and read as bytes here.
 */
final class RawH2Client implements Closeable {

    static final int DATA = 0;
    static final int HEADERS = 1;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int GOAWAY = 7;
    static final int CONTINUATION = 9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final int ENHANCE_YOUR_CALM = 0xb;
    static final int PROTOCOL_ERROR = 0x1;

    /**
     * One frame as read; a HEADERS frame decoded on arrival, as HPACK's state needs.
     *
     * @param headers the decoded header block of a HEADERS frame (this client sends no CONTINUATION to be
     *                answered with one), else {@code null}
     */
    record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {

        /** The error code of a RST_STREAM or GOAWAY frame. */
        int errorCode() {
            ByteBuffer bytes = ByteBuffer.wrap(payload);
            return type == GOAWAY ? bytes.getInt(4) : bytes.getInt(0);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    /** Frames read while looking for another stream's, by stream. */
    private final Map<Integer, List<Frame>> elsewhere = new HashMap<>();

    /** Connects and sends the preface and an empty SETTINGS frame. */
    RawH2Client(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf()));
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** The header block of a GET of {@code path}. */
    byte[] getBlock(String path, CharSequence... extra) throws Http2Exception {
        Http2Headers headers = new DefaultHttp2Headers(false).method("GET").scheme("http").authority("localhost")
                .path(path);
        for (int i = 0; i < extra.length; i += 2) {
            headers.add(extra[i], extra[i + 1]);
        }
        ByteBuf block = Unpooled.buffer();
        encoder.encodeHeaders(0, headers, block);
        return ByteBufUtil.getBytes(block);
    }

    /** A whole GET on {@code stream}: one HEADERS frame, END_STREAM and END_HEADERS. */
    void get(int stream, String path, CharSequence... extra) throws IOException, Http2Exception {
        frame(HEADERS, END_STREAM | END_HEADERS, stream, getBlock(path, extra));
    }

    /** RST_STREAM CANCEL. */
    void reset(int stream) throws IOException {
        frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(0x8).array());
    }

    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        header.put((byte) type).put((byte) flags).putInt(stream);
        out.write(header.array());
        out.write(payload);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** A stream's response: its headers, and its body up to END_STREAM. */
    record Response(Http2Headers headers, byte[] body) {
        int status() {
            return Integer.parseInt(headers.status().toString());
        }
    }

    /** Reads stream {@code stream}'s response; other streams' frames read meanwhile are kept for theirs. */
    Response response(int stream) throws IOException {
        Http2Headers headers = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            List<Frame> kept = elsewhere.getOrDefault(stream, List.of());
            Frame frame = kept.isEmpty() ? read() : kept.remove(0);
            if (frame == null) {
                throw new AssertionError("the connection ended before stream " + stream + " did");
            }
            if (frame.stream() != stream) {
                elsewhere.computeIfAbsent(frame.stream(), s -> new ArrayList<>()).add(frame);
                continue;
            }
            if (frame.type() == HEADERS) {
                headers = frame.headers();
            } else if (frame.type() == DATA) {
                body.write(frame.payload());
            } else {
                throw new AssertionError("a response frame, not " + frame);
            }
            if ((frame.flags() & END_STREAM) != 0) {
                return new Response(headers, body.toByteArray());
            }
        }
    }

    /** The next frame, or {@code null} once the server has closed the connection. */
    Frame read() throws IOException {
        byte[] header = new byte[9];
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server within 10 s");
        } catch (IOException e) {
            // A reset after the server's close is an end too.
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(header);
        int length = (bytes.get() & 0xff) << 16 | (bytes.get() & 0xff) << 8 | bytes.get() & 0xff;
        int type = bytes.get() & 0xff;
        int flags = bytes.get() & 0xff;
        int stream = bytes.getInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        try {
            return new Frame(type, flags, stream, payload,
                    type == HEADERS ? decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(payload)) : null);
        } catch (Http2Exception e) {
            throw new IOException("undecodable header block on stream " + stream, e);
        }
    }

    /** Reads until a frame of {@code type} (returned) or the end of the connection ({@code null}). */
    Frame await(int type) throws IOException {
        Frame frame;
        while ((frame = read()) != null && frame.type() != type) {
            // Not the one awaited: SETTINGS, WINDOW_UPDATE, other streams' frames.
        }
        return frame;
    }

    /** Reads until the end of the connection, and says whether it came. */
    boolean closedByServer() throws IOException {
        return await(-1) == null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
