package dev.pollux.mpm.h2;

import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;

/** Netty's HTTP/2 frame codec for a server connection, with Pollux's settings and limits. */
public final class FrameCodecs {

    private FrameCodecs() {
    }

    /**
     * The codec: flow control, SETTINGS, PING and GOAWAY on the poller; strict header validation (pseudo-headers,
     * no connection-specific fields, lower-case names: a stream error PROTOCOL_ERROR otherwise); at most
     * {@code maxHeaderListSize} bytes of header fields per request, however many CONTINUATION frames carry them,
     * and at most 16 small CONTINUATION frames in a row (Netty's bound against the CONTINUATION flood); a client
     * resetting more than {@code h2.max-resets} streams per window gets GOAWAY ENHANCE_YOUR_CALM.
     *
     * @param gracefulStop how long a closing connection lets its open streams finish after its GOAWAY
     */
    public static Http2FrameCodec server(H2Settings h2, long maxHeaderListSize, Duration gracefulStop) {
        Http2Settings initial = Http2Settings.defaultSettings()
                .maxConcurrentStreams(h2.maxConcurrentStreams())
                .initialWindowSize(h2.windowSize())
                .maxHeaderListSize(maxHeaderListSize);
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(initial)
                .validateHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(h2.maxResets(), (int) h2.resetWindow().toSeconds())
                .gracefulShutdownTimeoutMillis(gracefulStop.toMillis())
                .build();
    }
}
