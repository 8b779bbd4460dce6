package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.app.Mallard;
import dev.mallard.config.DatabaseSpec;
import dev.mallard.config.EngineSettings;
import dev.mallard.config.QueryLimits;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Mallard says when it cannot serve what it was asked to, before any client connects. */
class ConfigurationErrorsTest {
    @TempDir
    Path directory;

    private static AbstractThrowableAssert<?, ? extends Throwable> assertConfigurationError(Runnable action) {
        return assertThatThrownBy(action::run).isInstanceOf(MallardException.class)
                .satisfies(e -> assertThat(((MallardException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    private Path dataDir() throws IOException {
        return Files.createTempDirectory(directory, "data-");
    }

    @Test
    void missingFileWithoutReadWriteSaysItDoesNotExistAndHowToCreateIt() throws IOException {
        Path missing = directory.resolve("nowhere").resolve("missing.duckdb");
        var config = TestMallard.builder().database("sales", missing).config(dataDir());
        assertConfigurationError(() -> Mallard.open(config).close())
                .hasMessage("Database file " + missing + " does not exist. Check the path, or pass --read-write to "
                        + "create an empty database there.");
        assertThat(missing).doesNotExist();
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void missingFileWithReadWriteIsCreated() {
        Path created = directory.resolve("new").resolve("fresh.duckdb");
        try (TestMallard server = TestMallard.builder().database("fresh", created).readWrite().start()) {
            assertThat(created).isRegularFile();
            var client = server.client();
            assertThat(rows(call(client, "list_databases")))
                    .containsExactly(Arrays.asList("fresh", true, true, 0, null));
            call(client, "query_rw", "sql", "CREATE TABLE t AS SELECT 1 AS one");
        }
        try (TestMallard reader = TestMallard.builder().database("fresh", created).start()) {
            assertThat(rows(query(reader.client(), "SELECT one FROM t"))).containsExactly(List.of(1));
        }
    }

    @Test
    void directoryInsteadOfAFileIsRefused() throws IOException {
        Path folder = Files.createDirectory(directory.resolve("folder.duckdb"));
        for (boolean readWrite : List.of(false, true)) {
            TestMallard.Builder builder = TestMallard.builder().database("folder", folder);
            if (readWrite) {
                builder.readWrite();
            }
            assertConfigurationError(builder::start)
                    .hasMessage("Database 'folder': " + folder + " is a directory. Pass the path of a DuckDB file.");
        }
    }

    @Test
    void fileThatIsNotADuckDbDatabaseIsRefused() throws IOException {
        Path text = Files.writeString(directory.resolve("notes.duckdb"), "These are not the bytes of a database.\n"
                .repeat(200));
        assertConfigurationError(() -> TestMallard.builder().database("notes", text).start())
                .message().startsWith("Cannot open database 'notes' at " + text + ": ")
                .endsWith("Is it a DuckDB database file?");
        assertThat(Files.readString(text)).startsWith("These are not the bytes");
    }

    @Test
    void twoDatabasesWithTheSameNameAreRefused() {
        Path a = TestData.database(directory, "a.duckdb", "CREATE TABLE a (x INTEGER)");
        Path b = TestData.database(directory, "b.duckdb", "CREATE TABLE b (x INTEGER)");
        assertConfigurationError(() -> TestMallard.builder().database("shop", a).database("SHOP", b).start())
                .hasMessage("Two databases are named 'SHOP'. Give each a distinct name with --db NAME=PATH.");
        assertConfigurationError(() -> TestMallard.builder().inMemory("scratch").inMemory("scratch").start())
                .hasMessage("Two databases are named 'scratch'. Give each a distinct name with --db NAME=PATH.");
    }

    @Test
    void goodDatabasesStillOpenAfterABadOneWasRefused() {
        Path good = TestData.database(directory, "good.duckdb", "CREATE TABLE g AS SELECT 42 AS answer");
        assertConfigurationError(() -> TestMallard.builder().database("good", good)
                .database("bad", directory.resolve("absent.duckdb")).start())
                .message().contains("absent.duckdb does not exist");
        try (TestMallard server = TestMallard.builder().database("good", good).readWrite().start()) {
            assertThat(rows(query(server.client(), "SELECT answer FROM g"))).containsExactly(List.of(42));
        }
    }

    @Test
    void dbArgumentWithNameAndPath() {
        assertThat(DatabaseSpec.parse("sales=/data/sales-2024.duckdb"))
                .isEqualTo(new DatabaseSpec("sales", "/data/sales-2024.duckdb"));
        assertThat(DatabaseSpec.parse(" sales = /data/x.duckdb ")).isEqualTo(new DatabaseSpec("sales", "/data/x.duckdb"));
        assertThat(DatabaseSpec.parse("scratch=:memory:")).satisfies(spec -> {
            assertThat(spec.name()).isEqualTo("scratch");
            assertThat(spec.inMemory()).isTrue();
        });
    }

    @Test
    void dbArgumentWithAPlainPathIsNamedAfterTheFileStem() {
        assertThat(DatabaseSpec.parse("/data/shop.duckdb")).isEqualTo(new DatabaseSpec("shop", "/data/shop.duckdb"));
        assertThat(DatabaseSpec.parse("relative/dir/analytics.db").name()).isEqualTo("analytics");
        assertThat(DatabaseSpec.parse("/data/my-shop.v2.duckdb").name()).isEqualTo("my_shop");
        assertThat(DatabaseSpec.parse("/data/2024.duckdb").name()).isEqualTo("db_2024");
        assertThat(DatabaseSpec.parse("/data/a=b.duckdb")).isEqualTo(new DatabaseSpec("a_b", "/data/a=b.duckdb"));
        assertThat(DatabaseSpec.parse("plain")).isEqualTo(new DatabaseSpec("plain", "plain"));
    }

    @Test
    void dbArgumentInMemory() {
        DatabaseSpec spec = DatabaseSpec.parse(":memory:");
        assertThat(spec.name()).isEqualTo("memory");
        assertThat(spec.path()).isEqualTo(":memory:");
        assertThat(spec.inMemory()).isTrue();
        assertThat(DatabaseSpec.parse("/data/memory.duckdb").inMemory()).isFalse();
    }

    @Test
    void dbArgumentWithAReservedNameIsRefused() {
        for (String argument : List.of("temp=/data/x.duckdb", "/data/temp.duckdb", "SYSTEM=/data/x.duckdb",
                "main=:memory:")) {
            String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : "temp";
            assertConfigurationError(() -> DatabaseSpec.parse(argument)).as(argument)
                    .hasMessage("Database name '" + name + "' is reserved by DuckDB. Name it differently with "
                            + "--db NAME=PATH.");
        }
    }

    @Test
    void dbArgumentThatIsEmptyOrHasNoPathIsRefused() {
        assertConfigurationError(() -> DatabaseSpec.parse("   "))
                .hasMessage("--db needs a path to a DuckDB file, NAME=PATH, or :memory:.");
        assertConfigurationError(() -> DatabaseSpec.parse("sales="))
                .hasMessage("Database 'sales' has an empty path.");
    }

    @Test
    void databaseNameThatIsNotAnIdentifierIsRefused() {
        assertConfigurationError(() -> new DatabaseSpec("my shop", "/data/x.duckdb"))
                .message().startsWith("Database name 'my shop' is not a plain identifier");
    }

    @Test
    void limitsAndEngineSettingsAreCheckedWithTheFlagName() {
        assertConfigurationError(() -> new QueryLimits(300, 200, 50_000, Duration.ofSeconds(5)))
                .hasMessage("--default-rows must be between 1 and --max-rows (200); got 300.");
        assertConfigurationError(() -> new QueryLimits(10, 0, 50_000, Duration.ofSeconds(5)))
                .hasMessage("--max-rows must be at least 1 (got 0).");
        assertConfigurationError(() -> new QueryLimits(10, 20, 999, Duration.ofSeconds(5)))
                .hasMessage("--max-chars must be at least 1000 (got 999).");
        assertConfigurationError(() -> new QueryLimits(10, 20, 50_000, Duration.ZERO))
                .hasMessage("--query-timeout must be positive (got PT0S).");
        assertConfigurationError(() -> new EngineSettings(0, "1GB", "1GB", 4))
                .hasMessage("--threads must be at least 1 (got 0).");
        assertConfigurationError(() -> new EngineSettings(1, "1GB", "1GB", 0))
                .hasMessage("--workers must be at least 1 (got 0).");
        assertConfigurationError(() -> new EngineSettings(1, "1GB", "1GB", 2, 20))
                .hasMessage("--query-nice must be between 0 (queries scheduled like requests) and 19 (got 20).");
        assertConfigurationError(() -> new EngineSettings(1, "1GB", "1GB", 2, -1))
                .hasMessage("--query-nice must be between 0 (queries scheduled like requests) and 19 (got -1).");
    }

    @Test
    void badMemoryLimitIsReportedWhenDuckDbStarts() {
        assertConfigurationError(() -> TestMallard.builder().inMemory("scratch")
                .engine(new EngineSettings(1, "lots", "1GB", 2)).start())
                .message().startsWith("DuckDB could not start: ").contains("--memory-limit");
    }
}
