/**
 * HTTP semantics independent of threads and sockets: the {@link dev.pollux.core.http.Handler} contract, the
 * request a worker receives and the response it returns, error pages, and the {@link
 * dev.pollux.core.http.HandlerProvider} service through which modules add handlers.
 *
 * <p>Requests and responses are confined to the worker thread that runs the handler; the error pages and
 * handler chain are immutable and safe from any thread.
 */
package dev.pollux.core.http;
