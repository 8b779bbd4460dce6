package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mallard.auth.Access;
import dev.mallard.auth.DatabaseGrants;
import dev.mallard.cli.MallardCommand;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.config.UpstreamIdentityProvider;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.oauth.OAuthFixture.Client;
import dev.mallard.oauth.OAuthFixture.Pkce;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.oauth.upstream.TestingOidcProvider;
import dev.mallard.testing.Browser;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Sign-in through an upstream OpenID Connect provider (mock-oauth2-server on a loopback port): the
 * browser goes from Mallard's authorization endpoint to the provider and back to Mallard's callback,
 * and the MCP client sees only Mallard, its codes and its own access tokens.
 */
class UpstreamSignInTest {
    private static final String SESSION_COOKIE = "__Host-mallard-session";

    static final TestingOidcProvider provider = new TestingOidcProvider();

    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create(new UpstreamIdentityProvider(provider.issuer(),
            TestingOidcProvider.CLIENT_ID, TestingOidcProvider.CLIENT_SECRET, UpstreamIdentityProvider.DEFAULT_USER_CLAIM));

    @TempDir
    Path temp;

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    private static Map<String, Object> verifiedEmail(String email) {
        return Map.of("email", email, "email_verified", true);
    }

    /**
     * The browser at the provider and back: Mallard sent it to the provider's authorization endpoint,
     * the provider sends it to Mallard's callback, and Mallard answers that. Returns the answer at the
     * callback and the provider's authorization code it carried, if any.
     */
    private record Callback(Browser.Page page, Optional<String> upstreamCode) {}

    private static Callback throughProvider(Browser browser, Browser.Page toProvider) {
        Browser.Page answer = atProvider(browser, toProvider);
        return new Callback(browser.get(answer.location()), Optional.ofNullable(parameters(answer.location())
                .get("code")).map(List::getFirst));
    }

    /** The provider's redirect back to Mallard's callback, not yet followed. */
    private static Browser.Page atProvider(Browser browser, Browser.Page toProvider) {
        assertThat(toProvider.status()).as(toProvider.body()).isEqualTo(302);
        assertThat(toProvider.location()).startsWith(provider.issuer() + "/authorize?");
        assertThat(parameters(toProvider.location())).containsEntry("redirect_uri",
                List.of(oauth.issuer() + "/oauth/callback")).containsEntry("client_id", List.of("mallard"));
        Browser.Page answer = browser.get(toProvider.location());
        assertThat(answer.status()).as(answer.body()).isEqualTo(302);
        assertThat(answer.location()).startsWith(oauth.issuer() + "/oauth/callback?");
        return answer;
    }

    private static Map<String, List<String>> parameters(String location) {
        return FormEncoding.decode(URI.create(location).getRawQuery());
    }

    /** Whether the browser is signed in to Mallard: signed out, the connected-apps page sends it to the provider. */
    private static void assertSignedOut(Browser browser) {
        Browser.Page apps = browser.get("/account/apps");
        assertThat(apps.status()).as(apps.body()).isEqualTo(302);
        assertThat(apps.location()).startsWith(provider.issuer() + "/authorize?");
    }

