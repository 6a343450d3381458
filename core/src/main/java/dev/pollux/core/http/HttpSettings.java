package dev.pollux.core.http;

import dev.pollux.core.config.SettingsReader;
import java.time.Duration;

/**
 * Connection-level HTTP settings: keep-alive, timeouts and request limits.
 *
 * @param keepAlive             {@code keep-alive}, and a positive {@code keep-alive-timeout}
 * @param keepAliveTimeout      {@code keep-alive-timeout}
 * @param maxKeepAliveRequests  {@code max-keep-alive-requests}; 0 = unlimited
 * @param timeout               {@code timeout}: the longest a response may stall
 * @param limitRequestLine      {@code limit-request-line}, bytes
 * @param limitRequestFieldSize {@code limit-request-field-size}, bytes
 * @param limitRequestFields    {@code limit-request-fields}; 0 = unlimited
 * @param limitRequestBody      {@code limit-request-body}, bytes
 * @param headerReadTimeout     {@code request-read-timeout.header}
 * @param bodyReadTimeout       {@code request-read-timeout.body}
 * @param bodyMinRate           {@code request-read-timeout.body-min-rate}, bytes per second; 0 = none
 * @param requestBodyBuffer     {@code request-body-buffer}, bytes
 * @param responseBodyBuffer    {@code response-body-buffer}, bytes
 * @param protocolOptions       {@code http-protocol-options}
 */
public record HttpSettings(boolean keepAlive, Duration keepAliveTimeout, int maxKeepAliveRequests, Duration timeout,
                           int limitRequestLine, int limitRequestFieldSize, int limitRequestFields,
                           long limitRequestBody, Duration headerReadTimeout, Duration bodyReadTimeout,
                           long bodyMinRate, int requestBodyBuffer, int responseBodyBuffer,
                           ProtocolOptions protocolOptions) {

    /** httpd's {@code HttpProtocolOptions Strict | Unsafe}: how much of RFC 9110 and 9112 the poller enforces. */
    public enum ProtocolOptions {
        /** Refuse what the RFCs forbid in a request head, as httpd 2.4 does by default. */
        STRICT,
        /** Accept what Netty's decoder accepts, for clients too broken to fix. */
        UNSAFE
    }

    private static final Duration HOUR = Duration.ofHours(1);

    /** Reads the keys under {@code pollux}. */
    public static HttpSettings read(SettingsReader reader) {
        Duration keepAliveTimeout = reader.durationBetween("pollux.keep-alive-timeout", Duration.ZERO, HOUR);
        return new HttpSettings(
                reader.bool("pollux.keep-alive") && !keepAliveTimeout.isZero(),
                keepAliveTimeout,
                reader.intBetween("pollux.max-keep-alive-requests", 0, Integer.MAX_VALUE),
                reader.durationBetween("pollux.timeout", Duration.ofSeconds(1), HOUR),
                reader.intBetween("pollux.limit-request-line", 64, 1 << 20),
                reader.intBetween("pollux.limit-request-field-size", 64, 1 << 20),
                reader.intBetween("pollux.limit-request-fields", 0, 32767),
                reader.bytesBetween("pollux.limit-request-body", 0, Integer.MAX_VALUE),
                reader.durationBetween("pollux.request-read-timeout.header", Duration.ofMillis(100), HOUR),
                reader.durationBetween("pollux.request-read-timeout.body", Duration.ofMillis(100), HOUR),
                reader.bytesBetween("pollux.request-read-timeout.body-min-rate", 0, 1L << 30),
                (int) reader.bytesBetween("pollux.request-body-buffer", 1024, 64 << 20),
                (int) reader.bytesBetween("pollux.response-body-buffer", 1024, 64 << 20),
                reader.oneOf("pollux.http-protocol-options", ProtocolOptions.class));
    }

    /** Whether the strict rules apply. */
    public boolean strict() {
        return protocolOptions == ProtocolOptions.STRICT;
    }
}
