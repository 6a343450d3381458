/**
 * The server-status page: httpd's mod_status over Pollux's scoreboard, as HTML, as {@code ?auto} lines that
 * apache_exporter and other parsers of httpd read unchanged, as JSON and as Prometheus metrics.
 *
 * <p>Threading: {@link dev.pollux.status.StatusHandlerProvider} runs once at start. The handler it builds runs
 * on worker threads, concurrently; it reads the scoreboard without locks (each slot and poller counter is a
 * volatile value its owner keeps writing) and never writes it, so it costs workers and pollers nothing. One
 * daemon thread, {@code pollux-status-sampler}, samples the request total every five seconds for the sparkline.
 * Everything else in the package is immutable or confined to the request being rendered.
 */
package dev.pollux.status;
