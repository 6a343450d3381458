package dev.pollux.mpm.dns;

import dev.pollux.core.config.SettingsReader;

/** httpd's {@code HostnameLookups}: whether client addresses are turned into names for the access log. */
public enum HostnameLookups {
    /** Client addresses are logged as IP addresses; nothing is resolved. */
    OFF,
    /** The client's name from /etc/hosts or a PTR query. */
    ON,
    /** As {@link #ON}, but the name counts only if it resolves forward to the client's address again. */
    DOUBLE;

    private static final String KEY = "pollux.hostname-lookups";

    /**
     * Reads {@code hostname-lookups}. HOCON makes a boolean of an unquoted {@code true} or {@code false}, and
     * httpd's {@code On} and {@code Off} are read as booleans elsewhere, so both spellings are taken.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static HostnameLookups read(SettingsReader reader) {
        return switch (reader.string(KEY)) {
            case "off", "false" -> OFF;
            case "on", "true" -> ON;
            case "double" -> DOUBLE;
            default -> throw reader.invalid(KEY, "must be off, on or double");
        };
    }
}
