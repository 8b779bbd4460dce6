package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adversarial corpus of the query tool: attempts to change data, the schema, the engine's
 * settings or state, or to reach files, the network or the environment outside the served
 * databases, by category. Every attempt is either refused with a message that says why, or marked
 * harmless with the reason it changes nothing. {@link ReadOnlyQueryTest} runs them on a read-only
 * and a --read-write server and through query_rw on a server without writes;
 * {@link ResourceExhaustionTest} runs the resource-exhaustion attempts under a short time limit and
 * a small memory limit. docs/read-only-corpus.md lists the categories with their counts, which
 * {@link ReadOnlyCorpusDocTest} keeps in step with this class.
 */
final class ReadOnlyCorpus {
    private ReadOnlyCorpus() {}

    /** The kinds of attempt, with what stops them. */
    enum Category {
        DATA_CHANGES("Data changes", "INSERT, UPDATE, DELETE, MERGE, TRUNCATE in their forms",
                "parser gate; read-only attach or read-only transaction"),
        SCHEMA_CHANGES("Schema changes", "CREATE, DROP, ALTER, COMMENT ON", "parser gate; read-only attach"),
        OBJECTS("Macros, functions, types, sequences, indexes",
                "CREATE MACRO / FUNCTION / TYPE / SEQUENCE / INDEX, DROP MACRO", "parser gate"),
        TEMPORARY("Temporary objects and files", "TEMP tables, views, macros, sequences, temp_directory, the spill "
                + "directory", "parser gate; locked configuration; sandbox"),
        DISGUISES("Comments, case, whitespace, Unicode", "comments hiding or wrapping statements, nested comments, "
                + "odd case, tabs and newlines, NBSP, BOM, NUL, full-width letters",
                "parser gate (DuckDB's own parser decides)"),
        SEVERAL_STATEMENTS("Several statements", "a write first or last, ';' in strings, comments and dollar quotes",
                "parser gate (statement count)"),
        WRITES_IN_QUERIES("Writes inside a query", "DML in CTEs, nextval / setval, DESCRIBE / SUMMARIZE / SHOW of "
                + "writes", "read-only attach or read-only transaction; DuckDB's binder"),
        SQL_IN_STRINGS("SQL inside strings", "query(), query_table(), EXPLAIN [ANALYZE]",
                "query() runs SELECT only; function gate checks its literal SQL; parser gate"),
        OWN_CONNECTION("Functions with a connection of their own",
                "json_execute_serialized_sql, external-resource functions", "function gate"),
        PREPARED("Prepared statements", "PREPARE, EXECUTE, DEALLOCATE, duckdb_prepared_statements()",
                "parser gate; function gate"),
        TRANSACTIONS("Transaction control", "BEGIN, START TRANSACTION [READ WRITE], COMMIT, ROLLBACK, ABORT, END",
                "parser gate"),
        SETTINGS("Settings and variables", "SET / RESET (SESSION, GLOBAL, LOCAL), sandbox switches, SET VARIABLE, "
                + "logging and profiling functions, setseed", "parser gate; locked configuration"),
        PRAGMAS("PRAGMA", "settings, checkpoints, import, copy_database, parquet keys",
                "parser gate"),
        CALLS("CALL", "CALL of table functions", "parser gate"),
        SECRETS("Secrets", "CREATE [PERSISTENT] SECRET, DROP SECRET, reading secrets",
                "parser gate; no persistent secrets; unredacted display off"),
        EXTENSIONS("Extensions", "INSTALL, FORCE INSTALL, LOAD, UPDATE EXTENSIONS, extension functions",
                "parser gate; no auto-install or auto-load; sandbox"),
        DATABASES("Other databases", "ATTACH (DuckDB, SQLite, Postgres, MotherDuck), DETACH, USE, CREATE DATABASE",
                "parser gate; sandbox"),
        COPY_EXPORT_IMPORT("COPY, EXPORT, IMPORT", "to and from files and URLs", "parser gate; sandbox"),
        FILES("Files, globs and URLs", "every file-reading function, replacement scans, globs, ~, .., file://, "
                + "http(s)://127.0.0.1, s3://, /proc, /dev", "sandbox: enable_external_access = false"),
        ENVIRONMENT("Environment", "getenv, current_setting, duckdb_settings and other server information",
                "getenv exists only in DuckDB's shell, not in the library; the rest only reads"),
        MAINTENANCE("Checkpoints and maintenance", "CHECKPOINT, VACUUM, ANALYZE, checkpoint() functions",
                "parser gate; function gate"),
        RESOURCES("Resource exhaustion", "cross joins of billions of rows, endless recursion, huge strings and lists, "
                + "sorts, aggregates and joins beyond memory, sleeps", "time limit; DuckDB memory limit; DuckDB size caps");

        final String title;
        final String examples;
        final String guards;

        Category(String title, String examples, String guards) {
            this.title = title;
            this.examples = examples;
            this.guards = guards;
        }
    }

