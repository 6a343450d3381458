package dev.pollux.mpm.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.config.SettingsReader;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsSettingsTest {

    @Test
    @Timeout(10)
    void readsIpv4AndBracketedIpv6NameServers() {
        DnsSettings settings = DnsSettings.from(config("pollux.dns.resolvers = [\"10.0.0.53:53\", \"[::1]:5353\"]"));
        assertEquals(List.of(new InetSocketAddress("10.0.0.53", 53), new InetSocketAddress("::1", 5353)),
                settings.resolvers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.53", "ns.example:53", "::1:53", "[::1]", "[10.0.0.53]:53", "10.0.0.53:0",
        "10.0.0.53:+53", "10.0.0.53:65536", "[]:53"})
    @Timeout(10)
    void refusesANameServerNamingTheEntry(String entry) {
        String message = failure("pollux.dns.resolvers = [\"127.0.0.1:53\", \"" + entry + "\"]");
        assertContains(message, "pollux.dns.resolvers", "'" + entry + "'", "String: 1");
    }

    @Test
    @Timeout(10)
    void refusesANegativeTtlBelowOneSecond() {
        assertContains(failure("pollux.dns.negative-ttl = -5 s"), "pollux.dns.negative-ttl", "String: 1");
    }

    @ParameterizedTest
    @CsvSource({"off, OFF", "false, OFF", "on, ON", "true, ON", "double, DOUBLE"})
    @Timeout(10)
    void readsHostnameLookupsAsHttpdSpellsIt(String value, HostnameLookups expected) {
        assertEquals(expected, HostnameLookups.read(new SettingsReader(config("pollux.hostname-lookups = " + value))));
    }

    @Test
    @Timeout(10)
    void refusesAnotherHostnameLookupsValue() {
        SettingsReader reader = new SettingsReader(config("pollux.hostname-lookups = maybe"));
        ConfigException failure = assertThrows(ConfigException.class, () -> HostnameLookups.read(reader));
        assertContains(failure.getMessage(), "pollux.hostname-lookups", "off, on or double", "String: 1");
    }

    private static String failure(String text) {
        Config config = config(text);
        return assertThrows(ConfigException.class, () -> DnsSettings.from(config)).getMessage();
    }

    private static Config config(String text) {
        return PolluxConfig.validate(ConfigFactory.parseString(text));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' in: " + message);
        }
    }
}
