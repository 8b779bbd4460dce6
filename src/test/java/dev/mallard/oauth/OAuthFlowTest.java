package dev.mallard.oauth;

import static dev.mallard.oauth.OAuthFixture.ALICE;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.oauth.OAuthFixture.Client;
import dev.mallard.oauth.OAuthFixture.Pkce;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.Browser;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole way an MCP client takes, as the MCP authorization spec describes it: a 401 that points to
 * the metadata, discovery, registration, the browser's sign-in and consent, the code exchange, and
 * tool calls with the access token.
 */
class OAuthFlowTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();

    @Test
    void aClientRegistersSignsInAndQueriesWithItsAccessToken() {
        Reply unauthorized = oauth.mcp(Optional.empty());
        assertThat(unauthorized.status()).isEqualTo(401);
        String metadataUrl = oauth.issuer() + "/.well-known/oauth-protected-resource/mcp";
        assertThat(unauthorized.header("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("resource_metadata=\"" + metadataUrl + "\""));

        Reply resource = oauth.get(metadataUrl);
        assertThat(resource.json().path("authorization_servers").get(0).asString()).isEqualTo(oauth.issuer());
        Reply server = oauth.get("/.well-known/oauth-authorization-server");
        assertThat(server.json().path("registration_endpoint").asString()).isEqualTo(oauth.issuer() + "/oauth/register");

        Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        Map<String, String> parameters = oauth.authorizationParameters(client, pkce);
        Map<String, String> answer;
        try (Browser browser = oauth.browser()) {
            answer = oauth.authorize(browser, parameters, ALICE);
        }
        assertThat(answer).containsEntry("state", parameters.get("state")).containsEntry("iss", oauth.issuer())
                .containsKey("code");

        Reply tokens = oauth.token(Map.of("grant_type", "authorization_code", "code", answer.get("code"),
                "redirect_uri", client.redirectUri(), "code_verifier", pkce.verifier(), "client_id", client.id(),
                "resource", oauth.resource()));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.header("Cache-Control")).contains("no-store");
        assertThat(tokens.json().path("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.json().path("expires_in").asLong()).isEqualTo(600);
        assertThat(tokens.json().path("scope").asString()).isEqualTo("read write");
        assertThat(tokens.json().path("refresh_token").asString()).isNotBlank();

        McpSyncClient mcp = oauth.server().client(tokens.json().path("access_token").asString());
        assertThat(mcp.listTools().tools()).extracting(McpSchema.Tool::name).contains("query", "list_tables");
        McpSchema.CallToolResult result = query(mcp, "SELECT count(*) AS n FROM customers");
        assertThat(result.isError()).as(result.toString()).isNotEqualTo(Boolean.TRUE);
        assertThat(rows(result)).hasSize(1);
    }

    @Test
    void theAuditLogNamesTheUserAndTheClient() {
        OAuthFixture.Tokens tokens = oauth.tokens(ALICE);
        McpSyncClient mcp = oauth.server().client(tokens.accessToken());
        query(mcp, "SELECT 42");
        oauth.server().mallard().audit().flush();
        List<AuditEntry> entries = oauth.server().mallard().store().audit()
                .recent(new AuditQuery(null, "query", ALICE, 10));
        assertThat(entries).anySatisfy(entry -> assertThat(entry.clientId()).isEqualTo(tokens.client().id()));
    }
}
