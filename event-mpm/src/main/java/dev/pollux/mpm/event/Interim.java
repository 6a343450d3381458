package dev.pollux.mpm.event;

/**
 * An interim (1xx) response a connection owes its client, placed in the stream of decoded requests by
 * {@link BodyAggregator} so that {@link Connection} writes it in its turn, after the responses to the requests
 * before it, never ahead of them.
 */
enum Interim {
    /** {@code 100 Continue}: the client announced a body it sends only when asked (RFC 9110 §10.1.1). */
    CONTINUE
}
