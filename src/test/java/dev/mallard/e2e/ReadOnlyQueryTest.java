package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.EngineSettings;
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
 * The query tool runs reads only: every way to change data, the schema, the engine's settings or
 * state, or to reach files outside the served databases is refused with a message that says why
 * and what to do, on a read-only server and on a --read-write server alike. Each server has one
 * worker, so every call runs on the same DuckDB connection and state left behind by one case would
 * show in the next.
 */
class ReadOnlyQueryTest {
    private static final String TABLE_SQL = "CREATE TABLE t AS SELECT range::INTEGER AS id, 'name ' || range AS name, "
            + "(range % 3)::INTEGER AS g FROM range(10)";
    private static final String SEQUENCE_SQL = "CREATE SEQUENCE seq";
    private static final String VIEW_SQL = "CREATE VIEW v AS SELECT id, name FROM t WHERE g = 0";

    /** Everything a refused statement could have changed, as one row. */
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
              (SELECT count(*) FROM duckdb_prepared_statements()) AS prepared,
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
    }

    /** What the refusal must tell the agent. */
    enum Why {
        /** Not a query at all: the tool says it runs reads only, and where changes can be made, if anywhere. */
        NOT_A_QUERY {
            @Override
            void check(String message, Server server) {
                assertThat(message).contains("only runs read-only queries");
                if (server.writable()) {
                    assertThat(message).contains("use query_rw");
                } else {
                    assertThat(message).contains("does not allow changes").contains("read-only");
                }
            }
        },
        /** Several statements: one per call. */
        SEVERAL {
            @Override
            void check(String message, Server server) {
                assertThat(message).contains("statements").contains("one per call");
            }
        },
        /** A query that would write: the read-only database or transaction stops it. */
        WRITES {
            @Override
            void check(String message, Server server) {
                assertThat(message).contains("read-only");
                if (server.writable()) {
                    assertThat(message).contains("use query_rw");
                } else {
                    assertThat(message).contains("nothing can be changed");
                }
            }
        },
        /** Not even valid SQL: DuckDB's parser error, pointing at the spot. */
        PARSER_ERROR {
            @Override
            void check(String message, Server server) {
                assertThat(message).startsWith("Parser Error:").contains("LINE 1:").contains("^");
            }
        },
        /** A file or URL outside the served databases. */
        FILES {
            @Override
            void check(String message, Server server) {
                assertThat(message).contains("cannot read or write files outside the served databases");
            }
        },
        /** The query() table function runs SELECTs only. */
        SELECT_ONLY {
            @Override
            void check(String message, Server server) {
                assertThat(message).contains("Expected a single SELECT statement");
            }
        },
        /** A function that works outside the query's connection, or query() with SQL the gate cannot read. */
        FORBIDDEN {
            @Override
            void check(String message, Server server) {
                assertThat(message).containsAnyOf("The query tool does not run", "The query tool runs query() only")
                        .contains("Nothing was run.");
            }
        },
        /** A function Mallard's DuckDB does not have. */
        NO_SUCH_FUNCTION {
            @Override
            void check(String message, Server server) {
                assertThat(message).contains("does not exist");
            }
        };

        abstract void check(String message, Server server);
    }

    record Case(String sql, Why why) {
        @Override
        public String toString() {
            return sql.replace("\n", "\\n").replace("\t", "\\t");
        }
    }

    static Case refused(String sql, Why why) {
        return new Case(sql, why);
    }

    static List<Case> corpus() {
        return List.of(
                // Data changes
                refused("INSERT INTO t VALUES (100, 'x', 1)", Why.NOT_A_QUERY),
                refused("INSERT INTO t SELECT * FROM t", Why.NOT_A_QUERY),
                refused("INSERT OR REPLACE INTO t VALUES (1, 'x', 1)", Why.NOT_A_QUERY),
                refused("UPDATE t SET name = 'changed'", Why.NOT_A_QUERY),
                refused("UPDATE t SET g = 0 WHERE id IN (SELECT id FROM t)", Why.NOT_A_QUERY),
                refused("DELETE FROM t", Why.NOT_A_QUERY),
                refused("DELETE FROM t WHERE id = 1 RETURNING *", Why.NOT_A_QUERY),
                refused("MERGE INTO t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE",
                        Why.NOT_A_QUERY),
                refused("TRUNCATE t", Why.NOT_A_QUERY),
                // Schema changes
                refused("CREATE TABLE x (a INTEGER)", Why.NOT_A_QUERY),
                refused("CREATE TABLE x AS SELECT * FROM t", Why.NOT_A_QUERY),
                refused("CREATE OR REPLACE TABLE t AS SELECT 1 AS id", Why.NOT_A_QUERY),
                refused("CREATE VIEW w AS SELECT 1 AS one", Why.NOT_A_QUERY),
                refused("CREATE SCHEMA s", Why.NOT_A_QUERY),
                refused("CREATE INDEX i ON t (id)", Why.NOT_A_QUERY),
                refused("CREATE SEQUENCE seq2", Why.NOT_A_QUERY),
                refused("CREATE TYPE mood AS ENUM ('happy', 'sad')", Why.NOT_A_QUERY),
                refused("DROP TABLE t", Why.NOT_A_QUERY),
                refused("DROP VIEW v", Why.NOT_A_QUERY),
                refused("DROP SEQUENCE seq", Why.NOT_A_QUERY),
                refused("ALTER TABLE t ADD COLUMN z INTEGER", Why.NOT_A_QUERY),
                refused("ALTER TABLE t RENAME TO t2", Why.NOT_A_QUERY),
                refused("ALTER VIEW v RENAME TO v2", Why.NOT_A_QUERY),
                refused("COMMENT ON TABLE t IS 'changed'", Why.NOT_A_QUERY),
                // Writes hidden in a query
                refused("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", Why.WRITES),
                refused("WITH x AS (INSERT INTO t VALUES (100, 'x', 1) RETURNING *) SELECT count(*) FROM x",
                        Why.WRITES),
                refused("WITH x AS (UPDATE t SET name = 'changed' RETURNING *) SELECT * FROM x", Why.WRITES),
                refused("SELECT nextval('seq')", Why.WRITES),
                refused("VALUES (nextval('seq'))", Why.WRITES),
                refused("SELECT * FROM query('DELETE FROM t')", Why.SELECT_ONLY),
                refused("SELECT * FROM query('SELECT 1; DELETE FROM t')", Why.SELECT_ONLY),
                refused("EXPLAIN ANALYZE DELETE FROM t", Why.NOT_A_QUERY),
                refused("EXPLAIN DELETE FROM t", Why.NOT_A_QUERY),
                // More than one statement
                refused("SELECT 1; DELETE FROM t", Why.NOT_A_QUERY),
                refused("SELECT * FROM t; DROP TABLE t", Why.NOT_A_QUERY),
                refused("DELETE FROM t; SELECT 1", Why.NOT_A_QUERY),
                refused("SELECT 1; SELECT 2", Why.SEVERAL),
                refused("SELECT 1 -- a comment\n; SELECT 2", Why.SEVERAL),
                // Comments, case and whitespace
                refused("/* */ DeLeTe FROM t", Why.NOT_A_QUERY),
                refused("/* SELECT */ UPDATE t SET g = 1", Why.NOT_A_QUERY),
                refused("--\nDROP TABLE t", Why.NOT_A_QUERY),
                refused("-- SELECT 1\nDROP TABLE t", Why.NOT_A_QUERY),
                refused("\n\t  dElEtE\n  FROM\tt  \n", Why.NOT_A_QUERY),
                refused("(DELETE FROM t)", Why.PARSER_ERROR),
                // Files
                refused("COPY t TO '/tmp/x.csv'", Why.NOT_A_QUERY),
                refused("COPY (SELECT 1) TO '/tmp/x.csv'", Why.NOT_A_QUERY),
                refused("COPY t FROM '/etc/passwd'", Why.NOT_A_QUERY),
                refused("EXPORT DATABASE '/tmp/x'", Why.NOT_A_QUERY),
                refused("IMPORT DATABASE '/tmp/x'", Why.NOT_A_QUERY),
                // Other databases
                refused("ATTACH '/tmp/x.duckdb'", Why.NOT_A_QUERY),
                refused("ATTACH ':memory:' AS m", Why.NOT_A_QUERY),
                refused("DETACH demo", Why.NOT_A_QUERY),
                refused("USE other", Why.NOT_A_QUERY),
                refused("CREATE DATABASE other", Why.PARSER_ERROR),
                // Extensions
                refused("INSTALL httpfs", Why.NOT_A_QUERY),
                refused("LOAD httpfs", Why.NOT_A_QUERY),
                refused("FORCE INSTALL httpfs", Why.NOT_A_QUERY),
                refused("LOAD '/tmp/evil.duckdb_extension'", Why.NOT_A_QUERY),
                refused("UPDATE EXTENSIONS", Why.NOT_A_QUERY),
                // Settings and session state
                refused("SET memory_limit = '1TB'", Why.NOT_A_QUERY),
                refused("SET threads = 64", Why.NOT_A_QUERY),
                refused("SET enable_external_access = true", Why.NOT_A_QUERY),
                refused("SET lock_configuration = false", Why.NOT_A_QUERY),
                refused("RESET memory_limit", Why.NOT_A_QUERY),
                refused("SET VARIABLE x = 1", Why.NOT_A_QUERY),
                refused("RESET VARIABLE x", Why.NOT_A_QUERY),
                refused("PRAGMA enable_profiling", Why.NOT_A_QUERY),
                refused("PRAGMA memory_limit = '1TB'", Why.NOT_A_QUERY),
                refused("CALL pragma_version()", Why.NOT_A_QUERY),
                refused("CALL checkpoint()", Why.NOT_A_QUERY),
                // Secrets
                refused("CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", Why.NOT_A_QUERY),
                refused("CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", Why.NOT_A_QUERY),
                refused("DROP SECRET s", Why.NOT_A_QUERY),
                // Maintenance
                refused("CHECKPOINT", Why.NOT_A_QUERY),
                refused("FORCE CHECKPOINT", Why.NOT_A_QUERY),
                refused("VACUUM", Why.NOT_A_QUERY),
                refused("ANALYZE", Why.NOT_A_QUERY),
                // Prepared statements
                refused("PREPARE p AS DELETE FROM t", Why.NOT_A_QUERY),
                refused("PREPARE p AS SELECT 1", Why.NOT_A_QUERY),
                refused("EXECUTE p", Why.NOT_A_QUERY),
                refused("DEALLOCATE p", Why.NOT_A_QUERY),
                // Transactions
                refused("BEGIN", Why.NOT_A_QUERY),
                refused("BEGIN TRANSACTION", Why.NOT_A_QUERY),
                refused("COMMIT", Why.NOT_A_QUERY),
                refused("ROLLBACK", Why.NOT_A_QUERY),
                // Temporary objects and macros
                refused("CREATE TEMP TABLE tmp AS SELECT 1 AS one", Why.NOT_A_QUERY),
                refused("CREATE TEMPORARY VIEW tv AS SELECT 1 AS one", Why.NOT_A_QUERY),
                refused("CREATE MACRO plus_one(a) AS a + 1", Why.NOT_A_QUERY),
                refused("CREATE FUNCTION plus_two(a) AS a + 2", Why.NOT_A_QUERY),
                refused("CREATE MACRO everything() AS TABLE SELECT * FROM t", Why.NOT_A_QUERY),
                // Reading files outside the served data
                refused("SELECT * FROM read_csv('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_csv(['/etc/passwd', '/etc/hosts'])", Why.FILES),
                refused("SELECT * FROM read_csv_auto('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_text('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_blob('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_json('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_json_auto('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_ndjson('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_parquet('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM parquet_scan('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM parquet_metadata('/x')", Why.FILES),
                refused("SELECT * FROM parquet_schema('/x.parquet')", Why.FILES),
                refused("SELECT * FROM glob('/etc/*')", Why.FILES),
                refused("SELECT * FROM glob('*')", Why.FILES),
                refused("SELECT * FROM sniff_csv('/etc/passwd')", Why.FILES),
                refused("SELECT * FROM '/etc/passwd'", Why.FILES),
                refused("FROM '/etc/hosts'", Why.FILES),
                refused("SELECT * FROM 'data.csv'", Why.FILES),
                refused("SELECT * FROM read_csv('file:///etc/passwd')", Why.FILES),
                refused("SELECT * FROM read_csv('http://127.0.0.1:1/x.csv')", Why.FILES),
                refused("SELECT * FROM 'http://localhost:1/x.parquet'", Why.FILES),
                refused("SELECT * FROM read_csv('" + "/tmp/../etc/passwd" + "')", Why.FILES),
                refused("SELECT getenv('HOME')", Why.NO_SUCH_FUNCTION),
                // Functions that run SQL or functions on an internal connection of their own, in autocommit:
                // on a --read-write server they used to change data past the read-only transaction.
                refused("SELECT * FROM json_execute_serialized_sql(json_serialize_sql("
                        + "'WITH x AS (DELETE FROM demo.main.t RETURNING *) SELECT count(*) FROM x'))", Why.FORBIDDEN),
                refused("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT nextval(''demo.main.seq'')'))",
                        Why.FORBIDDEN),
                refused("SELECT * FROM system.main.\"JSON_EXECUTE_SERIALIZED_SQL\"(json_serialize_sql('SELECT 1'))",
                        Why.FORBIDDEN),
                refused("SELECT * FROM query('SELECT * FROM json_execute_serialized_sql(json_serialize_sql(''SELECT 1''))')",
                        Why.FORBIDDEN),
                refused("SELECT * FROM query('SELECT * FROM json_execute_' || 'serialized_sql(json_serialize_sql(''SELECT 1''))')",
                        Why.FORBIDDEN),
                refused("SELECT * FROM destroy_external_resource('query', 'SELECT setval(''demo.main.seq'', 77)')",
                        Why.FORBIDDEN),
                refused("SELECT * FROM register_external_resource_type('x', kind := 'catalog', create_function := 'query')",
                        Why.FORBIDDEN));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(Server.values())
                .flatMap(server -> corpus().stream().map(c -> Arguments.of(server, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void isRefusedWithAClearMessageAndChangesNothing(Server server, Case refusal) {
        McpSyncClient client = server.client();
        List<Object> before = fingerprint(client);
        String hashBefore = server.writable() ? null : sha256(readOnlyFile);

        McpSchema.CallToolResult result = query(client, refusal.sql());

        assertThat(result.isError()).as("refused: %s", text(result)).isTrue();
        String message = text(result);
        assertThat(message).isNotBlank();
        assertThat(message).doesNotContain("Exception", "\tat ", "java.", "dev.mallard");
        refusal.why().check(message, server);
        // The server still answers, on the very connection the refused SQL ran on.
        assertThat(rows(query(client, "SELECT 1 AS ok"))).containsExactly(List.of(1));
        assertThat(fingerprint(client)).as("state after %s", refusal).isEqualTo(before);
        if (!server.writable()) {
            assertThat(sha256(readOnlyFile)).as("database file bytes").isEqualTo(hashBefore);
            assertThat(Path.of(readOnlyFile + ".wal")).doesNotExist();
        }
    }

    @Test
    void theReadOnlyDatabaseFileIsByteForByteUnchanged() {
        // Runs the whole corpus itself so that it holds whichever order the tests run in.
        for (Case refusal : corpus()) {
            assertThat(query(readOnlyClient, refusal.sql()).isError()).as(refusal.toString()).isTrue();
        }
        assertThat(sha256(readOnlyFile)).isEqualTo(readOnlyHashAtStart);
        assertThat(rows(query(readOnlyClient, "SELECT count(*) FROM t"))).containsExactly(List.of(10));
    }

    @Test
    void theReadWriteDatabaseKeepsItsRowsAfterTheWholeCorpus() {
        List<Object> before = fingerprint(readWriteClient);
        for (Case refusal : corpus()) {
            assertThat(query(readWriteClient, refusal.sql()).isError()).as(refusal.toString()).isTrue();
        }
        assertThat(fingerprint(readWriteClient)).isEqualTo(before);
        assertThat(rows(query(readWriteClient, "SELECT count(*) FROM t"))).containsExactly(List.of(10));
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
            Why.FORBIDDEN.check(message, server);
            assertThat(message).as(sql).contains("checkpoint").contains("writes the database file");
        }
        assertThat(fingerprint(client)).isEqualTo(before);
        assertThat(sha256(file)).isEqualTo(hashBefore);
    }

    /**
     * DuckDB lets a sandboxed instance reach the served database files and its own spill directory;
     * files next to them, and paths that climb out of the spill directory, stay out of reach.
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
            Why.FILES.check(message, server);
        }
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
