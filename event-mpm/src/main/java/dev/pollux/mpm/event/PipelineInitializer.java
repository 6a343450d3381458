package dev.pollux.mpm.event;

import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.mpm.h2.FrameCodecs;
import dev.pollux.mpm.h2.PriorKnowledge;
import dev.pollux.mpm.http1.RequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import java.util.Map;

/**
 * Owns the order of every connection's pipeline, on the poller that accepted it. HTTP/1:
 *
 * <pre>
 *   [tls (SslHandler) | h2c (PriorKnowledge)] -&gt; decoder (RequestDecoder) -&gt; encoder (HttpResponseEncoder)
 *     -&gt; [upgrade (HttpServerUpgradeHandler)] -&gt; bodies (RequestBodies) -&gt; [chunked (ChunkedWriteHandler)]
 *     -&gt; connection (Connection)
 * </pre>
 *
 * TLS comes first on an {@code ssl.listen} listener. On a cleartext one where {@code h2c} is listed, the
 * prior-knowledge check looks at the first bytes, and Netty's upgrade handler answers {@code Upgrade: h2c}. The
 * chunked writer is there when file bodies are read in chunks: over TLS, and when both sendfile and mmap are off;
 * elsewhere the first streamed response puts it in ({@link #chunkedWriter}). The upgrade handler aggregates the
 * body of an upgrading request itself, up to {@code request-body-buffer}.
 * HTTP/2, in place of HTTP/1's handlers once ALPN, the preface ({@link #http2}) or an upgrade chose it:
 *
 * <pre>
 *   [tls] -&gt; h2 (Http2FrameCodec) -&gt; streams (Http2MultiplexHandler) -&gt; connection (Http2Connection)
 *   each stream: Http2StreamFrameToHttpObjectCodec -&gt; RequestBodies -&gt; ChunkedWriteHandler -&gt; Http2Stream
 * </pre>
 *
 * <p> The encoder needs no knowledge of the requests (Netty's server codec pairs the two for HEAD
 * and CONNECT): every response comes with its final framing headers and, for HEAD, without a body. The decoder,
 * the body streamer and the chunked writer follow the settings of the generation the connection holds, and are
 * swapped when it takes up a newer one ({@link #adopt}).
 */
final class PipelineInitializer extends ChannelInitializer<Channel> {

    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String BODIES = "bodies";
    static final String CONNECTION = "connection";
    private static final String CHUNKED = "chunked";
    private static final String TLS_HANDLER = "tls";
    private static final String PRIOR_KNOWLEDGE = "h2c";
    private static final String UPGRADE = "upgrade";
    private static final String FRAMES = "h2";
    private static final String STREAMS = "streams";

