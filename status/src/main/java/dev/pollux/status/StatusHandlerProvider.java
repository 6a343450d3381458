package dev.pollux.status;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerProvider;
import dev.pollux.core.http.ServerContext;
import java.time.Clock;

/**
 * Contributes the {@code /server-status} handler to every server, through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.pollux.core.http.HandlerProvider}). Reads {@code pollux.status} once and starts
 * the {@code pollux-status-sampler} daemon thread (stopped with the server) that records the request rate for the page's sparkline.
 */
public final class StatusHandlerProvider implements HandlerProvider {

    /**
     * Builds the handler for the server of {@code context}; it runs on that server's worker threads.
     *
     * @throws com.typesafe.config.ConfigException when {@code pollux.status} is invalid, naming the key, where
     *                                             it was set and what is allowed
     */
    @Override
    public Handler create(ServerContext context) {
        StatusSettings settings = StatusSettings.from(context.config());
        RateHistory history = new RateHistory(() -> context.scoreboard().totals().accesses(), System::nanoTime);
        RateSampler sampler = RateSampler.start(history);
        return new StatusHandler(settings, context.scoreboard(), context.serverName(),
                new StatusHandler.Sources(new HostProbe(), history, Clock.systemDefaultZone(), sampler));
    }
}
