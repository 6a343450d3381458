package dev.pollux.mpm.event;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.http.Handler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real server on a loopback port chosen by the OS, serving a temporary document root, with a small worker
 * pool. Tests name only the settings they care about.
 */
final class ServerFixture implements AutoCloseable {

    /** The project's own media types file; surefire runs with the module directory as working directory. */
    static final Path MIME_TYPES = Path.of("../conf/mime.types").toAbsolutePath().normalize();

    final PolluxServer server;
    final Path docroot;
    private final String transport;

    private ServerFixture(PolluxServer server, Path docroot, String transport) {
        this.server = server;
        this.docroot = docroot;
        this.transport = transport;
    }

    /**
     * Starts a server on {@code transport} with {@code settings} (keys below {@code pollux}, e.g.
     * {@code "keep-alive-timeout" -> "1 s"}) over the defaults of the module references.
     */
    static ServerFixture start(String transport, Path docroot, Map<String, Object> settings, Handler... handlers) {
        PolluxServer server = PolluxServer.start(config(transport, docroot, settings), List.of(handlers));
        return new ServerFixture(server, docroot, transport);
    }

    /**
     * A graceful restart to the fixture's own defaults with {@code settings} over them; the document root stays
     * unless {@code settings} names another.
     *
     * @return the new generation
     */
    int reload(Map<String, Object> settings) {
        return server.reload(config(transport, docroot, settings));
    }

    private static Config config(String transport, Path docroot, Map<String, Object> settings) {
        Map<String, Object> values = new HashMap<>();
        values.put("listen", List.of("127.0.0.1:0"));
        values.put("document-root", docroot.toString());
        values.put("types-config", MIME_TYPES.toString());
        values.put("access-log.enabled", false);
        values.put("mpm.transport", transport);
        values.put("mpm.start-servers", 1);
        values.put("mpm.threads-per-child", 4);
        values.put("mpm.max-request-workers", 8);
        values.put("mpm.min-spare-threads", 1);
        values.put("mpm.max-spare-threads", 5);
        values.put("graceful-shutdown-timeout", "2 s");
        values.putAll(settings);
        Map<String, Object> prefixed = new HashMap<>();
        values.forEach((key, value) -> prefixed.put(PolluxConfig.ROOT + "." + key, value));
        return PolluxConfig.validate(ConfigFactory.parseMap(prefixed, "test"));
    }

    /** A document root with {@code index.html} and a 612-byte {@code small.html}. */
    static Path site(Path directory) throws IOException {
        Files.writeString(directory.resolve("index.html"), "<h1>index</h1>\n");
        Files.writeString(directory.resolve("small.html"), "x".repeat(611) + "\n");
        return directory;
    }

    int port() {
        return server.port();
    }

    /** A loopback port free a moment ago, for settings that must name their port before the server starts. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    RawClient connect() throws IOException {
        return new RawClient(port());
    }

    @Override
    public void close() {
        server.stop();
    }
}
