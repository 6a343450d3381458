/**
 * The event MPM: pollers (Netty event loops over epoll, kqueue, NIO or io_uring) that own the listeners and
 * every connection while it waits, and a worker pool that runs handlers.
 *
 * <p>Threads: {@code pollux-poller-N} runs {@link dev.pollux.mpm.event.Connection}, {@code Poller},
 * {@code TimeoutQueue} and the pipeline and makes no blocking call of its own (no stat, open, DNS or lock); a
 * sendfile of a file not in the page cache, and the chunked reads used when sendfile and mmap are both off, can
 * still wait for the disk there, as in nginx; {@code pollux-worker-N} runs {@code RequestProcessor}
 * and the handlers, which may block, and hands each response back to its poller as one task;
 * {@code pollux-maintenance} adjusts the number of workers once a second and closes drained generations.
 *
 * <p>Settings are read once per {@code Generation}, an immutable snapshot of one configuration with the handler
 * chain and access log built from it; a graceful restart puts a new one in force, and each connection takes it up
 * between requests. {@link dev.pollux.mpm.event.PolluxServer} is the public entry point for starting, restarting
 * and stopping a server.
 */
package dev.pollux.mpm.event;
