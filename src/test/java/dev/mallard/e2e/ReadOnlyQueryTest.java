package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.EngineSettings;
import dev.mallard.e2e.ReadOnlyCorpus.Attempt;
import dev.mallard.e2e.ReadOnlyCorpus.Expectation;
import dev.mallard.e2e.ReadOnlyCorpus.Why;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.ToolCalls;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The query tool runs reads only: every attempt of {@link ReadOnlyCorpus} to change data, the
 * schema, the engine's settings or state, or to reach files outside the served databases is refused
 * with a message that says why and what to do, or is harmless, on a read-only server and on a
 * --read-write server alike; query_rw refuses all of it on a server without writes. Each server has
 * one worker, so every call runs on the same DuckDB connection and state left behind by one case
 * would show in the next.
 */
class ReadOnlyQueryTest {
    private static final String TABLE_SQL = "CREATE TABLE t AS SELECT range::INTEGER AS id, 'name ' || range AS name, "
            + "(range % 3)::INTEGER AS g FROM range(10)";
    private static final String SEQUENCE_SQL = "CREATE SEQUENCE seq";
    private static final String VIEW_SQL = "CREATE VIEW v AS SELECT id, name FROM t WHERE g = 0";

    /**
     * Everything a refused statement could have changed, as one row. Named prepared statements are
     * not in it: the query tool refuses duckdb_prepared_statements() (on shared connections it would
     * show other callers' SQL), and the corpus checks that PREPARE is refused.
     */
    private static final String FINGERPRINT = """
            SELECT
              (SELECT count(*) FROM t) AS row_count,
              (SELECT md5(string_agg(id || ':' || name || ':' || g, ',' ORDER BY id)) FROM t) AS content,
              current_database() AS current_db,
              (SELECT string_agg(database_name, ',' ORDER BY database_name) FROM duckdb_databases()) AS databases,
              (SELECT string_agg(database_name || '.' || schema_name, ',' ORDER BY database_name, schema_name)
                  FROM duckdb_schemas()) AS schemas,
              (SELECT string_agg(database_name || '.' || schema_name || '.' || table_name || ':' || column_count, ','
                  ORDER BY database_name, schema_name, table_name) FROM duckdb_tables()) AS tables,
              (SELECT string_agg(view_name, ',' ORDER BY view_name) FROM duckdb_views() WHERE NOT internal) AS views,
              (SELECT string_agg(index_name, ',' ORDER BY index_name) FROM duckdb_indexes()) AS indexes,
              (SELECT string_agg(sequence_name || '=' || coalesce(last_value::VARCHAR, '-'), ',' ORDER BY sequence_name)
                  FROM duckdb_sequences()) AS sequences,
              (SELECT string_agg(type_name, ',' ORDER BY type_name) FROM duckdb_types() WHERE NOT internal) AS types,
              (SELECT count(*) FROM duckdb_functions()) AS functions,
              (SELECT string_agg(function_name, ',' ORDER BY function_name) FROM duckdb_functions()
                  WHERE NOT internal) AS macros,
              (SELECT count(*) FROM duckdb_secrets()) AS secrets,
              (SELECT count(*) FROM duckdb_variables()) AS variables,
              (SELECT count(*) FROM duckdb_external_resource_types()) AS resource_types,
              (SELECT count(*) FROM duckdb_external_resources()) AS resources,
              (SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM duckdb_settings()
                  WHERE name IN ('memory_limit', 'threads', 'enable_external_access', 'lock_configuration',
                                 'enable_profiling', 'autoload_known_extensions', 'autoinstall_known_extensions',
                                 'allow_persistent_secrets', 'temp_directory')) AS settings
            """;

    @TempDir
    static Path dir;

    private static TestMallard readOnly;
    private static TestMallard readWrite;
    private static McpSyncClient readOnlyClient;
    private static McpSyncClient readWriteClient;
    private static Path readOnlyFile;
    private static Path readWriteFile;
    private static String readOnlyHashAtStart;
    private static List<Object> readOnlyFingerprint;
    private static List<Object> readWriteFingerprint;

