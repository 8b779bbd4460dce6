package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with API keys: every request authenticated, tools listed by scope, and each user
 * confined to the databases granted to them, however the SQL names the others.
 */
class ApiKeyAuthTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static String aliceRead;
    private static String aliceWrite;
    private static String bobRead;

    @BeforeAll
    static void start() {
        Path sales = TestData.sales(directory);
        Path hr = TestData.hr(directory);
        server = TestMallard.builder()
                .database("sales", sales)
                .database("hr", hr)
                .readWrite()
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        var users = server.mallard().users();
        users.add("alice", Optional.of("correct horse".toCharArray()), false);
        users.grant("alice", "sales", Access.READ);
        users.add("bob", Optional.empty(), false);
        users.grant("bob", "*", Access.WRITE);
        ApiKeys keys = server.mallard().apiKeys();
        aliceRead = keys.create("alice", Set.of(Scope.READ), Optional.of("laptop"), Optional.empty()).secret();
        aliceWrite = keys.create("alice", Set.of(Scope.READ, Scope.WRITE), Optional.empty(), Optional.empty()).secret();
        bobRead = keys.create("bob", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRequestWithoutCredentialGets401WithABearerChallenge() {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri())) {
            HttpResponse<String> reply = raw.post(RawMcpHttp.message(1, "initialize", Map.of()));
            assertThat(reply.statusCode()).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Bearer ").contains("scope=\"read write\""));
            assertThat(reply.body()).contains("Authorization: Bearer");
        }
    }

    @Test
    void anUnknownKeyGets401InvalidToken() {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(ApiKeys.PREFIX + "nosuchkey_abc")) {
            HttpResponse<String> reply = raw.post(RawMcpHttp.message(1, "initialize", Map.of()));
            assertThat(reply.statusCode()).isEqualTo(401);
            assertThat(reply.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"");
        }
    }

    @Test
    void anotherAuthorizationSchemeIsRejected() {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(null)) {
            assertThat(raw.post(RawMcpHttp.message(1, "initialize", Map.of())).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aReadKeyListsOnlyReadTools() {
        McpSyncClient client = server.client(aliceRead);
        List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        assertThat(tools).contains("query", "list_tables", "describe_table").doesNotContain("query_rw",
                "confirm_mutation", "cancel_mutation");
        assertThat(server.client(aliceWrite).listTools().tools().stream().map(McpSchema.Tool::name))
                .contains("query_rw");
    }

    @Test
    void aReadKeyCallingQueryRwGets403InsufficientScope() {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(aliceRead).open()) {
            HttpResponse<String> reply = raw.post(RawMcpHttp.toolCall(2, "query_rw",
                    Map.of("sql", "DELETE FROM orders", "database", "sales")));
            assertThat(reply.statusCode()).isEqualTo(403);
            assertThat(reply.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"insufficient_scope\"").contains("scope=\"read write\"");
            assertThat(reply.body()).contains("needs the 'write' scope");
        }
        assertThat(rows(query(server.client(aliceRead), "SELECT count(*) FROM sales.orders")))
                .containsExactly(List.of(2));
    }

    @Test
    void aUserSeesOnlyGrantedDatabases() {
        McpSyncClient client = server.client(aliceRead);
        assertThat(text(call(client, "list_databases"))).contains("sales").doesNotContain("hr");
        assertThat(error(call(client, "list_tables", "database", "hr"))).contains("Database 'hr' not found")
                .doesNotContain("salaries");
        assertThat(error(call(client, "describe_table", "table", "hr.main.salaries"))).doesNotContain("1000000");
        assertThat(structured(call(client, "search_catalog", "query", "salaries")).toString())
                .doesNotContain("salaries");
        assertThat(rows(query(client, "SELECT count(*) FROM orders"))).containsExactly(List.of(2));
    }

    @Test
    void aUserCannotQueryADatabaseNotGrantedHoweverTheSqlNamesIt() {
        McpSyncClient client = server.client(aliceRead);
        for (String sql : List.of(
                "SELECT * FROM hr.salaries",
                "SELECT * FROM hr.main.salary_view",
                "SELECT * FROM query_table('hr.main.salaries')",
                "SELECT o.id FROM orders o WHERE o.id IN (SELECT salary FROM hr.salaries)",
                "WITH s AS (SELECT * FROM hr.salaries) SELECT * FROM s")) {
            McpSchema.CallToolResult result = call(client, "query", "sql", sql, "database", "sales");
            assertThat(result.isError()).as(sql).isTrue();
            assertThat(error(result)).as(sql).contains("not granted").doesNotContain("1000000");
        }
        for (String sql : List.of("SELECT * FROM duckdb_tables()", "SELECT * FROM information_schema.tables",
                "SHOW ALL TABLES", "DESCRIBE hr.salaries", "SELECT * FROM pragma_database_list")) {
            McpSchema.CallToolResult result = call(client, "query", "sql", sql);
            assertThat(result.isError()).as(sql).isTrue();
            assertThat(error(result)).as(sql).doesNotContain("salaries");
        }
    }

    @Test
    void binderSuggestionsDoNotRevealOtherDatabases() {
        String message = error(call(server.client(aliceRead), "query", "sql", "SELECT * FROM salaries"));
        assertThat(message).doesNotContain("hr.").contains("list_tables");
    }

    @Test
    void aUserGrantedEverythingQueriesEveryDatabase() {
        McpSyncClient client = server.client(bobRead);
        assertThat(rows(query(client, "SELECT salary FROM hr.salaries"))).containsExactly(List.of(1000000));
        assertThat(text(call(client, "list_databases"))).contains("sales").contains("hr");
    }

    @Test
    void aWriteKeyWithOnlyAReadGrantCannotChangeTheDatabase() {
        McpSyncClient client = server.client(aliceWrite);
        assertThat(error(call(client, "query_rw", "sql", "DELETE FROM orders", "database", "sales")))
                .contains("not change it");
        assertThat(rows(query(client, "SELECT count(*) FROM sales.orders"))).containsExactly(List.of(2));
    }

    @Test
    void aKeyRevokedMidSessionIsRefusedAtItsNextRequest() {
        ApiKeys.CreatedKey key = server.mallard().apiKeys().create("alice", Set.of(Scope.READ), Optional.empty(),
                Optional.empty());
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(key.secret()).open()) {
            assertThat(raw.post(RawMcpHttp.toolCall(2, "query", Map.of("sql", "SELECT 1"))).statusCode())
                    .isEqualTo(200);
            server.mallard().apiKeys().revoke(key.key().id());
            HttpResponse<String> after = raw.post(RawMcpHttp.toolCall(3, "query", Map.of("sql", "SELECT 1")));
            assertThat(after.statusCode()).isEqualTo(401);
            assertThat(after.body()).contains("revoked");
        }
    }

    @Test
    void anExpiredKeyIsRefused() throws InterruptedException {
        ApiKeys.CreatedKey key = server.mallard().apiKeys().create("alice", Set.of(Scope.READ), Optional.empty(),
                Optional.of(java.time.Instant.now().plusMillis(300)));
        Thread.sleep(400);
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(key.secret())) {
            HttpResponse<String> reply = raw.post(RawMcpHttp.message(1, "initialize", Map.of()));
            assertThat(reply.statusCode()).isEqualTo(401);
            assertThat(reply.body()).contains("expired");
        }
    }

    @Test
    void aSessionIsNotACredentialAndBelongsToItsUser() {
        try (RawMcpHttp alice = new RawMcpHttp(server.mcpUri()).bearer(aliceRead).open();
                RawMcpHttp bob = new RawMcpHttp(server.mcpUri()).bearer(bobRead).session(alice.session());
                RawMcpHttp nobody = new RawMcpHttp(server.mcpUri()).session(alice.session())) {
            assertThat(nobody.post(RawMcpHttp.toolCall(2, "query", Map.of("sql", "SELECT 1"))).statusCode())
                    .isEqualTo(401);
            assertThat(bob.post(RawMcpHttp.toolCall(2, "query", Map.of("sql", "SELECT 1"))).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void theInstructionsDescribeOnlyGrantedDatabases() {
        String instructions = server.client(aliceRead).getServerInstructions();
        assertThat(instructions).contains("orders").doesNotContain("salaries");
    }

    @Test
    void theAuditLogRecordsTheUser() {
        query(server.client(bobRead), "SELECT 42 AS audited_by_bob");
        server.mallard().audit().flush();
        List<AuditEntry> entries = server.mallard().store().audit()
                .recent(new AuditQuery(null, "query", "bob", 50));
        assertThat(entries).anySatisfy(entry -> assertThat(entry.sql()).contains("audited_by_bob"));
    }

    @Test
    void theHomePageDoesNotListTheCatalogToAnonymousVisitors() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String page = http.send(java.net.http.HttpRequest.newBuilder(server.baseUri()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("needs a credential").doesNotContain("salaries").doesNotContain("orders");
    }

    @Test
    void theAuditLogToolShowsOwnCallsAndEveryonesOnlyWithTheAdminScope() {
        server.mallard().users().add("root", Optional.empty(), true);
        server.mallard().users().grant("root", "*", Access.READ);
        String admin = server.mallard().apiKeys().create("root", Set.of(Scope.READ, Scope.ADMIN), Optional.empty(),
                Optional.empty()).secret();
        McpSyncClient alice = server.client(aliceRead);
        query(alice, "SELECT 'alice was here'");
        query(server.client(bobRead), "SELECT 'bob was here'");
        String own = text(call(alice, "audit_log", "limit", 200));
        assertThat(own).contains("alice was here").doesNotContain("bob was here");
        assertThat(error(call(alice, "audit_log", "user", "bob"))).contains("needs the admin scope");
        McpSyncClient root = server.client(admin);
        assertThat(text(call(root, "audit_log", "limit", 200))).contains("alice was here").contains("bob was here");
        assertThat(text(call(root, "audit_log", "user", "bob", "limit", 200))).contains("bob was here")
                .doesNotContain("alice was here");
    }
}
