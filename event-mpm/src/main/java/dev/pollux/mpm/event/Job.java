package dev.pollux.mpm.event;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A complete request on its way from a poller to a worker through the dispatch queue.
 *
 * @param connection the connection to answer on
 * @param request    the decoded request; the worker releases it
 * @param served     requests on the connection, this one included
 * @param exchange   the request and when the poller dispatched it
 */
record Job(Connection connection, FullHttpRequest request, int served, Exchange exchange) {
}
