/**
 * The {@code pollux} command line: parses httpd-style flags, loads and checks the configuration, starts a
 * {@link dev.pollux.mpm.event.PolluxServer} and stops it gracefully on a signal. Runs on the main thread and the
 * JVM's shutdown-hook thread.
 */
package dev.pollux.mpm.launcher;
