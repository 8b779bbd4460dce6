package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables as resources, the prompts, and completion, over HTTP with the SDK client: each user sees
 * only what it is granted (alice: the sales database; bob: everything).
 */
class ResourcesAndPromptsTest {
    private static final int WIDE_TABLES = 130;

    @TempDir
    static Path directory;

    private static TestMallard server;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() {
        Path sales = TestData.database(directory, "sales.duckdb",
                "CREATE TABLE orders (id INTEGER NOT NULL, amount DECIMAL(10,2), placed_at BIGINT)",
                "INSERT INTO orders VALUES (1, 10.50, 1700000000), (2, 20.00, 1700003600)",
                "COMMENT ON TABLE orders IS 'One row per order'",
                "COMMENT ON COLUMN orders.amount IS 'Total in euros'",
                "CREATE TABLE \"odd name/with slash\" (x INTEGER)");
        Path hr = TestData.hr(directory);
        Path wide = TestData.database(directory, "wide.duckdb", IntStream.range(0, WIDE_TABLES)
                .mapToObj(i -> "CREATE TABLE t" + String.format("%03d", i) + " (x INTEGER)").toArray(String[]::new));
        server = TestMallard.builder()
                .database("sales", sales)
                .database("hr", hr)
                .database("wide", wide)
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        alice = server.readerKey("alice", "sales");
        bob = server.readerKey("bob", "*");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void initializeAnnouncesResourcesPromptsAndCompletions() {
        McpSchema.ServerCapabilities capabilities = server.client(alice).getServerCapabilities();
        assertThat(capabilities.resources()).isNotNull();
        assertThat(capabilities.resources().subscribe()).isFalse();
        assertThat(capabilities.prompts()).isNotNull();
        assertThat(capabilities.completions()).isNotNull();
    }

    @Test
    void aUserSeesOnlyTheTablesItIsGranted() {
        McpSchema.ListResourcesResult page = server.client(alice).listResources(null);
        assertThat(page.resources()).extracting(McpSchema.Resource::uri)
                .containsExactlyInAnyOrder("mallard://sales/main/orders", "mallard://sales/main/odd%20name%2Fwith%20slash");
        assertThat(page.nextCursor()).isNull();
        McpSchema.Resource orders = page.resources().stream()
                .filter(resource -> resource.uri().endsWith("/orders")).findFirst().orElseThrow();
        assertThat(orders.name()).isEqualTo("sales.main.orders");
        assertThat(orders.description()).isEqualTo("table, 3 columns: One row per order");
        assertThat(orders.mimeType()).isEqualTo("text/plain");
    }

    @Test
    void manyTablesArePagedWithACursor() {
        McpSyncClient client = server.client(bob);
        List<String> uris = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            McpSchema.ListResourcesResult page = client.listResources(cursor);
            assertThat(page.resources()).hasSizeLessThanOrEqualTo(100);
            page.resources().forEach(resource -> uris.add(resource.uri()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(uris).hasSize(WIDE_TABLES + 4).doesNotHaveDuplicates()
                .contains("mallard://hr/main/salary_view", "mallard://wide/main/t129");
    }

    @Test
    void aCursorTheServerDidNotMakeIsInvalidParams() {
        assertThatThrownBy(() -> server.client(bob).listResources("bm9wZQ"))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                    assertThat(e.getMessage()).contains("nextCursor");
                });
    }

    @Test
    void readingATableGivesItsDescription() {
        McpSchema.ReadResourceResult result = server.client(alice)
                .readResource(read("mallard://sales/main/orders"));
        McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) result.contents().getFirst();
        assertThat(contents.uri()).isEqualTo("mallard://sales/main/orders");
        assertThat(contents.mimeType()).isEqualTo("text/plain");
        assertThat(contents.text())
                .startsWith("sales.main.orders (table, 2 rows): One row per order")
                .contains("id INTEGER NOT NULL", "amount DECIMAL(10,2) — Total in euros",
                        "placed_at BIGINT [note: Integer holding unix epoch seconds");
    }

    @Test
    void aNameThatNeedsEncodingReadsBack() {
        McpSchema.ReadResourceResult result = server.client(alice)
                .readResource(read("mallard://sales/main/odd%20name%2Fwith%20slash"));
        assertThat(((McpSchema.TextResourceContents) result.contents().getFirst()).text())
                .startsWith("sales.main.\"odd name/with slash\" (table, 0 rows)");
    }

