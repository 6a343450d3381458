package dev.pollux.core.http;

/**
 * A handler that a module contributes to every server, found with {@link java.util.ServiceLoader}; the
 * status module's {@code /server-status} is one. Providers run before the application's handlers and the
 * static files.
 */
public interface HandlerProvider {

    /**
     * Builds the handler once per generation (at start and at each graceful restart); reads the provider's own
     * configuration from the context.
     *
     * @throws com.typesafe.config.ConfigException when its configuration is invalid
     */
    Handler create(ServerContext context);
}