    /**
     * The pipeline of each stream an HTTP/2 client opens, for its connection's {@link Http2Connection}; the
     * request is limited by the generation the connection holds when the stream opens.
     */
    private static final ChannelInitializer<Channel> STREAMS_INITIALIZER = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel stream) {
            Http2Connection connection = stream.parent().pipeline().get(Http2Connection.class);
            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                    new RequestBodies(connection.generation().http()),
                    new ChunkedWriteHandler(), new Http2Stream(connection));
        }
    };

    /** Set on the connections of {@code ssl.listen} listeners. */
    static final AttributeKey<Boolean> TLS = AttributeKey.valueOf("pollux.tls");

    /**
     * The largest piece of a request body the decoder passes on at once (Netty's default is 8 KiB): a socket read's
     * worth, so that a body reaches its handler in a few pieces per read rather than in many.
     */
    private static final int BODY_PIECE = 64 * 1024;

    /** The largest header section the decoder accepts, whatever the field limits say. */
    private static final int MAX_HEADER_SECTION = 1 << 20;

    private final Map<EventLoop, Poller> pollers;

    PipelineInitializer(Map<EventLoop, Poller> pollers) {
        this.pollers = pollers;
    }

    /** Builds the pipeline for the generation in force on the channel's poller, and sets its socket buffers. */
    @Override
    protected void initChannel(Channel channel) {
        Poller poller = pollers.get(channel.eventLoop());
        Poller.Queues queues = poller.current();
        Generation generation = queues.generation;
        MpmSettings mpm = generation.settings().mpm();
        if (mpm.sendBufferSize() > 0) {
            channel.config().setOption(ChannelOption.SO_SNDBUF, mpm.sendBufferSize());
        }
        if (mpm.receiveBufferSize() > 0) {
            channel.config().setOption(ChannelOption.SO_RCVBUF, mpm.receiveBufferSize());
        }
        HttpSettings http = generation.http();
        ChannelPipeline pipeline = channel.pipeline();
        boolean tls = Boolean.TRUE.equals(channel.attr(TLS).get());
        SslHandler handshake = null;
        if (tls) {
            handshake = generation.tls().newHandler(channel.alloc());
            handshake.setHandshakeTimeoutMillis(http.headerReadTimeout().toMillis());
            pipeline.addLast(TLS_HANDLER, handshake);
        }
        boolean h2c = !tls && generation.settings().h2().cleartext();
        if (h2c) {
            pipeline.addLast(PRIOR_KNOWLEDGE, new PriorKnowledge());
        }
        Connection connection = new Connection(poller, queues, handshake);
        pipeline.addLast(DECODER, decoder(http));
        pipeline.addLast(ENCODER, new HttpResponseEncoder());
        if (h2c) {
            pipeline.addLast(UPGRADE, new HttpServerUpgradeHandler(context -> connection.upgradedToHttp2(),
                    protocol -> upgradeCodec(protocol, generation),
                    (int) Math.min(http.limitRequestBody(), http.requestBodyBuffer())));
        }
        pipeline.addLast(BODIES, new RequestBodies(http));
        if (tls || chunkedFiles(generation)) {
            pipeline.addLast(CHUNKED, new ChunkedWriteHandler());
        }
        pipeline.addLast(CONNECTION, connection);
    }

    /** HTTP/2's handlers for {@code Upgrade: h2c}, which Netty's upgrade handler puts in place after its 101. */
    private static HttpServerUpgradeHandler.UpgradeCodec upgradeCodec(CharSequence protocol,
                                                                      Generation generation) {
        if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
            return null;
        }
        return new Http2ServerUpgradeCodec(frameCodec(generation), new Http2MultiplexHandler(STREAMS_INITIALIZER));
    }

    /**
     * Swaps the handlers that follow settings for {@code next}'s. Only between requests, with the decoder
     * {@link RequestDecoder#idle idle}: nothing it holds is lost. Poller thread.
     */
    static void adopt(ChannelPipeline pipeline, Generation next, boolean tls) {
        HttpSettings http = next.http();
        pipeline.replace(DECODER, DECODER, decoder(http));
        pipeline.replace(BODIES, BODIES, new RequestBodies(http));
        boolean chunked = tls || chunkedFiles(next);
        if (chunked && pipeline.get(CHUNKED) == null) {
            pipeline.addBefore(CONNECTION, CHUNKED, new ChunkedWriteHandler());
        } else if (!chunked && pipeline.get(CHUNKED) != null) {
            pipeline.remove(CHUNKED);
        }
    }

    /**
     * The pipeline's chunked writer, put in before the connection's handler if it has none (a cleartext HTTP/1
     * connection that sends files zero-copy, answering its first streamed response). Poller thread.
     */
    static ChunkedWriteHandler chunkedWriter(ChannelPipeline pipeline) {
        ChunkedWriteHandler writer = pipeline.get(ChunkedWriteHandler.class);
        if (writer == null) {
            writer = new ChunkedWriteHandler();
            pipeline.addBefore(CONNECTION, CHUNKED, writer);
        }
        return writer;
    }

    /** Takes HTTP/1's handlers out, before HTTP/2's come in. */
    static void removeHttp1(ChannelPipeline pipeline) {
        pipeline.remove(DECODER);
        pipeline.remove(ENCODER);
        pipeline.remove(BODIES);
        if (pipeline.get(CHUNKED) != null) {
            pipeline.remove(CHUNKED);
        }
    }

    /**
     * Puts HTTP/2's frame codec and stream multiplexer before {@code connection}, with {@code generation}'s
     * settings; each stream the client opens gets a pipeline of its own ending in an {@link Http2Stream}.
     */
    static void http2(ChannelPipeline pipeline, Generation generation) {
        if (pipeline.get(UPGRADE) != null) {
            pipeline.remove(UPGRADE);
        }
        pipeline.addBefore(CONNECTION, FRAMES, frameCodec(generation));
        pipeline.addBefore(CONNECTION, STREAMS, new Http2MultiplexHandler(STREAMS_INITIALIZER));
    }

    private static Http2FrameCodec frameCodec(Generation generation) {
        return FrameCodecs.server(generation.settings().h2(), headerSection(generation.http()),
                generation.settings().mpm().gracefulShutdownTimeout());
    }

    private static boolean chunkedFiles(Generation generation) {
        FileSettings files = generation.settings().core().files();
        return !files.enableSendfile() && !files.enableMmap();
    }

    /**
     * The request decoder with strict CRLF line parsing and RFC 9112 Transfer-Encoding rules (no CL+TE, chunked
     * last) against request smuggling, plus {@code http-protocol-options}' rules. Each field is checked against
     * limit-request-field-size by {@link Generation#admit}; the decoder bounds the whole section at that
     * size times limit-request-fields, and at 1 MiB when fields are unlimited.
     */
    static RequestDecoder decoder(HttpSettings http) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxChunkSize(BODY_PIECE)
                .setMaxInitialLineLength(http.limitRequestLine())
                .setMaxHeaderSize(headerSection(http))
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
        return new RequestDecoder(decoder, http.strict());
    }

    /**
     * The most bytes of header fields a request may have: limit-request-field-size times limit-request-fields,
     * and 1 MiB when fields are unlimited. HTTP/2 announces it as SETTINGS_MAX_HEADER_LIST_SIZE.
     */
    private static int headerSection(HttpSettings http) {
        long section = http.limitRequestFields() == 0 ? MAX_HEADER_SECTION
                : (long) http.limitRequestFieldSize() * http.limitRequestFields();
        return (int) Math.min(section, MAX_HEADER_SECTION);
    }
}
