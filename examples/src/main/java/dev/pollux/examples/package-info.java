/**
 * Pollux embedded in an application: handlers for a greeting ({@link dev.pollux.examples.Hello}), a JSON
 * endpoint ({@link dev.pollux.examples.Greeting}), an upload streamed to a file ({@link dev.pollux.examples.Upload})
 * and a generated download streamed to the client ({@link dev.pollux.examples.Download}), routed together and
 * started by {@link dev.pollux.examples.ExampleApp} on the {@code pollux} block of {@code application.conf}. Every
 * handler runs on a worker thread and may block.
 */
package dev.pollux.examples;
