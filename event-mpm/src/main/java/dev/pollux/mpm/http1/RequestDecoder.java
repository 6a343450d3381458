package dev.pollux.mpm.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpConstants;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * Netty's request decoder, with {@link HeadSyntax}'s strict rules checked on each head line's raw bytes before
 * Netty splits it, and versions above 1.1 read as 1.1. First in the pipeline; poller thread only.
 *
 * <p>Netty consumes each head line as soon as its LF has arrived, and every complete one it has, so the lines this
 * decoder checks ahead of it are exactly those it is about to consume. It follows where Netty is from what Netty
 * emits: a head starts after each message's last content. A broken rule becomes a failed message, as Netty's own
 * failures do, and everything after it is discarded, as Netty discards after its own. So is everything after an
 * expectation the h2c upgrade handler's aggregator refused (an upgrading request's body announced over its
 * limit): Netty would reset and read the body as requests, and the connection closes after the 413 anyway.
 */
public final class RequestDecoder extends HttpRequestDecoder {

    /** Where the next unchecked bytes belong. */
    private enum Expecting {
        /** A request line, possibly after empty lines (RFC 9112 §2.2 lets a server skip them). */
        REQUEST_LINE,
        /** A field line, or the empty line ending the head. */
        FIELD,
        /** A body or the next message's head; Netty's until it ends the message. */
        BODY,
        /** Nothing: the input failed and is discarded. */
        NOTHING
    }

    private final boolean strict;
    private final int maxRequestLine;
    private Expecting expecting = Expecting.REQUEST_LINE;
    /** Whether Netty has emitted the current message's head and not yet its end. */
    private boolean inMessage;
    /** Whether Netty has consumed nothing since it ended the last message (or since the start). */
    private boolean betweenMessages = true;

    /**
     * @param strict whether {@link HeadSyntax}'s rules apply ({@code http-protocol-options = strict})
     */
    public RequestDecoder(HttpDecoderConfig config, boolean strict) {
        super(config);
        this.strict = strict;
        this.maxRequestLine = config.getMaxInitialLineLength();
    }

    /**
     * Whether the decoder is between requests with nothing of the next one in hand: no byte buffered, and Netty has
     * consumed none since it ended the last message (it consumes a request line and complete field lines before it
     * emits anything). Only then may it be replaced by one with other limits (a graceful restart). Poller thread.
     */
    public boolean idle() {
        return betweenMessages && expecting != Expecting.NOTHING && !internalBuffer().isReadable();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (expecting == Expecting.NOTHING) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (strict && expecting != Expecting.BODY) {
            MalformedHeadException malformed = checkHeadLines(in);
            if (malformed != null) {
                HttpMessage failed = createInvalidMessage();
                failed.setDecoderResult(DecoderResult.failure(malformed));
                out.add(failed);
                expecting = Expecting.NOTHING;
                in.skipBytes(in.readableBytes());
                return;
            }
        }
        int before = out.size();
        int start = in.readerIndex();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            follow(out.get(i));
        }
        // Netty returns right after it ends a message, so a call that ends one has consumed nothing of the next.
        if (out.size() > before && out.get(out.size() - 1) instanceof LastHttpContent) {
            betweenMessages = true;
        } else if (in.readerIndex() != start) {
            betweenMessages = false;
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (expecting == Expecting.NOTHING) {
            in.skipBytes(in.readableBytes());
            return;
        }
        super.decodeLast(ctx, in, out);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HttpExpectationFailedEvent) {
            expecting = Expecting.NOTHING;
            ctx.fireUserEventTriggered(event);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** Checks the complete head lines waiting in {@code in}, up to the end of one head; advances {@link #expecting}. */
    private MalformedHeadException checkHeadLines(ByteBuf in) {
        int position = in.readerIndex();
        int end = in.writerIndex();
        while (expecting != Expecting.BODY) {
            if (expecting == Expecting.REQUEST_LINE) {
                // Netty skips any CR and LF before a request line; so does the check, to see the line it parses.
                position = skipLineEnds(in, position, end);
            }
            int lf = in.indexOf(position, end, HttpConstants.LF);
            // An incomplete line waits; a bare LF is Netty's to refuse.
            if (lf < 0 || lf == position || in.getByte(lf - 1) != HttpConstants.CR) {
                return null;
            }
            int lineEnd = lf - 1;
            MalformedHeadException malformed = null;
            if (expecting == Expecting.REQUEST_LINE) {
                if (lineEnd - position > maxRequestLine) {
                    // Netty answers an over-long line 414, before any rule about its content.
                    return null;
                }
                malformed = HeadSyntax.requestLine(in, position, lineEnd);
                expecting = Expecting.FIELD;
            } else if (lineEnd == position) {
                expecting = Expecting.BODY;
            } else {
                malformed = HeadSyntax.fieldLine(in, position, lineEnd);
            }
            if (malformed != null) {
                return malformed;
            }
            position = lf + 1;
        }
        return null;
    }

    private static int skipLineEnds(ByteBuf in, int from, int end) {
        int i = from;
        while (i < end && (in.getByte(i) == HttpConstants.CR || in.getByte(i) == HttpConstants.LF)) {
            i++;
        }
        return i;
    }

    /**
     * Follows Netty's state from what it decoded: a failure ends the input, a message's end starts a head. Netty's
     * line limit also bounds the lines of a chunked body; only the request line's is a 414 (httpd answers a long
     * chunk line 400), so such a failure is made a plain malformed request.
     */
    private void follow(Object decoded) {
        if (decoded instanceof HttpObject object && object.decoderResult().isFailure()) {
            if (inMessage && object.decoderResult().cause() instanceof TooLongHttpLineException) {
                object.setDecoderResult(DecoderResult.failure(
                        MalformedHeadException.badRequest("chunk line longer than limit-request-line")));
            }
            expecting = Expecting.NOTHING;
        } else if (decoded instanceof LastHttpContent) {
            expecting = Expecting.REQUEST_LINE;
            inMessage = false;
        } else if (decoded instanceof HttpRequest) {
            inMessage = true;
        }
    }

    /**
     * RFC 9110 §6.2: a request of a higher minor version, or major version, than the server's is answered as the
     * highest the server speaks, 1.1; every rule about HTTP/1.1 (a Host, keep-alive by default) applies to it.
     */
    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        HttpMessage message = super.createMessage(initialLine);
        if (message.protocolVersion().compareTo(HttpVersion.HTTP_1_1) > 0) {
            message.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        return message;
    }
}
