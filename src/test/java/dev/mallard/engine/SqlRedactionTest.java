package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SqlText#redactSecrets} and {@link SqlText#redactSecretsInMessage}: what the audit log keeps of SQL and errors. */
class SqlRedactionTest {
    private static String redact(String sql) {
        return SqlText.redactSecrets(sql);
    }

    @Test
    void createSecretLosesEveryLiteralButKeepsItsShape() {
        assertThat(redact("CREATE SECRET s (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'very-secret-value')"))
                .isEqualTo("CREATE SECRET s (TYPE s3, KEY_ID '***', SECRET '***')");
        assertThat(redact("create persistent secret s2 (type s3, key_id 'AKIAEXAMPLE', secret 'x', region 'eu-west-1')"))
                .isEqualTo("create persistent secret s2 (type s3, key_id '***', secret '***', region '***')");
        assertThat(redact("CREATE OR REPLACE TEMPORARY SECRET IN memory (TYPE gcs, KEY_ID 'k', SECRET 's')"))
                .isEqualTo("CREATE OR REPLACE TEMPORARY SECRET IN memory (TYPE gcs, KEY_ID '***', SECRET '***')");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "'very-secret-value'",
            "'very-''quoted''-secret'",
            "E'very\\'secret\\\\value'",
            "e'very-secret-value'",
            "$$very-secret-value$$",
            "$key$very-secret-value$key$",
            "$$it's 'very' secret$$",
            "\"very-secret-value\"",
            "very_secret_value",
            "123456789",
            "123abc",
    })
    void everyFormOfTheValueIsRedacted(String literal) {
        String sql = "CREATE SECRET s (TYPE http, BEARER_TOKEN " + literal + ", SCOPE 'https://api.example.com')";
        assertThat(redact(sql)).isEqualTo("CREATE SECRET s (TYPE http, BEARER_TOKEN '***', SCOPE '***')");
    }

    @Test
    void anUnterminatedSecretIsRedactedToTheEnd() {
        assertThat(redact("CREATE SECRET s (TYPE s3, SECRET 'very-secret-value")).isEqualTo(
                "CREATE SECRET s (TYPE s3, SECRET '***'");
        assertThat(redact("CREATE SECRET s (TYPE s3, SECRET $$very-secret-value")).isEqualTo(
                "CREATE SECRET s (TYPE s3, SECRET '***'");
    }

    @Test
    void nestedValuesOfASecretAreRedacted() {
        assertThat(redact("CREATE SECRET h (TYPE http, EXTRA_HTTP_HEADERS MAP {'Authorization': 'Bearer abc123'})"))
                .isEqualTo("CREATE SECRET h (TYPE http, EXTRA_HTTP_HEADERS MAP {'***': '***'})");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ATTACH 'dbname=x' AS p (TYPE postgres, PASSWORD 'hunter2')|ATTACH 'dbname=x' AS p (TYPE postgres, PASSWORD '***')",
            "ATTACH 'dbname=x' AS p (TYPE postgres, PASSWORD hunter2)|ATTACH 'dbname=x' AS p (TYPE postgres, PASSWORD '***')",
            "ATTACH 'x.db' AS x (ENCRYPTION_KEY 'k3y-material')|ATTACH 'x.db' AS x (ENCRYPTION_KEY '***')",
            "SET s3_secret_access_key = 'abc/def'|SET s3_secret_access_key = '***'",
            "SET GLOBAL s3_secret_access_key TO abcdef|SET GLOBAL s3_secret_access_key TO '***'",
            "SET s3_session_token='tok'|SET s3_session_token='***'",
            "SET azure_storage_connection_string = 'DefaultEndpointsProtocol=https;AccountKey=abc'|SET azure_storage_connection_string = '***'",
            "SELECT * FROM users WHERE api_token = 'tok-123'|SELECT * FROM users WHERE api_token = '***'",
            "SELECT {'password': 'hunter2', 'user': 'ann'}|SELECT {'password': '***', 'user': 'ann'}",
    })
    void valuesOfSensitiveOptionsAndSettingsAreRedacted(String sql, String expected) {
        assertThat(redact(sql)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ATTACH 'postgres:dbname=x password=hunter2' AS p|ATTACH '***' AS p",
            "ATTACH 'host=db user=me passwd=hunter2' AS p (TYPE mysql)|ATTACH '***' AS p (TYPE mysql)",
            "ATTACH 'postgresql://me:hunter2@db.example.com/x' AS p|ATTACH '***' AS p",
            "SELECT * FROM read_csv('https://x.example/y.csv?token=abc')|SELECT * FROM read_csv('***')",
            "SELECT * FROM read_parquet('https://a.blob.core.windows.net/c/f.parquet?sv=1&sig=abc%3D')|SELECT * FROM read_parquet('***')",
            "SELECT * FROM read_json('https://api.example.com', headers := MAP {'Authorization': 'Bearer abc'})|SELECT * FROM read_json('https://api.example.com', headers := MAP {'Authorization': '***'})",
            "SELECT 'api_key: abc'|SELECT '***'",
    })
    void stringsHoldingCredentialsAreRedacted(String sql, String expected) {
        assertThat(redact(sql)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT customer_id, email FROM customers WHERE country = 'DE' AND name LIKE 'O''Brien%'",
            "SELECT 'password reset' AS topic, 'token' AS word, 'secret garden' AS book",
            "SELECT password, token FROM accounts WHERE id = 4",
            "SELECT * FROM read_csv('/data/orders.csv', header = true)",
            "ATTACH 'sales.duckdb' AS sales (READ_ONLY)",
            "INSERT INTO t VALUES (E'line\\nbreak', $$dollar 'quoted'$$)",
            "SELECT 1 -- a comment with a quote: it's fine\n, 2 /* nested /* comment */ still */",
            "SET threads = 4",
            "",
    })
    void sqlWithoutSecretsIsLeftAlone(String sql) {
        assertThat(redact(sql)).isEqualTo(sql);
    }

    @Test
    void commentsNeitherHideNorLeakSecrets() {
        assertThat(redact("CREATE SECRET s ( -- it's the key\n TYPE s3, /* don't log */ KEY_ID 'AKIAEXAMPLE', "
                + "SECRET /* here */ 'very-secret-value')"))
                .isEqualTo("CREATE SECRET s ( -- it's the key\n TYPE s3, /* don't log */ KEY_ID '***', "
                        + "SECRET /* here */ '***')");
        assertThat(redact("SELECT 1 -- password=hunter2\n")).isEqualTo("SELECT 1 -- password=***\n");
        assertThat(redact("SELECT 1 /* token: abc123 */")).isEqualTo("SELECT 1 /* token: *** */");
        // A quote inside a comment or a string does not shift what counts as a string afterwards.
        assertThat(redact("SELECT 'it''s' -- don't\n, 'ok'; ATTACH 'postgres:password=hunter2' AS p"))
                .isEqualTo("SELECT 'it''s' -- don't\n, 'ok'; ATTACH '***' AS p");
    }

    @Test
    void theStatementNamingASecretInAScriptRedactsTheWholeScript() {
        assertThat(redact("SELECT 'a'; CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's'); SELECT 'b'"))
                .doesNotContain("'k'", "'s'").contains("SECRET (TYPE s3, KEY_ID '***', SECRET '***')");
    }

    @Test
    void nullStaysNull() {
        assertThat(SqlText.redactSecrets(null)).isNull();
        assertThat(SqlText.redactSecretsInMessage(null, "SELECT 1")).isNull();
    }

    @Test
    void errorMessagesLoseWhatTheyRepeatOfTheSecrets() {
        String sql = "CREATE SECRET s (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'very-secret-value'";
        String error = """
                Parser Error: syntax error at or near "'very-secret-value'"
                LINE 1: CREATE SECRET s (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'very-secret-value'
                                                                               ^^^^^^^^^^^^^^^^^^^""";
        String redacted = SqlText.redactSecretsInMessage(error, sql);
        assertThat(redacted).doesNotContain("very-secret-value", "AKIAEXAMPLE")
                .startsWith("Parser Error: syntax error at or near \"***\"\nLINE 1: (excerpt left out");
    }

    @Test
    void errorMessagesLoseValuesEvenWhenTruncatedOrUnquoted() {
        String sql = "SELECT * FROM read_csv('https://x.example/y.csv?token=very-secret-value')";
        String error = "Missing Extension Error: File https://x.example/y.csv?token=very-secret-value requires the "
                + "extension httpfs to be loaded\nLINE 1: ...ead_csv('https://x.example/y.csv?token=very-secret-value')\n"
                + "                       ^^^^^^";
        assertThat(SqlText.redactSecretsInMessage(error, sql)).doesNotContain("very-secret-value")
                .startsWith("Missing Extension Error: File *** requires the extension httpfs to be loaded");

        String bare = "CREATE SECRET s (TYPE s3, KEY_ID AKIAEXAMPLE, SECRET \"very-secret-value\")";
        assertThat(SqlText.redactSecretsInMessage("Binder Error: column \"very-secret-value\" or AKIAEXAMPLE", bare))
                .isEqualTo("Binder Error: column *** or ***");
        assertThat(SqlText.redactSecretsInMessage("IO Error: connection failed: password=hunter2 rejected", null))
                .isEqualTo("IO Error: connection failed: password=*** rejected");
    }

    @Test
    void errorMessagesWithoutSecretsStayWordForWord() {
        String sql = "SELECT no_such_column FROM customers WHERE country = 'DE'";
        String error = """
                Binder Error: Referenced column "no_such_column" not found in FROM clause!
                LINE 1: SELECT no_such_column FROM customers WHERE country = 'DE'
                               ^""";
        assertThat(SqlText.redactSecretsInMessage(error, sql)).isEqualTo(error);
    }
}
