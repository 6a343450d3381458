package dev.pollux.mpm.event;

import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.mpm.http1.RequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
 * and CONNECT): every response comes with its final framing headers and, for HEAD, without a body. The decoder,
 * the aggregator and the chunked writer follow the settings of the generation the connection holds, and are
 * swapped when it takes up a newer one ({@link #adopt}).
 */
final class PipelineInitializer extends ChannelInitializer<Channel> {

    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String AGGREGATOR = "aggregator";
    private static final String CHUNKED = "chunked";
    private static final String CONNECTION = "connection";

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
        pipeline.addLast(DECODER, decoder(http));
        pipeline.addLast(ENCODER, new HttpResponseEncoder());
        pipeline.addLast(AGGREGATOR, new BodyAggregator(http.limitRequestBody()));
        if (chunkedFiles(generation)) {
            pipeline.addLast(CHUNKED, new ChunkedWriteHandler());
        }
        pipeline.addLast(CONNECTION, new Connection(poller, queues));
    }

    /**
     * Swaps the handlers that follow settings for {@code next}'s. Only between requests, with the decoder
     * {@link RequestDecoder#idle idle}: nothing it holds is lost. Poller thread.
     */
    static void adopt(ChannelPipeline pipeline, Generation next) {
        HttpSettings http = next.http();
        pipeline.replace(DECODER, DECODER, decoder(http));
        pipeline.replace(AGGREGATOR, AGGREGATOR, new BodyAggregator(http.limitRequestBody()));
        boolean chunked = chunkedFiles(next);
        if (chunked && pipeline.get(CHUNKED) == null) {
            pipeline.addBefore(CONNECTION, CHUNKED, new ChunkedWriteHandler());
        } else if (!chunked && pipeline.get(CHUNKED) != null) {
            pipeline.remove(CHUNKED);
        }
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
