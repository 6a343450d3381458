/**
 * The event MPM: pollers (Netty event loops over epoll, kqueue, NIO or io_uring) that own the listeners and
 * every connection while it waits, and a worker pool that runs handlers.
 *
 * <p>Two protocols' connections run here as state machines over the same timeout queues and worker hand-off:
 * HTTP/1's {@link dev.pollux.mpm.event.Connection} and HTTP/2's {@link dev.pollux.mpm.event.Http2Connection}
 * with its {@link dev.pollux.mpm.event.Http2Stream}s. The poller sees either as a {@code PolledConnection}, a
 * worker answers either through an {@code Origin}; the protocols' own rules live in {@code dev.pollux.mpm.http1}
 * and {@code dev.pollux.mpm.h2}, TLS in {@code dev.pollux.mpm.tls}.
 *
 * <p>Threads: {@code pollux-poller-N} runs the connections, {@code Poller}, {@code TimeoutQueue}, the pipeline
 * and TLS, and makes no blocking call of its own (no stat, open, DNS or lock); a
 * sendfile of a file not in the page cache, and the chunked reads used when sendfile and mmap are both off, can
 * still wait for the disk there, as in nginx; {@code pollux-worker-N} runs {@code RequestProcessor}
 * and the handlers, which may block, and hands each response back to its poller as one task;
 * {@code pollux-maintenance} adjusts the number of workers once a second and closes drained generations. Bodies
 * cross between the two through bounded buffers: a request's {@code RequestBodyStream}, filled by the poller and
 * read by the handler, and a response's {@code ResponseBodyStream}, written by the worker and pulled by the
 * poller; only the worker ever waits on them.
 *
 * <p>Settings are read once per {@code Generation}, an immutable snapshot of one configuration with the handler
 * chain and access log built from it; a graceful restart puts a new one in force, and each connection takes it up
 * between requests. {@link dev.pollux.mpm.event.PolluxServer} is the public entry point for starting, restarting
 * and stopping a server.
 */
package dev.pollux.mpm.event;
