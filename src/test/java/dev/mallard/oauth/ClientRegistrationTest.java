package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.oauth.OAuthFixture.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /oauth/register}: Dynamic Client Registration (RFC 7591) and what it refuses. */
class ClientRegistrationTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();

    private static void assertRefused(Reply reply, String error) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.error()).isEqualTo(error);
        assertThat(reply.json().path("error_description").asString()).isNotBlank();
    }

    @Test
    void publicClientGetsAnIdAndNoSecret() {
        Reply reply = oauth.postJson("/oauth/register", Map.of("client_name", "Claude", "redirect_uris",
                List.of("https://claude.ai/api/mcp/auth_callback"), "grant_types",
                List.of("authorization_code", "refresh_token"), "token_endpoint_auth_method", "none",
                "application_type", "web"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.json().path("client_id").asString()).startsWith("mlc_");
        assertThat(reply.json().has("client_secret")).isFalse();
        assertThat(reply.json().path("client_name").asString()).isEqualTo("Claude");
        assertThat(reply.json().path("token_endpoint_auth_method").asString()).isEqualTo("none");
        assertThat(reply.json().path("grant_types").toString()).contains("refresh_token");
    }

    @Test
    void clientThatNamesNoAuthMethodIsConfidentialAndGetsASecretStoredHashed() {
        Reply reply = oauth.postJson("/oauth/register", Map.of("redirect_uris", List.of("http://localhost:3000/cb")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().path("token_endpoint_auth_method").asString()).isEqualTo("client_secret_basic");
        String secret = reply.json().path("client_secret").asString();
        assertThat(secret).hasSizeGreaterThan(40);
        String clientId = reply.json().path("client_id").asString();
        assertThat(oauth.server().mallard().store().oauth().findClient(clientId)).hasValueSatisfying(stored ->
                assertThat(stored.secretHash()).isPresent().get().isNotEqualTo(secret));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example.app:/oauth2redirect", "cursor://anysphere.cursor-retrieval/oauth/callback",
            "http://[::1]:8080/callback", "http://127.0.0.1/callback"})
    void nativeRedirectUrisAreAccepted(String redirectUri) {
        Reply reply = oauth.postJson("/oauth/register", Map.of("redirect_uris", List.of(redirectUri),
                "token_endpoint_auth_method", "none", "application_type", "native"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.com/callback", "javascript:alert(1)", "https://app.example.com/cb#frag",
            "data:text/html,hi", "/relative/callback", "file:///etc/passwd"})
    void unsafeRedirectUriIsInvalidRedirectUri(String redirectUri) {
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", List.of(redirectUri))),
                "invalid_redirect_uri");
    }

    @Test
    void missingRedirectUrisIsInvalidRedirectUri() {
        assertRefused(oauth.postJson("/oauth/register", Map.of("client_name", "No redirect")), "invalid_redirect_uri");
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", List.of())), "invalid_redirect_uri");
    }

    @Test
    void unsupportedGrantOrAuthMethodIsInvalidClientMetadata() {
        List<String> redirect = List.of(OAuthFixture.LOOPBACK_REDIRECT);
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", redirect, "grant_types",
                List.of("client_credentials"))), "invalid_client_metadata");
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", redirect, "grant_types",
                List.of("authorization_code", "implicit"))), "invalid_client_metadata");
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", redirect, "response_types",
                List.of("token"))), "invalid_client_metadata");
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", redirect,
                "token_endpoint_auth_method", "private_key_jwt")), "invalid_client_metadata");
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", redirect, "application_type",
                "desktop")), "invalid_client_metadata");
        assertRefused(oauth.postJson("/oauth/register", Map.of("redirect_uris", redirect, "client_name", 42)),
                "invalid_client_metadata");
    }

    @Test
    void bodyThatIsNotAJsonObjectIsInvalidClientMetadata() {
        assertRefused(oauth.postRaw("/oauth/register", "application/json", "{not json"), "invalid_client_metadata");
        assertRefused(oauth.postRaw("/oauth/register", "application/json", "[1, 2]"), "invalid_client_metadata");
        assertRefused(oauth.postRaw("/oauth/register", "text/plain", "{}"), "invalid_client_metadata");
        assertRefused(oauth.postRaw("/oauth/register", "application/json", "{\"redirect_uris\": [\""
                + "x".repeat(20_000) + "\"]}"), "invalid_client_metadata");
    }

    @Test
    void registrationAnswersBrowserBasedClientsWithCors() {
        Reply preflight = oauth.options("/oauth/register", "Origin", "https://inspector.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.header("Access-Control-Allow-Headers")).hasValueSatisfying(h -> assertThat(h)
                .contains("Content-Type"));
    }
}
