package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.OutputSchemas;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.ToolCalls;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What clients see of the tools: tools/list, annotations, schemas, and how arguments are checked. */
class ToolContractTest {
    private static final List<String> READ_TOOLS = List.of("query", "export_query", "list_databases", "list_tables", "list_columns",
            "describe_table", "search_catalog", "audit_log");

    private static TestMallard readOnly;
    private static TestMallard readWrite;
    private static McpSyncClient client;
    private static McpSyncClient writer;

    @BeforeAll
    static void start() {
        readOnly = TestMallard.demo();
        client = readOnly.client();
        readWrite = TestMallard.builder().inMemory("scratch").readWrite().start();
        writer = readWrite.client();
    }

    @AfterAll
    static void stop() {
        readOnly.close();
        readWrite.close();
    }

    private static Map<String, McpSchema.Tool> tools(McpSyncClient c) {
        Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
        c.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
        return tools;
    }

    @Test
    void readOnlyServerListsTheReadToolsAndAnnotateButNotQueryRw() {
        // annotate changes only Mallard's state, never the data, so a read-only server offers it too.
        assertThat(tools(client).keySet()).containsExactly("query", "export_query", "list_databases", "list_tables",
                "list_columns", "describe_table", "search_catalog", "annotate", "audit_log", "list_sources",
                "sync_source");
    }

    @Test
    void readWriteServerAlsoListsQueryRw() {
        assertThat(tools(writer).keySet()).containsExactly("query", "export_query", "query_rw", "list_databases", "list_tables",
                "list_columns", "describe_table", "search_catalog", "annotate", "audit_log", "list_sources",
                "sync_source");
    }

    @Test
    void everyToolHasATitleADescriptionAndBothSchemas() {
        for (McpSchema.Tool tool : tools(writer).values()) {
            assertThat(tool.title()).as(tool.name()).isNotBlank();
            assertThat(tool.description()).as(tool.name()).hasSizeGreaterThan(40);
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object")
                    .containsEntry("additionalProperties", false);
            assertThat(tool.outputSchema()).as(tool.name()).containsEntry("type", "object").containsKey("properties");
            assertThat(tool.annotations()).as(tool.name()).isNotNull();
            assertThat(tool.annotations().title()).isEqualTo(tool.title());
        }
        assertThat(tools(writer).get("query").title()).isEqualTo("Run a read-only SQL query");
        assertThat(tools(writer).get("query_rw").title()).isEqualTo("Run SQL that changes data");
    }

    @Test
    void readToolsAreAnnotatedReadOnlyAndClosedWorld() {
        for (String name : READ_TOOLS) {
            McpSchema.ToolAnnotations annotations = tools(client).get(name).annotations();
            assertThat(annotations.readOnlyHint()).as(name).isTrue();
            assertThat(annotations.destructiveHint()).as(name).isFalse();
            assertThat(annotations.idempotentHint()).as(name).isTrue();
            assertThat(annotations.openWorldHint()).as(name).isFalse();
        }
    }

    @Test
    void queryRwIsAnnotatedDestructiveAndClosedWorld() {
        McpSchema.ToolAnnotations annotations = tools(writer).get("query_rw").annotations();
        assertThat(annotations.readOnlyHint()).isFalse();
        assertThat(annotations.destructiveHint()).isTrue();
        assertThat(annotations.idempotentHint()).isFalse();
        assertThat(annotations.openWorldHint()).isFalse();
    }

    @Test
    void annotateIsAnnotatedIdempotentNeitherReadOnlyNorDestructive() {
        McpSchema.ToolAnnotations annotations = tools(client).get("annotate").annotations();
        assertThat(annotations.readOnlyHint()).isFalse();
        assertThat(annotations.destructiveHint()).isFalse();
        assertThat(annotations.idempotentHint()).isTrue();
        assertThat(annotations.openWorldHint()).isFalse();
    }

    @Test
    void queryInputSchemaTakesSqlOrACursorAndDatabaseAndMaxRows() {
        Map<String, Object> schema = tools(client).get("query").inputSchema();
        // sql or cursor: the tool says which is missing (blankSqlIsAnErrorResult).
        assertThat(schema).doesNotContainKey("required");
        assertThat(List.copyOf(((Map<?, ?>) schema.get("properties")).keySet()))
                .isEqualTo(List.of("sql", "database", "max_rows", "cursor"));
    }

    @Test
    void queryRwOnAReadOnlyServerSaysHowToEnableWrites() {
        String message = error(call(client, "query_rw", "sql", "DELETE FROM orders"));
        assertThat(message).contains("read-only").contains("--writes confirm").contains("--writes direct")
                .contains("query_rw is not available");
        assertThat(rows(query(client, "SELECT count(*) FROM orders"))).containsExactly(List.of(1_200_000));
    }

