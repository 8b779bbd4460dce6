package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import dev.mallard.testing.TestingClock;
import org.junit.jupiter.api.Test;

/** The per-name lock after repeated wrong passwords, on a clock the test moves. */
class LoginThrottleTest {
    private final TestingClock clock = new TestingClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private void fail(String name, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(name);
        }
    }

    @Test
    void fourFailuresAreFreeAndTheFifthLocksForThirtySeconds() {
        fail("alice", 4);
        assertThat(throttle.lockedFor("alice")).isEmpty();
        fail("alice", 1);
        assertThat(throttle.lockedFor("alice")).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.lockedFor("alice")).isEmpty();
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToFifteenMinutes() {
        fail("alice", 6);
        assertThat(throttle.lockedFor("alice")).contains(Duration.ofSeconds(60));
        fail("alice", 1);
        assertThat(throttle.lockedFor("alice")).contains(Duration.ofSeconds(120));
        fail("alice", 20);
        assertThat(throttle.lockedFor("alice")).contains(Duration.ofMinutes(15));
    }

    @Test
    void successForgetsTheFailuresAndNamesCompareWithoutCase() {
        fail("Alice", 5);
        assertThat(throttle.lockedFor("alice ")).isPresent();
        assertThat(throttle.lockedFor("bob")).isEmpty();
        throttle.succeeded("ALICE");
        assertThat(throttle.lockedFor("alice")).isEmpty();
        fail("alice", 4);
        assertThat(throttle.lockedFor("alice")).isEmpty();
    }
}
