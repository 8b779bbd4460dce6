package dev.mallard.oauth;

import static dev.mallard.oauth.OAuthFixture.ALICE;
import static dev.mallard.oauth.OAuthFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.oauth.OAuthFixture.Client;
import dev.mallard.oauth.OAuthFixture.Pkce;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.testing.Browser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pages a person sees: sign-in, consent and connected apps, and what guards their forms. */
class SignInAndConsentTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();

    private static Map<String, String> request(Client client) {
        return oauth.authorizationParameters(client, Pkce.create());
    }

    private static void assertSecurityHeaders(Browser.Page page) {
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'")
                .doesNotContain("script-src"));
        assertThat(page.header("X-Frame-Options")).contains("DENY");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void signInPageHasTheFormAndTheSecureSessionCookie() {
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request(client)));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body()).contains("<form method=\"post\" action=\"/oauth/login\">", "name=\"username\"",
                    "name=\"password\"", "name=\"csrf\"", ">Sign in</button>");
            assertSecurityHeaders(login);
            // The client's redirect origin is allowed too: after sign-in the browser may go straight back.
            assertThat(login.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("form-action 'self' http://127.0.0.1:43110"));
            assertThat(login.header("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                    .startsWith("__Host-mallard-session=").contains("Path=/", "Secure", "HttpOnly", "SameSite=Lax"));
        }
    }

    @Test
    void wrongPasswordShowsTheFormAgainWithASentence() {
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request(client)));
            Browser.Page again = OAuthFixture.signIn(browser, login, ALICE, "not the password");
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).contains("Wrong user name or password.", "name=\"password\"");
            Browser.Page unknown = OAuthFixture.signIn(browser, again, "nobody", PASSWORD);
            assertThat(unknown.body()).contains("Wrong user name or password.");
            assertThat(OAuthFixture.signIn(browser, unknown, ALICE, PASSWORD).status()).isEqualTo(303);
        }
    }

    @Test
    void repeatedWrongPasswordsLockTheUserNameForAWhile() {
        oauth.server().mallard().users().add("dave", Optional.of(PASSWORD.toCharArray()), false);
        try (Browser browser = oauth.browser()) {
            Browser.Page page = browser.get("/account/apps");
            for (int attempt = 1; attempt <= LoginThrottle.FREE_FAILURES; attempt++) {
                page = OAuthFixture.signIn(browser, page, "dave", "wrong " + attempt);
                assertThat(page.body()).as("attempt " + attempt).contains("Wrong user name or password.");
            }
            Browser.Page locked = OAuthFixture.signIn(browser, page, "dave", PASSWORD);
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.body()).contains("Too many failed sign-ins", "seconds");
            assertThat(locked.header("Retry-After")).isPresent();
            // Other users are not locked out by it.
            assertThat(OAuthFixture.signIn(browser, locked, ALICE, PASSWORD).status()).isEqualTo(303);
        }
    }

    @Test
    void signInWithoutTheCsrfTokenIsRefused() {
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get("/account/apps");
            Browser.Page refused = browser.post("/oauth/login", Map.of("username", ALICE, "password", PASSWORD,
                    "continue", login.hidden("continue")));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("expired or did not come from Mallard");
            assertSecurityHeaders(refused);
            Browser.Page forged = browser.post("/oauth/login", Map.of("username", ALICE, "password", PASSWORD,
                    "csrf", "forged", "continue", "/account/apps"));
            assertThat(forged.status()).isEqualTo(403);
        }
    }

    @Test
    void signInFromAForeignOriginIsRefused() {
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get("/account/apps");
            Map<String, String> form = Map.of("username", ALICE, "password", PASSWORD, "csrf", login.hidden("csrf"),
                    "continue", "/account/apps");
            Browser.Page refused = browser.post("/oauth/login", form, Map.of("Origin", "https://evil.example"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("another site");
            assertThat(browser.post("/oauth/login", form, Map.of("Origin", "https://evil.example",
                    "Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
            // A null origin (a sandboxed frame, a data: URL) counts as foreign unless the browser says same-origin.
            assertThat(browser.post("/oauth/login", form, Map.of("Origin", "null")).status()).isEqualTo(403);
            assertThat(browser.post("/oauth/login", form, Map.of("Origin", "null", "Sec-Fetch-Site", "same-site"))
                    .status()).isEqualTo(403);
            String own = oauth.issuer();
            assertThat(browser.post("/oauth/login", form, Map.of("Origin", own, "Sec-Fetch-Site", "same-origin"))
                    .status()).isEqualTo(303);
        }
    }

    @Test
    void signInFromTheServersOwnPageIsAcceptedUnderEitherLoopbackName() {
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get("/account/apps");
            Map<String, String> form = Map.of("username", ALICE, "password", PASSWORD, "csrf", login.hidden("csrf"),
                    "continue", "/account/apps");
            String localhost = oauth.issuer().replace("127.0.0.1", "localhost");
            assertThat(browser.post("/oauth/login", form, Map.of("Origin", localhost)).status()).isEqualTo(303);
        }
        try (Browser browser = oauth.browser()) {
            // A client without Origin or Sec-Fetch-Site is not a browser; the CSRF token still has to match.
            Browser.Page login = browser.get("/account/apps");
            assertThat(browser.post("/oauth/login", Map.of("username", ALICE, "password", PASSWORD, "csrf",
                    login.hidden("csrf"), "continue", "/account/apps"), Map.of()).status()).isEqualTo(303);
        }
    }

    @Test
    void signInNeverRedirectsAwayFromThisServer() {
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get("/account/apps");
            Browser.Page signedIn = browser.post("/oauth/login", Map.of("username", ALICE, "password", PASSWORD,
                    "csrf", login.hidden("csrf"), "continue", "https://evil.example/phish"));
            assertThat(signedIn.status()).isEqualTo(303);
            assertThat(signedIn.location()).isEqualTo("/account/apps");
        }
    }

    @Test
    void consentPageNamesTheClientItsHostAndTheScopesEscaped() {
        Reply registered = oauth.postJson("/oauth/register", Map.of("client_name", "<script>alert(1)</script> Bot",
                "redirect_uris", List.of("https://app.example.com/callback"), "token_endpoint_auth_method", "none"));
        Client client = new Client(registered.json().path("client_id").asString(), Optional.empty(),
                "https://app.example.com/callback");
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request(client)));
            Browser.Page consent = browser.get(OAuthFixture.signIn(browser, login, ALICE, PASSWORD).location());
            assertThat(consent.status()).isEqualTo(200);
            assertThat(consent.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt; Bot", "app.example.com",
                    "https://app.example.com/callback", "<strong>Read</strong>", "read-only queries",
                    "<strong>Write</strong>", "value=\"allow\">Allow</button>", "value=\"deny\">Deny</button>",
                    "name=\"csrf\"", "signed in as <strong>alice</strong>")
                    .doesNotContain("<script>");
            assertSecurityHeaders(consent);
            assertThat(consent.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("form-action 'self' https://app.example.com;"));
        }
    }

    @Test
    void denyingSendsAccessDeniedBack() {
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        Map<String, String> request = request(client);
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request));
            Browser.Page consent = browser.get(OAuthFixture.signIn(browser, login, ALICE, PASSWORD).location());
            Browser.Page back = OAuthFixture.decide(browser, consent, "deny");
            assertThat(back.status()).isEqualTo(303);
            assertThat(OAuthFixture.redirectParameters(back.location(), client.redirectUri()))
                    .containsEntry("error", "access_denied").containsEntry("state", request.get("state"))
                    .containsEntry("iss", oauth.issuer());
        }
        assertThat(oauth.authorizationServer().consents().allowed(ALICE, client.id())).isEmpty();
    }

    @Test
    void consentWithoutTheCsrfTokenIsRefused() {
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request(client)));
            Browser.Page consent = browser.get(OAuthFixture.signIn(browser, login, ALICE, PASSWORD).location());
            Browser.Page refused = browser.post("/oauth/consent", Map.of("authorization",
                    consent.hidden("authorization"), "decision", "allow"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Location")).isEmpty();
        }
        assertThat(oauth.authorizationServer().consents().allowed(ALICE, client.id())).isEmpty();
    }

    @Test
    void consentIsRememberedUntilRevokedOnTheConnectedAppsPage() {
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        try (Browser browser = oauth.browser()) {
            Map<String, String> readOnly = new LinkedHashMap<>(oauth.authorizationParameters(client, pkce));
            readOnly.put("scope", "read");
            Map<String, String> first = oauth.authorize(browser, readOnly, ALICE);
            Reply tokens = oauth.token(oauth.codeExchange(new OAuthFixture.Authorized(client, pkce, first.get("code"))));
            String refreshToken = tokens.json().path("refresh_token").asString();

            // Signed in and allowed before: straight back to the client for the same scopes.
            Map<String, String> same = new LinkedHashMap<>(request(client));
            same.put("scope", "read");
            Browser.Page again = browser.get(OAuthFixture.authorizePath(same));
            assertThat(again.status()).isEqualTo(302);
            assertThat(OAuthFixture.redirectParameters(again.location(), client.redirectUri())).containsKey("code");
            // Asking for more shows the consent page again.
            Browser.Page wider = browser.get(OAuthFixture.authorizePath(request(client)));
            assertThat(wider.status()).isEqualTo(200);
            assertThat(wider.body()).contains("value=\"allow\"", "<strong>Write</strong>");

            Browser.Page apps = browser.get("/account/apps");
            assertThat(apps.status()).isEqualTo(200);
            assertThat(apps.body()).contains("Connected apps", "Test Client", client.id(), "read", "UTC",
                    ">Revoke</button>");
            assertSecurityHeaders(apps);
            Browser.Page revoked = browser.post("/account/apps", Map.of("csrf", apps.hidden("csrf"), "action",
                    "revoke", "client_id", client.id()));
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.body()).contains("can no longer use Mallard as you").doesNotContain(">Revoke</button>");

            assertThat(oauth.token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id",
                    client.id())).error()).isEqualTo("invalid_grant");
            assertThat(oauth.mcp(tokens.json().path("access_token").asString()).status()).isEqualTo(401);
            Browser.Page askedAgain = browser.get(OAuthFixture.authorizePath(request(client)));
            assertThat(askedAgain.status()).isEqualTo(200);
            assertThat(askedAgain.body()).contains("value=\"allow\"");
        }
    }

    @Test
    void connectedAppsAsksToSignInFirstAndRevokingNeedsTheCsrfToken() {
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get("/account/apps");
            assertThat(login.body()).contains("name=\"password\"");
            Browser.Page signedIn = OAuthFixture.signIn(browser, login, ALICE, PASSWORD);
            assertThat(signedIn.location()).isEqualTo("/account/apps");
            Browser.Page forged = browser.post("/account/apps", Map.of("action", "revoke", "client_id", "x"));
            assertThat(forged.status()).isEqualTo(403);
            Browser.Page apps = browser.get("/account/apps");
            Browser.Page signedOut = browser.post("/account/apps", Map.of("csrf", apps.hidden("csrf"), "action",
                    "signout"));
            assertThat(signedOut.body()).contains("signed out");
            assertThat(browser.get("/account/apps").body()).contains("name=\"password\"");
        }
    }
}
