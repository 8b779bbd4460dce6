package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.testing.Browser;
import dev.mallard.testing.TestMallard;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The metadata documents clients discover the authorization server with (RFC 9728, RFC 8414, OIDC discovery). */
class DiscoveryTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();

    @Test
    void protectedResourceMetadataIsServedAtBothWellKnownAddresses() {
        for (String path : new String[] {"/.well-known/oauth-protected-resource/mcp",
                "/.well-known/oauth-protected-resource"}) {
            Reply reply = oauth.get(path, "Origin", "https://app.example");
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.header("Access-Control-Allow-Origin")).contains("*");
            JsonNode json = reply.json();
            assertThat(json.path("resource").asString()).isEqualTo(oauth.issuer() + "/mcp");
            assertThat(json.path("authorization_servers").toString()).isEqualTo("[\"" + oauth.issuer() + "\"]");
            assertThat(json.path("scopes_supported").toString()).isEqualTo("[\"read\",\"write\",\"annotate\",\"sync\",\"admin\",\"pii\"]");
            assertThat(json.path("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
        }
    }

    @Test
    void authorizationServerMetadataListsTheEndpointsAndWhatTheySupport() {
        JsonNode json = oauth.get("/.well-known/oauth-authorization-server").json();
        String issuer = oauth.issuer();
        assertThat(issuer).startsWith("http://127.0.0.1:").doesNotEndWith("/");
        assertThat(json.path("issuer").asString()).isEqualTo(issuer);
        assertThat(json.path("authorization_endpoint").asString()).isEqualTo(issuer + "/oauth/authorize");
        assertThat(json.path("token_endpoint").asString()).isEqualTo(issuer + "/oauth/token");
        assertThat(json.path("registration_endpoint").asString()).isEqualTo(issuer + "/oauth/register");
        assertThat(json.path("revocation_endpoint").asString()).isEqualTo(issuer + "/oauth/revoke");
        assertThat(json.path("jwks_uri").asString()).isEqualTo(issuer + "/oauth/jwks.json");
        assertThat(json.path("response_types_supported").toString()).isEqualTo("[\"code\"]");
        assertThat(json.path("grant_types_supported").toString())
                .isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(json.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(json.path("token_endpoint_auth_methods_supported").toString())
                .isEqualTo("[\"none\",\"client_secret_basic\",\"client_secret_post\"]");
        assertThat(json.path("client_id_metadata_document_supported").asBoolean()).isTrue();
        assertThat(json.path("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
        assertThat(json.path("scopes_supported").toString()).contains("\"read\"", "\"write\"", "\"admin\"");
        assertThat(json.has("subject_types_supported")).isFalse();
    }

    @Test
    void openIdConfigurationHasTheFieldsValidatorsRequire() {
        JsonNode json = oauth.get("/.well-known/openid-configuration").json();
        assertThat(json.path("issuer").asString()).isEqualTo(oauth.issuer());
        assertThat(json.path("subject_types_supported").toString()).isEqualTo("[\"public\"]");
        assertThat(json.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"ES256\"]");
        assertThat(json.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    }

    @Test
    void jwksPublishesTheSigningKeyWithoutItsPrivatePart() throws Exception {
        Reply reply = oauth.get("/oauth/jwks.json");
        assertThat(reply.body()).doesNotContain("\"d\"");
        JWKSet keys = JWKSet.parse(reply.body());
        assertThat(keys.getKeys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(key.getAlgorithm().getName()).isEqualTo("ES256");
        });
    }

    @Test
    void withoutOAuthNoneOfItsRoutesIsMounted() {
        try (TestMallard plain = TestMallard.demo(); Browser browser = new Browser(plain.baseUri())) {
            for (String path : new String[] {"/.well-known/oauth-protected-resource/mcp",
                    "/.well-known/oauth-authorization-server", "/oauth/authorize", "/oauth/token", "/account/apps"}) {
                assertThat(browser.get(path).status()).as(path).isEqualTo(404);
            }
        }
    }

    @Test
    void anMcpRequestWithoutACredentialPointsToTheMetadata() {
        Reply reply = oauth.mcp(Optional.empty());
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .startsWith("Bearer").contains("resource_metadata=\"" + oauth.issuer()
                        + "/.well-known/oauth-protected-resource/mcp\"", "scope=\"read\""));
        assertThat(reply.body()).contains("sign in with OAuth");
    }
}
