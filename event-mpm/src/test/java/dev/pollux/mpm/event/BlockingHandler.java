package dev.pollux.mpm.event;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** An application handler on {@code /block} that holds its worker until the test releases it. */
final class BlockingHandler implements Handler {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Semaphore entered = new Semaphore(0);

    @Override
    public Response handle(Request request) throws InterruptedException {
        if (!request.rawPath().equals("/block")) {
            return null;
        }
        entered.release();
        if (!release.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never released the handler");
        }
        return Response.text(HttpResponseStatus.OK, "text/plain", "released", StandardCharsets.UTF_8);
    }

    /** Waits until {@code count} more requests are inside the handler. */
    void awaitEntered(int count) throws InterruptedException {
        if (!entered.tryAcquire(count, 10, TimeUnit.SECONDS)) {
            throw new AssertionError("handler not entered " + count + " time(s)");
        }
    }

    /** Whether another request enters the handler within {@code millis}. */
    boolean entersWithin(int millis) throws InterruptedException {
        return entered.tryAcquire(1, millis, TimeUnit.MILLISECONDS);
    }

    void release() {
        release.countDown();
    }
}
