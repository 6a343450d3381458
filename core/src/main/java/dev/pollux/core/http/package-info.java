/**
 * HTTP semantics independent of threads and sockets, and the API an embedding application writes against: the
 * {@link dev.pollux.core.http.Handler} contract, the {@link dev.pollux.core.http.Request} a worker receives (its
 * body a stream the poller fills), the {@link dev.pollux.core.http.Response} it returns (bytes, a file, a stream it
 * writes, or an answer that comes later), the {@link dev.pollux.core.http.Router}, error pages, and the {@link
 * dev.pollux.core.http.HandlerProvider} service through which modules add handlers.
 *
 * <p>Requests and responses are confined to the worker thread that runs the handler (a later answer, to the
 * thread that completes it); the error pages, routers and handler chain are immutable and safe from any thread.
 */
package dev.pollux.core.http;
