package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusSettingsTest {

    private static Config config(String hocon) {
        Config file = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription("test.conf"));
        return file.withFallback(ConfigFactory.defaultReference()).resolve();
    }

    private static InetSocketAddress client(String ip) {
        return new InetSocketAddress(ip, 40000);
    }

    @Test
    void defaultsToServerStatusForLoopbackOnly() {
        StatusSettings settings = StatusSettings.from(ConfigFactory.defaultReference());
        assertEquals("/server-status", settings.location());
        assertTrue(settings.allow().allows(client("127.0.0.1")));
        assertTrue(settings.allow().allows(client("::1")));
        assertFalse(settings.allow().allows(client("127.0.0.2")));
        assertFalse(settings.allow().allows(client("192.0.2.1")));
        assertFalse(settings.allow().allows(client("2001:db8::1")));
    }

    @Test
    void matchesIpv4AndIpv6Blocks() {
        AllowList allow = AllowList.of(List.of("10.0.0.0/8", "192.0.2.7", "fd00::/8"));
        assertTrue(allow.allows(client("10.255.1.2")));
        assertFalse(allow.allows(client("11.0.0.1")));
        assertTrue(allow.allows(client("192.0.2.7")));
        assertFalse(allow.allows(client("192.0.2.8")));
        assertTrue(allow.allows(client("fd12:3456::1")));
        assertFalse(allow.allows(client("fe80::1")));
        assertFalse(allow.allows(InetSocketAddress.createUnresolved("10.0.0.1", 80)));
        assertFalse(allow.allows(null));
    }

    @Test
    void anEmptyListDeniesEveryone() {
        StatusSettings settings = StatusSettings.from(config("pollux.status.allow = []"));
        assertFalse(settings.allow().allows(client("127.0.0.1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "example.com", "10.0.0.1/x", "10.0.0.1/", "10.0.0/8",
            "10.0.0.0/-1", "", "10.0.0.0/8/8", "10.0.0.0 /8"})
    void rejectsAnAllowEntryThatIsNoCidrBlock(String entry) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StatusSettings.from(config("pollux.status.allow = [\"" + entry + "\"]")));
        assertTrue(e.getMessage().contains("pollux.status.allow"), e.getMessage());
        assertTrue(e.getMessage().contains("test.conf: 1"), e.getMessage());
        assertTrue(e.getMessage().contains("IPv4 or IPv6"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-status", "/server-status/", "/", "/status?x", "/a b"})
    void rejectsALocationThatIsNoPlainPath(String location) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> StatusSettings.from(config("pollux.status.location = \"" + location + "\"")));
        assertTrue(e.getMessage().contains("pollux.status.location"), e.getMessage());
        assertTrue(e.getMessage().contains("test.conf: 1"), e.getMessage());
    }

    @Test
    void readsAConfiguredLocation() {
        assertEquals("/status/pollux", StatusSettings.from(config("pollux.status.location = /status/pollux"))
                .location());
    }
}
