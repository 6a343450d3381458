package dev.pollux.mpm.tls;

import com.typesafe.config.Config;
import dev.pollux.core.config.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code ssl} keys, mod_ssl's directives in kebab-case, read once per generation.
 *
 * @param certificateFile    {@code ssl.certificate-file}: PEM, the server's certificate first, then its chain
 * @param keyFile            {@code ssl.certificate-key-file}: PEM, the certificate's private key (PKCS#8)
 * @param protocols          {@code ssl.protocols}: TLSv1.2 and TLSv1.3 by default
 * @param ciphers            {@code ssl.ciphers}: cipher suites by their IANA names; empty for the default, the
 *                           suites HTTP/2 allows (forward-secret AEAD only)
 * @param sessionCacheSize   {@code ssl.session-cache-size}: sessions kept for resumption; 0 for the engine's default
 * @param sessionTimeout     {@code ssl.session-timeout}: how long a session may be resumed (SSLSessionCacheTimeout)
 * @param engine             {@code ssl.engine}
 */
public record TlsSettings(Path certificateFile, Path keyFile, List<String> protocols, List<String> ciphers,
                          long sessionCacheSize, Duration sessionTimeout, Engine engine) {

    /** Which implementation does TLS. */
    public enum Engine {
        /** BoringSSL where netty-tcnative's native library loads here, else the JDK. */
        AUTO,
        /** BoringSSL, or a configuration error where it does not load. */
        OPENSSL,
        /** The JDK's SSLEngine. */
        JDK
    }

    static final String CERTIFICATE_FILE = "pollux.ssl.certificate-file";
    static final String KEY_FILE = "pollux.ssl.certificate-key-file";
    private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    /**
     * Reads the {@code ssl} keys; the files are resolved against {@code serverRoot} and must be readable.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static TlsSettings from(Config config, Path serverRoot) {
        SettingsReader reader = new SettingsReader(config);
        Path certificate = readableFile(reader, CERTIFICATE_FILE, serverRoot);
        Path key = readableFile(reader, KEY_FILE, serverRoot);
        List<String> protocols = reader.stringsMatching("pollux.ssl.protocols", PROTOCOLS::contains,
                "TLSv1.2, TLSv1.3");
        reader.check("pollux.ssl.protocols", !protocols.isEmpty(), "at least one of TLSv1.2, TLSv1.3");
        return new TlsSettings(certificate, key, List.copyOf(protocols),
                List.copyOf(reader.strings("pollux.ssl.ciphers")),
                reader.intBetween("pollux.ssl.session-cache-size", 0, 10_000_000),
                reader.durationBetween("pollux.ssl.session-timeout", Duration.ofSeconds(1), Duration.ofDays(1)),
                reader.oneOf("pollux.ssl.engine", Engine.class));
    }

    private static Path readableFile(SettingsReader reader, String key, Path serverRoot) {
        reader.check(key, !reader.string(key).isBlank(), "must name a PEM file when ssl.listen is set");
        Path file = reader.path(key, serverRoot);
        reader.check(key, Files.isRegularFile(file) && Files.isReadable(file), "cannot read " + file);
        return file;
    }
}
