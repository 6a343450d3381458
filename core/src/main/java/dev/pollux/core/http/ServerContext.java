package dev.pollux.core.http;

import com.typesafe.config.Config;
import dev.pollux.core.scoreboard.Scoreboard;

/**
 * What a {@link HandlerProvider} may know of the server it joins.
 *
 * @param config     the whole resolved configuration, to be read once into the provider's settings record
 * @param scoreboard the live scoreboard of this server
 * @param serverName the host name the server announces (status page heading)
 */
public record ServerContext(Config config, Scoreboard scoreboard, String serverName) {
}