    @Test
    void missingRequiredArgumentIsAnErrorResult() {
        assertThat(error(call(client, "query"))).contains("sql");
        assertThat(error(call(client, "describe_table"))).contains("table");
        assertThat(error(call(client, "search_catalog", "limit", 3))).contains("query");
    }

    @Test
    void argumentOfTheWrongTypeIsAnErrorResult() {
        assertThat(error(call(client, "query", "sql", "SELECT 1", "max_rows", "ten"))).contains("max_rows")
                .contains("integer");
        assertThat(error(call(client, "query", "sql", 42))).contains("sql");
        assertThat(error(call(client, "query", "sql", "SELECT 1", "max_rows", 0))).contains("max_rows");
    }

    @Test
    void unknownArgumentIsAnErrorResultNamingIt() {
        assertThat(error(call(client, "query", "sql", "SELECT 1", "maxrows", 10))).contains("maxrows");
        assertThat(error(call(client, "list_databases", "verbose", true))).contains("verbose");
    }

    @Test
    void blankSqlIsAnErrorResult() {
        assertThat(error(call(client, "query", "sql", "   "))).contains("Pass 'sql' with the query to run, or 'cursor'");
    }

    @Test
    void everySuccessfulResultMatchesTheToolsOutputSchema() {
        OutputSchemas schemas = OutputSchemas.of(client);
        schemas.assertValid("query", query(client, "SELECT 42 AS answer, 'duck' AS name"));
        schemas.assertValid("query", call(client, "query", "sql", "SELECT * FROM customers", "max_rows", 3));
        schemas.assertValid("export_query", call(client, "export_query", "sql", "SELECT * FROM customers", "format",
                "parquet"));
        schemas.assertValid("query", query(client, "SELECT * FROM range(100000000000)"));
        schemas.assertValid("query", query(client, "SELECT * FROM orders WHERE false"));
        schemas.assertValid("query", query(client, """
                SELECT [1, NULL] AS l, {'a': 1} AS s, MAP {'k': 2} AS m, NULL AS n, 'NaN'::DOUBLE AS d,
                       170141183460469231731687303715884105727::HUGEINT AS h, INTERVAL 90 MINUTES AS i"""));
        schemas.assertValid("list_databases", call(client, "list_databases"));
        schemas.assertValid("list_tables", call(client, "list_tables"));
        schemas.assertValid("list_tables", call(client, "list_tables", "schema", "main"));
        schemas.assertValid("list_columns", call(client, "list_columns", "table", "orders"));
        schemas.assertValid("describe_table", call(client, "describe_table", "table", "customers"));
        schemas.assertValid("describe_table", call(client, "describe_table", "table", "orders"));
        schemas.assertValid("search_catalog", call(client, "search_catalog", "query", "customer email"));
        schemas.assertValid("search_catalog", call(client, "search_catalog", "query", "zzqqxx"));
    }

    @Test
    void outputSchemasRejectResultsOfAnotherShape() {
        OutputSchemas schemas = OutputSchemas.of(client);
        Map<String, Object> tables = ToolCalls.structured(call(client, "list_tables"));
        Map<String, Object> rows = ToolCalls.structured(query(client, "SELECT 1 AS one"));
        assertThat(schemas.validate("query", tables).valid()).isFalse();
        assertThat(schemas.validate("describe_table", rows).valid()).isFalse();
        assertThat(schemas.validate("list_tables", rows).valid()).isFalse();
    }

    @Test
    void everySuccessfulWriteResultMatchesTheOutputSchema() {
        OutputSchemas schemas = OutputSchemas.of(writer);
        schemas.assertValid("query_rw", call(writer, "query_rw", "sql",
                "CREATE TABLE contract_notes (id INTEGER NOT NULL, body VARCHAR)"));
        schemas.assertValid("query_rw", call(writer, "query_rw", "sql",
                "INSERT INTO contract_notes VALUES (1, 'one'), (2, NULL)"));
        schemas.assertValid("query_rw", call(writer, "query_rw", "sql",
                "INSERT INTO contract_notes VALUES (3, 'three') RETURNING *"));
        schemas.assertValid("query_rw", call(writer, "query_rw", "sql",
                "CREATE VIEW contract_view AS SELECT id FROM contract_notes"));
        schemas.assertValid("list_tables", call(writer, "list_tables"));
        schemas.assertValid("list_databases", call(writer, "list_databases"));
        schemas.assertValid("list_columns", call(writer, "list_columns", "table", "contract_notes"));
        schemas.assertValid("describe_table", call(writer, "describe_table", "table", "contract_notes"));
        schemas.assertValid("describe_table", call(writer, "describe_table", "table", "contract_view"));
        schemas.assertValid("query", query(writer, "SELECT * FROM contract_view ORDER BY id"));
    }
}
