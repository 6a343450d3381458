package dev.pollux.mpm.event;

import io.netty.handler.codec.http.HttpRequest;

/**
 * What a response answers, for the access log and the scoreboard.
 *
 * @param request       the request; {@code null} when the bytes never formed one (a 408 or a 400)
 * @param arrivalNanos  {@link System#nanoTime()} when the poller took it up
 * @param arrivalMillis wall-clock time of the same moment
 */
record Exchange(HttpRequest request, long arrivalNanos, long arrivalMillis) {

    /** An exchange starting now. */
    static Exchange now(HttpRequest request) {
        return new Exchange(request, System.nanoTime(), System.currentTimeMillis());
    }
}
