package dev.pollux.mpm.event;

import dev.pollux.core.http.HttpSettings;
import dev.pollux.mpm.http1.RequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.Map;

/**
 * Owns the order of every connection's pipeline, on the poller that accepted it:
 *
 * <pre>
 *   decoder (RequestDecoder) -&gt; encoder (HttpResponseEncoder) -&gt; aggregator (BodyAggregator)
 *     -&gt; [chunked (ChunkedWriteHandler)] -&gt; connection
 * </pre>
 *
 * The chunked writer is there only when both sendfile and mmap are off, the one case in which file bodies are
 * read in chunks. The encoder needs no knowledge of the requests (Netty's server codec pairs the two for HEAD
 * and CONNECT): every response comes with its final framing headers and, for HEAD, without a body.
 */
final class PipelineInitializer extends ChannelInitializer<Channel> {

    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String AGGREGATOR = "aggregator";

    /** The largest header section the decoder accepts, whatever the field limits say. */
    private static final int MAX_HEADER_SECTION = 1 << 20;

    private final HttpSettings http;
    private final Map<EventLoop, Poller> pollers;
    private final boolean chunkedFiles;

    PipelineInitializer(HttpSettings http, Map<EventLoop, Poller> pollers, boolean chunkedFiles) {
        this.http = http;
        this.pollers = pollers;
        this.chunkedFiles = chunkedFiles;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(DECODER, decoder(http));
        pipeline.addLast(ENCODER, new HttpResponseEncoder());
        pipeline.addLast(AGGREGATOR, new BodyAggregator(http.limitRequestBody()));
        if (chunkedFiles) {
            pipeline.addLast("chunked", new ChunkedWriteHandler());
        }
        pipeline.addLast("connection", new Connection(pollers.get(channel.eventLoop())));
    }

    /**
     * The request decoder with strict CRLF line parsing and RFC 9112 Transfer-Encoding rules (no CL+TE, chunked
     * last) against request smuggling, plus {@code http-protocol-options}' rules. Each field is checked against
     * limit-request-field-size by {@link ConnectionServices#admit}; the decoder bounds the whole section at that
     * size times limit-request-fields, and at 1 MiB when fields are unlimited.
     */
    static RequestDecoder decoder(HttpSettings http) {
        long section = http.limitRequestFields() == 0 ? MAX_HEADER_SECTION
                : (long) http.limitRequestFieldSize() * http.limitRequestFields();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(http.limitRequestLine())
                .setMaxHeaderSize((int) Math.min(section, MAX_HEADER_SECTION))
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
        return new RequestDecoder(decoder, http.strict());
    }
}
