package dev.pollux.status;

import com.typesafe.config.Config;
import dev.pollux.core.config.SettingsReader;

/**
 * The status module's settings, read once at start from {@code pollux.status}.
 *
 * @param location {@code status.location}: the page's path, starting with {@code /}, without a trailing one
 * @param allow    {@code status.allow}: the clients that may read it
 */
public record StatusSettings(String location, AllowList allow) {

    private static final String LOCATION = "pollux.status.location";
    private static final String ALLOW = "pollux.status.allow";

    /**
     * Reads a configuration that {@code PolluxConfig} validated.
     *
     * @throws com.typesafe.config.ConfigException naming the key, where it was set and what is allowed
     */
    public static StatusSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        String location = reader.string(LOCATION);
        reader.check(LOCATION, validLocation(location),
                "must be a path that starts with '/', does not end with '/' and holds no '?', '#' or spaces,"
                        + " e.g. /server-status");
        return new StatusSettings(location, AllowList.of(reader.stringsMatching(ALLOW, AllowList::isValid,
                AllowList.ALLOWED)));
    }

    private static boolean validLocation(String location) {
        return location.length() > 1 && location.startsWith("/") && !location.endsWith("/")
                && location.chars().noneMatch(c -> c == '?' || c == '#' || c <= ' ' || c == 0x7f);
    }
}
