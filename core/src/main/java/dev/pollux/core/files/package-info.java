/**
 * Static files: mapping request paths safely onto the document root and its aliases, media types from
 * {@code mime.types}, directory indexes and listings, validators and conditional requests, byte ranges,
 * precompressed and language variants and the negotiation that chooses them.
 *
 * <p>{@link dev.pollux.core.files.StaticFileHandler} runs on worker threads, because it stats, lists and opens
 * files; the poller only sends the bodies. Everything here is immutable after construction, but the file cache,
 * which workers share lock-free.
 */
package dev.pollux.core.files;