    @Test
    void aMisspelledTableIsResourceNotFoundWithASuggestion() {
        assertThatThrownBy(() -> server.client(alice)
                .readResource(read("mallard://sales/main/order")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32002);
                    assertThat(e.getMessage()).contains("Did you mean 'orders'?");
                });
    }

    @Test
    void anUngrantedTableIsNotFoundAndNotNamed() {
        assertThatThrownBy(() -> server.client(alice)
                .readResource(read("mallard://hr/main/salaries")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32002);
                    assertThat(e.getMessage()).contains("Database 'hr' not found").doesNotContain("salar");
                });
        // bob is granted hr: the same address works for him.
        assertThat(server.client(bob).readResource(read("mallard://hr/main/salaries"))
                .contents()).hasSize(1);
    }

    @Test
    void anAddressOfAnotherShapeIsNotFoundWithTheTemplate() {
        assertThatThrownBy(() -> server.client(alice)
                .readResource(read("mallard://sales/orders")))
                .isInstanceOfSatisfying(McpError.class, e ->
                        assertThat(e.getJsonRpcError().code()).isEqualTo(-32002));
    }

    @Test
    void theTableTemplateIsListed() {
        assertThat(server.client(alice).listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactly("mallard://{database}/{schema}/{table}");
    }

    @Test
    void templateArgumentsCompleteFromTheVisibleCatalog() {
        assertThat(completeTemplate(alice, "database", "", Map.of()).values()).containsExactly("sales");
        assertThat(completeTemplate(bob, "database", "h", Map.of()).values()).containsExactly("hr");
        assertThat(completeTemplate(bob, "schema", "", Map.of("database", "hr")).values()).containsExactly("main");
        assertThat(completeTemplate(bob, "table", "sal", Map.of("database", "hr", "schema", "main")).values())
                .containsExactlyInAnyOrder("salaries", "salary_view");
        assertThat(completeTemplate(alice, "table", "", Map.of("database", "hr")).values()).isEmpty();
    }

    @Test
    void completionCapsItsValuesAtAHundred() {
        McpSchema.CompleteResult.CompleteCompletion completion = completeTemplate(bob, "table", "t",
                Map.of("database", "wide"));
        assertThat(completion.values()).hasSize(100);
        assertThat(completion.total()).isEqualTo(WIDE_TABLES);
        assertThat(completion.hasMore()).isTrue();
    }

    @Test
    void thePromptsAreListedWithTheirArguments() {
        List<McpSchema.Prompt> prompts = server.client(alice).listPrompts().prompts();
        assertThat(prompts).extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder("explore_database", "profile_table", "explain_query");
        assertThat(prompts.stream().filter(prompt -> prompt.name().equals("profile_table")).findFirst().orElseThrow()
                .arguments()).singleElement().satisfies(argument -> {
            assertThat(argument.name()).isEqualTo("table");
            assertThat(argument.required()).isTrue();
        });
    }

    @Test
    void profileTableNamesTheTableAndTheToolsToUse() {
        String text = promptText(alice, "profile_table", Map.of("table", "orders"));
        assertThat(text).contains("describe_table", "SUMMARIZE sales.main.orders");
    }

    @Test
    void exploreDatabaseDefaultsToTheFirstGrantedDatabase() {
        assertThat(promptText(alice, "explore_database", Map.of())).contains("'sales'", "list_tables");
    }

    @Test
    void explainQueryQuotesTheQueryAndAsksForThePlan() {
        assertThat(promptText(alice, "explain_query", Map.of("sql", "SELECT count(*) FROM orders")))
                .contains("SELECT count(*) FROM orders", "EXPLAIN");
    }

    @Test
    void aPromptOnAnUngrantedTableIsInvalidParamsWithoutTheName() {
        assertThatThrownBy(() -> promptText(alice, "profile_table", Map.of("table", "hr.main.salaries")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
                    assertThat(e.getMessage()).contains("not found").doesNotContain("salary_view");
                });
        assertThatThrownBy(() -> promptText(alice, "profile_table", Map.of()))
                .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getMessage()).contains("'table'"));
    }

    @Test
    void promptArgumentsCompleteDatabasesAndTables() {
        assertThat(completePrompt(bob, "explore_database", "database", "w").values()).containsExactly("wide");
        assertThat(completePrompt(alice, "profile_table", "table", "ord").values()).containsExactly("orders");
        assertThat(completePrompt(alice, "profile_table", "table", "sal").values()).isEmpty();
        assertThat(completePrompt(bob, "explain_query", "sql", "SEL").values()).isEmpty();
    }

    private static McpSchema.CompleteResult.CompleteCompletion completeTemplate(String key, String argument,
            String value, Map<String, String> context) {
        return server.client(key).completeCompletion(McpSchema.CompleteRequest.builder(
                new McpSchema.ResourceReference("mallard://{database}/{schema}/{table}"),
                new McpSchema.CompleteRequest.CompleteArgument(argument, value))
                .context(new McpSchema.CompleteRequest.CompleteContext(context)).build()).completion();
    }

    private static McpSchema.CompleteResult.CompleteCompletion completePrompt(String key, String prompt,
            String argument, String value) {
        return server.client(key).completeCompletion(McpSchema.CompleteRequest.builder(
                new McpSchema.PromptReference(prompt), new McpSchema.CompleteRequest.CompleteArgument(argument, value))
                .build()).completion();
    }

    private static McpSchema.ReadResourceRequest read(String uri) {
        return McpSchema.ReadResourceRequest.builder(uri).build();
    }

    private static String promptText(String key, String name, Map<String, Object> arguments) {
        McpSchema.GetPromptResult result = server.client(key).getPrompt(McpSchema.GetPromptRequest.builder(name)
                .arguments(arguments).build());
        assertThat(result.messages()).singleElement().satisfies(message ->
                assertThat(message.role()).isEqualTo(McpSchema.Role.USER));
        return ((McpSchema.TextContent) result.messages().getFirst().content()).text();
    }
}
