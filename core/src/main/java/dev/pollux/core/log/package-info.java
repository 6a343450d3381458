/**
 * The access log, httpd's {@code mod_log_config} {@code CustomLog}: {@link dev.pollux.core.log.LogFormat}
 * compiles a {@code LogFormat} string once at start, {@link dev.pollux.core.log.AccessLogEntry} records what a
 * finished request needs for any format, and {@link dev.pollux.core.log.AccessLog} writes the lines to a file.
 *
 * <p>Threading: {@link dev.pollux.core.log.AccessLog#log} is called by poller threads (Netty event loops) and
 * worker threads when a response is complete; it only offers the entry to a lock-free queue, so it never
 * blocks, locks or makes a system call. One daemon thread, {@code pollux-access-log}, drains the queue, formats
 * and writes the lines and flushes them at least once a second. {@link dev.pollux.core.log.AccessLog#open} and
 * {@link dev.pollux.core.log.AccessLog#close} are called once each by the thread that starts and stops the
 * server; {@code close} blocks until every entry logged before it is in the file. A
 * {@link dev.pollux.core.log.LogFormat} is immutable and safe from any thread.
 */
package dev.pollux.core.log;