    @Test
    void aPersonSignsInAtTheProviderAndTheirClientQueriesWithMallardsOwnToken() throws Exception {
        String carol = "carol@example.com";
        oauth.server().mallard().users().add(carol, Optional.empty(), false);
        oauth.server().mallard().users().grant(carol, "demo", Access.READ);
        provider.nextSignIn("carol-subject", verifiedEmail("Carol@Example.com"));
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        Map<String, String> request = oauth.authorizationParameters(client, pkce);

        Map<String, String> answer;
        String upstreamCode;
        try (Browser browser = oauth.browser()) {
            Browser.Page toProvider = browser.get(OAuthFixture.authorizePath(request));
            String browserId = browser.cookie(SESSION_COOKIE).orElseThrow();
            Callback callback = throughProvider(browser, toProvider);
            upstreamCode = callback.upstreamCode().orElseThrow();
            assertThat(callback.page().status()).as(callback.page().body()).isEqualTo(302);
            // Back to the same authorization request, as a path on Mallard, with a new session id.
            assertThat(callback.page().location()).startsWith("/oauth/authorize?");
            assertThat(parameters(callback.page().location())).containsEntry("client_id", List.of(client.id()))
                    .containsEntry("code_challenge", List.of(pkce.challenge()));
            assertThat(browser.cookie(SESSION_COOKIE)).isPresent().get().isNotEqualTo(browserId);

            Browser.Page consent = browser.get(callback.page().location());
            assertThat(consent.status()).as(consent.body()).isEqualTo(200);
            assertThat(consent.body()).contains(carol, "value=\"allow\"");
            Browser.Page back = OAuthFixture.decide(browser, consent, "allow");
            assertThat(back.status()).as(back.body()).isEqualTo(303);
            answer = OAuthFixture.redirectParameters(back.location(), client.redirectUri());
            assertThat(back.location()).doesNotContain(upstreamCode);
        }
        assertThat(answer).containsEntry("state", request.get("state")).containsEntry("iss", oauth.issuer());
        assertThat(answer.get("code")).isNotEqualTo(upstreamCode);

        Reply tokens = oauth.token(oauth.codeExchange(new OAuthFixture.Authorized(client, pkce, answer.get("code"))));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.json().has("id_token")).isFalse();
        assertThat(tokens.body()).doesNotContain(upstreamCode).doesNotContain(provider.issuer().toString())
                .doesNotContain(provider.issuer().getAuthority());
        String accessToken = tokens.json().path("access_token").asString();
        SignedJWT jwt = SignedJWT.parse(accessToken);
        ECKey key = JWKSet.parse(oauth.get("/oauth/jwks.json").body()).getKeyByKeyId(jwt.getHeader().getKeyID())
                .toECKey();
        assertThat(jwt.verify(new ECDSAVerifier(key))).as("signed with Mallard's published key").isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(carol);
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(oauth.issuer())
                .isNotEqualTo(provider.issuer().toString());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(oauth.resource());