    @BeforeAll
    static void start() {
        readOnlyFile = TestData.database(dir, "ro.duckdb", TABLE_SQL, SEQUENCE_SQL, VIEW_SQL);
        readWriteFile = TestData.database(dir, "rw.duckdb", TABLE_SQL, SEQUENCE_SQL, VIEW_SQL);
        readOnlyHashAtStart = sha256(readOnlyFile);
        EngineSettings oneWorker = new EngineSettings(2, "1GB", "2GB", 1);
        readOnly = TestMallard.builder().database("demo", readOnlyFile).engine(oneWorker).start();
        readWrite = TestMallard.builder().database("demo", readWriteFile).readWrite().engine(oneWorker).start();
        readOnlyClient = readOnly.client();
        readWriteClient = readWrite.client();
        readOnlyFingerprint = fingerprint(readOnlyClient);
        readWriteFingerprint = fingerprint(readWriteClient);
    }

    @AfterAll
    static void stop() {
        if (readOnly != null) {
            readOnly.close();
        }
        if (readWrite != null) {
            readWrite.close();
        }
    }

    /** Which server a case runs on. */
    enum Server {
        READ_ONLY,
        READ_WRITE;

        McpSyncClient client() {
            return this == READ_ONLY ? readOnlyClient : readWriteClient;
        }

        boolean writable() {
            return this == READ_WRITE;
        }

        List<Object> fingerprintAtStart() {
            return this == READ_ONLY ? readOnlyFingerprint : readWriteFingerprint;
        }
    }

