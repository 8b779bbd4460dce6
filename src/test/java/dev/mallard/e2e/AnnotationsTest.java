package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Annotations: stored in Mallard's state on a read-only server, shown beside DuckDB's comments by
 * every catalog view, allowed to the write and annotate scopes only, and kept to the caller's grants.
 */
class AnnotationsTest {
    @TempDir
    static Path directory;

    private static Path shop;
    private static TestMallard server;
    private static String aliceRead;
    private static String aliceAnnotate;
    private static String aliceWrite;

    @BeforeAll
    static void start() {
        shop = TestData.database(directory, "shop.duckdb",
                "CREATE TABLE customers (id INTEGER, email VARCHAR, created BIGINT, tier VARCHAR, "
                        + "country VARCHAR, phone VARCHAR, born DATE)",
                "COMMENT ON TABLE customers IS 'One row per customer'",
                "COMMENT ON COLUMN customers.email IS 'Lowercase address'",
                "INSERT INTO customers VALUES "
                        + "(1, 'a@example.com', 1700000000, 'gold', 'NL', '+31', DATE '1990-01-01')");
        server = TestMallard.builder()
                .database("shop", shop)
                .database("hr", TestData.hr(directory))
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        var users = server.mallard().users();
        users.add("alice", Optional.empty(), false);
        users.grant("alice", "shop", Access.READ);
        ApiKeys keys = server.mallard().apiKeys();
        aliceRead = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
        aliceAnnotate = keys.create("alice", Set.of(Scope.READ, Scope.ANNOTATE), Optional.empty(), Optional.empty())
                .secret();
        aliceWrite = keys.create("alice", Set.of(Scope.READ, Scope.WRITE), Optional.empty(), Optional.empty()).secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAnnotatedColumnShowsInDescribeTableBesideItsComment() {
        McpSyncClient client = server.client(aliceAnnotate);
        Map<String, Object> stored = structured(call(client, "annotate", "table", "customers", "column", "EMAIL",
                "description", "Where receipts go", "pii", true));
        assertThat(stored).containsEntry("table", "shop.main.customers").containsEntry("column", "email")
                .containsEntry("description", "Where receipts go").containsEntry("pii", true)
                .containsEntry("updated_by", "alice").containsKey("updated_at").doesNotContainKey("note");
        call(client, "annotate", "table", "customers", "description", "Customers who bought at least once");

        McpSchema.CallToolResult described = call(client, "describe_table", "table", "customers");
        assertThat(text(described))
                .contains("shop.main.customers (table, 1 row): One row per customer "
                        + "[annotation: Customers who bought at least once]")
                .contains("email VARCHAR — Lowercase address [annotation: Where receipts go; PII]");
        Map<String, Object> structured = structured(described);
        assertThat(structured).containsEntry("comment", "One row per customer")
                .containsEntry("annotation", Map.of("description", "Customers who bought at least once", "pii", false));
        assertThat(column(structured, "email")).containsEntry("comment", "Lowercase address")
                .containsEntry("annotation", Map.of("description", "Where receipts go", "pii", true));
    }

    @Test
    void listColumnsShowsTheAnnotationInItsOwnColumns() {
        McpSyncClient client = server.client(aliceAnnotate);
        call(client, "annotate", "table", "customers", "column", "created", "note", "unix seconds");
        McpSchema.CallToolResult listed = call(client, "list_columns", "table", "customers");
        assertThat(structured(listed).get("columns"))
                .isEqualTo(List.of("name", "type", "nullable", "comment", "description", "note", "pii"));
        assertThat(rows(listed)).contains(Arrays.asList("created", "BIGINT", true, null, null, "unix seconds", false));
        assertThat(text(listed)).contains("created BIGINT [annotation: note: unix seconds]");
    }

    @Test
    void searchCatalogFindsAnnotationText() {
        McpSyncClient client = server.client(aliceAnnotate);
        call(client, "annotate", "table", "customers", "column", "tier", "description", "Loyalty programme level");
        McpSchema.CallToolResult found = call(client, "search_catalog", "query", "loyalty programme");
        assertThat(rows(found)).anySatisfy(row -> assertThat(row).startsWith("column", "shop.main.customers.tier")
                .contains("Loyalty programme level"));
        assertThat(text(found))
                .contains("column shop.main.customers.tier VARCHAR [annotation: Loyalty programme level]");
    }

    @Test
    void theTableResourceAndTheInstructionsShowAnnotations() {
        call(server.client(aliceAnnotate), "annotate", "table", "customers", "column", "country", "note",
                "ISO 3166 alpha-2");
        McpSyncClient fresh = server.client(aliceRead);
        McpSchema.ReadResourceResult resource = fresh.readResource(
                McpSchema.ReadResourceRequest.builder("mallard://shop/main/customers").build());
        assertThat(((McpSchema.TextResourceContents) resource.contents().getFirst()).text())
                .contains("country VARCHAR [annotation: note: ISO 3166 alpha-2]");
        assertThat(fresh.getServerInstructions()).contains("country (note: ISO 3166 alpha-2)");
    }

    @Test
    void anEmptyStringClearsAFieldAndAnEmptyAnnotationIsRemoved() {
        McpSyncClient client = server.client(aliceAnnotate);
        call(client, "annotate", "table", "customers", "column", "phone", "description", "Mobile", "note", "E.164",
                "pii", true);
        Map<String, Object> kept = structured(call(client, "annotate", "table", "customers", "column", "phone",
                "note", ""));
        assertThat(kept).containsEntry("description", "Mobile").containsEntry("pii", true).doesNotContainKey("note");

        McpSchema.CallToolResult cleared = call(client, "annotate", "table", "customers", "column", "phone",
                "description", "", "pii", false);
        assertThat(structured(cleared)).containsEntry("pii", false).doesNotContainKeys("description", "updated_by");
        assertThat(text(cleared)).startsWith("Removed the annotation of shop.main.customers.phone");
        assertThat(server.mallard().store().annotations().find("shop", "main", "customers", Optional.of("phone")))
                .isEmpty();
        assertThat(text(call(client, "describe_table", "table", "customers")))
                .contains("phone VARCHAR\n").doesNotContain("Mobile");
    }

    @Test
    void aReadKeyDoesNotSeeAnnotateAndIsRefusedWith403NamingBothScopes() {
        assertThat(toolNames(aliceRead)).doesNotContain("annotate");
        assertThat(toolNames(aliceAnnotate)).contains("annotate").doesNotContain("query_rw");
        assertThat(toolNames(aliceWrite)).contains("annotate");
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(aliceRead).open()) {
            HttpResponse<String> reply = raw.post(RawMcpHttp.toolCall(2, "annotate",
                    Map.of("table", "customers", "description", "Refused")));
            assertThat(reply.statusCode()).isEqualTo(403);
            assertThat(reply.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"insufficient_scope\"").contains("scope=\"read annotate\"")
                    .contains("needs the write or annotate scope");
            assertThat(reply.body()).contains("needs the 'write' or 'annotate' scope");
        }
        assertThat(server.mallard().store().annotations().all())
                .noneMatch(annotation -> annotation.description().equals(Optional.of("Refused")));
    }

