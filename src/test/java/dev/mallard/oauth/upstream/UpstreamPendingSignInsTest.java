package dev.mallard.oauth.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpstreamPendingSignInsTest {
    private final TestingClock clock = TestingClock.now();
    private final PendingSignIns signIns = new PendingSignIns(clock, Duration.ofMinutes(10), 3);

    @Test
    void aSignInIsTakenOnceThenReportedAsUsed() {
        PendingSignIn signIn = signIn("state-1");
        signIns.add(signIn);

        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Found(signIn));
        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.AlreadyUsed());
        assertThat(signIns.size()).isZero();
    }

    @Test
    void aStateNeverAddedIsUnknown() {
        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Unknown());
    }

    @Test
    void aSignInExpiresAtTheEndOfItsLifetime() {
        signIns.add(signIn("state-1"));
        clock.advance(Duration.ofMinutes(10));

        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Expired());
        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Expired());
    }

    @Test
    void aSignInJustBeforeItsEndIsFound() {
        signIns.add(signIn("state-1"));
        clock.advance(Duration.ofMinutes(10).minusMillis(1));

        assertThat(signIns.take("state-1")).isInstanceOf(PendingSignIns.Lookup.Found.class);
    }

    @Test
    void anExpiredSignInDroppedByALaterOneIsStillReportedAsExpired() {
        signIns.add(signIn("state-1"));
        clock.advance(Duration.ofMinutes(11));
        signIns.add(signIn("state-2"));

        assertThat(signIns.size()).isEqualTo(1);
        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Expired());
    }

    @Test
    void usedAndExpiredStatesAreForgottenAfterAnotherLifetime() {
        signIns.add(signIn("state-1"));
        signIns.take("state-1");
        clock.advance(Duration.ofMinutes(10));

        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Unknown());
    }

    @Test
    void whenFullTheOldestSignInIsDropped() {
        for (int i = 1; i <= 4; i++) {
            signIns.add(signIn("state-" + i));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(signIns.size()).isEqualTo(3);
        assertThat(signIns.take("state-1")).isEqualTo(new PendingSignIns.Lookup.Unknown());
        assertThat(signIns.take("state-4")).isInstanceOf(PendingSignIns.Lookup.Found.class);
    }

    private PendingSignIn signIn(String state) {
        return new PendingSignIn(state, "nonce-of-" + state, "verifier-of-" + state, clock.instant(), "request-" + state);
    }
}
