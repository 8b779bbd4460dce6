package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Statement splitting and write targets, checked against DuckDB's own parser where it can tell. */
class SqlLexerTest {
    @Test
    void splitsOnSemicolonsOutsideLiteralsAndComments() {
        assertThat(SqlLexer.statements("INSERT INTO t VALUES (1); UPDATE t SET a = 2;"))
                .containsExactly("INSERT INTO t VALUES (1)", "UPDATE t SET a = 2");
        assertThat(SqlLexer.statements("SELECT 'a;b'; SELECT \"x;y\" FROM t; SELECT $$;$$; SELECT $q$;$q$"))
                .containsExactly("SELECT 'a;b'", "SELECT \"x;y\" FROM t", "SELECT $$;$$", "SELECT $q$;$q$");
        assertThat(SqlLexer.statements("SELECT 1 -- ; not a split\n; SELECT /* ; /* nested ; */ ; */ 2"))
                .containsExactly("SELECT 1", "SELECT /* ; /* nested ; */ ; */ 2");
        assertThat(SqlLexer.statements("SELECT E'it\\'s; fine'; SELECT 'it''s; fine'"))
                .containsExactly("SELECT E'it\\'s; fine'", "SELECT 'it''s; fine'");
    }

    @Test
    void masksPlainNumbersOutsideStringsAndNames() {
        assertThat(SqlLexer.numbersMasked("SELECT order_id FROM orders WHERE order_id = 4242 LIMIT 10"))
                .contains("SELECT order_id FROM orders WHERE order_id = # LIMIT #");
        assertThat(SqlLexer.numbersMasked("SELECT 1.5, 2e10, 3E-2, -7,(8)")).contains("SELECT #, #, #, -#,(#)");
        assertThat(SqlLexer.numbersMasked("SELECT 'order 42', 'it''s 5', \"col 7\", t1.c2 FROM t3 WHERE x=5"))
                .contains("SELECT 'order 42', 'it''s 5', \"col 7\", t1.c2 FROM t3 WHERE x=#");
        assertThat(SqlLexer.numbersMasked("SELECT * FROM query('SELECT 1')")).contains("SELECT * FROM query('SELECT 1')");
        assertThat(SqlLexer.numbersMasked("FROM t")).contains("FROM t");
    }

    /** Whatever this cannot read as surely as DuckDB does is left to be cached as written. */
    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1 -- 2", "SELECT /* 1 */ 2", "SELECT $$1$$", "SELECT $1", "SELECT ?",
        "SELECT 0x1F", "SELECT 1_000", "SELECT 1e", "SELECT 1.", "SELECT 1.2.3", "SELECT E'\\x' || 1",
        "SELECT 1a", "SELECT 1'x'", "SELECT # 1"})
    void leavesTextItCannotReadSurely(String sql) {
        assertThat(SqlLexer.numbersMasked(sql)).isEmpty();
    }

    @Test
    void dropsEmptyAndCommentOnlyStatements() {
        assertThat(SqlLexer.statements(";; -- nothing\n ; /* nor this */")).isEmpty();
        assertThat(SqlLexer.statements("  SELECT 1  ;  ")).containsExactly("SELECT 1");
    }

    /** For queries DuckDB can count statements itself (json_serialize_sql): the split must agree. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1; SELECT 2",
        "SELECT 'a;b' AS x; SELECT 2",
        "SELECT $$;;$$; SELECT $tag$ ; $tag$",
        "SELECT 1 /* ; /* ; */ ; */; SELECT 2 -- ;\n",
        "SELECT E'\\';' AS x; SELECT 3",
        "SELECT \"a;\"\"b\" FROM (SELECT 1 AS \"a;\"\"b\"); SELECT 4",
        "WITH x AS (SELECT ';' AS s) SELECT * FROM x; SELECT 5",
        "SELECT 1;;;SELECT 2;",
    })
    void agreesWithDuckDbOnTheNumberOfStatements(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT json_array_length(json_serialize_sql(?::VARCHAR)->'statements')")) {
            statement.setString(1, sql);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertThat(SqlLexer.statements(sql)).hasSize(rs.getInt(1));
            }
        }
    }

    @Test
    void findsTheTableADmlStatementWrites() {
        assertThat(SqlLexer.writeTarget("INSERT INTO orders VALUES (1)")).contains(List.of("orders"));
        assertThat(SqlLexer.writeTarget("insert or replace into main.orders select 1")).contains(List.of("main",
                "orders"));
        assertThat(SqlLexer.writeTarget("UPDATE demo.main.\"Order Lines\" SET x = 1")).contains(List.of("demo", "main",
                "Order Lines"));
        assertThat(SqlLexer.writeTarget("DELETE FROM t WHERE id IN (SELECT id FROM u)")).contains(List.of("t"));
        assertThat(SqlLexer.writeTarget("MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE"))
                .contains(List.of("t"));
        assertThat(SqlLexer.writeTarget("TRUNCATE TABLE t")).contains(List.of("t"));
        assertThat(SqlLexer.writeTarget("/* c */ WITH RECURSIVE a(x) AS (SELECT (1)), b AS MATERIALIZED "
                + "(SELECT * FROM a) UPDATE target SET y = 2 FROM b")).contains(List.of("target"));
    }

    @Test
    void hasNoTargetForOtherStatements() {
        assertThat(SqlLexer.writeTarget("SELECT * FROM t")).isEmpty();
        assertThat(SqlLexer.writeTarget("CREATE TABLE t AS SELECT 1")).isEmpty();
        assertThat(SqlLexer.writeTarget("COMMENT ON TABLE t IS 'x'")).isEmpty();
        assertThat(SqlLexer.firstWord("  comment on table t is 'x'")).isEqualTo("COMMENT");
    }

    @Test
    void redactsCredentialsInSql() {
        assertThat(SqlText.redactSecrets("CREATE SECRET s (TYPE s3, KEY_ID 'AKIA', SECRET 'shh', REGION 'eu')"))
                .isEqualTo("CREATE SECRET s (TYPE s3, KEY_ID '***', SECRET '***', REGION '***')");
        assertThat(SqlText.redactSecrets("ATTACH 'host=db password=hunter2' AS p (TYPE postgres)"))
                .isEqualTo("ATTACH '***' AS p (TYPE postgres)");
        assertThat(SqlText.redactSecrets("SELECT 'password is not here', name FROM t WHERE token = 'x'"))
                .isEqualTo("SELECT 'password is not here', name FROM t WHERE token = '***'");
        assertThat(SqlText.redactSecrets("SELECT 'plain' FROM t")).isEqualTo("SELECT 'plain' FROM t");
    }
}