    /** What a refusal must tell the agent. */
    enum Why {
        /** Not a query at all: the tool says it runs reads only, and where changes can be made, if anywhere. */
        NOT_A_QUERY {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("only runs read-only queries");
                if (writable) {
                    assertThat(message).contains("use query_rw");
                } else {
                    assertThat(message).contains("does not allow changes").contains("read-only");
                }
            }
        },
        /** Several statements: one per call. */
        SEVERAL {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("statements").contains("one per call");
            }
        },
        /** A query that would write: the read-only database or transaction stops it. */
        WRITES {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("read-only");
                if (writable) {
                    assertThat(message).contains("use query_rw");
                } else {
                    assertThat(message).contains("nothing can be changed");
                }
            }
        },
        /** Not even valid SQL: DuckDB's parser error, pointing at the spot. */
        PARSER_ERROR {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).startsWith("Parser Error:").contains("LINE 1:").contains("^");
            }
        },
        /** Syntax DuckDB's parser rejects as a whole, without a position. */
        UNSUPPORTED_SYNTAX {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).startsWith("Parser Error:").contains("not supported");
            }
        },
        /** A data-modifying statement below the top level of a query. */
        NOT_AT_TOP_LEVEL {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("data-modifying statement must be at the top level");
            }
        },
        /** A file or URL outside the served databases. */
        FILES {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("cannot read or write files outside the served databases");
            }
        },
        /** The query() table function runs SELECTs only. */
        SELECT_ONLY {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("Expected a single SELECT statement");
            }
        },
        /** A function that works outside the query's connection, or query() with SQL the gate cannot read. */
        FORBIDDEN {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).containsAnyOf("The query tool does not run", "The query tool runs query() only")
                        .contains("Nothing was run.");
            }
        },
        /** A setting changed through a function, after the configuration was locked. */
        LOCKED {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("the configuration has been locked");
            }
        },
        /** A function from an extension that is not loaded, and cannot be. */
        EXTENSION {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("does not install or load extensions").doesNotContain("INSTALL");
            }
        },
        /** A function Mallard's DuckDB does not have. */
        NO_SUCH_FUNCTION {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("Function with name").contains("does not exist");
            }
        },
        /** A table name that is not a table. */
        NO_SUCH_TABLE {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("Table with name").contains("does not exist");
            }
        },
        /** Secrets are shown redacted only. */
        REDACTED {
            @Override
            void check(String message, boolean writable) {
                assertThat(message).contains("Displaying unredacted secrets is disabled");
            }
        };

        abstract void check(String message, boolean writable);
    }

    /** What must come of an attempt. */
    sealed interface Expectation {
        /** Refused with an error that says why. */
        record Refused(Why why) implements Expectation {}

        /** May run, but changes nothing; the reason says why that is so. */
        record Harmless(String reason) implements Expectation {}
    }

    record Attempt(Category category, String sql, Expectation expectation) {
        boolean harmless() {
            return expectation instanceof Expectation.Harmless;
        }

        @Override
        public String toString() {
            return category + ": " + printable(sql) + (harmless() ? " (harmless)" : "");
        }
    }

    /** What stops a resource-exhaustion attempt. */
    enum Limit {
        /** Mallard's time limit. */
        TIME {
            @Override
            void check(String message) {
                assertThat(message).contains("the server's time limit").contains("Narrow it");
            }
        },
        /** DuckDB's memory limit, with Mallard's hint and none of DuckDB's advice to SET settings. */
        MEMORY {
            @Override
            void check(String message) {
                assertThat(message).startsWith("Out of Memory Error")
                        .contains("needs more memory than DuckDB is allowed here").doesNotContain("SET ");
            }
        },
        /** Whichever of the two comes first. */
        TIME_OR_MEMORY {
            @Override
            void check(String message) {
                if (message.startsWith("Out of Memory Error")) {
                    MEMORY.check(message);
                } else {
                    TIME.check(message);
                }
            }
        },
        /** DuckDB's cap on the size of one list. */
        LIST_SIZE {
            @Override
            void check(String message) {
                assertThat(message).contains("Lists larger than 2^32 elements are not supported");
            }
        },
        /** DuckDB's cap on the size of one string. */
        STRING_SIZE {
            @Override
            void check(String message) {
                assertThat(message).contains("the maximum supported string size is");
            }
        },
        /** Not stopped, but harmless: the result is cut at the row cap and the query ends with it. */
        ROW_CAP {
            @Override
            void check(String message) {
                throw new AssertionError("a capped result is not an error: " + message);
            }
        };

        abstract void check(String message);
    }

    /**
     * A resource-exhaustion attempt.
     *
     * @param maxDuration how long the call may take in all, the time limit included
     * @param maxGrowthMb how far the process's resident memory may rise above where it was before
     * @param note why the bounds are what they are, where they are not the defaults
     */
    record Exhaustion(String sql, Limit limit, Duration maxDuration, long maxGrowthMb, String note) {
        @Override
        public String toString() {
            return printable(sql);
        }
    }

    static final Duration EXHAUSTION_DURATION = Duration.ofSeconds(10);
    static final long EXHAUSTION_GROWTH_MB = 2048;

    static List<Attempt> attempts() {
        return ATTEMPTS;
    }

    static List<Exhaustion> exhaustion() {
        return EXHAUSTION;
    }

    /** How many attempts each category holds, resource exhaustion included, in category order. */
    static Map<Category, Integer> counts() {
        Map<Category, Integer> counts = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            counts.put(category, 0);
        }
        ATTEMPTS.forEach(attempt -> counts.merge(attempt.category(), 1, Integer::sum));
        counts.put(Category.RESOURCES, EXHAUSTION.size());
        return counts;
    }

    static String printable(String sql) {
        StringBuilder text = new StringBuilder();
        sql.codePoints().forEach(c -> {
            if (c == '\n') {
                text.append("\\n");
            } else if (c == '\t') {
                text.append("\\t");
            } else if (c == '\r') {
                text.append("\\r");
            } else if (c < 0x20 || c == 0xA0 || c == 0xFEFF || c == 0x2028) {
                text.append(String.format("\\u%04X", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return text.toString();
    }

    private static final List<Attempt> ATTEMPTS = new Builder()
            .category(Category.DATA_CHANGES)
            .refused("INSERT INTO t VALUES (100, 'x', 1)", Why.NOT_A_QUERY)
            .refused("INSERT INTO t SELECT * FROM t", Why.NOT_A_QUERY)
            .refused("INSERT OR REPLACE INTO t VALUES (1, 'x', 1)", Why.NOT_A_QUERY)
            .refused("INSERT OR IGNORE INTO t VALUES (1, 'x', 1)", Why.NOT_A_QUERY)
            .refused("INSERT INTO t BY NAME SELECT 100 AS id, 'x' AS name, 1 AS g", Why.NOT_A_QUERY)
            .refused("INSERT INTO t DEFAULT VALUES", Why.NOT_A_QUERY)
            .refused("INSERT INTO demo.main.t VALUES (100, 'x', 1) RETURNING *", Why.NOT_A_QUERY)
            .refused("UPDATE t SET name = 'changed'", Why.NOT_A_QUERY)
            .refused("UPDATE t SET g = 0 WHERE id IN (SELECT id FROM t)", Why.NOT_A_QUERY)
            .refused("UPDATE t SET name = s.name FROM (SELECT 1 AS id, 'x' AS name) s WHERE t.id = s.id",
                    Why.NOT_A_QUERY)
            .refused("DELETE FROM t", Why.NOT_A_QUERY)
            .refused("DELETE FROM t WHERE id = 1 RETURNING *", Why.NOT_A_QUERY)
            .refused("DELETE FROM t USING (SELECT 1 AS id) s WHERE t.id = s.id", Why.NOT_A_QUERY)
            .refused("MERGE INTO t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE", Why.NOT_A_QUERY)
            .refused("MERGE INTO t USING (SELECT 100 AS id, 'x' AS name, 1 AS g) s ON t.id = s.id "
                    + "WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.name, s.g)", Why.NOT_A_QUERY)
            .refused("TRUNCATE t", Why.NOT_A_QUERY)
            .refused("TRUNCATE TABLE demo.main.t", Why.NOT_A_QUERY)

            .category(Category.SCHEMA_CHANGES)
            .refused("CREATE TABLE x (a INTEGER)", Why.NOT_A_QUERY)
            .refused("CREATE TABLE x AS SELECT * FROM t", Why.NOT_A_QUERY)
            .refused("CREATE TABLE IF NOT EXISTS t (a INTEGER)", Why.NOT_A_QUERY)
            .refused("CREATE OR REPLACE TABLE t AS SELECT 1 AS id", Why.NOT_A_QUERY)
            .refused("CREATE TABLE demo.main.x AS FROM t", Why.NOT_A_QUERY)
            .refused("CREATE VIEW w AS SELECT 1 AS one", Why.NOT_A_QUERY)
            .refused("CREATE OR REPLACE VIEW v AS SELECT 1 AS id", Why.NOT_A_QUERY)
            .refused("CREATE SCHEMA s", Why.NOT_A_QUERY)
            .refused("CREATE SCHEMA IF NOT EXISTS demo.s", Why.NOT_A_QUERY)
            .refused("DROP TABLE t", Why.NOT_A_QUERY)
            .refused("DROP TABLE IF EXISTS t CASCADE", Why.NOT_A_QUERY)
            .refused("DROP VIEW v", Why.NOT_A_QUERY)
            .refused("DROP SEQUENCE seq", Why.NOT_A_QUERY)
            .refused("DROP SCHEMA main CASCADE", Why.NOT_A_QUERY)
            .refused("ALTER TABLE t ADD COLUMN z INTEGER", Why.NOT_A_QUERY)
            .refused("ALTER TABLE t DROP COLUMN g", Why.NOT_A_QUERY)
            .refused("ALTER TABLE t RENAME TO t2", Why.NOT_A_QUERY)
            .refused("ALTER TABLE t RENAME COLUMN name TO n", Why.NOT_A_QUERY)
            .refused("ALTER TABLE t ALTER COLUMN id SET DATA TYPE BIGINT", Why.NOT_A_QUERY)
            .refused("ALTER VIEW v RENAME TO v2", Why.NOT_A_QUERY)
            .refused("ALTER SEQUENCE seq RESTART WITH 5", Why.PARSER_ERROR)
            .refused("COMMENT ON TABLE t IS 'changed'", Why.NOT_A_QUERY)
            .refused("COMMENT ON COLUMN t.id IS 'changed'", Why.NOT_A_QUERY)

            .category(Category.OBJECTS)
            .refused("CREATE MACRO plus_one(a) AS a + 1", Why.NOT_A_QUERY)
            .refused("CREATE OR REPLACE MACRO plus_one(a) AS a + 1", Why.NOT_A_QUERY)
            .refused("CREATE FUNCTION plus_two(a) AS a + 2", Why.NOT_A_QUERY)
            .refused("CREATE MACRO everything() AS TABLE SELECT * FROM t", Why.NOT_A_QUERY)
            .refused("CREATE MACRO read_any(p) AS TABLE SELECT * FROM read_text(p)", Why.NOT_A_QUERY)
            .refused("DROP MACRO m", Why.NOT_A_QUERY)
            .refused("CREATE TYPE mood AS ENUM ('happy', 'sad')", Why.NOT_A_QUERY)
            .refused("CREATE SEQUENCE seq2", Why.NOT_A_QUERY)
            .refused("CREATE INDEX i ON t (id)", Why.NOT_A_QUERY)
            .refused("CREATE UNIQUE INDEX i ON t (id)", Why.NOT_A_QUERY)

            .category(Category.TEMPORARY)
            .refused("CREATE TEMP TABLE tmp AS SELECT 1 AS one", Why.NOT_A_QUERY)
            .refused("CREATE TEMPORARY TABLE tmp (a INTEGER)", Why.NOT_A_QUERY)
            .refused("CREATE OR REPLACE TEMP TABLE tmp AS SELECT 1 AS one", Why.NOT_A_QUERY)
            .refused("CREATE TEMPORARY VIEW tv AS SELECT 1 AS one", Why.NOT_A_QUERY)
            .refused("CREATE OR REPLACE TEMP VIEW tv AS SELECT 1 AS one", Why.NOT_A_QUERY)
            .refused("CREATE TEMP MACRO tm(a) AS a", Why.NOT_A_QUERY)
            .refused("CREATE TEMP SEQUENCE ts", Why.NOT_A_QUERY)
            .refused("CREATE TABLE temp.main.x (a INTEGER)", Why.NOT_A_QUERY)
            .refused("PIVOT t ON g USING count(*)", Why.NOT_A_QUERY)
            .refused("SET temp_directory = '/tmp'", Why.NOT_A_QUERY)
            .refused("PRAGMA temp_directory = '/tmp'", Why.NOT_A_QUERY)
            .refused("SET max_temp_directory_size = '1TB'", Why.NOT_A_QUERY)
            .refused("SELECT * FROM read_text(current_setting('temp_directory') || '/../../etc/passwd')", Why.FILES)
            .refused("SELECT * FROM glob(current_setting('temp_directory') || '/../*')", Why.FILES)
            .harmless("SELECT * FROM glob(current_setting('temp_directory') || '/*')",
                    "DuckDB may list its own spill directory, which holds only spill files of running queries")
            .harmless("SELECT * FROM duckdb_temporary_files()", "lists DuckDB's spill files; reads only")

            .category(Category.DISGUISES)
            .refused("/* */ DeLeTe FROM t", Why.NOT_A_QUERY)
            .refused("/* SELECT */ UPDATE t SET g = 1", Why.NOT_A_QUERY)
            .refused("/* /* nested */ */ DELETE FROM t", Why.NOT_A_QUERY)
            .refused("/* /* */ SELECT 1 */ DELETE FROM t", Why.NOT_A_QUERY)
            .refused("--\nDROP TABLE t", Why.NOT_A_QUERY)
            .refused("-- SELECT 1\nDROP TABLE t", Why.NOT_A_QUERY)
            .refused("DELETE FROM t -- ; SELECT 1", Why.NOT_A_QUERY)
            .refused("\n\t  dElEtE\n  FROM\tt  \n", Why.NOT_A_QUERY)
            .refused("\r\nDELETE FROM t\r\n", Why.NOT_A_QUERY)
            .refused("DELETE/**/FROM/**/t", Why.NOT_A_QUERY)
            .refused("delete from t where 1 = 1", Why.NOT_A_QUERY)
            .refused("DELETE FROM DEMO.MAIN.T", Why.NOT_A_QUERY)
            .refused("DELETE FROM \"t\"", Why.NOT_A_QUERY)
            .refused("DELETE\u00A0FROM t", Why.NOT_A_QUERY)
            .refused("\uFEFFDELETE FROM t", Why.NOT_A_QUERY)
            .refused("\"dElEtE\" FROM t", Why.PARSER_ERROR)
            .refused("\uFF24\uFF25\uFF2C\uFF25\uFF34\uFF25 FROM t", Why.PARSER_ERROR)
            .refused("(DELETE FROM t)", Why.PARSER_ERROR)
            .harmless("SELECT 1 -- ; DELETE FROM t", "the line comment hides the DELETE: DuckDB runs SELECT 1 only")

            .category(Category.SEVERAL_STATEMENTS)
            .refused("SELECT 1; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT * FROM t; DROP TABLE t", Why.NOT_A_QUERY)
            .refused("DELETE FROM t; SELECT 1", Why.NOT_A_QUERY)
            .refused("SELECT 1; SELECT 2", Why.SEVERAL)
            .refused("SELECT 1 -- a comment\n; SELECT 2", Why.SEVERAL)
            .refused("SELECT 1 --\n; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT 1;;DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT 1;\nUPDATE t SET g = 9;\nSELECT 2", Why.NOT_A_QUERY)
            .refused("SELECT ';' AS s; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT 1 /* ; */ ; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT $$;$$; DROP TABLE t", Why.NOT_A_QUERY)
            .refused("SeLeCt 1; dRoP tAbLe t", Why.NOT_A_QUERY)
            .refused("SELECT 1; ATTACH ':memory:' AS m", Why.NOT_A_QUERY)
            .refused("SELECT\u00A01; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT 1\0; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("SELECT 1;\0DELETE FROM t", Why.PARSER_ERROR)
            .refused("SELECT 1\u2028; DELETE FROM t", Why.NOT_A_QUERY)

            .category(Category.WRITES_IN_QUERIES)
            .refused("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", Why.WRITES)
            .refused("WITH x AS (INSERT INTO t VALUES (100, 'x', 1) RETURNING *) SELECT count(*) FROM x", Why.WRITES)
            .refused("WITH x AS (UPDATE t SET name = 'changed' RETURNING *) SELECT * FROM x", Why.WRITES)
            .refused("WITH x AS MATERIALIZED (DELETE FROM t RETURNING id) SELECT * FROM x", Why.WRITES)
            .refused("WITH a AS (SELECT 1), b AS (DELETE FROM t RETURNING *) SELECT * FROM a", Why.WRITES)
            .refused("WITH RECURSIVE x AS (DELETE FROM t RETURNING *) SELECT 1", Why.UNSUPPORTED_SYNTAX)
            .refused("SELECT * FROM (WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x)", Why.NOT_AT_TOP_LEVEL)
            .refused("WITH x AS (DELETE FROM t RETURNING *) DELETE FROM t", Why.NOT_A_QUERY)
            .refused("WITH x AS (SELECT 1) INSERT INTO t SELECT 100, 'x', 1", Why.NOT_A_QUERY)
            .refused("SELECT * FROM (DELETE FROM t RETURNING *)", Why.PARSER_ERROR)
            .refused("SELECT nextval('seq')", Why.WRITES)
            .refused("VALUES (nextval('seq'))", Why.WRITES)
            .refused("SELECT nextval('demo.main.seq') FROM t", Why.WRITES)
            .refused("SELECT * FROM t WHERE id = nextval('seq')", Why.WRITES)
            .refused("SELECT setval('seq', 100)", Why.WRITES)
            .refused("DESCRIBE SELECT nextval('seq')", Why.WRITES)
            .refused("SUMMARIZE SELECT nextval('seq')", Why.WRITES)
            .refused("SHOW SELECT nextval('seq')", Why.WRITES)
            .refused("DESCRIBE WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", Why.NOT_AT_TOP_LEVEL)
            .refused("SUMMARIZE WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", Why.NOT_AT_TOP_LEVEL)
            .refused("DESCRIBE DELETE FROM t", Why.PARSER_ERROR)
            .refused("SUMMARIZE DELETE FROM t", Why.PARSER_ERROR)
            .harmless("SELECT currval('seq')", "reads this session's last sequence value; nothing moves")

            .category(Category.SQL_IN_STRINGS)
            .refused("SELECT * FROM query('DELETE FROM t')", Why.SELECT_ONLY)
            .refused("SELECT * FROM query('SELECT 1; DELETE FROM t')", Why.SELECT_ONLY)
            .refused("SELECT * FROM query('COPY t TO ''/tmp/x.csv''')", Why.SELECT_ONLY)
            .refused("SELECT * FROM query('SET threads = 1')", Why.SELECT_ONLY)
            .refused("SELECT * FROM query('ATTACH '':memory:'' AS m')", Why.SELECT_ONLY)
            .refused("SELECT * FROM query('SELECT * FROM query(''DELETE FROM t'')')", Why.SELECT_ONLY)
            .refused("SELECT * FROM query('WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x')",
                    Why.NOT_AT_TOP_LEVEL)
            .refused("SELECT * FROM query('SELECT nextval(''seq'')')", Why.WRITES)
            .refused("SELECT * FROM query('DEL' || 'ETE FROM t')", Why.FORBIDDEN)
            .refused("SELECT * FROM query(CASE WHEN random() < 2 THEN 'SELECT 1' END)", Why.FORBIDDEN)
            .refused("SELECT * FROM query_table('t; DELETE FROM t')", Why.NO_SUCH_TABLE)
            .refused("SELECT * FROM query_table('/etc/passwd')", Why.FILES)
            .refused("EXPLAIN DELETE FROM t", Why.NOT_A_QUERY)
            .refused("EXPLAIN ANALYZE DELETE FROM t", Why.NOT_A_QUERY)
            .refused("EXPLAIN ANALYZE SELECT * FROM query('DELETE FROM t')", Why.NOT_A_QUERY)

            .category(Category.OWN_CONNECTION)
            .refused("SELECT * FROM json_execute_serialized_sql(json_serialize_sql("
                    + "'WITH x AS (DELETE FROM demo.main.t RETURNING *) SELECT count(*) FROM x'))", Why.FORBIDDEN)
            .refused("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT nextval(''demo.main.seq'')'))",
                    Why.FORBIDDEN)
            .refused("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", Why.FORBIDDEN)
            .refused("SELECT * FROM system.main.\"JSON_EXECUTE_SERIALIZED_SQL\"(json_serialize_sql('SELECT 1'))",
                    Why.FORBIDDEN)
            .refused("SELECT * FROM query('SELECT * FROM json_execute_serialized_sql(json_serialize_sql(''SELECT 1''))')",
                    Why.FORBIDDEN)
            .refused("SELECT * FROM query('SELECT * FROM json_execute_' || 'serialized_sql(json_serialize_sql(''SELECT 1''))')",
                    Why.FORBIDDEN)
            .refused("PRAGMA json_execute_serialized_sql('{}')", Why.NOT_A_QUERY)
            .refused("SELECT * FROM destroy_external_resource('query', 'SELECT setval(''demo.main.seq'', 77)')",
                    Why.FORBIDDEN)
            .refused("SELECT * FROM register_external_resource_type('x', kind := 'catalog', create_function := 'query')",
                    Why.FORBIDDEN)
            .refused("SELECT * FROM create_external_resource('x', resource_name := 'r')", Why.FORBIDDEN)
            .refused("SELECT * FROM deregister_external_resource('r')", Why.FORBIDDEN)

            .category(Category.PREPARED)
            .refused("PREPARE p AS DELETE FROM t", Why.NOT_A_QUERY)
            .refused("PREPARE p AS SELECT 1", Why.NOT_A_QUERY)
            .refused("PREPARE p AS SELECT nextval('seq')", Why.NOT_A_QUERY)
            .refused("EXECUTE p", Why.NOT_A_QUERY)
            .refused("EXECUTE p(1)", Why.NOT_A_QUERY)
            .refused("DEALLOCATE p", Why.NOT_A_QUERY)
            .refused("DEALLOCATE PREPARE p", Why.NOT_A_QUERY)
            .refused("SELECT name, statement FROM duckdb_prepared_statements()", Why.FORBIDDEN)
            .refused("SELECT * FROM query('FROM duckdb_prepared_statements()')", Why.FORBIDDEN)

            .category(Category.TRANSACTIONS)
            .refused("BEGIN", Why.NOT_A_QUERY)
            .refused("BEGIN TRANSACTION", Why.NOT_A_QUERY)
            .refused("BEGIN TRANSACTION READ WRITE", Why.NOT_A_QUERY)
            .refused("START TRANSACTION", Why.NOT_A_QUERY)
            .refused("START TRANSACTION READ WRITE", Why.NOT_A_QUERY)
            .refused("COMMIT", Why.NOT_A_QUERY)
            .refused("ROLLBACK", Why.NOT_A_QUERY)
            .refused("ABORT", Why.NOT_A_QUERY)
            .refused("END", Why.NOT_A_QUERY)
            .refused("COMMIT; DELETE FROM t", Why.NOT_A_QUERY)
            .refused("BEGIN; DELETE FROM t; COMMIT", Why.NOT_A_QUERY)

            .category(Category.SETTINGS)
            .refused("SET memory_limit = '1TB'", Why.NOT_A_QUERY)
            .refused("SET threads = 64", Why.NOT_A_QUERY)
            .refused("SET SESSION threads = 1", Why.NOT_A_QUERY)
            .refused("SET GLOBAL threads = 1", Why.NOT_A_QUERY)
            .refused("SET LOCAL threads = 1", Why.NOT_A_QUERY)
            .refused("SET enable_external_access = true", Why.NOT_A_QUERY)
            .refused("SET lock_configuration = false", Why.NOT_A_QUERY)
            .refused("SET allowed_directories = ['/']", Why.NOT_A_QUERY)
            .refused("SET allowed_paths = ['/etc/passwd']", Why.NOT_A_QUERY)
            .refused("SET autoinstall_known_extensions = true", Why.NOT_A_QUERY)
            .refused("SET autoload_known_extensions = true", Why.NOT_A_QUERY)
            .refused("SET allow_unsigned_extensions = true", Why.NOT_A_QUERY)
            .refused("SET custom_extension_repository = 'http://127.0.0.1:1'", Why.NOT_A_QUERY)
            .refused("SET home_directory = '/etc'", Why.NOT_A_QUERY)
            .refused("SET file_search_path = '/etc'", Why.NOT_A_QUERY)
            .refused("SET access_mode = 'READ_WRITE'", Why.NOT_A_QUERY)
            .refused("SET search_path = 'memory'", Why.NOT_A_QUERY)
            .refused("SET profiling_output = '/tmp/profile.json'", Why.NOT_A_QUERY)
            .refused("SET log_query_path = '/tmp/queries.log'", Why.NOT_A_QUERY)
            .refused("RESET memory_limit", Why.NOT_A_QUERY)
            .refused("RESET threads", Why.NOT_A_QUERY)
            .refused("RESET ALL", Why.PARSER_ERROR)
            .refused("SET VARIABLE x = 1", Why.NOT_A_QUERY)
            .refused("SET VARIABLE x = (SELECT count(*) FROM t)", Why.NOT_A_QUERY)
            .refused("RESET VARIABLE x", Why.NOT_A_QUERY)
            .refused("SELECT * FROM enable_logging()", Why.LOCKED)
            .refused("SELECT * FROM enable_logging(storage => 'file', storage_path => '/tmp/logs')", Why.LOCKED)
            .refused("SELECT * FROM disable_logging()", Why.LOCKED)
            .refused("SELECT * FROM enable_profiling(save_location => '/tmp/profile.json')", Why.LOCKED)
            .refused("SELECT * FROM disable_profiling()", Why.LOCKED)
            .harmless("SELECT getvariable('x')", "reads a variable; none can be set")
            .harmless("SELECT write_log('x')", "logging is off and cannot be switched on: the configuration is locked")
            .harmless("SELECT * FROM truncate_duckdb_logs()",
                    "empties DuckDB's in-memory log, which stays empty: logging is off and locked")
            .harmless("SELECT setseed(0.5)", "seeds random() on this connection; no data, schema or setting changes")

            .category(Category.PRAGMAS)
            .refused("PRAGMA enable_profiling", Why.NOT_A_QUERY)
            .refused("PRAGMA memory_limit = '1TB'", Why.NOT_A_QUERY)
            .refused("PRAGMA threads = 64", Why.NOT_A_QUERY)
            .refused("PRAGMA enable_checkpoint_on_shutdown", Why.NOT_A_QUERY)
            .refused("PRAGMA disable_checkpoint_on_shutdown", Why.NOT_A_QUERY)
            .refused("PRAGMA force_checkpoint", Why.NOT_A_QUERY)
            .refused("PRAGMA disable_optimizer", Why.NOT_A_QUERY)
            .refused("PRAGMA enable_verification", Why.NOT_A_QUERY)
            .refused("PRAGMA import_database('/tmp/x')", Why.NOT_A_QUERY)
            .refused("PRAGMA copy_database('demo', 'other')", Why.NOT_A_QUERY)
            .refused("PRAGMA add_parquet_key('k', '0123456789112345')", Why.NOT_A_QUERY)
            .refused("PRAGMA database_list", Why.NOT_A_QUERY)

            .category(Category.CALLS)
            .refused("CALL pragma_version()", Why.NOT_A_QUERY)
            .refused("CALL checkpoint()", Why.NOT_A_QUERY)
            .refused("CALL force_checkpoint()", Why.NOT_A_QUERY)
            .refused("CALL enable_logging()", Why.NOT_A_QUERY)
            .refused("CALL query('DELETE FROM t')", Why.NOT_A_QUERY)
            .refused("CALL json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", Why.NOT_A_QUERY)
            .refused("CALL register_external_resource_type('x', kind := 'catalog', create_function := 'query')",
                    Why.NOT_A_QUERY)
            .refused("CALL read_csv('/etc/passwd')", Why.NOT_A_QUERY)
            .refused("CALL duckdb_secrets()", Why.NOT_A_QUERY)

            .category(Category.SECRETS)
            .refused("CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", Why.NOT_A_QUERY)
            .refused("CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", Why.NOT_A_QUERY)
            .refused("CREATE OR REPLACE SECRET s (TYPE http, BEARER_TOKEN 'x')", Why.NOT_A_QUERY)
            .refused("CREATE TEMPORARY SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')", Why.NOT_A_QUERY)
            .refused("DROP SECRET s", Why.NOT_A_QUERY)
            .refused("DROP PERSISTENT SECRET s", Why.NOT_A_QUERY)
            .refused("SELECT * FROM duckdb_secrets(redact := false)", Why.REDACTED)
            .harmless("SELECT * FROM duckdb_secrets()", "lists secrets, redacted; there are none and none can be made")
            .harmless("SELECT * FROM which_secret('s3://bucket/x', 's3')", "looks a secret up; there are none")
            .harmless("SELECT * FROM duckdb_secret_types()", "lists the kinds of secret DuckDB knows; reads only")

            .category(Category.EXTENSIONS)
            .refused("INSTALL httpfs", Why.NOT_A_QUERY)
            .refused("FORCE INSTALL httpfs", Why.NOT_A_QUERY)
            .refused("INSTALL httpfs FROM 'http://127.0.0.1:1/'", Why.NOT_A_QUERY)
            .refused("INSTALL httpfs FROM community", Why.NOT_A_QUERY)
            .refused("INSTALL '/tmp/evil.duckdb_extension'", Why.NOT_A_QUERY)
            .refused("LOAD httpfs", Why.NOT_A_QUERY)
            .refused("LOAD '/tmp/evil.duckdb_extension'", Why.NOT_A_QUERY)
            .refused("LOAD 'http://127.0.0.1:1/evil.duckdb_extension'", Why.NOT_A_QUERY)
            .refused("UPDATE EXTENSIONS", Why.NOT_A_QUERY)
            .refused("UPDATE EXTENSIONS (httpfs)", Why.NOT_A_QUERY)
            .refused("SELECT * FROM read_xlsx('/etc/passwd')", Why.EXTENSION)
            .refused("SELECT * FROM iceberg_scan('/etc')", Why.EXTENSION)
            .refused("SELECT * FROM delta_scan('/etc')", Why.EXTENSION)
            .refused("SELECT * FROM sqlite_scan('/etc/passwd', 't')", Why.EXTENSION)
            .refused("SELECT * FROM postgres_scan('host=127.0.0.1 port=1', 'public', 't')", Why.NO_SUCH_FUNCTION)
            .harmless("SELECT * FROM duckdb_extensions()", "lists extensions; reads only")

            .category(Category.DATABASES)
            .refused("ATTACH '/tmp/x.duckdb'", Why.NOT_A_QUERY)
            .refused("ATTACH ':memory:' AS m", Why.NOT_A_QUERY)
            .refused("ATTACH IF NOT EXISTS '/tmp/x.duckdb' AS x (READ_ONLY)", Why.NOT_A_QUERY)
            .refused("ATTACH OR REPLACE ':memory:' AS demo", Why.NOT_A_QUERY)
            .refused("ATTACH '/tmp/x.db' AS x (TYPE sqlite)", Why.NOT_A_QUERY)
            .refused("ATTACH 'host=127.0.0.1 port=1' AS pg (TYPE postgres)", Why.NOT_A_QUERY)
            .refused("ATTACH 'md:'", Why.NOT_A_QUERY)
            .refused("DETACH demo", Why.NOT_A_QUERY)
            .refused("DETACH DATABASE IF EXISTS demo", Why.NOT_A_QUERY)
            .refused("USE other", Why.NOT_A_QUERY)
            .refused("USE memory", Why.NOT_A_QUERY)
            .refused("CREATE DATABASE other", Why.PARSER_ERROR)
            .refused("DROP DATABASE demo", Why.PARSER_ERROR)
            .harmless("SELECT * FROM duckdb_databases()", "lists the attached databases; reads only")

            .category(Category.COPY_EXPORT_IMPORT)
            .refused("COPY t TO '/tmp/x.csv'", Why.NOT_A_QUERY)
            .refused("COPY (SELECT 1) TO '/tmp/x.csv'", Why.NOT_A_QUERY)
            .refused("COPY t TO '/tmp/x.parquet' (FORMAT parquet)", Why.NOT_A_QUERY)
            .refused("COPY t TO 'x.csv'", Why.NOT_A_QUERY)
            .refused("COPY t TO 'http://127.0.0.1:1/x.csv'", Why.NOT_A_QUERY)
            .refused("COPY t FROM '/etc/passwd'", Why.NOT_A_QUERY)
            .refused("COPY t FROM '/etc/passwd' (AUTO_DETECT true)", Why.NOT_A_QUERY)
            .refused("COPY FROM DATABASE demo TO other", Why.NOT_A_QUERY)
            .refused("EXPORT DATABASE '/tmp/x'", Why.NOT_A_QUERY)
            .refused("EXPORT DATABASE '/tmp/x' (FORMAT parquet)", Why.NOT_A_QUERY)
            .refused("IMPORT DATABASE '/tmp/x'", Why.NOT_A_QUERY)

            .category(Category.FILES)
            .refused("SELECT * FROM read_csv('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_csv(['/etc/passwd', '/etc/hosts'])", Why.FILES)
            .refused("SELECT * FROM read_csv_auto('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_csv('/etc/passwd', store_rejects = true)", Why.FILES)
            .refused("SELECT * FROM read_csv('/etc/passwd', rejects_table = 'rej')", Why.FILES)
            .refused("SELECT * FROM read_text('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_text(['/etc/passwd', '/etc/hosts'])", Why.FILES)
            .refused("SELECT * FROM read_blob('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_blob('/etc/shadow')", Why.FILES)
            .refused("SELECT * FROM read_json('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_json_auto('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_json_objects('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_json_objects_auto('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_ndjson('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_ndjson_auto('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_ndjson_objects('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_parquet('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM parquet_scan('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM parquet_metadata('/x')", Why.FILES)
            .refused("SELECT * FROM parquet_schema('/x.parquet')", Why.FILES)
            .refused("SELECT * FROM parquet_file_metadata('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM parquet_kv_metadata('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM parquet_full_metadata('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM parquet_bloom_probe('/etc/passwd', 'a', 1)", Why.FILES)
            .refused("SELECT * FROM read_single_csv_file('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_single_json_file('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_single_parquet_file('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM sniff_csv('/etc/passwd')", Why.FILES)
            .refused("SELECT * FROM sniff_csv('http://127.0.0.1:1/x.csv')", Why.FILES)
            .refused("SELECT * FROM glob('/etc/*')", Why.FILES)
            .refused("SELECT * FROM glob('/**/*')", Why.FILES)
            .refused("SELECT * FROM glob('*')", Why.FILES)
            .refused("SELECT * FROM glob('~/*')", Why.FILES)
            .refused("SELECT * FROM glob('file:///etc/*')", Why.FILES)
            .refused("SELECT * FROM glob('http://127.0.0.1:1/*')", Why.FILES)
            .refused("SELECT * FROM read_parquet('/etc/*')", Why.FILES)
            .refused("SELECT * FROM read_csv('/etc/**/*.conf')", Why.FILES)
            .refused("SELECT * FROM read_text('~/.bashrc')", Why.FILES)
            .refused("SELECT * FROM read_csv('/root/.ssh/id_rsa')", Why.FILES)
            .refused("SELECT * FROM read_text('../../../../etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_csv('/tmp/../etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_csv('data.csv')", Why.FILES)
            .refused("SELECT * FROM read_csv('./x.csv')", Why.FILES)
            .refused("SELECT * FROM read_csv('file:///etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_text('file:///etc/passwd')", Why.FILES)
            .refused("SELECT * FROM read_csv('http://127.0.0.1:1/x.csv')", Why.FILES)
            .refused("SELECT * FROM read_parquet('http://127.0.0.1:1/x.parquet')", Why.FILES)
            .refused("SELECT * FROM read_json('https://127.0.0.1:1/x.json')", Why.FILES)
            .refused("SELECT * FROM read_text('http://127.0.0.1:1/x')", Why.FILES)
            .refused("SELECT * FROM read_text('s3://bucket/x')", Why.FILES)
            .refused("SELECT * FROM read_text('gs://bucket/x')", Why.FILES)
            .refused("SELECT * FROM read_text('hf://datasets/x/y.csv')", Why.FILES)
            .refused("SELECT * FROM read_csv('/proc/self/environ')", Why.FILES)
            .refused("SELECT * FROM read_blob('/proc/self/cmdline')", Why.FILES)
            .refused("SELECT * FROM read_text('/proc/self/fd/0')", Why.FILES)
            .refused("SELECT * FROM read_text('/dev/zero')", Why.FILES)
            .refused("SELECT * FROM read_csv('/dev/stdin')", Why.FILES)
            .refused("SELECT * FROM '/etc/passwd'", Why.FILES)
            .refused("FROM '/etc/hosts'", Why.FILES)
            .refused("SELECT * FROM '/etc/passwd.csv'", Why.FILES)
            .refused("SELECT * FROM 'data.csv'", Why.FILES)
            .refused("SELECT * FROM 'x.csv'", Why.FILES)
            .refused("SELECT * FROM 'http://localhost:1/x.parquet'", Why.FILES)
            .refused("SELECT * FROM 'https://127.0.0.1:1/x.csv'", Why.FILES)

            .category(Category.ENVIRONMENT)
            .refused("SELECT getenv('HOME')", Why.NO_SUCH_FUNCTION)
            .refused("SELECT getenv('PATH') AS p", Why.NO_SUCH_FUNCTION)
            .harmless("SELECT current_setting('home_directory')", "reads a setting (empty); changes nothing")
            .harmless("SELECT current_setting('temp_directory')", "reads the spill directory's path; changes nothing")
            .harmless("SELECT current_setting('secret_directory')",
                    "reads a path; persistent secrets are off, so nothing is there to read")
            .harmless("SELECT * FROM duckdb_settings()", "reads settings; changes nothing")
            .harmless("SELECT * FROM pragma_database_size()", "reads database sizes; changes nothing")

            .category(Category.MAINTENANCE)
            .refused("CHECKPOINT", Why.NOT_A_QUERY)
            .refused("CHECKPOINT demo", Why.NOT_A_QUERY)
            .refused("FORCE CHECKPOINT", Why.NOT_A_QUERY)
            .refused("VACUUM", Why.NOT_A_QUERY)
            .refused("VACUUM t", Why.NOT_A_QUERY)
            .refused("VACUUM ANALYZE t", Why.NOT_A_QUERY)
            .refused("ANALYZE", Why.NOT_A_QUERY)
            .refused("ANALYZE t", Why.NOT_A_QUERY)
            .refused("SELECT * FROM checkpoint()", Why.FORBIDDEN)
            .refused("SELECT * FROM checkpoint('demo')", Why.FORBIDDEN)
            .refused("SELECT * FROM force_checkpoint()", Why.FORBIDDEN)
            .refused("FROM system.main.force_checkpoint('demo')", Why.FORBIDDEN)
            .refused("SELECT * FROM query('SELECT * FROM checkpoint()')", Why.FORBIDDEN)
            .build();

    private static final List<Exhaustion> EXHAUSTION = List.of(
            bounded("SELECT count(*) FROM range(100000) a, range(100000) b, range(100000) c", Limit.TIME),
            bounded("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
                    Limit.TIME),
            bounded("WITH RECURSIVE r(n, s) AS (SELECT 1, '' UNION ALL SELECT n + 1, s || repeat('x', 1000000) "
                    + "FROM r) SELECT max(length(s)) FROM r", Limit.TIME_OR_MEMORY),
            bounded("SELECT * FROM range(10000000000) ORDER BY hash(range)", Limit.TIME_OR_MEMORY),
            bounded("SELECT string_agg(range::VARCHAR, ',') FROM range(10000000000)", Limit.MEMORY),
            bounded("SELECT list(range) FROM range(3000000000)", Limit.MEMORY),
            bounded("SELECT count(DISTINCT range) FROM range(3000000000)", Limit.TIME_OR_MEMORY),
            bounded("SELECT count(*) FROM range(100000000) a JOIN range(100000000) b ON a.range = b.range",
                    Limit.TIME_OR_MEMORY),
            bounded("SELECT count(*) FROM generate_series(1, 9223372036854775807)", Limit.TIME),
            bounded("SELECT sleep_ms(60000)", Limit.TIME),
            bounded("SELECT pg_sleep(60)", Limit.TIME),
            bounded("SELECT range(0, 10000000000)", Limit.LIST_SIZE),
            bounded("SELECT repeat('x', 5000000000)", Limit.STRING_SIZE),
            bounded("SELECT * FROM range(10000000000)", Limit.ROW_CAP),
            new Exhaustion("SELECT repeat('x', 2000000000)", Limit.TIME, Duration.ofSeconds(25), 6144,
                    "DuckDB's memory limit does not cover one value built by a scalar function, and DuckDB notices "
                            + "an interrupt only once the function returns: the 2 GB string is built (the process "
                            + "briefly holds about twice that) before the time limit can stop the query. DuckDB's "
                            + "4 GB cap on one string bounds it."));

    private static Exhaustion bounded(String sql, Limit limit) {
        return new Exhaustion(sql, limit, EXHAUSTION_DURATION, EXHAUSTION_GROWTH_MB, "");
    }

    private static final class Builder {
        private final List<Attempt> attempts = new ArrayList<>();
        private Category category;

        Builder category(Category next) {
            this.category = next;
            return this;
        }

        Builder refused(String sql, Why why) {
            attempts.add(new Attempt(category, sql, new Expectation.Refused(why)));
            return this;
        }

        Builder harmless(String sql, String reason) {
            attempts.add(new Attempt(category, sql, new Expectation.Harmless(reason)));
            return this;
        }

        List<Attempt> build() {
            return List.copyOf(attempts);
        }
    }
}
