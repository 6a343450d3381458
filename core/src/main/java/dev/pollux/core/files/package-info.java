/**
 * Static files: mapping request paths safely onto the document root, media types from {@code mime.types},
 * directory indexes, validators and conditional requests.
 *
 * <p>{@link dev.pollux.core.files.StaticFileHandler} runs on worker threads, because it stats and opens files;
 * the poller only sends the bodies. Everything here is immutable after construction.
 */
package dev.pollux.core.files;
