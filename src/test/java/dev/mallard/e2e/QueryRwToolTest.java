package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** query_rw on a server started with --read-write: a DuckDB file and an in-memory database. */
class QueryRwToolTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        Path shop = TestData.database(directory, "shop.duckdb",
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(8,2))",
                "INSERT INTO items VALUES (1, 'kettle', 25.00), (2, 'toaster', 40.00), (3, 'mug', 6.50)");
        server = TestMallard.builder().database("shop", shop).inMemory("scratch").readWrite().start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static McpSchema.CallToolResult write(String sql) {
        return call(client, "query_rw", "sql", sql);
    }

    private static long count(String table) {
        return ((Number) rows(query(client, "SELECT count(*) FROM " + table)).get(0).get(0)).longValue();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void insertUpdateAndDeleteReportTheRowsTheyChanged() {
        write("CREATE TABLE ledger (id INTEGER, amount INTEGER)");

        var inserted = write("INSERT INTO ledger SELECT i, i * 10 FROM range(5) t(i)");
        assertThat(structured(inserted)).containsEntry("rows_affected", 5).containsEntry("columns", List.of())
                .containsEntry("rows", List.of()).containsEntry("truncated", false)
                .containsEntry("message", "Committed: INSERT 5 rows.");
        assertThat(text(inserted)).isEqualTo("Committed: INSERT 5 rows.");

        var updated = write("UPDATE ledger SET amount = amount + 1 WHERE id >= 3");
        assertThat(structured(updated)).containsEntry("rows_affected", 2)
                .containsEntry("message", "Committed: UPDATE 2 rows.");

        var deleted = write("DELETE FROM ledger WHERE id = 0");
        assertThat(structured(deleted)).containsEntry("rows_affected", 1).containsEntry("message", "Committed: DELETE 1 row.");

        var nothing = write("DELETE FROM ledger WHERE id > 100");
        assertThat(structured(nothing)).containsEntry("rows_affected", 0);

        assertThat(rows(query(client, "SELECT id, amount FROM ledger ORDER BY id")))
                .containsExactly(row(1, 10), row(2, 20), row(3, 31), row(4, 41));
    }

    @Test
    void createdTableAppearsInTheCatalogAtOnce() {
        assertThat(rows(call(client, "list_tables"))).extracting(r -> r.get(1)).doesNotContain("suppliers");

        write("CREATE TABLE suppliers (supplier_id INTEGER NOT NULL, name VARCHAR)");
        write("COMMENT ON TABLE suppliers IS 'Who we buy from.'");
        assertThat(rows(call(client, "list_tables"))).contains(row("main", "suppliers", "table", 0, "Who we buy from."));

        write("INSERT INTO suppliers VALUES (1, 'Acme'), (2, 'Globex')");
        assertThat(rows(call(client, "list_tables"))).contains(row("main", "suppliers", "table", 2, "Who we buy from."));
        assertThat(rows(call(client, "list_columns", "table", "suppliers")))
                .containsExactly(row("supplier_id", "INTEGER", false, null, null, null, false),
                        row("name", "VARCHAR", true, null, null, null, false));
        assertThat(structured(call(client, "describe_table", "table", "suppliers"))).containsEntry("row_count", 2);
        assertThat(rows(call(client, "search_catalog", "query", "suppliers")).getFirst().subList(0, 2))
                .isEqualTo(row("table", "shop.main.suppliers"));

        write("DROP TABLE suppliers");
        assertThat(rows(call(client, "list_tables"))).extracting(r -> r.get(1)).doesNotContain("suppliers");
        assertThat(error(call(client, "describe_table", "table", "suppliers"))).contains("not found");
    }

    /** A query that comes again runs as a kept prepared statement, bound again when the catalog changes. */
    @Test
    void aRepeatedQuerySeesTheTableAsItIsNow() {
        write("CREATE TABLE evolving (id INTEGER)");
        write("INSERT INTO evolving VALUES (1)");
        String sql = "SELECT * FROM evolving ORDER BY 1";
        for (int run = 0; run < 4; run++) {
            assertThat(rows(query(client, sql))).containsExactly(row(1));
        }
        write("ALTER TABLE evolving ADD COLUMN label VARCHAR DEFAULT 'added'");
        for (int run = 0; run < 4; run++) {
            assertThat(rows(query(client, sql))).containsExactly(row(1, "added"));
        }
        write("DROP TABLE evolving");
        assertThat(error(query(client, sql))).contains("evolving").contains("does not exist");
        write("CREATE TABLE evolving (name VARCHAR)");
        write("INSERT INTO evolving VALUES ('again')");
        for (int run = 0; run < 4; run++) {
            assertThat(rows(query(client, sql))).containsExactly(row("again"));
        }
    }

    @Test
    void theListOfPreparedStatementsIsRefusedToo() {
        for (String sql : List.of("CREATE TABLE listed AS SELECT * FROM duckdb_prepared_statements()",
                "CREATE VIEW listed AS SELECT * FROM DuckDB_Prepared_Statements()",
                "CREATE MACRO listed() AS TABLE SELECT * FROM query('FROM duckdb_prepared_statements()')")) {
            assertThat(error(write(sql))).as(sql).contains("duckdb_prepared_statements()").contains("other callers")
                    .contains("Nothing was changed");
        }
        assertThat(rows(call(client, "list_tables"))).extracting(r -> r.get(1)).doesNotContain("listed");
        assertThat(error(query(client, "SELECT * FROM listed()"))).doesNotContain("other callers");
    }

    @Test
    void insertReturningGivesTheInsertedRows() {
        write("CREATE TABLE tags (id INTEGER, label VARCHAR)");
        var result = write("INSERT INTO tags VALUES (1, 'red'), (2, 'blue') RETURNING id, upper(label) AS label");
        Map<String, Object> content = structured(result);
        assertThat(content.get("columns")).isEqualTo(List.of(Map.of("name", "id", "type", "INTEGER"),
                Map.of("name", "label", "type", "VARCHAR")));
        assertThat(rows(result)).containsExactly(row(1, "RED"), row(2, "BLUE"));
        assertThat(content).containsEntry("row_count", 2).containsEntry("truncated", false);
        assertThat(count("tags")).isEqualTo(2);
    }

    @Test
    void severalStatementsApplyTogether() {
        var result = write("""
                CREATE TABLE batch (id INTEGER);
                INSERT INTO batch VALUES (1), (2);
                INSERT INTO batch VALUES (3);""");
        assertThat(result.isError()).isFalse();
        assertThat(rows(query(client, "SELECT id FROM batch ORDER BY id"))).containsExactly(row(1), row(2), row(3));
    }

    @Test
    void aFailingStatementRollsBackTheStatementsBeforeIt() {
        write("CREATE TABLE atomic (id INTEGER PRIMARY KEY)");
        write("INSERT INTO atomic VALUES (1)");

        assertThat(error(write("INSERT INTO atomic VALUES (2); INSERT INTO no_such_table VALUES (3)")))
                .contains("no_such_table");
        assertThat(error(write("INSERT INTO atomic VALUES (4); INSERT INTO atomic VALUES (1)")))
                .containsIgnoringCase("constraint");
        assertThat(error(write("CREATE TABLE half_made (id INTEGER); SELECT * FROM nowhere"))).contains("nowhere");

        assertThat(rows(query(client, "SELECT id FROM atomic ORDER BY id"))).containsExactly(row(1));
        assertThat(rows(call(client, "list_tables"))).extracting(r -> r.get(1)).doesNotContain("half_made");
    }

    @Test
    void transactionControlInTheSqlIsRefusedSoTheCallStaysAtomic() {
        write("CREATE TABLE guarded (id INTEGER)");
        assertThat(error(write("INSERT INTO guarded VALUES (1); COMMIT; INSERT INTO guarded VALUES (2); "
                + "INSERT INTO no_such_table VALUES (3)")))
                .isEqualTo("query_rw runs all statements of a call in one transaction of its own, committed only "
                        + "when every statement succeeds; leave out BEGIN, COMMIT and ROLLBACK. Nothing was changed.");
        assertThat(error(write("BEGIN TRANSACTION; INSERT INTO guarded VALUES (4); COMMIT;")))
                .contains("leave out BEGIN, COMMIT and ROLLBACK");
        assertThat(error(write("INSERT INTO guarded VALUES (5); rollback")))
                .contains("leave out BEGIN, COMMIT and ROLLBACK");
        assertThat(count("guarded")).isZero();

        var both = write("INSERT INTO guarded VALUES (6); INSERT INTO guarded SELECT 7 WHERE 'a; commit' <> ''");
        assertThat(structured(both)).containsEntry("rows_affected", 2);
        assertThat((List<?>) structured(both).get("statements")).hasSize(2);
        assertThat(count("guarded")).isEqualTo(2);
    }

    @Test
    void statementWithoutRowsOrCountStillSaysItWasDone() {
        var created = write("CREATE TABLE done_marker (id INTEGER)");
        assertThat(text(created)).isEqualTo("Committed: CREATE TABLE.");
        assertThat(structured(created)).containsEntry("columns", List.of()).containsEntry("rows", List.of());
    }

    @Test
    void aFailedWriteLeavesNoTransactionBehind() {
        write("CREATE TABLE after_failure (id INTEGER)");
        for (int i = 0; i < 6; i++) {
            assertThat(error(write("INSERT INTO after_failure VALUES ('not a number " + i + "')"))).contains("Conversion");
        }
        // Every pooled connection has seen a failure; each must be usable again.
        for (int i = 0; i < 12; i++) {
            assertThat(structured(write("INSERT INTO after_failure VALUES (" + i + ")")))
                    .containsEntry("rows_affected", 1);
            assertThat(count("after_failure")).isEqualTo(i + 1);
        }
    }

    @Test
    void inMemoryDatabaseTakesWritesAndJoinsWithTheFile() {
        var created = call(client, "query_rw", "database", "scratch", "sql",
                "CREATE TABLE notes (item_id INTEGER, note VARCHAR); "
                        + "INSERT INTO notes VALUES (1, 'bestseller'), (3, 'fragile')");
        assertThat(created.isError()).isFalse();
        assertThat(rows(call(client, "list_tables", "database", "scratch")))
                .containsExactly(row("main", "notes", "table", 2, null));
        assertThat(rows(call(client, "query", "database", "scratch", "sql", "SELECT note FROM notes ORDER BY 1")))
                .containsExactly(row("bestseller"), row("fragile"));
        assertThat(rows(query(client,
                "SELECT i.name, n.note FROM items i JOIN scratch.main.notes n ON n.item_id = i.id ORDER BY i.id")))
                .containsExactly(row("kettle", "bestseller"), row("mug", "fragile"));
    }

    @Test
    void listDatabasesShowsBothWritable() {
        assertThat(rows(call(client, "list_databases"))).extracting(r -> r.subList(0, 3))
                .containsExactly(row("shop", true, true), row("scratch", false, true));
    }

    @Test
    void queryStaysReadOnlyOnAReadWriteServer() {
        assertThat(error(query(client, "DELETE FROM items"))).contains("read-only").contains("use query_rw");
        assertThat(error(query(client, "UPDATE items SET price = 0"))).contains("query_rw");
        assertThat(count("items")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void queryRwInAnUnknownDatabaseSuggestsTheClosestName() {
        assertThat(error(call(client, "query_rw", "database", "shp", "sql", "DELETE FROM items")))
                .isEqualTo("Database 'shp' not found. Did you mean 'shop'?");
    }

    @Test
    void queryRwCannotReachFilesOutsideTheServedDatabases() {
        String message = error(write("COPY items TO '" + directory.resolve("leak.csv") + "'"));
        assertThat(message).containsIgnoringCase("disabled");
        assertThat(directory.resolve("leak.csv")).doesNotExist();
    }

    @Test
    void committedChangesAreInTheFileAfterARestart(@TempDir Path own) {
        Path file = TestData.database(own, "kept.duckdb", "CREATE TABLE kept (id INTEGER)");
        try (TestMallard writer = TestMallard.builder().database("kept", file).readWrite().start()) {
            McpSyncClient c = writer.client();
            assertThat(structured(call(c, "query_rw", "sql", "INSERT INTO kept VALUES (7), (8)")))
                    .containsEntry("rows_affected", 2);
        }
        try (TestMallard reader = TestMallard.builder().database("kept", file).start()) {
            assertThat(rows(query(reader.client(), "SELECT id FROM kept ORDER BY id"))).containsExactly(row(7), row(8));
            assertThat(rows(call(reader.client(), "list_databases"))).containsExactly(row("kept", true, false, 1, null));
        }
    }
}
