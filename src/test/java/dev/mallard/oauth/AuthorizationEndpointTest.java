package dev.mallard.oauth;

import static dev.mallard.oauth.OAuthFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.oauth.OAuthFixture.Client;
import dev.mallard.oauth.OAuthFixture.Pkce;
import dev.mallard.testing.Browser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /oauth/authorize}: a request with an unknown client or redirect URI gets an error page
 * and is never redirected; any other mistake goes back to the client with its error, the state and
 * the issuer.
 */
class AuthorizationEndpointTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();
    private static Client client;

    @BeforeAll
    static void registerClient() {
        client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
    }

    private static Map<String, String> request() {
        return new LinkedHashMap<>(oauth.authorizationParameters(client, Pkce.create()));
    }

    private static Browser.Page authorize(Map<String, String> parameters) {
        try (Browser browser = oauth.browser()) {
            return browser.get(OAuthFixture.authorizePath(parameters));
        }
    }

    private static void assertErrorPage(Browser.Page page, String text) {
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains(text);
    }

    /** Asserts the browser is sent back to the client with this error, and returns the parameters. */
    private static Map<String, String> assertRedirectedWith(Browser.Page page, Map<String, String> request,
            String error) {
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        Map<String, String> answer = OAuthFixture.redirectParameters(page.location(), request.get("redirect_uri"));
        assertThat(answer).containsEntry("error", error).containsEntry("state", request.get("state"))
                .containsEntry("iss", oauth.issuer()).containsKey("error_description").doesNotContainKey("code");
        return answer;
    }

    @Test
    void unknownClientIsShownAnErrorPageAndNotRedirected() {
        Map<String, String> request = request();
        request.put("client_id", "mlc_nobody");
        assertErrorPage(authorize(request), "no client with client_id");
    }

    @Test
    void missingClientIdIsShownAnErrorPage() {
        Map<String, String> request = request();
        request.remove("client_id");
        assertErrorPage(authorize(request), "names no app");
    }

    @Test
    void redirectUriMismatchIsShownAnErrorPageAndNotRedirected() {
        Map<String, String> request = request();
        request.put("redirect_uri", "https://attacker.example/callback");
        assertErrorPage(authorize(request), "not one of its registered redirect URIs");
        request.put("redirect_uri", "http://127.0.0.1:43110/other-path");
        assertErrorPage(authorize(request), "not one of its registered redirect URIs");
    }

    @Test
    void loopbackRedirectUriMatchesOnAnyPort() {
        Map<String, String> request = request();
        request.put("redirect_uri", "http://127.0.0.1:51234/callback");
        Browser.Page page = authorize(request);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"");
    }

    @Test
    void missingPkceIsInvalidRequest() {
        Map<String, String> request = request();
        request.remove("code_challenge");
        assertThat(assertRedirectedWith(authorize(request), request, "invalid_request").get("error_description"))
                .contains("PKCE");
    }

    @Test
    void plainOrMissingChallengeMethodIsInvalidRequest() {
        Map<String, String> request = request();
        request.put("code_challenge_method", "plain");
        assertRedirectedWith(authorize(request), request, "invalid_request");
        request.remove("code_challenge_method");
        assertThat(assertRedirectedWith(authorize(request), request, "invalid_request").get("error_description"))
                .contains("S256");
    }

    @Test
    void anotherResourceIsInvalidTarget() {
        Map<String, String> request = request();
        request.put("resource", "https://other.example/mcp");
        assertRedirectedWith(authorize(request), request, "invalid_target");
    }

    @Test
    void resourceWithUpperCaseSchemeAndHostIsAccepted() {
        Map<String, String> request = request();
        request.put("resource", oauth.resource().replace("http://127.0.0.1", "HTTP://127.0.0.1"));
        assertThat(authorize(request).status()).isEqualTo(200);
    }

    @Test
    void unknownScopeIsInvalidScope() {
        Map<String, String> request = request();
        request.put("scope", "read delete-everything");
        assertRedirectedWith(authorize(request), request, "invalid_scope");
    }

    @Test
    void offlineAccessIsAcceptedAndAddsNothing() {
        Map<String, String> request = request();
        request.put("scope", "read offline_access");
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            Browser.Page consent = browser.get(OAuthFixture.signIn(browser, login, ALICE, OAuthFixture.PASSWORD)
                    .location());
            assertThat(consent.body()).contains("<li><strong>Read</strong>").doesNotContain("<strong>Write</strong>")
                    .doesNotContain("<li><strong>Offline");
        }
    }

    @Test
    void responseTypeOtherThanCodeIsUnsupported() {
        Map<String, String> request = request();
        request.put("response_type", "token");
        assertRedirectedWith(authorize(request), request, "unsupported_response_type");
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        Map<String, String> request = request();
        try (Browser browser = oauth.browser()) {
            Browser.Page page = browser.get(OAuthFixture.authorizePath(request) + "&scope=admin");
            assertRedirectedWith(page, request, "invalid_request");
        }
    }

    @Test
    void redirectUriMayBeLeftOutWhenTheClientHasOnlyOne() {
        Map<String, String> request = request();
        request.remove("redirect_uri");
        Browser.Page page = authorize(request);
        assertThat(page.status()).as(page.body()).isEqualTo(200);

        request.put("response_type", "token");
        assertThat(authorize(request).location()).startsWith(OAuthFixture.LOOPBACK_REDIRECT + "?error=");
    }

    @Test
    void absentScopeAsksForReadAndWrite() {
        Map<String, String> request = request();
        request.remove("scope");
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(request));
            Browser.Page consent = browser.get(OAuthFixture.signIn(browser, login, ALICE, OAuthFixture.PASSWORD)
                    .location());
            assertThat(consent.body()).contains("<strong>Read</strong>", "<strong>Write</strong>")
                    .doesNotContain("<strong>Admin</strong>");
        }
    }
}
