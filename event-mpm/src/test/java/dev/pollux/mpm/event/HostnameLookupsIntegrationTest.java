package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pollux.mpm.dns.LoopbackDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hostname-lookups} in a running server: clients connect from 127.0.0.2, which /etc/hosts does not name,
 * and a name server on loopback answers for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostnameLookupsIntegrationTest {

    private static final String CLIENT_NAME = "client.test";

    @TempDir
    Path base;

    private Inet4Address client;
    private LoopbackDnsServer dns;

    @BeforeEach
    void startNameServer() throws Exception {
        client = (Inet4Address) InetAddress.getByName("127.0.0.2");
        dns = new LoopbackDnsServer();
        dns.pointer(client, CLIENT_NAME + ".", 300);
        dns.address(CLIENT_NAME + ".", client);
    }

    @AfterEach
    void stopNameServer() {
        dns.close();
    }

    @Test
    void requestsGoOnWhileTheLookupIsOutAndAreLoggedByNameOnceItAnswers() throws Exception {
        Path log = base.resolve("access.log");
        dns.hold();
        try (ServerFixture fixture = ServerFixture.start("epoll", ServerFixture.site(base), settings("double", log));
             RawClient early = new RawClient(fixture.port(), client)) {
            assertEquals(200, early.get("/index.html").read().status(), "answered with the name server silent");
            dns.release();
            Eventually.holds(() -> statusSeenFromClient(fixture).contains("<td>" + CLIENT_NAME + "</td>"),
                    "the status page's Client column names the client");
            assertEquals(200, early.get("/small.html").read().status());
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals("127.0.0.2 127.0.0.2 /index.html", lines.get(0), "logged by address: no name yet");
        assertEquals(CLIENT_NAME + " 127.0.0.2 /small.html", lines.get(lines.size() - 1),
                "the same connection's later request carries the name; %a stays the address");
    }

    @Test
    void offAsksNoNameServer() throws Exception {
        Path log = base.resolve("access.log");
        try (ServerFixture fixture = ServerFixture.start("epoll", ServerFixture.site(base), settings("off", log));
             RawClient connection = new RawClient(fixture.port(), client)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, connection.get("/index.html").read().status());
            }
        }
        assertEquals(0, dns.questions());
        assertEquals(List.of("127.0.0.2 127.0.0.2 /index.html"), Files.readAllLines(log).subList(0, 1));
    }

    private Map<String, Object> settings(String lookups, Path log) {
        return Map.of("hostname-lookups", lookups,
                "dns.resolvers", List.of("127.0.0.1:" + dns.address().getPort()),
                "access-log.enabled", true, "access-log.path", log.toString(), "access-log.format", "%h %a %U",
                "status.allow", List.of("127.0.0.0/8"));
    }

    /** The status page as a new connection from the client sees it: its own request is in the worker table. */
    private String statusSeenFromClient(ServerFixture fixture) {
        try (RawClient probe = new RawClient(fixture.port(), client)) {
            return probe.get("/server-status").read().text();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
