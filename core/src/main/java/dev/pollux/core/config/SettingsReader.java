package dev.pollux.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Reads typed values out of a validated configuration and checks their ranges. Every failure is a {@link
 * ConfigException} that names the key, the file and line it came from, and what is allowed, e.g.
 * {@code conf/pollux.conf: 12: Invalid value at 'pollux.keep-alive-timeout': must be between 0 s and 1 h}.
 */
public final class SettingsReader {

    private final Config config;
    /** How errors name this reader's keys: empty at the root, {@code pollux.alias[2].} for a list's object. */
    private final String prefix;

    public SettingsReader(Config config) {
        this(config, "");
    }

    private SettingsReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** Whether {@code path} is set (to anything but null). */
    public boolean has(String path) {
        return config.hasPath(path);
    }

    /**
     * A list of objects, each with its own reader whose errors name the element, e.g.
     * {@code pollux.redirect[1].status}.
     */
    public List<SettingsReader> objects(String path) {
        List<? extends Config> elements = config.getConfigList(path);
        List<SettingsReader> readers = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            readers.add(new SettingsReader(elements.get(i), prefix + path + "[" + i + "]."));
        }
        return readers;
    }

    /** The configuration this reader reads, for keys whose shape a record cannot describe (maps). */
    public Config config() {
        return config;
    }

    public boolean bool(String path) {
        return config.getBoolean(path);
    }

    public String string(String path) {
        return config.getString(path);
    }

    /** A list of strings, empty or not. */
    public List<String> strings(String path) {
        return config.getStringList(path);
    }

    /** An integer from {@code min} to {@code max}, inclusive. */
    public int intBetween(String path, int min, int max) {
        int value = config.getInt(path);
        check(path, value >= min && value <= max, "must be an integer from " + min + " to " + max);
        return value;
    }

    /** A number from {@code min} to {@code max}, inclusive. */
    public double doubleBetween(String path, double min, double max) {
        double value = config.getDouble(path);
        check(path, value >= min && value <= max, "must be a number from " + min + " to " + max);
        return value;
    }

    /** A duration with a unit ({@code 5 s}, {@code 250 ms}) from {@code min} to {@code max}. */
    public Duration durationBetween(String path, Duration min, Duration max) {
        Duration value = config.getDuration(path);
        check(path, value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
                "must be a duration from " + describe(min) + " to " + describe(max) + ", with a unit such as 5 s");
        return value;
    }

    /** A size with a unit ({@code 64 KiB}) from {@code min} to {@code max} bytes. */
    public long bytesBetween(String path, long min, long max) {
        long value = config.getBytes(path);
        check(path, value >= min && value <= max,
                "must be a size from " + min + " to " + max + " bytes, with a unit such as 64 KiB");
        return value;
    }

    /** One of {@code values}' lower-case names, e.g. {@code transport = epoll}. */
    public <E extends Enum<E>> E oneOf(String path, Class<E> type) {
        String value = config.getString(path);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw invalid(path, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** A file system path; a relative one is resolved against {@code base}. */
    public Path path(String path, Path base) {
        String value = config.getString(path);
        check(path, !value.isBlank(), "must name a path");
        return base.resolve(value).normalize();
    }

    /** Each element of a string list, checked by {@code valid}. */
    public List<String> stringsMatching(String path, Predicate<String> valid, String allowed) {
        List<String> values = config.getStringList(path);
        for (String value : values) {
            check(path, valid.test(value), "'" + value + "' is not allowed: " + allowed);
        }
        return values;
    }

    /** Fails with the key, its origin and {@code allowed} unless {@code ok}. */
    public void check(String path, boolean ok, String allowed) {
        if (!ok) {
            throw invalid(path, allowed);
        }
    }

    /** The error for an invalid value at {@code path}, naming where it was set. */
    public ConfigException invalid(String path, String allowed) {
        ConfigValue value = config.getValue(path);
        return new ConfigException.BadValue(value.origin(), prefix + path, allowed);
    }

    private static String describe(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + " ms";
        }
        return duration.toSeconds() + " s";
    }
}
