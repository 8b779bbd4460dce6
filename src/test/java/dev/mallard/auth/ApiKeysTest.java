package dev.mallard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.store.JdbcStateStore;
import dev.mallard.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checking API keys, and how soon a change reaches a key checked moments ago: at once when this
 * server makes it, within {@link RecentKeyChecks#LIFETIME} when another process (the CLI) does.
 */
class ApiKeysTest {
    @TempDir
    Path directory;

    private final TestingClock clock = new TestingClock(Instant.parse("2026-11-21T12:00:00Z"));
    private JdbcStateStore store;
    private UserDirectory users;
    private ApiKeys keys;
    /** The same state store as another process sees it: `mallard keys` and `mallard users` while a server runs. */
    private UserDirectory otherUsers;
    private ApiKeys otherKeys;

    @BeforeEach
    void open() {
        store = JdbcStateStore.sqlite(directory.resolve("mallard.db"));
        users = new UserDirectory(store.identity(), clock);
        keys = new ApiKeys(store.identity(), users, clock);
        otherUsers = new UserDirectory(store.identity(), clock);
        otherKeys = new ApiKeys(store.identity(), otherUsers, clock);
        users.add("alice", Optional.empty(), false);
        users.grant("alice", "sales", Access.READ);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aKeyRevokedByThisServerIsRefusedAtItsNextRequest() {
        ApiKeys.CreatedKey key = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty());
        assertThat(keys.authenticate(key.secret())).isInstanceOf(AuthOutcome.Authenticated.class);

        keys.revoke(key.key().id());

        assertThat(keys.authenticate(key.secret())).isEqualTo(new AuthOutcome.Rejected("The API key has been revoked."));
    }

    @Test
    void aKeyRevokedByAnotherProcessIsRefusedWithinTheLifetimeOfARecentCheck() {
        ApiKeys.CreatedKey key = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty());
        assertThat(keys.authenticate(key.secret())).isInstanceOf(AuthOutcome.Authenticated.class);

        otherKeys.revoke(key.key().id());
        clock.advance(RecentKeyChecks.LIFETIME.minusMillis(1));
        assertThat(keys.authenticate(key.secret())).isInstanceOf(AuthOutcome.Authenticated.class);
        clock.advance(Duration.ofMillis(1));

        assertThat(keys.authenticate(key.secret())).isEqualTo(new AuthOutcome.Rejected("The API key has been revoked."));
    }

    @Test
    void aGrantChangedByThisServerAppliesAtTheNextRequest() {
        ApiKeys.CreatedKey key = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty());
        assertThat(principal(keys.authenticate(key.secret())).grants().canRead("hr")).isFalse();

        users.grant("alice", "hr", Access.READ);
        assertThat(principal(keys.authenticate(key.secret())).grants().canRead("hr")).isTrue();

        users.revoke("alice", "hr");
        assertThat(principal(keys.authenticate(key.secret())).grants().canRead("hr")).isFalse();
    }

    @Test
    void aGrantChangedByAnotherProcessAppliesWithinTheLifetimeOfARecentCheck() {
        ApiKeys.CreatedKey key = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty());
        assertThat(principal(keys.authenticate(key.secret())).grants().canRead("sales")).isTrue();

        otherUsers.revoke("alice", "sales");
        clock.advance(RecentKeyChecks.LIFETIME);

        assertThat(principal(keys.authenticate(key.secret())).grants().canRead("sales")).isFalse();
    }

    @Test
    void aUserRemovedByThisServerLosesTheirKeysAtTheNextRequest() {
        ApiKeys.CreatedKey key = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty());
        assertThat(keys.authenticate(key.secret())).isInstanceOf(AuthOutcome.Authenticated.class);

        users.remove("alice");

        assertThat(keys.authenticate(key.secret())).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void aRecentlyCheckedKeyStillExpiresOnTime() {
        ApiKeys.CreatedKey key = keys.create("alice", Set.of(Scope.READ), Optional.empty(),
                Optional.of(clock.instant().plusMillis(500)));
        assertThat(keys.authenticate(key.secret())).isInstanceOf(AuthOutcome.Authenticated.class);

        clock.advance(Duration.ofMillis(500));

        assertThat(keys.authenticate(key.secret())).isEqualTo(new AuthOutcome.Rejected("The API key has expired."));
    }

    @Test
    void anUnknownKeyIsRefusedEveryTime() {
        assertThat(keys.authenticate("mlk_unknown_secret")).isEqualTo(new AuthOutcome.Rejected("The API key is not valid."));
        assertThat(keys.authenticate("mlk_unknown_secret")).isEqualTo(new AuthOutcome.Rejected("The API key is not valid."));
    }

    private static Principal principal(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
        return ((AuthOutcome.Authenticated) outcome).principal();
    }
}