        oauth.assertClientQueries(accessToken);
    }

    @Test
    void theConnectedAppsPageSignsInAtTheProviderAndANewUserHasNoGrants() {
        provider.nextSignIn("frank-subject", verifiedEmail("frank@example.com"));
        try (Browser browser = oauth.browser()) {
            Callback callback = throughProvider(browser, browser.get("/account/apps"));
            assertThat(callback.page().status()).as(callback.page().body()).isEqualTo(302);
            assertThat(callback.page().location()).isEqualTo("/account/apps");
            assertThat(callback.page().header("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                    .startsWith(SESSION_COOKIE + "=").contains("Secure", "HttpOnly", "SameSite=Lax"));
            Browser.Page apps = browser.get("/account/apps");
            assertThat(apps.status()).isEqualTo(200);
            assertThat(apps.body()).contains("Signed in as <strong>frank@example.com</strong>");
        }
        assertThat(oauth.server().mallard().users().find("frank@example.com")).hasValueSatisfying(user ->
                assertThat(user.passwordHash()).isEmpty());
        assertThat(oauth.server().mallard().users().grants("frank@example.com")).isEqualTo(DatabaseGrants.NOTHING);
    }

    @Test
    void cancellingAtTheProviderShowsAPageAndSignsNobodyIn() {
        provider.cancelNextSignIn();
        try (Browser browser = oauth.browser()) {
            Callback callback = throughProvider(browser, browser.get("/account/apps"));
            Browser.Page page = callback.page();
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("The sign-in was cancelled at 127.0.0.1. Go back to the app and try again.",
                    "The person cancelled the sign-in");
            OAuthFixture.assertSecurityHeaders(page);
            assertThat(page.header("Set-Cookie")).isEmpty();
            assertSignedOut(browser);
        }
    }

    @Test
    void anAnswerMallardDidNotAskForShowsAPage() {
        try (Browser browser = oauth.browser()) {
            Browser.Page page = browser.get("/oauth/callback?code=made-up&state=made-up");
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("Sign-in failed", "does not match a sign-in Mallard started");
            OAuthFixture.assertSecurityHeaders(page);
            assertThat(browser.cookie(SESSION_COOKIE)).isEmpty();
        }
    }

    @Test
    void anUnverifiedEmailIsRefused() {
        provider.nextSignIn("mallory-subject", Map.of("email", "dave@example.com", "email_verified", false));
        try (Browser browser = oauth.browser()) {
            Browser.Page page = throughProvider(browser, browser.get("/account/apps")).page();
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("has not verified the email address dave@example.com");
            assertSignedOut(browser);
        }
        assertThat(oauth.server().mallard().users().find("dave@example.com")).isEmpty();
    }

    @Test
    void theProvidersAnswerBroughtToAnotherBrowserSignsNobodyIn() {
        provider.nextSignIn("erin-subject", verifiedEmail("erin@example.com"));
        try (Browser started = oauth.browser(); Browser other = oauth.browser()) {
            Browser.Page answer = atProvider(started, started.get("/account/apps"));
            // The other browser has been to Mallard too (its own cookie, its own sign-in started).
            assertSignedOut(other);

            Browser.Page page = other.get(answer.location());
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("started in another browser");
            assertSignedOut(other);
        }
        assertThat(oauth.server().mallard().users().find("erin@example.com")).isEmpty();
    }

    @Test
    void passwordsAreNotAcceptedWhenTheProviderSignsPeopleIn() {
        try (Browser browser = oauth.browser()) {
            assertSignedOut(browser);
            String csrf = BrowserSessions.csrfToken(browser.cookie(SESSION_COOKIE).orElseThrow());
            Browser.Page login = browser.post("/oauth/login", Map.of("username", OAuthFixture.ALICE,
                    "password", OAuthFixture.PASSWORD, "csrf", csrf, "continue", "/account/apps"));
            assertThat(login.status()).isEqualTo(404);
            assertThat(login.body()).contains("does not take passwords", "sign in at 127.0.0.1")
                    .doesNotContain("name=\"password\"");
            assertThat(login.header("Set-Cookie")).isEmpty();
            assertThat(browser.get("/oauth/login").status()).isEqualTo(404);
            assertSignedOut(browser);
        }
    }

    @Test
    void anUnreachableIssuerStopsTheServerFromStarting() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/corp");
        OAuthSettings settings = new OAuthSettings(OAuthSettings.DEFAULT_ACCESS_TOKEN_TTL,
                OAuthSettings.DEFAULT_REFRESH_TOKEN_TTL, Optional.of(new UpstreamIdentityProvider(closed,
                TestingOidcProvider.CLIENT_ID, TestingOidcProvider.CLIENT_SECRET, "email")), false);
        assertThatThrownBy(() -> TestMallard.builder().database("demo", TestData.demo())
                .auth(new AuthSettings(AuthMode.OAUTH, false, settings)).start())
                .isInstanceOfSatisfying(MallardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage()).contains(closed.toString(), "could not be reached");
                });
    }

    @Test
    void serveWithAnUnreachableIssuerExitsWithCode2() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + closedPort() + "/corp");
        String[] args = {"serve", "--auth", "oauth", "--oidc-issuer", closed.toString(), "--oidc-client-id", "mallard",
                "--port", "0", "--db", "demo=" + TestData.demo(), "--data-dir", temp.toString()};
        CommandLine command = MallardCommand.createCommandLine(args, Map.of("MALLARD_OIDC_CLIENT_SECRET",
                "the-secret-at-corp"));
        StringWriter err = new StringWriter();
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));

        // Started after all, serve would run until stopped.
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> command.execute(args))).isEqualTo(2);
        assertThat(err.toString()).contains(closed.toString(), "could not be reached").doesNotContain("the-secret-at-corp");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
