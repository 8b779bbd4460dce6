package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.auth.Access;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.error.MallardException;
import dev.mallard.sources.SourceDirectories;
import dev.mallard.sources.SourceRegistry;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.TestSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB files registered as sources: attached read-only, granted like databases, inside --source-dir only. */
class DuckDbSourcesTest {
    @TempDir
    Path directory;

    private Path sourceDir;
    private Path sales;

    @BeforeEach
    void files() throws IOException {
        sourceDir = Files.createDirectories(directory.resolve("shared"));
        TestData.database(sourceDir, "finance.duckdb", "CREATE TABLE ledger (id INTEGER, amount INTEGER)",
                "INSERT INTO ledger VALUES (1, 100), (2, 250), (3, 50)", "CREATE SCHEMA audit",
                "CREATE TABLE audit.checks (id INTEGER)", "INSERT INTO audit.checks VALUES (7)");
        sales = TestData.sales(Files.createDirectories(directory.resolve("dbs")));
    }

    private Path dataDir() {
        return directory.resolve("data");
    }

    private void withRegistry(Consumer<SourceRegistry> action) {
        TestSources.withRegistry(dataDir(), registry -> {
            action.accept(registry);
            return null;
        });
    }

    private void registerFinance() {
        withRegistry(registry -> registry.addDuckDb("finance", sourceDir.resolve("finance.duckdb"),
                SourceDirectories.of(List.of(sourceDir)), "test"));
    }

    private TestMallard.Builder server() {
        return TestMallard.builder().dataDir(dataDir()).database("sales", sales).sourceDir(sourceDir);
    }

    @Test
    void aDuckDbFileIsQueriedByItsSchemasAndListedWithRowCounts() {
        registerFinance();
        try (TestMallard server = server().start()) {
            var client = server.client();
            assertThat(rows(query(client, "SELECT sum(amount) FROM finance.ledger"))).containsExactly(List.of(400));
            assertThat(rows(query(client, "SELECT id FROM finance.audit.checks"))).containsExactly(List.of(7));
            assertThat(rows(query(client, "SELECT count(*) FROM finance.ledger l JOIN sales.orders o ON l.id = o.id")))
                    .containsExactly(List.of(2));
            assertThat(text(call(client, "list_databases"))).contains("finance");
            assertThat(text(call(client, "list_sources"))).contains("finance (duckdb): finance.audit.checks 1 rows, "
                    + "finance.ledger 3 rows").contains("nothing to sync");
            assertThat(error(call(client, "sync_source", "source", "finance"))).contains("nothing to sync");
        }
    }

    @Test
    void aDuckDbSourceIsReadOnlyEvenOnAWritableServer() {
        registerFinance();
        try (TestMallard server = server().readWrite().start()) {
            var client = server.client();
            assertThat(error(call(client, "query_rw", "sql", "DELETE FROM finance.ledger"))).contains("read-only");
            assertThat(error(call(client, "query_rw", "sql", "CREATE TABLE finance.main.extra AS SELECT 1 AS x")))
                    .contains("read-only");
            assertThat(rows(query(client, "SELECT count(*) FROM finance.ledger"))).containsExactly(List.of(3));
        }
    }

    @Test
    void aDuckDbSourceIsGrantedLikeADatabase() {
        registerFinance();
        try (TestMallard server = server().auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start()) {
            String key = server.readerKey("alice", "sales");
            var alice = server.client(key);
            assertThat(error(query(alice, "SELECT count(*) FROM finance.ledger"))).contains("not granted");
            assertThat(text(call(alice, "list_sources"))).doesNotContain("finance");
            server.mallard().users().grant("alice", "finance", Access.READ);
            var granted = server.client(key);
            assertThat(rows(query(granted, "SELECT count(*) FROM finance.audit.checks"))).containsExactly(List.of(1));
            assertThat(text(call(granted, "list_sources"))).contains("finance.ledger 3 rows");
            // DuckDB may read the source directory now; a caller not granted everything still reads no file.
            String csv = sourceDir.resolve("other.csv").toString();
            write(Path.of(csv), "secret\n42\n");
            assertThat(error(query(granted, "SELECT * FROM read_csv('" + csv + "')")))
                    .contains("grant on every database").doesNotContain("42");
            assertThat(error(query(granted, "SELECT * FROM '" + csv + "'")))
                    .contains("grant on every database").doesNotContain("42");
        }
    }

    @Test
    void aFileOutsideTheSourceDirectoriesIsRefusedWhenAddedAndWhenServed() {
        Path outside = TestData.database(directory, "outside.duckdb", "CREATE TABLE secret (x INTEGER)");
        withRegistry(registry -> assertThatThrownBy(() -> registry.addDuckDb("other", outside,
                SourceDirectories.of(List.of(sourceDir)), "test")).isInstanceOf(MallardException.class)
                .hasMessageContaining("outside the directories declared").hasMessageContaining("--source-dir"));
        withRegistry(registry -> assertThatThrownBy(() -> registry.addDuckDb("link", symlink(outside),
                SourceDirectories.of(List.of(sourceDir)), "test")).hasMessageContaining("--source-dir"));

        // Registered by a CLI with a wider --source-dir, the file is still not served by this server.
        withRegistry(registry -> registry.addDuckDb("other", outside, SourceDirectories.of(List.of(directory)),
                "test"));
        try (TestMallard server = server().start()) {
            var client = server.client();
            assertThat(error(query(client, "SELECT * FROM other.secret"))).doesNotContain("\"x\"");
            assertThat(text(call(client, "list_sources"))).contains("other (duckdb)").contains("Not served")
                    .contains("--source-dir");
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path symlink(Path target) {
        try {
            return Files.createSymbolicLink(sourceDir.resolve("link.duckdb"), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
