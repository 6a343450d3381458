/**
 * The {@code pollux} command line: parses httpd-style flags, loads and checks the configuration, and either
 * serves in the foreground ({@link dev.pollux.mpm.launcher.Main}: PID file, SIGTERM graceful stop, SIGHUP graceful
 * restart through {@code Reloader}, SIGINT immediate stop) or controls the server of a configuration that already
 * runs ({@code -k}, {@code Control}). Runs on the main thread and on the threads the JVM starts for signals.
 */
package dev.pollux.mpm.launcher;