    @Test
    void aWriteKeyMayAnnotateOnAReadOnlyServer() {
        Map<String, Object> stored = structured(call(server.client(aliceWrite), "annotate", "table",
                "shop.main.customers", "column", "born", "pii", true));
        assertThat(stored).containsEntry("column", "born").containsEntry("pii", true);
        assertThat(text(call(server.client(aliceRead), "describe_table", "table", "customers")))
                .contains("born DATE [annotation: PII]");
    }

    @Test
    void anUngrantedTableIsNotFoundWithoutBeingNamed() {
        McpSyncClient client = server.client(aliceAnnotate);
        String message = error(call(client, "annotate", "table", "hr.main.salaries", "description", "Pay"));
        assertThat(message).isEqualTo(error(call(client, "describe_table", "table", "hr.main.salaries")))
                .isEqualTo("Table 'hr.main.salaries' not found in database 'shop'. Available: customers.");
        assertThat(server.mallard().store().annotations().all())
                .noneMatch(annotation -> annotation.database().equals("hr"));
    }

    @Test
    void anUnknownColumnIsNotFoundWithASuggestion() {
        String message = error(call(server.client(aliceAnnotate), "annotate", "table", "customers", "column",
                "emial", "pii", true));
        assertThat(message).contains("Column 'emial' not found in shop.main.customers.")
                .contains("Did you mean 'email'?");
    }

    @Test
    void anAnnotationWithNothingInItOrTooLongIsRefused() {
        McpSyncClient client = server.client(aliceAnnotate);
        assertThat(error(call(client, "annotate", "table", "customers")))
                .contains("Pass at least one of description, note or pii");
        assertThat(error(call(client, "annotate", "table", "customers", "note", "x".repeat(2_001))))
                .contains("The note has 2001 characters; at most 2000 are kept.");
    }

    @Test
    void anAnnotationIsAudited() throws InterruptedException {
        call(server.client(aliceAnnotate), "annotate", "table", "customers", "column", "id", "description",
                "Customer number");
        server.mallard().audit().flush();
        List<AuditEntry> entries = server.mallard().store().audit().recent(new AuditQuery(null, "annotate", "alice",
                100));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.database()).isEqualTo("shop");
            assertThat(entry.outcome()).isEqualTo("ok");
        });
    }

    @Test
    void annotationsOutliveARestart(@TempDir Path dataDir) throws Exception {
        Path copy = Files.copy(shop, directory.resolve("restart.duckdb"));
        try (TestMallard first = TestMallard.builder().database("shop", copy).dataDir(dataDir).start()) {
            structured(call(first.client(), "annotate", "table", "customers", "note", "Synced nightly"));
        }
        try (TestMallard second = TestMallard.builder().database("shop", copy).dataDir(dataDir).start()) {
            assertThat(text(call(second.client(), "describe_table", "table", "customers")))
                    .contains("[annotation: note: Synced nightly]");
        }
    }

    private static List<String> toolNames(String key) {
        return server.client(key).listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> column(Map<String, Object> described, String name) {
        return ((List<Map<String, Object>>) described.get("columns")).stream()
                .filter(column -> name.equals(column.get("name"))).findFirst().orElseThrow();
    }
}
