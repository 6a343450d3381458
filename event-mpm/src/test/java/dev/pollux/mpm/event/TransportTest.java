package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransportTest {

    @TempDir
    Path docroot;

    @Test
    void autoChoosesEpollOnLinux() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "Linux only");
        try (ServerFixture fixture = ServerFixture.start("auto", ServerFixture.site(docroot), Map.of());
             RawClient client = fixture.connect()) {
            assertEquals("epoll", fixture.server.transport());
            assertEquals(200, client.get("/").read().status());
        }
    }

    @Test
    void nioIsUsedWhenAskedFor() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("nio", ServerFixture.site(docroot), Map.of())) {
            assertEquals("nio", fixture.server.transport());
        }
    }
}
