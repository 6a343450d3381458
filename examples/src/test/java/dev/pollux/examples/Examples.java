package dev.pollux.examples;

import com.typesafe.config.ConfigFactory;
import dev.pollux.mpm.event.PolluxServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The example application on a loopback port the OS picks, its configuration from application.conf. */
final class Examples {

    private Examples() {
    }

    /** Starts the examples' routes with application.conf, on port 0, storing uploads in {@code uploads}. */
    static PolluxServer start(Path uploads) {
        return PolluxServer.builder()
                .config(ConfigFactory.parseMap(Map.of("pollux.listen", List.of("127.0.0.1:0")), "test")
                        .withFallback(ConfigFactory.load()))
                .handler(ExampleApp.routes(uploads))
                .start();
    }

    static URI uri(PolluxServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
