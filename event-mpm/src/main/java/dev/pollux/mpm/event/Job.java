package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.WorkerSlot;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Complete requests of one connection on their way from its poller to a worker through the dispatch queue: the
 * next request, and those pipelined right behind it (HTTP/1), or one stream's request (HTTP/2). The worker answers
 * them one after another, in order, and hands the responses back together, as httpd's worker serves pipelined
 * requests before returning the connection to the listener; responses never reorder and no two requests of an
 * HTTP/1 connection run at once.
 *
 * @param origin        the connection or stream to answer on
 * @param processor     the processor of the generation the requests arrived under
 * @param requests      the decoded requests, in arrival order; the worker releases them
 * @param firstServed   requests on the connection up to and including the first of these
 * @param arrivalNanos  {@link System#nanoTime()} when the poller dispatched them
 * @param arrivalMillis wall-clock time of the same moment
 */
record Job(Origin origin, RequestProcessor processor, List<FullHttpRequest> requests, int firstServed,
           long arrivalNanos, long arrivalMillis) {

    private static final Logger log = LoggerFactory.getLogger(Job.class);

    /** Runs the job on a worker that holds {@code slot}; a failure closes the connection and is logged. */
    void run(WorkerSlot slot) {
        try {
            processor.process(this, slot);
        } catch (RuntimeException | Error e) {
            log.error("Worker failed on {}; the connection is closed", requests.get(0).uri(), e);
            origin.jobFailed();
        }
    }
}
