package dev.pollux.mpm.launcher;

import com.typesafe.config.Config;
import dev.pollux.core.config.CoreSettings;
import dev.pollux.core.config.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the launcher reads from the configuration, beside the server's own settings.
 *
 * @param pidFile                 {@code pid-file}, absolute
 * @param errorLog                {@code error-log}, absolute: where {@code -k start} sends the server's console
 * @param gracefulShutdownTimeout {@code graceful-shutdown-timeout}, which bounds how long {@code -k graceful-stop}
 *                                waits
 */
record LauncherSettings(Path pidFile, Path errorLog, Duration gracefulShutdownTimeout) {

    /**
     * Reads a configuration that {@link dev.pollux.core.config.PolluxConfig} validated.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    static LauncherSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        Path root = CoreSettings.from(config).serverRoot();
        return new LauncherSettings(reader.path("pollux.pid-file", root), reader.path("pollux.error-log", root),
                reader.durationBetween("pollux.graceful-shutdown-timeout", Duration.ZERO, Duration.ofHours(1)));
    }
}
