package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.tools.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class RunningRequestsTest {
    /**
     * A cancellation racing with the end of its request either drops the response or leaves nothing
     * behind: a mark left after the response went out would never be consumed.
     */
    @Test
    void aCancellationRacingTheResponseLeavesNoMark() throws Exception {
        RunningRequests running = new RunningRequests();
        for (int request = 0; request < 20_000; request++) {
            int id = request;
            RunningRequests.Registration registration = running.register("session", id, new Cancellation());
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<Boolean> responded = CompletableFuture.supplyAsync(() -> {
                await(start);
                registration.close();
                // What a transport does when the response comes: send it unless it was cancelled.
                return !running.consumeCancelled("session", id);
            });
            CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> {
                await(start);
                running.cancel("session", id);
            });
            cancelled.get();
            if (responded.get()) {
                assertThat(running.consumeCancelled("session", id))
                        .as("a mark left for request %d, whose response was already sent", id).isFalse();
            }
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
