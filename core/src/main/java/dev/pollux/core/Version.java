package dev.pollux.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The product's name and version, as the build stamped them; {@code Server: Pollux/X.Y.Z}. */
public final class Version {

    /** {@code X.Y.Z}: three numeric parts, which apache_exporter requires of the status page. */
    public static final String NUMBER;
    /** The build time, ISO-8601 UTC, for the status page's "Server Built". */
    public static final String BUILT;
    /** The product token of the {@code Server} header. */
    public static final String SERVER_TOKEN;

    static {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the pollux-core jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NUMBER = properties.getProperty("version");
        BUILT = properties.getProperty("built");
        SERVER_TOKEN = "Pollux/" + NUMBER;
    }

    private Version() {
    }
}
