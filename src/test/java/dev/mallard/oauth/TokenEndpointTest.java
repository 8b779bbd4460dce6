package dev.mallard.oauth;

import static dev.mallard.oauth.OAuthFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.oauth.OAuthFixture.Authorized;
import dev.mallard.oauth.OAuthFixture.Client;
import dev.mallard.oauth.OAuthFixture.Pkce;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.oauth.OAuthFixture.Tokens;
import dev.mallard.testing.Browser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /oauth/token}: every way a token request can be wrong, with its RFC 6749 error code. */
class TokenEndpointTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();

    private static Map<String, String> with(Map<String, String> form, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(form);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return changed;
    }

    private static void assertError(Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.error()).as(reply.body()).isEqualTo(error);
        assertThat(reply.json().path("error_description").asString()).isNotBlank();
        assertThat(reply.header("Cache-Control")).contains("no-store");
    }

    @Test
    void tokenRequestWithWrongCodeVerifierIsInvalidGrant() {
        Authorized authorized = oauth.authorized(ALICE);
        Reply reply = oauth.token(with(oauth.codeExchange(authorized), "code_verifier", Pkce.create().verifier()));
        assertError(reply, 400, "invalid_grant");
        assertThat(reply.body()).contains("code_verifier");
    }

    @Test
    void tokenRequestWithoutCodeVerifierIsInvalidRequestAndLeavesTheCodeUsable() {
        Authorized authorized = oauth.authorized(ALICE);
        assertError(oauth.token(with(oauth.codeExchange(authorized), "code_verifier", null)), 400, "invalid_request");
        assertThat(oauth.token(oauth.codeExchange(authorized)).status()).isEqualTo(200);
    }

    @Test
    void reusedCodeIsInvalidGrantAndRevokesTheTokensItProduced() {
        Authorized authorized = oauth.authorized(ALICE);
        Reply first = oauth.token(oauth.codeExchange(authorized));
        assertThat(first.status()).isEqualTo(200);
        String accessToken = first.json().path("access_token").asString();
        assertThat(oauth.mcp(accessToken).status()).isEqualTo(200);

        assertError(oauth.token(oauth.codeExchange(authorized)), 400, "invalid_grant");

        Reply refused = oauth.mcp(accessToken);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c).contains("revoked"));
        Reply refresh = oauth.token(Map.of("grant_type", "refresh_token", "refresh_token",
                first.json().path("refresh_token").asString(), "client_id", authorized.client().id()));
        assertError(refresh, 400, "invalid_grant");
    }

    @Test
    void tokenRequestWithAnotherRedirectUriIsInvalidGrant() {
        Authorized authorized = oauth.authorized(ALICE);
        assertError(oauth.token(with(oauth.codeExchange(authorized), "redirect_uri", "http://127.0.0.1:43110/other")),
                400, "invalid_grant");
    }

    @Test
    void codeOfAnotherClientIsInvalidGrant() {
        Authorized authorized = oauth.authorized(ALICE);
        Client other = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        assertError(oauth.token(with(oauth.codeExchange(authorized), "client_id", other.id())), 400, "invalid_grant");
    }

    @Test
    void unknownCodeIsInvalidGrant() {
        Authorized authorized = oauth.authorized(ALICE);
        assertError(oauth.token(with(oauth.codeExchange(authorized), "code", "not-a-code")), 400, "invalid_grant");
    }

    @Test
    void tokenRequestForAnotherResourceIsInvalidTarget() {
        Authorized authorized = oauth.authorized(ALICE);
        assertError(oauth.token(with(oauth.codeExchange(authorized), "resource", "https://other.example/mcp")), 400,
                "invalid_target");
    }

    @Test
    void unknownClientIsInvalidClientWith401() {
        Authorized authorized = oauth.authorized(ALICE);
        assertError(oauth.token(with(oauth.codeExchange(authorized), "client_id", "mlc_unknown")), 401,
                "invalid_client");
    }

    @Test
    void missingOrUnknownGrantTypeIsSaidSo() {
        assertError(oauth.token(Map.of("client_id", "x", "code", "y")), 400, "invalid_request");
        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        assertError(oauth.token(Map.of("grant_type", "password", "client_id", client.id(), "username", "alice")), 400,
                "unsupported_grant_type");
        assertError(oauth.token(Map.of("grant_type", "client_credentials", "client_id", client.id())), 400,
                "unsupported_grant_type");
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        Reply reply = oauth.postRaw("/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&grant_type=refresh_token&client_id=x&refresh_token=y");
        assertError(reply, 400, "invalid_request");
        assertThat(reply.body()).contains("grant_type", "more than once");
    }

    @Test
    void bodyThatIsNotAFormIsInvalidRequest() {
        assertError(oauth.postJson("/oauth/token", Map.of("grant_type", "refresh_token")), 400, "invalid_request");
    }

    @Test
    void requestThatNamesNoClientIsInvalidClient() {
        assertError(oauth.token(Map.of("grant_type", "refresh_token", "refresh_token", "y")), 401, "invalid_client");
    }

    @Test
    void confidentialClientAuthenticatesWithBasicOrPostAndAWrongSecretIs401() {
        Client client = oauth.registerConfidential(OAuthFixture.LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        Map<String, String> answer;
        try (Browser browser = oauth.browser()) {
            answer = oauth.authorize(browser, oauth.authorizationParameters(client, pkce), ALICE);
        }
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", answer.get("code"),
                "redirect_uri", client.redirectUri(), "code_verifier", pkce.verifier());
        Reply wrong = oauth.postForm("/oauth/token", form, "Authorization", basic(client.id(), "wrong"));
        assertError(wrong, 401, "invalid_client");
        assertThat(wrong.header("WWW-Authenticate")).hasValueSatisfying(c -> assertThat(c).startsWith("Basic"));
        assertError(oauth.token(with(form, "client_id", client.id())), 401, "invalid_client");

        Reply right = oauth.postForm("/oauth/token", form, "Authorization", basic(client.id(), client.secret().get()));
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        Reply refreshed = oauth.token(Map.of("grant_type", "refresh_token", "refresh_token",
                right.json().path("refresh_token").asString(), "client_id", client.id(), "client_secret",
                client.secret().get()));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refreshRotatesTheTokenAndReusingTheOldOneRevokesTheWholeGrant() {
        Tokens tokens = oauth.tokens(ALICE);
        Reply first = oauth.refresh(tokens, tokens.refreshToken());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String rotated = first.json().path("refresh_token").asString();
        assertThat(rotated).isNotEqualTo(tokens.refreshToken());
        String newAccess = first.json().path("access_token").asString();
        assertThat(oauth.mcp(newAccess).status()).isEqualTo(200);

        assertError(oauth.refresh(tokens, tokens.refreshToken()), 400, "invalid_grant");

        assertError(oauth.refresh(tokens, rotated), 400, "invalid_grant");
        assertThat(oauth.mcp(newAccess).status()).isEqualTo(401);
        assertThat(oauth.mcp(tokens.accessToken()).status()).isEqualTo(401);
    }

    @Test
    void refreshMayNarrowTheScopeButNotWidenIt() {
        Tokens tokens = oauth.tokens(ALICE);
        Reply narrowed = oauth.token(Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken(),
                "client_id", tokens.client().id(), "scope", "read"));
        assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);
        assertThat(narrowed.json().path("scope").asString()).isEqualTo("read");

        String next = narrowed.json().path("refresh_token").asString();
        assertError(oauth.token(Map.of("grant_type", "refresh_token", "refresh_token", next, "client_id",
                tokens.client().id(), "scope", "read write admin")), 400, "invalid_scope");
        // The refresh token kept the grant's scope: a later refresh may ask for write again.
        Reply again = oauth.refresh(tokens, next);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("scope").asString()).isEqualTo("read write");
    }

    @Test
    void refreshTokenOfAnotherClientIsInvalidGrant() {
        Tokens tokens = oauth.tokens(ALICE);
        Client other = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        assertError(oauth.token(Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken(),
                "client_id", other.id())), 400, "invalid_grant");
        assertThat(oauth.refresh(tokens, tokens.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void clientWithoutTheRefreshGrantGetsNoRefreshTokenAndIsUnauthorizedToRefresh() {
        Reply registered = oauth.postJson("/oauth/register", Map.of("redirect_uris",
                List.of(OAuthFixture.LOOPBACK_REDIRECT), "token_endpoint_auth_method", "none"));
        Client client = new Client(registered.json().path("client_id").asString(), Optional.empty(),
                OAuthFixture.LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        Map<String, String> answer;
        try (Browser browser = oauth.browser()) {
            answer = oauth.authorize(browser, oauth.authorizationParameters(client, pkce), ALICE);
        }
        Reply tokens = oauth.token(oauth.codeExchange(new Authorized(client, pkce, answer.get("code"))));
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.json().has("refresh_token")).isFalse();
        assertError(oauth.token(Map.of("grant_type", "refresh_token", "refresh_token", "anything", "client_id",
                client.id())), 400, "unauthorized_client");
    }

    @Test
    void tokenEndpointAnswersBrowserBasedClientsWithCors() {
        Reply preflight = oauth.options("/oauth/token", "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.header("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m)
                .contains("POST"));
        Reply reply = oauth.token(Map.of("grant_type", "refresh_token", "client_id", "x", "refresh_token", "y"));
        assertThat(reply.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(oauth.get("/oauth/token").status()).isEqualTo(405);
    }
}
