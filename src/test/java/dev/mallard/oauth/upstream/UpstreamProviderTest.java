package dev.mallard.oauth.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.mallard.auth.Access;
import dev.mallard.auth.DatabaseGrants;
import dev.mallard.auth.UserDirectory;
import dev.mallard.config.UpstreamIdentityProvider;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StoredUser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signs in through a real OpenID Connect provider on a loopback port: the browser's part is played
 * by an HTTP client that follows the provider's authorization redirect up to Mallard's callback.
 */
class UpstreamProviderTest {
    private static final URI CALLBACK = URI.create("http://127.0.0.1:9/oauth/callback");
    private static final Map<String, Object> ALICE = Map.of("email", "Alice@Example.com", "email_verified", true);

    private TestingOidcProvider provider;

    @TempDir
    Path directory;
    private JdbcStateStore store;
    private UserDirectory users;
    private TestingClock clock;
    private PendingSignIns signIns;

    /** A provider per test: the claims a test sets wait in its queue until a code is exchanged. */
    @BeforeEach
    void start() {
        provider = new TestingOidcProvider();
        store = JdbcStateStore.sqlite(directory.resolve("mallard.db"));
        users = new UserDirectory(store.identity(), Clock.systemUTC());
        clock = TestingClock.now();
        signIns = new PendingSignIns(clock);
    }

    @AfterEach
    void stop() {
        store.close();
        provider.close();
    }

    @Test
    void signInCreatesTheMallardUserNamedByTheVerifiedEmail() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        upstream.checkAtStartup();
        provider.nextSignIn("alice-subject", ALICE);

        UpstreamRedirect redirect = upstream.begin("mallard-request-1");
        SignInOutcome outcome = upstream.complete(provider.authorize(redirect.location()));

