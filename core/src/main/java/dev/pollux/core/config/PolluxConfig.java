package dev.pollux.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates the {@code pollux} configuration: standalone from a file such as
 * {@code conf/pollux.conf}, or embedded from an application's own {@code application.conf}. The defaults come
 * from the {@code reference.conf} of every Pollux module on the class path; nothing else holds a default.
 */
public final class PolluxConfig {

    /** The root every Pollux key lives under. */
    public static final String ROOT = "pollux";

    private PolluxConfig() {
    }

    /**
     * Reads {@code file} (which may {@code include} others), lays {@code overrides} (key to HOCON value, the
     * launcher's {@code -D}) over it and the module references under it, and validates the result.
     *
     * @throws ConfigException naming the key, the file and line, and what is allowed
     */
    public static Config load(Path file, Map<String, String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException.IO(ConfigFactory.empty(file.toString()).origin(), "cannot read the file");
        }
        Config fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = ConfigFactory.empty();
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String key = override.getKey().startsWith(ROOT + ".") ? override.getKey() : ROOT + "." + override.getKey();
            Config one = ConfigFactory.parseString(key + " = " + override.getValue(),
                    ConfigParseOptions.defaults().setOriginDescription("command line -D " + override.getKey()));
            merged = merged.withFallback(one);
        }
        return validate(merged.withFallback(fromFile));
    }

    /**
     * Lays the module references under {@code config}, resolves substitutions and validates: every key under
     * {@code pollux} must be one a module defines, with the type its reference gives.
     *
     * @throws ConfigException naming the key, the file and line, and what is allowed
     */
    public static Config validate(Config config) {
        Config reference = ConfigFactory.defaultReference();
        Config resolved = config.withFallback(reference).resolve();
        rejectUnknownKeys(resolved, reference);
        resolved.checkValid(reference, ROOT);
        return resolved;
    }

    private static void rejectUnknownKeys(Config config, Config reference) {
        if (!config.hasPath(ROOT)) {
            return;
        }
        List<ConfigException.ValidationProblem> problems = new ArrayList<>();
        List<String> known = reference.getConfig(ROOT).entrySet().stream().map(Map.Entry::getKey).toList();
        for (Map.Entry<String, ConfigValue> entry : config.getConfig(ROOT).entrySet()) {
            String key = entry.getKey();
            if (!reference.hasPathOrNull(ROOT + "." + key) && !inOpenMap(reference, ROOT + "." + key)) {
                problems.add(new ConfigException.ValidationProblem(ROOT + "." + key, entry.getValue().origin(),
                        "unknown key" + suggestion(key, known)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException.ValidationFailed(problems);
        }
    }

    /**
     * Whether {@code path} lies under a key whose reference value is an empty object: a map the user fills, such as
     * {@code error-document { 404 = ... }}, whose own keys no reference can list.
     */
    private static boolean inOpenMap(Config reference, String path) {
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            String parent = path.substring(0, dot);
            if (reference.hasPath(parent)) {
                return reference.getValue(parent) instanceof ConfigObject object && object.isEmpty();
            }
        }
        return false;
    }

    private static String suggestion(String key, List<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(k -> distance(k, key)))
                .filter(k -> distance(k, key) <= Math.max(2, key.length() / 3))
                .map(k -> " (did you mean '" + ROOT + "." + k + "'?)")
                .orElse("");
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
