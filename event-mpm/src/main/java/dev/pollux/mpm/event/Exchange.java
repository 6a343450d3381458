package dev.pollux.mpm.event;

import dev.pollux.core.site.Site;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What a response answers, for the access log and the scoreboard.
 *
 * @param request       the request; {@code null} when the bytes never formed one (a 408 or a 400)
 * @param site          the site that answers it; {@code null} for what the poller answers itself
 * @param arrivalNanos  {@link System#nanoTime()} when the poller took it up
 * @param arrivalMillis wall-clock time of the same moment
 */
record Exchange(HttpRequest request, Site site, long arrivalNanos, long arrivalMillis) {

    /** An exchange starting now. */
    static Exchange now(HttpRequest request) {
        return new Exchange(request, null, System.nanoTime(), System.currentTimeMillis());
    }
}