    static Stream<Arguments> attempts() {
        return Stream.of(Server.values())
                .flatMap(server -> ReadOnlyCorpus.attempts().stream().map(attempt -> Arguments.of(server, attempt)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attempts")
    void isRefusedWithAClearMessageOrHarmlessAndChangesNothing(Server server, Attempt attempt) {
        McpSyncClient client = server.client();

        McpSchema.CallToolResult result = query(client, attempt.sql());

        String message = text(result);
        assertThat(message).isNotBlank();
        assertThat(message).doesNotContain("Exception", "\tat ", "java.", "dev.mallard", "Internal error");
        if (attempt.expectation() instanceof Expectation.Refused(Why why)) {
            assertThat(result.isError()).as("refused: %s", message).isTrue();
            why.check(message, server.writable());
        }
        // The server still answers, on the very connection the SQL ran on.
        assertThat(rows(query(client, "SELECT 1 AS ok"))).containsExactly(List.of(1));
        // Nothing in the class changes state, so the state after every attempt is the state at the start.
        assertThat(fingerprint(client)).as("state after %s", attempt).isEqualTo(server.fingerprintAtStart());
        if (!server.writable()) {
            assertThat(sha256(readOnlyFile)).as("database file bytes").isEqualTo(readOnlyHashAtStart);
            assertThat(Path.of(readOnlyFile + ".wal")).doesNotExist();
        }
    }

    @Test
    void theReadOnlyDatabaseFileIsByteForByteUnchanged() {
        // Runs the whole corpus itself so that it holds whichever order the tests run in.
        for (Attempt attempt : ReadOnlyCorpus.attempts()) {
            McpSchema.CallToolResult result = query(readOnlyClient, attempt.sql());
            assertThat(attempt.harmless() || Boolean.TRUE.equals(result.isError())).as(attempt.toString()).isTrue();
        }
        assertThat(sha256(readOnlyFile)).isEqualTo(readOnlyHashAtStart);
        assertThat(rows(query(readOnlyClient, "SELECT count(*) FROM t"))).containsExactly(List.of(10));
    }

    @Test
    void theReadWriteDatabaseKeepsItsDataAndItsBytesAfterTheWholeCorpus() {
        List<Object> before = fingerprint(readWriteClient);
        String hashBefore = sha256(readWriteFile);
        for (Attempt attempt : ReadOnlyCorpus.attempts()) {
            McpSchema.CallToolResult result = query(readWriteClient, attempt.sql());
            assertThat(attempt.harmless() || Boolean.TRUE.equals(result.isError())).as(attempt.toString()).isTrue();
        }
        assertThat(fingerprint(readWriteClient)).isEqualTo(before);
        assertThat(rows(query(readWriteClient, "SELECT count(*) FROM t"))).containsExactly(List.of(10));
        assertThat(sha256(readWriteFile)).isEqualTo(hashBefore);
    }

    /**
     * query_rw is not offered by a server started without --read-write, and refuses every call with
     * how to allow changes, whatever the SQL: the whole corpus, and plain writes.
     */
    @Test
    void queryRwRefusesEverythingOnAServerWithoutWrites() {
        assertThat(readOnlyClient.listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("query_rw")
                .contains("query");
        List<Object> before = fingerprint(readOnlyClient);
        List<String> sqls = new ArrayList<>(List.of("INSERT INTO t VALUES (100, 'x', 1)", "SELECT 1",
                "CREATE TABLE x AS SELECT 1 AS one"));
        ReadOnlyCorpus.attempts().forEach(attempt -> sqls.add(attempt.sql()));
        for (String sql : sqls) {
            String message = ToolCalls.error(ToolCalls.call(readOnlyClient, "query_rw", "sql", sql));
            assertThat(message).as(sql).isEqualTo("This server serves its databases read-only, so query_rw is not "
                    + "available. Use query to read; to allow changes, restart Mallard with --writes confirm (changes "
                    + "are previewed and approved) or --writes direct.");
        }
        assertThat(fingerprint(readOnlyClient)).isEqualTo(before);
        assertThat(sha256(readOnlyFile)).isEqualTo(readOnlyHashAtStart);
        assertThat(rows(query(readOnlyClient, "SELECT count(*) FROM t"))).containsExactly(List.of(10));
    }

    /** Reads that must keep working, with the first value of their first row. */
    record Read(String sql, Object firstValue, int rowCount) {
        @Override
        public String toString() {
            return sql.replace("\n", "\\n");
        }
    }

    static Stream<Arguments> reads() {
        List<Read> reads = List.of(
                new Read("SELECT count(*) AS n FROM t", 10, 1),
                new Read("select id from t order by id", 0, 10),
                new Read("WITH x AS (SELECT * FROM t WHERE g = 1) SELECT count(*) FROM x", 3, 1),
                new Read("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT max(n) FROM r",
                        5, 1),
                new Read("FROM t SELECT count(*)", 10, 1),
                new Read("FROM t ORDER BY id DESC LIMIT 1", 9, 1),
                new Read("VALUES (1, 'a'), (2, 'b')", 1, 2),
                new Read("DESCRIBE t", "id", 3),
                new Read("SUMMARIZE t", "id", 3),
                new Read("SHOW TABLES", "t", 2),
                new Read("SELECT * FROM (PIVOT t ON g IN (0, 1, 2) USING count(*) GROUP BY name) ORDER BY name",
                        "name 0", 10),
                new Read("SELECT g, count(*) FROM t GROUP BY g UNION ALL SELECT -1, 0 ORDER BY 1", -1, 4),
                new Read("SELECT * FROM v ORDER BY id", 0, 4),
                new Read("SELECT 1 AS one /* ; DELETE FROM t */", 1, 1),
                new Read("SELECT ';DELETE FROM t' AS s", ";DELETE FROM t", 1),
                new Read("SELECT count(*) FROM t;", 10, 1),
                new Read("-- the rows\nSELECT count(*) FROM t", 10, 1),
                new Read("SELECT count(*) FROM demo.main.t", 10, 1),
                new Read("SELECT * FROM query('SELECT 42')", 42, 1),
                new Read("SELECT * FROM query('SELECT * FROM query(''SELECT 7'')')", 7, 1),
                // The function gate looks at calls, not at names in strings or column names.
                new Read("SELECT 'checkpoint()' AS checkpoint, 'json_execute_serialized_sql' AS query", "checkpoint()",
                        1),
                new Read("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'checkpoint'", 2, 1),
                // Deeply nested calls serialise far deeper than JSON parsers allow by default.
                new Read("SELECT " + "abs(".repeat(300) + "-1" + ")".repeat(300) + " AS deep", 1, 1),
                new Read("SELECT last_value FROM duckdb_sequences() WHERE sequence_name = 'seq'", null, 1),
                new Read("SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'", 1, 1));
        return Stream.of(Server.values()).flatMap(server -> reads.stream().map(r -> Arguments.of(server, r)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("reads")
    void legitimateReadsStillWork(Server server, Read read) {
        List<List<Object>> rows = rows(query(server.client(), read.sql()));
        assertThat(rows).hasSize(read.rowCount());
        assertThat(rows.getFirst().getFirst()).isEqualTo(read.firstValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anErrorWhileAReadRunsKeepsDuckDbsOwnMessage(Server server) {
        // Errors raised before a streamed result's first rows used to reach the agent as "Invalid result set".
        assertThat(ToolCalls.error(query(server.client(), "SELECT name::INTEGER FROM t")))
                .contains("Conversion Error").contains("name 0").doesNotContain("Invalid result set");
        assertThat(ToolCalls.error(query(server.client(), "SELECT error('stop here: ' || count(*)) FROM t")))
                .contains("stop here: 10").doesNotContain("Invalid result set");
        assertThat(rows(query(server.client(), "SELECT count(*) FROM t"))).containsExactly(List.of(10));
    }

    /**
     * DuckDB's checkpoint() and force_checkpoint() are table functions, so a SELECT would reach them past
     * the parser gate (the CHECKPOINT statement is refused above). On a --read-write server checkpoint()
     * used to write the database file from inside the read-only transaction. The gate refuses both,
     * however they are called, and neither server's file changes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void checkpointFunctionsAreRefusedAndTheFileKeepsItsBytes(Server server) {
        McpSyncClient client = server.client();
        Path file = server.writable() ? readWriteFile : readOnlyFile;
        String hashBefore = sha256(file);
        List<Object> before = fingerprint(client);
        for (String sql : List.of("SELECT * FROM checkpoint()", "SELECT * FROM checkpoint('demo')",
                "SELECT * FROM force_checkpoint()", "FROM system.main.force_checkpoint('demo')",
                "SELECT * FROM query('SELECT * FROM checkpoint()')")) {
            String message = ToolCalls.error(query(client, sql));
            Why.FORBIDDEN.check(message, server.writable());
            assertThat(message).as(sql).contains("checkpoint").contains("writes the database file");
        }
        assertThat(fingerprint(client)).isEqualTo(before);
        assertThat(sha256(file)).isEqualTo(hashBefore);
    }

    /**
     * DuckDB lets a sandboxed instance reach the served database files and its own spill directory;
     * files next to them, and paths that climb out of the spill directory, stay out of reach, and
     * nothing can be copied or exported into either place.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void filesNextToTheServedDataAreOutOfReach(Server server) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret-" + server + ".txt"), "not for agents\n");
        McpSyncClient client = server.client();
        String spill = String.valueOf(rows(query(client, "SELECT current_setting('temp_directory')")).getFirst()
                .getFirst());
        for (String sql : List.of(
                "SELECT * FROM read_text('" + secret + "')",
                "SELECT * FROM read_csv('" + secret + "')",
                "SELECT * FROM glob('" + dir + "/*')",
                // From the spill directory, which DuckDB may read, up and over to the file.
                "SELECT * FROM read_text('" + spill + "/" + Path.of(spill).relativize(secret) + "')",
                "SELECT * FROM glob('" + spill + "/../*')",
                "SELECT * FROM read_text('" + secret.toString().replace("/", "//") + "')")) {
            String message = ToolCalls.error(query(client, sql));
            assertThat(message).as(sql).doesNotContain("not for agents");
            Why.FILES.check(message, server.writable());
        }
        // Nothing can be written into the spill directory or next to the served data either.
        Path served = server.writable() ? readWriteFile : readOnlyFile;
        List<Path> targets = List.of(Path.of(spill, "copied.csv"), Path.of(spill, "exported"),
                served.resolveSibling("copied-" + server + ".csv"), served.resolveSibling("exported-" + server));
        for (String sql : List.of(
                "COPY t TO '" + targets.get(0) + "'",
                "EXPORT DATABASE '" + targets.get(1) + "'",
                "COPY (SELECT * FROM t) TO '" + targets.get(2) + "' (HEADER)",
                "EXPORT DATABASE '" + targets.get(3) + "' (FORMAT parquet)")) {
            Why.NOT_A_QUERY.check(ToolCalls.error(query(client, sql)), server.writable());
        }
        assertThat(targets).allSatisfy(target -> assertThat(target).doesNotExist());
    }

    static Stream<Server> servers() {
        return Stream.of(Server.values());
    }

    private static List<Object> fingerprint(McpSyncClient client) {
        List<List<Object>> rows = rows(query(client, FINGERPRINT));
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
