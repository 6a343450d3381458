/**
 * Sites: the server's own and its name-based virtual hosts, each with its document root, redirects, error
 * documents, compression, keep-alive rules and access log; the choice of a site by the request's host; TRACE.
 * Everything here is built once per generation and immutable; handlers run on worker threads, never on a poller.
 */
package dev.pollux.core.site;
