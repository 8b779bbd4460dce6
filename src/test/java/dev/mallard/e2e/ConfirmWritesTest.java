package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.WriteMode;
import dev.mallard.config.WriteSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --writes confirm: query_rw previews (nothing changes), confirm_mutation applies exactly what was
 * previewed if the data is unchanged, a mutation is decided once, expires, can be cancelled, and
 * several are applied all or nothing. A client that can ask its user gets the question itself.
 */
class ConfirmWritesTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        Path file = TestData.database(directory, "bank.duckdb",
                "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner VARCHAR NOT NULL, balance DECIMAL(10,2))",
                "COMMENT ON TABLE accounts IS 'Bank accounts'");
        server = TestMallard.builder().database("bank", file).confirmWrites().start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void resetAccounts() {
        // Direct writes are not possible on this server; reset through the confirm path itself.
        Map<String, Object> preview = structured(write("DELETE FROM accounts; INSERT INTO accounts SELECT i, "
                + "'owner ' || i, i * 100 FROM range(1, 11) t(i); DROP TABLE IF EXISTS audit_copy"));
        structured(confirm((String) preview.get("mutation_id")));
        assertThat(balances()).hasSize(10);
    }

    private static McpSchema.CallToolResult write(String sql) {
        return call(client, "query_rw", "sql", sql);
    }

    private static McpSchema.CallToolResult confirm(String id) {
        return call(client, "confirm_mutation", "mutation_id", id);
    }

    private static List<List<Object>> balances() {
        return rows(query(client, "SELECT id, balance FROM accounts ORDER BY id"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T get(Map<String, Object> map, String key) {
        return (T) map.get(key);
    }

    @Test
    void queryRwPreviewsWithoutChangingAnything() {
        List<List<Object>> before = balances();
        Map<String, Object> preview = structured(write("UPDATE accounts SET balance = balance + 1 WHERE id <= 3"));

        assertThat(preview).containsEntry("status", "pending").containsEntry("database", "bank");
        assertThat((String) preview.get("mutation_id")).startsWith("mut_").hasSize(36);
        assertThat((String) preview.get("message")).contains("Nothing has changed yet", "confirm_mutation",
                "cancel_mutation");
        List<Map<String, Object>> statements = get(preview, "statements");
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("index", 1).containsEntry("kind", "UPDATE").containsEntry("rows_affected", 3);
        });
        List<Map<String, Object>> changes = get(preview, "changes");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("table", "bank.main.accounts").containsEntry("updated", 3)
                    .containsEntry("inserted", 0).containsEntry("deleted", 0)
                    .containsEntry("columns", List.of("id", "owner", "balance"));
            List<Map<String, Object>> samples = get(c, "samples");
            assertThat(samples).hasSize(3).first().isEqualTo(Map.of("change", "update",
                    "before", List.of(1, "owner 1", 100.00), "after", List.of(1, "owner 1", 101.00)));
        });
        assertThat(text(write("SELECT 1"))).isNotBlank();
        assertThat(balances()).isEqualTo(before);
    }

    @Test
    void confirmAppliesWhatWasPreviewedOnce() {
        String id = (String) structured(write("UPDATE accounts SET balance = 0 WHERE id = 2")).get("mutation_id");
        Map<String, Object> applied = structured(confirm(id));
        assertThat(applied).containsEntry("status", "applied").containsEntry("mutation_ids", List.of(id));
        assertThat((String) applied.get("message")).startsWith("Applied and committed: UPDATE 1 row");
        assertThat(balances().get(1)).isEqualTo(List.of(2, 0.00));

        assertThat(error(confirm(id))).contains("was already applied");
    }

    @Test
    void cancelledMutationsCannotBeConfirmed() {
        String id = (String) structured(write("DELETE FROM accounts")).get("mutation_id");
        assertThat(structured(call(client, "cancel_mutation", "mutation_id", id)))
                .containsEntry("status", "cancelled");
        assertThat(error(confirm(id))).contains("was cancelled", "call query_rw again");
        assertThat(error(call(client, "cancel_mutation", "mutation_id", id))).contains("was cancelled");
        assertThat(balances()).hasSize(10);
    }

    @Test
    void unknownMutationsAreNotFound() {
        assertThat(error(confirm("mut_00000000000000000000000000000000"))).contains("not found",
                "Mutation ids come from query_rw");
    }

    @Test
    void confirmingAfterTheDataChangedRefusesAndReturnsAFreshPreview() {
        String later = (String) structured(write("UPDATE accounts SET balance = balance * 2 WHERE id <= 5"))
                .get("mutation_id");
        String first = (String) structured(write("UPDATE accounts SET balance = 1 WHERE id = 1")).get("mutation_id");
        structured(confirm(first));

        Map<String, Object> refused = structured(confirm(later));
        assertThat(refused).containsEntry("status", "data_changed");
        assertThat((String) refused.get("message")).contains("Not applied", "bank.main.accounts changed since the "
                + "preview", "Nothing was changed");
        List<Map<String, Object>> previews = get(refused, "previews");
        assertThat(previews).singleElement().satisfies(fresh -> {
            assertThat(fresh.get("mutation_id")).isNotEqualTo(later);
            List<Map<String, Object>> changes = get(fresh, "changes");
            List<Map<String, Object>> samples = get(changes.getFirst(), "samples");
            assertThat(samples.getFirst()).containsEntry("before", List.of(1, "owner 1", 1.00))
                    .containsEntry("after", List.of(1, "owner 1", 2.00));
        });
        assertThat(balances().get(0)).isEqualTo(List.of(1, 1.00));
        assertThat(error(confirm(later))).contains("replaced by a fresh preview");

        String fresh = (String) previews.getFirst().get("mutation_id");
        assertThat(structured(confirm(fresh))).containsEntry("status", "applied");
        assertThat(balances().get(0)).isEqualTo(List.of(1, 2.00));
        assertThat(balances().get(4)).isEqualTo(List.of(5, 1000.00));
    }

    @Test
    void aBatchIsAppliedAllOrNothing() {
        String first = (String) structured(write("INSERT INTO accounts VALUES (100, 'new', 5)")).get("mutation_id");
        String clash = (String) structured(write("INSERT INTO accounts VALUES (100, 'twin', 6)")).get("mutation_id");
        String error = error(call(client, "confirm_mutations", "mutation_ids", List.of(first, clash)));
        assertThat(error).containsIgnoringCase("constraint");
        assertThat(balances()).hasSize(10);
        assertThat(error(confirm(first))).contains("failed when it was applied");

        String a = (String) structured(write("INSERT INTO accounts VALUES (101, 'a', 1)")).get("mutation_id");
        String b = (String) structured(write("UPDATE accounts SET owner = 'renamed' WHERE id = 3")).get("mutation_id");
        Map<String, Object> applied = structured(call(client, "confirm_mutations", "mutation_ids", List.of(a, b)));
        assertThat(applied).containsEntry("status", "applied").containsEntry("mutation_ids", List.of(a, b));
        assertThat(rows(query(client, "SELECT count(*) FROM accounts WHERE id = 101 OR owner = 'renamed'")))
                .containsExactly(List.of(2));
    }

    @Test
    void severalStatementsArePreviewedAndAppliedAsOneChange() {
        Map<String, Object> preview = structured(write("""
                CREATE TABLE audit_copy AS SELECT * FROM accounts WHERE balance > 500;
                INSERT INTO accounts VALUES (50, 'fifty', 50);
                DELETE FROM accounts WHERE id = 10;
                COMMENT ON TABLE accounts IS 'Bank accounts, reviewed'"""));
        List<Map<String, Object>> statements = get(preview, "statements");
        assertThat(statements).extracting(s -> s.get("kind"))
                .containsExactly("CREATE TABLE", "INSERT", "DELETE", "COMMENT");
        assertThat(statements).extracting(s -> s.get("rows_affected")).containsExactly(5, 1, 1, null);
        List<Map<String, Object>> changes = get(preview, "changes");
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("inserted", 1).containsEntry("deleted", 1).containsEntry("updated", 0);
            List<Map<String, Object>> samples = get(c, "samples");
            assertThat(samples).extracting(r -> r.get("change"), r -> r.get("before"), r -> r.get("after"))
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("insert", null, List.of(50, "fifty", 50.00)),
                            org.assertj.core.groups.Tuple.tuple("delete", List.of(10, "owner 10", 1000.00), null));
        });
        List<Map<String, Object>> schema = get(preview, "schema_changes");
        assertThat(schema).extracting(s -> s.get("object") + " " + s.get("change"))
                .containsExactlyInAnyOrder("bank.main.audit_copy created table", "bank.main.accounts altered table");
        assertThat(rows(query(client, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'audit_copy'")))
                .containsExactly(List.of(0));

        structured(confirm((String) preview.get("mutation_id")));
        assertThat(rows(query(client, "SELECT count(*) FROM audit_copy"))).containsExactly(List.of(5));
        assertThat(balances()).extracting(r -> r.get(0)).contains(50).doesNotContain(10);
    }

    @Test
    void previewsNameTablesAsTheCatalogDoesQuotingKeywordsAndCapitals() {
        Map<String, Object> preview = structured(write("""
                CREATE TABLE "order" (id INTEGER);
                CREATE TABLE "Ledger" (id INTEGER);
                INSERT INTO accounts VALUES (70, 'seventy', 70)"""));
        List<Map<String, Object>> schema = get(preview, "schema_changes");
        assertThat(schema).extracting(s -> s.get("object"))
                .containsExactlyInAnyOrder("bank.main.\"order\"", "bank.main.\"Ledger\"");
        List<Map<String, Object>> changes = get(preview, "changes");
        assertThat(changes).extracting(c -> c.get("table")).containsExactly("bank.main.accounts");
        structured(call(client, "cancel_mutation", "mutation_id", (String) preview.get("mutation_id")));
    }

    @Test
    void transactionControlIsRefusedInPreviewsToo() {
        assertThat(error(write("INSERT INTO accounts VALUES (60, 'x', 1); COMMIT"))).contains(
                "leave out BEGIN, COMMIT and ROLLBACK");
        assertThat(balances()).hasSize(10);
    }

    @Test
    void theQueryToolStaysReadOnly() {
        assertThat(error(query(client, "DELETE FROM accounts"))).contains("read-only queries", "use query_rw");
    }

    @Test
    void mallardAuditShowsPreviewsConfirmationsCancellationsAndRefusals() {
        String applied = (String) structured(write("UPDATE accounts SET owner = 'audited' WHERE id = 4"))
                .get("mutation_id");
        structured(confirm(applied));
        error(confirm(applied));
        String cancelled = (String) structured(write("DELETE FROM accounts WHERE id = 5")).get("mutation_id");
        structured(call(client, "cancel_mutation", "mutation_id", cancelled));
        server.mallard().audit().flush();

        java.io.StringWriter out = new java.io.StringWriter();
        String[] args = {"audit", "--data-dir", server.dataDir().toString(), "--json", "--limit", "200"};
        picocli.CommandLine command = dev.mallard.cli.MallardCommand.createCommandLine(args, Map.of());
        command.setOut(new java.io.PrintWriter(out, true));
        assertThat(command.execute(args)).isZero();
        String log = out.toString();
        assertThat(log.lines().filter(line -> line.contains(applied)))
                .anySatisfy(line -> assertThat(line).contains("\"tool\":\"query_rw\"", "\"outcome\":\"ok\""))
                .anySatisfy(line -> assertThat(line).contains("\"tool\":\"confirm_mutation\"",
                        "\"outcome\":\"ok\""))
                .anySatisfy(line -> assertThat(line).contains("\"tool\":\"confirm_mutation\"",
                        "\"outcome\":\"invalid_argument\"", "was already applied"));
        assertThat(log.lines().filter(line -> line.contains(cancelled)))
                .anySatisfy(line -> assertThat(line).contains("\"tool\":\"cancel_mutation\"", "\"outcome\":\"ok\""));
    }

    @Test
    void theInstructionsSayChangesNeedApproval() {
        assertThat(client.getServerInstructions()).contains("query_rw only previews a change",
                "call confirm_mutation only after they agree");
    }

    @Test
    void confirmToolsAreListedOnlyInConfirmMode() {
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                .contains("query_rw", "confirm_mutation", "confirm_mutations", "cancel_mutation");
    }

    @Test
    void aClientThatCanAskItsUserGetsTheQuestionAndApprovalApplies() {
        AtomicReference<String> asked = new AtomicReference<>();
        McpSyncClient asking = server.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.set(request.message());
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("approve", true));
                }));
        Map<String, Object> result = structured(call(asking, "query_rw", "sql",
                "UPDATE accounts SET balance = 7 WHERE id = 7"));
        assertThat(result).containsEntry("status", "applied");
        assertThat(asked.get()).contains("Apply this change to database 'bank'?",
                "UPDATE accounts SET balance = 7 WHERE id = 7", "UPDATE: 1 row", "700.00", "7.00");
        assertThat(balances().get(6)).isEqualTo(List.of(7, 7.00));
    }

    @Test
    void declinedOrDismissedQuestionsChangeNothing() {
        McpSyncClient declining = server.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null)));
        Map<String, Object> declined = structured(call(declining, "query_rw", "sql", "DELETE FROM accounts"));
        assertThat(declined).containsEntry("status", "declined");
        assertThat(error(confirm((String) declined.get("mutation_id")))).contains("was cancelled");

        McpSyncClient unchecked = server.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("approve", false))));
        assertThat(structured(call(unchecked, "query_rw", "sql", "DELETE FROM accounts")))
                .containsEntry("status", "declined");

        McpSyncClient dismissing = server.client(spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null)));
        assertThat(structured(call(dismissing, "query_rw", "sql", "DELETE FROM accounts")))
                .containsEntry("status", "dismissed");
        assertThat(balances()).hasSize(10);
    }

    @Test
    void pendingMutationsExpire() throws InterruptedException {
        try (TestMallard quick = TestMallard.builder().database("bank", copyOfBank())
                .writes(new WriteSettings(WriteMode.CONFIRM, Duration.ofMillis(1500))).start()) {
            McpSyncClient quickClient = quick.client();
            String id = (String) structured(call(quickClient, "query_rw", "sql", "DELETE FROM accounts"))
                    .get("mutation_id");
            Thread.sleep(2_000);
            assertThat(error(call(quickClient, "confirm_mutation", "mutation_id", id))).contains("expired",
                    "call query_rw again");
        }
    }

    private static Path copyOfBank() {
        return TestData.database(directory, "bank-copy-" + System.nanoTime() + ".duckdb",
                "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner VARCHAR NOT NULL, balance DECIMAL(10,2))",
                "INSERT INTO accounts VALUES (1, 'one', 1)");
    }
}
