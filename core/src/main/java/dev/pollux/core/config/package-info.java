/**
 * Loading and validating the HOCON configuration under the root {@code pollux}, and reading it into the
 * core module's immutable {@link dev.pollux.core.config.CoreSettings}.
 *
 * <p>Runs at start and at each graceful restart, on the thread that starts or restarts the server. Errors are
 * typesafe-config {@link com.typesafe.config.ConfigException}s whose message names the key, the file and line, and
 * what is allowed.
 */
package dev.pollux.core.config;
