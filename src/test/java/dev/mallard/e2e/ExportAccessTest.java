package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.MallardProcess;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may fetch an export, and what the directory DuckDB writes exports into lets callers read: a
 * download is for the principal that made the export only; callers granted only some databases
 * cannot read files at all; over stdio the tool returns the file's path.
 */
class ExportAccessTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    /** Granted only the sales database. */
    private static String alice;
    /** Granted every database. */
    private static String bob;
    /** Granted every database too, but not bob. */
    private static String carol;

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .database("sales", TestData.sales(directory))
                .database("hr", TestData.hr(directory))
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        alice = server.readerKey("alice", "sales");
        bob = server.readerKey("bob", "*");
        carol = server.readerKey("carol", "*");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlyThePrincipalThatExportedMayDownload() throws Exception {
        Map<String, Object> export = structured(call(server.client(bob), "export_query", "sql",
                "SELECT * FROM hr.main.salaries", "format", "csv"));
        URI url = URI.create((String) export.get("url"));
        assertThat(url.getPath()).startsWith("/exports/");

        HttpResponse<String> own = ExportQueryTest.get(url, bob);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).startsWith("name,salary").contains("ceo");

        for (String other : List.of(carol, alice)) {
            HttpResponse<String> refused = ExportQueryTest.get(url, other);
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).contains("No such export").doesNotContain("ceo");
        }

        HttpResponse<String> anonymous = ExportQueryTest.get(url, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer "));
        assertThat(ExportQueryTest.get(url, "not-a-key").statusCode()).isEqualTo(401);
        assertThat(ExportQueryTest.get(server.baseUri().resolve("/exports/unknown"), bob).statusCode()).isEqualTo(404);
    }

    @Test
    void aRestrictedUserCanExportGrantedTablesButNotOthers() throws Exception {
        McpSyncClient client = server.client(alice);
        Map<String, Object> export = structured(call(client, "export_query", "sql", "SELECT * FROM orders",
                "format", "parquet"));
        assertThat(ExportQueryTest.get(URI.create((String) export.get("url")), alice).statusCode()).isEqualTo(200);
        assertThat(error(call(client, "export_query", "sql", "SELECT * FROM hr.main.salaries", "format", "csv")))
                .contains("not granted");
    }

    /** Files as an export in progress leaves them in the staging directory, holding a value alice may not see. */
    private static void writeStagedFiles() throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            for (String format : List.of("csv", "parquet", "json")) {
                String file = staging().resolve("x." + (format.equals("json") ? "jsonl" : format)).toString();
                statement.execute("COPY (SELECT 'hr-secret' AS s) TO '" + file + "' (FORMAT " + format + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM glob('STAGING/*')",
        "SELECT * FROM read_csv('STAGING/x.csv')",
        "SELECT * FROM read_text('STAGING/x.csv')",
        "SELECT * FROM read_blob('STAGING/*')",
        "SELECT * FROM 'STAGING/x.parquet'",
        "SELECT * FROM read_json_auto('STAGING/x.jsonl')",
        "SELECT * FROM sniff_csv('STAGING/x.csv')",
        "SELECT * FROM parquet_metadata('STAGING/x.parquet')",
        "SELECT * FROM orders WHERE id IN (SELECT 1 FROM glob('STAGING/*'))",
    })
    void aRestrictedUserCannotReadFiles(String sql) throws Exception {
        writeStagedFiles();
        String staging = staging().toString();
        McpSyncClient client = server.client(alice);
        String message = error(query(client, sql.replace("STAGING", staging)));
        assertThat(message).containsAnyOf("reads files", "cannot plan", "does not support serialization")
                .doesNotContain("hr-secret");
        assertThat(error(call(client, "export_query", "sql", sql.replace("STAGING", staging), "format", "csv")))
                .containsAnyOf("reads files", "cannot plan", "does not support serialization")
                .doesNotContain("hr-secret");
        // Someone granted every database reads nothing there they could not read anyway; it does work for them.
        assertThat(structured(query(server.client(bob), "SELECT count(*) AS n FROM glob('" + staging + "/*')")))
                .containsKey("rows");
    }

    @Test
    void aRestrictedUserKeepsTableFunctionsThatReadNoFiles() {
        McpSyncClient client = server.client(alice);
        assertThat(rows(query(client, "SELECT count(*) FROM range(3)"))).containsExactly(List.of(3));
        assertThat(rows(query(client, "SELECT sum(x) FROM unnest([1, 2, 3]) AS t(x)"))).containsExactly(List.of(6));
        assertThat(rows(query(client, "SELECT count(*) FROM generate_series(1, 4)"))).containsExactly(List.of(4));
    }

    @Test
    void overStdioTheToolReturnsTheFilePath(@TempDir Path dataDir) throws Exception {
        StdioClientTransport transport = new StdioClientTransport(
                MallardProcess.stdio("stdio", "--db", "demo=" + TestData.demo(), "--data-dir", dataDir.toString()),
                new JacksonMcpJsonMapper(JsonMapper.builder().build()));
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            client.initialize();
            Map<String, Object> export = structured(call(client, "export_query", "sql",
                    "SELECT 6 * 7 AS answer", "format", "json"));
            assertThat(export).doesNotContainKey("url").containsEntry("rows", 1);
            Path file = Path.of((String) export.get("path"));
            assertThat(file).isAbsolute().startsWith(dataDir.resolve("exports").resolve("files").toRealPath());
            assertThat(Files.readString(file)).isEqualTo("{\"answer\":42}\n");
        } finally {
            client.closeGracefully();
        }
    }

    private static Path staging() {
        return ExportQueryTest.staging(server);
    }
}
