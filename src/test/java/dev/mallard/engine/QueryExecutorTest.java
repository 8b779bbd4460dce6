package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How many calls the workers run at once: a few short ones, more beside long ones, in the order they came. */
class QueryExecutorTest {
    private static final Duration NEVER_LONG = Duration.ofHours(1);
    private static final Duration LIMIT = Duration.ofMinutes(1);

    private final List<Thread> callers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private QueryExecutor executor;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        executor.close();
    }

    /** Starts a call on a caller thread of its own that runs until {@link #release}; counts it down once started. */
    private void blockingCall(CountDownLatch started) {
        call(() -> {
            started.countDown();
            release.await();
            return null;
        }, QueryControl.unobserved(), LIMIT);
    }

    private void call(java.util.concurrent.Callable<Object> work, QueryControl control, Duration timeout) {
        Thread caller = Thread.ofVirtual().start(() -> executor.run(work, control, timeout));
        callers.add(caller);
    }

    @Test
    void shortCallsBeyondThoseThatRunAtOnceWaitForOneToEnd() throws InterruptedException {
        executor = new QueryExecutor(4, 16, 0, 2, NEVER_LONG);
        CountDownLatch firstTwo = new CountDownLatch(2);
        CountDownLatch ends = new CountDownLatch(1);
        call(() -> {
            firstTwo.countDown();
            ends.await();
            return null;
        }, QueryControl.unobserved(), LIMIT);
        blockingCall(firstTwo);
        assertThat(firstTwo.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch third = new CountDownLatch(1);
        blockingCall(third);
        assertThat(third.await(300, TimeUnit.MILLISECONDS)).as("a third short call waits").isFalse();
        ends.countDown();
        assertThat(third.await(10, TimeUnit.SECONDS)).as("and starts when one of the two ends").isTrue();
    }

    @Test
    void aCallThatHasRunLongLetsAnotherStartBesideIt() throws InterruptedException {
        Duration longCall = Duration.ofMillis(200);
        executor = new QueryExecutor(4, 16, 0, 2, longCall);
        CountDownLatch firstTwo = new CountDownLatch(2);
        blockingCall(firstTwo);
        blockingCall(firstTwo);
        assertThat(firstTwo.await(10, TimeUnit.SECONDS)).isTrue();
        long twoRunning = System.nanoTime();

        AtomicLong thirdStarted = new AtomicLong();
        CountDownLatch third = new CountDownLatch(1);
        call(() -> {
            thirdStarted.set(System.nanoTime());
            third.countDown();
            return null;
        }, QueryControl.unobserved(), LIMIT);
        assertThat(third.await(10, TimeUnit.SECONDS)).as("starts while the two long ones still run").isTrue();
        assertThat(Duration.ofNanos(thirdStarted.get() - twoRunning)).as("once they count as long")
                .isGreaterThanOrEqualTo(longCall.minusMillis(50));
        // All four workers can be busy beside long calls.
        CountDownLatch fourth = new CountDownLatch(1);
        blockingCall(fourth);
        assertThat(fourth.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void thePoolShrinksBackOnceTheLongCallsHaveEnded() throws InterruptedException {
        executor = new QueryExecutor(4, 16, 0, 1, Duration.ofMillis(100));
        CountDownLatch three = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            blockingCall(three);
        }
        assertThat(three.await(10, TimeUnit.SECONDS)).as("each starts once the ones before run long").isTrue();
        assertThat(executor.workersTakingCalls()).as("one more beside each long call").isGreaterThanOrEqualTo(3);
        release.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (executor.workersTakingCalls() > 1 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(executor.workersTakingCalls()).isEqualTo(1);
    }

    @Test
    void waitingCallsTakeTheirTurnsInTheOrderTheyCame() throws InterruptedException {
        executor = new QueryExecutor(4, 16, 0, 1, NEVER_LONG);
        CountDownLatch first = new CountDownLatch(1);
        blockingCall(first);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(3);
        for (String name : List.of("a", "b", "c")) {
            call(() -> {
                order.add(name);
                all.countDown();
                return null;
            }, QueryControl.unobserved(), LIMIT);
            Thread.sleep(100); // in line before the next one comes
        }
        release.countDown();
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("a", "b", "c");
    }

    @Test
    void withAsManyPlacesAsWorkersEveryWorkerRunsAtOnce() throws InterruptedException {
        executor = new QueryExecutor(3, 16, 0, 3, NEVER_LONG);
        CountDownLatch all = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            blockingCall(all);
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