        SignInOutcome.SignedIn signedIn = signedIn(outcome);
        assertThat(signedIn.identity()).isEqualTo(new UpstreamIdentity(provider.issuer().toString(), "alice-subject",
                "alice@example.com"));
        assertThat(signedIn.signIn().reference()).isEqualTo("mallard-request-1");
        StoredUser user = new UpstreamUsers(users).user(signedIn.identity());
        assertThat(user.name()).isEqualTo("alice@example.com");
        assertThat(user.passwordHash()).isEmpty();
        assertThat(user.admin()).isFalse();
        assertThat(users.grants("alice@example.com")).isEqualTo(DatabaseGrants.NOTHING);
        assertThat(users.list()).extracting(UserDirectory.User::name).containsExactly("alice@example.com");
    }

    @Test
    void aSecondSignInFindsTheSameUserWithTheGrantsAnAdministratorGave() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("alice-subject", ALICE);
        StoredUser first = new UpstreamUsers(users).user(signedIn(signIn(upstream)).identity());
        users.grant(first.name(), "analytics", Access.READ);

        provider.nextSignIn("alice-subject", Map.of("email", "alice@example.com", "email_verified", true));
        StoredUser second = new UpstreamUsers(users).user(signedIn(signIn(upstream)).identity());

        assertThat(second.name()).isEqualTo(first.name());
        assertThat(users.list()).hasSize(1);
        assertThat(users.grants(second.name()).access("analytics")).contains(Access.READ);
    }

    @Test
    void theAuthorizationRequestUsesTheCodeFlowWithPkceStateAndNonce() {
        UpstreamRedirect redirect = upstream(settings()).begin("mallard-request-1");

        Map<String, List<String>> query = TestingOidcProvider.query(redirect.location());
        PendingSignIn signIn = redirect.signIn();
        assertThat(redirect.location().toString()).startsWith(provider.issuer() + "/authorize?");
        assertThat(query).containsEntry("response_type", List.of("code"))
                .containsEntry("client_id", List.of(TestingOidcProvider.CLIENT_ID))
                .containsEntry("redirect_uri", List.of(CALLBACK.toString()))
                .containsEntry("scope", List.of("openid email profile"))
                .containsEntry("state", List.of(signIn.state()))
                .containsEntry("nonce", List.of(signIn.nonce()))
                .containsEntry("code_challenge_method", List.of("S256"))
                .containsEntry("code_challenge", List.of(CodeChallenge.compute(CodeChallengeMethod.S256,
                        new CodeVerifier(signIn.codeVerifier())).getValue()));
        // RFC 7636 section 4.1: at least 43 characters of high entropy.
        assertThat(signIn.codeVerifier()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(signIn.state()).isNotEqualTo(signIn.nonce()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(signIn.toString()).doesNotContain(signIn.codeVerifier()).doesNotContain(signIn.nonce());
        assertThat(signIns.size()).isEqualTo(1);
    }

    @Test
    void anAnswerWithAStateMallardNeverIssuedIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        Map<String, List<String>> callback = answer(upstream);
        callback.put("state", List.of("a-state-nobody-issued"));

        assertThat(unmatched(upstream.complete(callback))).contains("does not match a sign-in Mallard started");
    }

    @Test
    void anAnswerWithoutStateIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        Map<String, List<String>> callback = answer(upstream);
        callback.remove("state");

        assertThat(unmatched(upstream.complete(callback))).contains("carries no state");
    }

    @Test
    void anAnswerCannotBeUsedTwice() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("alice-subject", ALICE);
        Map<String, List<String>> callback = answer(upstream);
        signedIn(upstream.complete(callback));

        assertThat(unmatched(upstream.complete(callback))).contains("already completed");
    }

    @Test
    void anAnswerAfterTheSignInExpiredIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        Map<String, List<String>> callback = answer(upstream);
        clock.advance(PendingSignIns.DEFAULT_LIFETIME.plusSeconds(1));

        assertThat(unmatched(upstream.complete(callback))).contains("took longer than 10 minutes");
    }

    /**
     * mock-oauth2-server signs everyone in and never answers with an error, so the provider's answer
     * is written here as OpenID Connect Core 1.0 section 3.1.2.6 defines it, with a real state.
     */
    @Test
    void aPersonWhoCancelsAtTheProviderIsDenied() {
        UpstreamProvider upstream = upstream(settings());
        UpstreamRedirect redirect = upstream.begin("mallard-request-1");

        SignInOutcome outcome = upstream.complete(Map.of("state", List.of(redirect.signIn().state()),
                "error", List.of("access_denied"), "error_description", List.of("The user cancelled")));

        assertThat(outcome).isEqualTo(new SignInOutcome.Denied(redirect.signIn(), "access_denied",
                Optional.of("The user cancelled")));
    }

    @Test
    void aProviderErrorAboutTheClientSaysWhatToCheck() {
        UpstreamProvider upstream = upstream(settings());
        UpstreamRedirect redirect = upstream.begin("mallard-request-1");

        SignInOutcome.Failed failed = failed(upstream.complete(Map.of("state", List.of(redirect.signIn().state()),
                "error", List.of("unauthorized_client"))));

        assertThat(failed.signIn()).contains(redirect.signIn());
        assertThat(failed.message()).contains("unauthorized_client", "client mallard", CALLBACK.toString());
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("alice-subject", aliceWith("nonce", "the-nonce-of-another-sign-in"));

        SignInOutcome.Failed failed = failed(signIn(upstream));

        assertThat(failed.signIn()).isPresent();
        assertThat(failed.message()).contains("ID token was not accepted", "not issued for this sign-in");
    }

    @Test
    void crossedAnswersOfTwoSignInsAreRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        UpstreamRedirect first = upstream.begin("mallard-request-1");
        UpstreamRedirect second = upstream.begin("mallard-request-2");
        Map<String, List<String>> firstAnswer = provider.authorize(first.location());

        // The first sign-in's code arrives with the second's state: the provider's PKCE check refuses it,
        // since the code was issued for the first sign-in's challenge (RFC 7636 section 4.6).
        SignInOutcome.Failed failed = failed(upstream.complete(Map.of("state", List.of(second.signIn().state()),
                "code", firstAnswer.get("code"))));

        assertThat(failed.signIn()).contains(second.signIn());
        assertThat(failed.message()).contains("invalid_grant");
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("alice-subject", aliceWith("aud", "another-client"));

        SignInOutcome.Failed failed = failed(signIn(upstream));

        assertThat(failed.message()).contains("issued for [another-client], not for client mallard",
                "--oidc-client-id");
    }

    @Test
    void anIdTokenMadeOutToAnotherAuthorizedPartyIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("alice-subject", aliceWith("azp", "another-client"));

        assertThat(failed(signIn(upstream)).message()).contains("issued to another client (azp another-client)");
    }

    @Test
    void anUnverifiedEmailIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("mallory-subject", Map.of("email", "alice@example.com", "email_verified", false));

        SignInOutcome.Failed failed = failed(signIn(upstream));

        assertThat(failed.message()).contains("has not verified the email address alice@example.com");
        assertThat(users.list()).isEmpty();
    }

    @Test
    void anEmailWithoutVerificationIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("mallory-subject", Map.of("email", "alice@example.com"));

        assertThat(failed(signIn(upstream)).message()).contains("email_verified is null");
    }

    @Test
    void anotherClaimCanNameTheUser() throws Exception {
        UpstreamProvider upstream = upstream(settings("preferred_username"));
        provider.nextSignIn("bob-subject", Map.of("preferred_username", "bob"));

        assertThat(signedIn(signIn(upstream)).identity().userName()).isEqualTo("bob");
    }

    @Test
    void aMissingUserClaimSaysHowToChooseAnother() throws Exception {
        UpstreamProvider upstream = upstream(settings("preferred_username"));
        provider.nextSignIn("bob-subject", Map.of());

        assertThat(failed(signIn(upstream)).message()).contains("has no preferred_username claim", "--oidc-user-claim");
    }

    @Test
    void anAnswerNamingAnotherIssuerIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        Map<String, List<String>> callback = answer(upstream);
        // RFC 9207: an authorization response that names another issuer came from another provider.
        callback.put("iss", List.of("https://attacker.example"));

        assertThat(failed(upstream.complete(callback)).message()).contains("names issuer https://attacker.example");
    }

    @Test
    void aWrongClientSecretSaysToCheckTheClientCredentials() throws Exception {
        UpstreamProvider upstream = upstream(new UpstreamIdentityProvider(provider.issuer(),
                TestingOidcProvider.CLIENT_ID, "not-the-secret", "email"));

        SignInOutcome.Failed failed = failed(signIn(upstream));

        assertThat(failed.message()).contains("invalid_client", "--oidc-client-id (mallard)", "client secret")
                .doesNotContain("not-the-secret");
    }

    @Test
    void anIssuerThatDiffersFromTheDiscoveryDocumentIsAConfigurationError() {
        // Discovery 1.0 section 4.1 drops the trailing slash to find the document, whose issuer then lacks it.
        URI withSlash = URI.create(provider.issuer() + "/");
        UpstreamProvider upstream = upstream(new UpstreamIdentityProvider(withSlash, TestingOidcProvider.CLIENT_ID,
                TestingOidcProvider.CLIENT_SECRET, "email"));

        assertThatThrownBy(upstream::checkAtStartup).isInstanceOfSatisfying(MallardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).contains("calls itself '" + provider.issuer() + "'",
                    "--oidc-issuer is '" + withSlash + "'");
        });
    }

    @Test
    void aPathThatIsNoIssuerIsAConfigurationError() {
        URI wrong = URI.create("http://127.0.0.1:" + provider.issuer().getPort() + "/");
        UpstreamProvider upstream = upstream(new UpstreamIdentityProvider(wrong, TestingOidcProvider.CLIENT_ID,
                TestingOidcProvider.CLIENT_SECRET, "email"));

        assertThatThrownBy(upstream::checkAtStartup).isInstanceOf(MallardException.class)
                .hasMessageContaining("--oidc-issuer");
    }

    @Test
    void anUnreachableIssuerFailsQuicklyWithWhatToCheck() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/mallard-idp");
        UpstreamProvider upstream = upstream(new UpstreamIdentityProvider(closed, TestingOidcProvider.CLIENT_ID,
                TestingOidcProvider.CLIENT_SECRET, "email"));

        Instant start = Instant.now();
        assertThatThrownBy(upstream::checkAtStartup).isInstanceOfSatisfying(MallardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).contains(closed.toString(), "could not be reached", "ConnectException");
        });
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThatThrownBy(() -> upstream.begin("mallard-request-1")).isInstanceOf(MallardException.class)
                .hasMessageContaining("could not be reached");
        assertThat(signIns.size()).isZero();
    }

    @Test
    void anIssuerWithoutTlsOffLoopbackIsRefusedBeforeAnyRequest() {
        UpstreamIdentityProvider plain = new UpstreamIdentityProvider(URI.create("http://idp.example.com"),
                TestingOidcProvider.CLIENT_ID, TestingOidcProvider.CLIENT_SECRET, "email");

        assertThatThrownBy(() -> upstream(plain)).isInstanceOf(MallardException.class)
                .hasMessageContaining("must use https");
    }

    @Test
    void rotatedSigningKeysAreFetchedAgainButNotMoreOftenThanTheMinimumInterval() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.nextSignIn("alice-subject", ALICE);
        signedIn(signIn(upstream));

        provider.rotateKeys();
        provider.nextSignIn("alice-subject", ALICE);
        signedIn(signIn(upstream));

        // Nimbus allows two fetches of the key set per interval: the first load and this refresh.
        provider.rotateKeys();
        provider.nextSignIn("alice-subject", ALICE);
        assertThat(failed(signIn(upstream)).message()).contains("ID token was not accepted",
                "could not get the provider's signing keys from " + provider.issuer() + "/jwks");
    }

    @Test
    void anIdTokenSignedWithAKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        UpstreamProvider upstream = upstream(settings());
        provider.signWithUnpublishedKey();
        provider.nextSignIn("alice-subject", ALICE);

        SignInOutcome.Failed failed = failed(signIn(upstream));

        assertThat(failed.message()).contains("ID token was not accepted",
                "signature does not verify with the provider's published key 'key-1'", "the provider did not sign it");
        assertThat(users.list()).isEmpty();
    }

    private UpstreamProvider upstream(UpstreamIdentityProvider settings) {
        return new UpstreamProvider(settings, CALLBACK, signIns, clock);
    }

    private UpstreamIdentityProvider settings() {
        return settings(UpstreamIdentityProvider.DEFAULT_USER_CLAIM);
    }

    private UpstreamIdentityProvider settings(String userClaim) {
        return new UpstreamIdentityProvider(provider.issuer(), TestingOidcProvider.CLIENT_ID,
                TestingOidcProvider.CLIENT_SECRET, userClaim);
    }

    /** Starts a sign-in and returns the provider's answer, as the browser brings it to the callback. */
    private Map<String, List<String>> answer(UpstreamProvider upstream) throws Exception {
        return new LinkedHashMap<>(provider.authorize(upstream.begin("mallard-request").location()));
    }

    private SignInOutcome signIn(UpstreamProvider upstream) throws Exception {
        return upstream.complete(answer(upstream));
    }

    private static SignInOutcome.SignedIn signedIn(SignInOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignInOutcome.SignedIn.class);
        return (SignInOutcome.SignedIn) outcome;
    }

    private static SignInOutcome.Failed failed(SignInOutcome outcome) {
        assertThat(outcome).isInstanceOf(SignInOutcome.Failed.class);
        return (SignInOutcome.Failed) outcome;
    }

    /** Alice's verified email, and one claim more (or instead of the provider's own). */
    private static Map<String, Object> aliceWith(String claim, Object value) {
        Map<String, Object> claims = new LinkedHashMap<>(ALICE);
        claims.put(claim, value);
        return claims;
    }

    /** The message of a failure that matched no pending sign-in. */
    private static String unmatched(SignInOutcome outcome) {
        SignInOutcome.Failed failed = failed(outcome);
        assertThat(failed.signIn()).isEmpty();
        return failed.message();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
