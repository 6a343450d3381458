package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Name-based virtual hosts through the whole server: the site chosen by Host (names, aliases, wildcards, the
 * default) and by an absolute-form target, each site's document root and access log with {@code %v} and
 * {@code %V}, per-site keep-alive, the status page's VHost, and configuration errors naming the entry.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualHostsIntegrationTest {

    @TempDir
    Path base;
    private Path siteA;
    private Path siteB;

    @BeforeEach
    void sites() throws IOException {
        siteA = Files.createDirectories(base.resolve("a"));
        siteB = Files.createDirectories(base.resolve("b"));
        Files.writeString(siteA.resolve("index.html"), "site a");
        Files.writeString(siteB.resolve("index.html"), "site b");
        Files.writeString(siteB.resolve("only-b.txt"), "b only");
    }

    private Map<String, Object> hosts(Map<String, Object> extraA) {
        Map<String, Object> a = new java.util.HashMap<>(Map.of("server-name", "a.example",
                "server-alias", List.of("www.a.example", "*.a.test"), "document-root", siteA.toString()));
        a.putAll(extraA);
        Map<String, Object> b = Map.of("server-name", "b.example", "document-root", siteB.toString(),
                "default", true);
        return Map.of("virtual-hosts", List.of(a, b));
    }

    private static RawClient.Reply get(RawClient client, String host, String target) throws IOException {
        return client.send("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
    }

    @Test
    void theRequestsHostChoosesTheSite() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", base, hosts(Map.of()));
             RawClient client = fixture.connect()) {
            assertEquals("site a", get(client, "a.example", "/").text());
            assertEquals("site a", get(client, "WWW.A.Example:8080", "/").text(), "alias, any case, any port");
            assertEquals("site a", get(client, "deep.sub.a.test", "/").text(), "wildcard alias");
            assertEquals("site a", get(client, "a.example.", "/").text(), "final dot");
            assertEquals("site b", get(client, "b.example", "/").text());
            assertEquals("site b", get(client, "unknown.example", "/").text(), "the default site");
            assertEquals("site a", get(client, "a.example", "http://a.example/").text(), "absolute form");
            assertEquals(404, get(client, "a.example", "/only-b.txt").status(), "each site has its own root");
        }
    }

    @Test
    void withoutADefaultTheFirstSiteAnswersUnknownHosts() throws Exception {
        Map<String, Object> a = Map.of("server-name", "a.example", "document-root", siteA.toString());
        Map<String, Object> b = Map.of("server-name", "b.example", "document-root", siteB.toString());
        try (ServerFixture fixture = ServerFixture.start("epoll", base, Map.of("virtual-hosts", List.of(a, b)));
             RawClient client = fixture.connect()) {
            assertEquals("site a", get(client, "127.0.0.1", "/").text());
        }
    }

    @Test
    void eachSiteLogsToItsOwnFileWithCanonicalAndRequestedNames() throws Exception {
        Path logA = base.resolve("logs/a.log");
        Path logB = base.resolve("logs/b.log");
        Map<String, Object> a = Map.of("server-name", "a.example", "server-alias", List.of("www.a.example"),
                "document-root", siteA.toString(),
                "access-log", Map.of("enabled", true, "path", logA.toString(), "format", "%v %V %h %>s %U"));
        Map<String, Object> b = Map.of("server-name", "b.example", "document-root", siteB.toString(),
                "access-log", Map.of("enabled", true, "path", logB.toString(), "format", "%v %V %>s"));
        try (ServerFixture fixture = ServerFixture.start("epoll", base, Map.of("virtual-hosts", List.of(a, b)));
             RawClient client = fixture.connect()) {
            get(client, "WWW.a.example:80", "/");
            get(client, "b.example", "/missing");
        }
        assertEquals(List.of("a.example www.a.example 127.0.0.1 200 /"), Files.readAllLines(logA));
        assertEquals(List.of("b.example b.example 404"), Files.readAllLines(logB));
    }

    @Test
    void keepAliveRulesCanDifferPerSite() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", base, hosts(Map.of("keep-alive", false)));
             RawClient client = fixture.connect()) {
            RawClient.Reply b = get(client, "b.example", "/");
            assertEquals(null, b.header("connection"));
            RawClient.Reply a = get(client, "a.example", "/");
            assertEquals("close", a.header("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void theStatusPageShowsTheSiteThatAnswers() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = ServerFixture.start("epoll", base, hosts(Map.of()), handler);
             RawClient blocked = fixture.connect(); RawClient watcher = fixture.connect()) {
            blocked.send("GET /block HTTP/1.1\r\nHost: www.a.example\r\n\r\n");
            handler.awaitEntered(1);
            String json = get(watcher, "b.example", "/server-status?json").text();
            assertTrue(json.contains("\"vhost\":\"a.example:" + fixture.port() + "\""), json);
            handler.release();
            assertEquals("released", blocked.read().text());
        }
    }

    @Test
    void aBadVirtualHostNamesItsEntryAndKey() {
        Map<String, Object> noName = Map.of("document-root", siteA.toString());
        ConfigException missing = check(Map.of("virtual-hosts", List.of(noName)));
        assertTrue(missing.getMessage().contains("pollux.virtual-hosts[0]"), missing.getMessage());
        assertTrue(missing.getMessage().contains("server-name"), missing.getMessage());
        Map<String, Object> serverWide = Map.of("server-name", "a.example", "keep-alive-timeout", "1 s");
        ConfigException notPerHost = check(Map.of("virtual-hosts", List.of(serverWide)));
        assertTrue(notPerHost.getMessage().contains("pollux.virtual-hosts[0].keep-alive-timeout"),
                notPerHost.getMessage());
        Map<String, Object> badRoot = Map.of("server-name", "a.example", "document-root", base.resolve("nope").toString());
        ConfigException root = check(Map.of("virtual-hosts", List.of(badRoot)));
        assertTrue(root.getMessage().contains("document-root"), root.getMessage());
    }

    private ConfigException check(Map<String, Object> settings) {
        Map<String, Object> prefixed = new java.util.HashMap<>();
        prefixed.put("pollux.document-root", base.toString());
        prefixed.put("pollux.types-config", ServerFixture.MIME_TYPES.toString());
        settings.forEach((key, value) -> prefixed.put("pollux." + key, value));
        try {
            PolluxServer.check(PolluxConfig.validate(ConfigFactory.parseMap(prefixed, "test")));
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted " + settings);
    }
}
