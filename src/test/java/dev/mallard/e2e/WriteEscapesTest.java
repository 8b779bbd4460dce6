package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.WriteSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * query_rw contains every change in the call's transaction: statements that would act outside it
 * (functions with a connection of their own, statements DuckDB cannot describe beforehand) are
 * refused before they run, in direct mode and, above all, in previews, which must change nothing.
 */
class WriteEscapesTest {
    private static final String DELETE_INSIDE = "json_execute_serialized_sql(json_serialize_sql("
            + "'WITH x AS (DELETE FROM kept RETURNING *) SELECT count(*) FROM x'))";

    @TempDir
    static Path directory;

    private static TestMallard direct;
    private static TestMallard confirm;

    @BeforeAll
    static void start() {
        direct = server("direct.duckdb", WriteSettings.DIRECT);
        confirm = server("confirm.duckdb", WriteSettings.CONFIRM);
    }

    private static TestMallard server(String file, WriteSettings writes) {
        Path path = TestData.database(directory, file, "CREATE TABLE kept (id INTEGER)",
                "INSERT INTO kept SELECT range FROM range(5)", "CREATE TABLE sink (n BIGINT)",
                "CREATE SEQUENCE counter");
        return TestMallard.builder().database("db", path).writes(writes).start();
    }

    @AfterAll
    static void stop() {
        direct.close();
        confirm.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO sink SELECT * FROM " + DELETE_INSIDE,
        "CREATE TABLE copied AS SELECT * FROM " + DELETE_INSIDE,
        "UPDATE sink SET n = (SELECT count(*) FROM " + DELETE_INSIDE + ")",
        "INSERT INTO sink SELECT count(*) FROM destroy_external_resource('query', 'SELECT setval(''counter'', 99)')",
        "INSERT INTO sink SELECT count(*) FROM register_external_resource_type('x', 'query')",
        "PRAGMA json_execute_serialized_sql('{}')",
        "INSERT INTO sink VALUES (1); INSERT INTO sink SELECT * FROM " + DELETE_INSIDE,
    })
    void escapingStatementsAreRefusedAndChangeNothing(String sql) {
        for (TestMallard server : List.of(direct, confirm)) {
            McpSyncClient client = server.client();
            String message = error(call(client, "query_rw", "sql", sql));
            assertThat(message).contains("Nothing was changed");
            assertThat(rows(query(client, "SELECT count(*) FROM kept"))).containsExactly(List.of(5));
            assertThat(rows(query(client, "SELECT count(*) FROM sink"))).containsExactly(List.of(0));
            assertThat(rows(query(client, "SELECT coalesce(last_value, -1) FROM duckdb_sequences() "
                    + "WHERE sequence_name = 'counter'"))).containsExactly(List.of(-1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMENT ON TABLE kept IS 'still here'", "TRUNCATE sink"})
    void commentAndTruncateStillRun(String sql) {
        assertThat(structured(call(direct.client(), "query_rw", "sql", sql))).containsKey("statements");
        Map<String, Object> preview = structured(call(confirm.client(), "query_rw", "sql", sql));
        assertThat(preview).containsEntry("status", "pending");
    }
}
