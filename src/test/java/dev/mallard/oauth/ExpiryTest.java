package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.UserDirectory;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import dev.mallard.testing.TestingClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What time does to codes, refresh tokens, browser sessions and retired keys: the authorization
 * server's logic on a real state store, with a clock the test moves instead of waiting.
 */
class ExpiryTest {
    private static final String REDIRECT = "http://127.0.0.1:43110/callback";

    @TempDir
    Path temp;

    private final TestingClock clock = new TestingClock(Instant.parse("2026-11-21T10:00:00Z"));
    private StateStore store;
    private AuthorizationServer server;
    private String clientId;

    @BeforeEach
    void open() {
        store = JdbcStateStore.sqlite(temp.resolve("mallard.db"));
        UserDirectory users = new UserDirectory(store.identity(), clock);
        users.add("alice", Optional.of("correct horse battery".toCharArray()), false);
        OAuthSettings settings = new OAuthSettings(Duration.ofMinutes(10), Duration.ofDays(1), Optional.empty(), false);
        server = AuthorizationServer.open(store.oauth(), users, settings, () -> URI.create("https://mallard.example"),
                clock);
        ClientRegistration.Outcome registered = server.registration().register("{\"redirect_uris\": [\"" + REDIRECT
                + "\"], \"grant_types\": [\"authorization_code\", \"refresh_token\"], "
                + "\"token_endpoint_auth_method\": \"none\"}");
        clientId = (String) ((ClientRegistration.Outcome.Registered) registered).response().get("client_id");
    }

    @AfterEach
    void close() {
        server.close();
        store.close();
    }

    private static final String VERIFIER = "a".repeat(43);

    private String code() {
        Map<String, List<String>> request = Map.of("response_type", List.of("code"), "client_id", List.of(clientId),
                "redirect_uri", List.of(REDIRECT), "code_challenge",
                List.of(AuthorizationCodeGrant.challenge(VERIFIER)), "code_challenge_method", List.of("S256"));
        AuthorizationRequest valid = ((AuthorizationCheck.Valid) server.authorizationRequests().check(request)).request();
        String location = ((AuthorizationDecision.Approved) server.authorizations().approve(valid, "alice")).location();
        return FormEncoding.decode(URI.create(location).getRawQuery()).get("code").getFirst();
    }

    private TokenOutcome exchange(String code) {
        return server.tokens().exchange(new TokenRequest.AuthorizationCode(publicClient(), code, Optional.of(REDIRECT),
                VERIFIER, Optional.empty()));
    }

    private ClientCredentials publicClient() {
        return new ClientCredentials(clientId, Optional.empty(), ClientCredentials.Method.NONE);
    }

    private TokenOutcome refresh(String token) {
        return server.tokens().exchange(new TokenRequest.RefreshToken(publicClient(), token, Optional.empty(),
                Optional.empty()));
    }

    private static String error(TokenOutcome outcome) {
        return ((TokenOutcome.Failed) outcome).error().code();
    }

    @Test
    void aCodeOlderThanAMinuteIsInvalidGrant() {
        String code = code();
        clock.advance(Duration.ofSeconds(61));
        TokenOutcome outcome = exchange(code);
        assertThat(error(outcome)).isEqualTo("invalid_grant");
        assertThat(((TokenOutcome.Failed) outcome).error().description()).contains("expired");
    }

    @Test
    void aCodeWithinItsMinuteIsExchanged() {
        String code = code();
        clock.advance(Duration.ofSeconds(59));
        assertThat(exchange(code)).isInstanceOf(TokenOutcome.Issued.class);
    }

    @Test
    void aRefreshTokenUnusedForItsLifetimeExpiresAndUseExtendsIt() {
        TokenResponse first = ((TokenOutcome.Issued) exchange(code())).response();
        clock.advance(Duration.ofHours(23));
        TokenResponse second = ((TokenOutcome.Issued) refresh(first.refreshToken().orElseThrow())).response();
        clock.advance(Duration.ofHours(23));
        TokenResponse third = ((TokenOutcome.Issued) refresh(second.refreshToken().orElseThrow())).response();
        clock.advance(Duration.ofHours(25));
        assertThat(error(refresh(third.refreshToken().orElseThrow()))).isEqualTo("invalid_grant");
    }

    @Test
    void browserSessionsEndAfterEightHours() {
        String id = server.sessions().signIn("alice");
        assertThat(server.sessions().user(id)).contains("alice");
        clock.advance(BrowserSessions.LIFETIME);
        assertThat(server.sessions().user(id)).isEmpty();
    }

    @Test
    void aRetiredKeyIsPublishedUntilItsTokensHaveExpired() {
        String first = server.signingKeys().publicKeys().getKeys().getFirst().getKeyID();
        server.signingKeys().rotate();
        assertThat(server.signingKeys().publicKeys().getKeys()).hasSize(2);
        clock.advance(Duration.ofMinutes(10));
        assertThat(server.signingKeys().publicKeys().getKeys()).extracting(key -> key.getKeyID()).contains(first);
        clock.advance(Duration.ofMinutes(2));
        assertThat(server.signingKeys().publicKeys().getKeys()).extracting(key -> key.getKeyID())
                .doesNotContain(first).hasSize(1);
    }

    @Test
    void purgingRemovesWhatHasExpired() {
        String code = code();
        TokenResponse tokens = ((TokenOutcome.Issued) exchange(code())).response();
        clock.advance(Duration.ofDays(2));
        assertThat(store.oauth().purgeExpired(clock.instant())).isGreaterThanOrEqualTo(3);
        assertThat(store.oauth().findCode(OpaqueSecrets.hash(code))).isEmpty();
        assertThat(store.oauth().findRefreshToken(OpaqueSecrets.hash(tokens.refreshToken().orElseThrow()))).isEmpty();
    }
}
