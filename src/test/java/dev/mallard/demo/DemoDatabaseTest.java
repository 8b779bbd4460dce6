package dev.mallard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the demo database twice (the minimum to check determinism) and runs every check against
 * those two builds, so the suite costs two generations however many tests it has.
 */
class DemoDatabaseTest {

    private static final List<String> TABLES = List.of("customers", "products", "orders", "order_items");

    @TempDir
    static Path tempDir;

    private static Path firstDir;
    private static Path secondDir;
    private static Path database;
    private static Duration creationTime;
    private static Connection connection;

    /** Planted in the second build's directory before it runs. */
    private static Path staleTempFile;
    private static Path staleWalFile;
    private static Path freshTempFile;

    @BeforeAll
    static void buildTwice() throws Exception {
        // A directory that does not exist yet: ensure must create it, parents included.
        firstDir = tempDir.resolve("first/data");
        long started = System.nanoTime();
        database = DemoDatabase.ensure(firstDir);
        creationTime = Duration.ofNanos(System.nanoTime() - started);
        System.err.printf("Demo database created in %d ms, %d MB%n",
                creationTime.toMillis(), Files.size(database) / (1024 * 1024));

        // The second build finds what a crashed run (old) and a concurrently running one (new) left behind.
        secondDir = Files.createDirectories(tempDir.resolve("second"));
        staleTempFile = Files.writeString(secondDir.resolve(".demo-crashed.duckdb.tmp"), "half-built");
        staleWalFile = Files.writeString(secondDir.resolve(".demo-crashed.duckdb.tmp.wal"), "log");
        for (Path stale : List.of(staleTempFile, staleWalFile)) {
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }
        freshTempFile = Files.writeString(secondDir.resolve(".demo-in-progress.duckdb.tmp"), "being built");
        DemoDatabase.ensure(secondDir);

        connection = openReadOnly(database);
    }

    @AfterAll
    static void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void createsTheFileInTheDataDirectory() {
        assertThat(database).isEqualTo(firstDir.resolve("demo.duckdb")).isRegularFile();
        assertThat(DemoDatabase.NAME).isEqualTo("demo");
    }

    @Test
    void createsAllTablesWithTheExpectedSizes() throws SQLException {
        assertThat(longValue("SELECT count(*) FROM customers")).isEqualTo(50_000);
        assertThat(longValue("SELECT count(*) FROM products")).isEqualTo(1_000);
        assertThat(longValue("SELECT count(*) FROM orders")).isGreaterThanOrEqualTo(1_000_000);
        assertThat(longValue("SELECT count(*) FROM order_items")).isBetween(2_500_000L, 3_500_000L);
        assertThat(strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal"))
                .containsExactlyInAnyOrderElementsOf(TABLES);
    }

    @Test
    void buildsWellWithinThirtySeconds() {
        assertThat(creationTime).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void everyTableAndColumnHasAComment() throws SQLException {
        assertThat(strings("""
                SELECT table_name FROM duckdb_tables()
                WHERE schema_name = 'main' AND NOT internal AND coalesce(trim(comment), '') = ''"""))
                .isEmpty();
        assertThat(strings("""
                SELECT table_name || '.' || column_name FROM duckdb_columns()
                WHERE schema_name = 'main' AND NOT internal AND coalesce(trim(comment), '') = ''"""))
                .isEmpty();
        assertThat(longValue("SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal")).isGreaterThan(30);
        assertThat(strings("SELECT comment FROM duckdb_columns() WHERE table_name = 'customers' AND column_name = 'last_login_at'"))
                .singleElement().asString().containsIgnoringCase("unix").containsIgnoringCase("seconds");
    }

    @Test
    void referencesAreConsistent() throws SQLException {
        assertThat(longValue("""
                SELECT count(*) FROM orders o
                WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = o.customer_id)"""))
                .isZero();
        assertThat(longValue("""
                SELECT count(*) FROM order_items i
                WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id = i.order_id)"""))
                .isZero();
        assertThat(longValue("""
                SELECT count(*) FROM order_items i
                WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id)"""))
                .isZero();
        assertThat(longValue("""
                SELECT count(*) FROM orders o
                WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.order_id)"""))
                .isZero();
        assertThat(longValue("""
                SELECT count(*) FROM orders o JOIN customers c USING (customer_id)
                WHERE o.shipping_country <> c.country OR o.ordered_at::DATE < c.signup_date"""))
                .isZero();
    }

    @Test
    void amountsAddUp() throws SQLException {
        assertThat(longValue("""
                SELECT count(*) FROM orders o
                JOIN (SELECT order_id, sum(line_total) AS items_total FROM order_items GROUP BY order_id) i USING (order_id)
                WHERE o.total_amount <> i.items_total"""))
                .isZero();
        assertThat(longValue("SELECT count(*) FROM order_items WHERE line_total <> quantity * unit_price")).isZero();
        assertThat(longValue("""
                SELECT count(*) FROM order_items i JOIN products p USING (product_id)
                WHERE i.unit_price > p.price OR (i.discount_pct = 0 AND i.unit_price <> p.price)"""))
                .isZero();
    }

    @Test
    void orderLinesAreNumberedFromOneWithoutRepeatingAProduct() throws SQLException {
        assertThat(longValue("""
                SELECT count(*) FROM (
                    SELECT order_id FROM order_items GROUP BY order_id
                    HAVING min(line_number) <> 1 OR max(line_number) <> count(*) OR count(*) > 5
                        OR count(DISTINCT product_id) <> count(*))"""))
                .isZero();
    }

    @Test
    void valuesAreRealistic() throws SQLException {
        assertThat(longValue("SELECT count(*) - count(DISTINCT email) FROM customers")).isZero();
        assertThat(longValue("""
                SELECT count(*) FROM customers
                WHERE NOT regexp_full_match(email, '[a-z]+[._]?[a-z]+[0-9]+@example\\.(com|org|net)')"""))
                .isZero();
        assertThat(longValue("SELECT count(DISTINCT country) FROM customers")).isEqualTo(20);
        assertThat(longValue("SELECT count(DISTINCT category) FROM products")).isEqualTo(8);
        assertThat(longValue("SELECT count(*) FROM products WHERE price <= 0")).isZero();
        assertThat(longValue("SELECT count(*) - count(DISTINCT name) FROM products")).isZero();
        assertThat(longValue("SELECT count(*) - count(DISTINCT sku) FROM products")).isZero();
        assertThat(strings("SELECT DISTINCT status FROM orders"))
                .containsExactlyInAnyOrder("processing", "shipped", "delivered", "returned", "cancelled");
        assertThat(strings("SELECT status FROM orders GROUP BY status ORDER BY count(*) DESC LIMIT 1"))
                .containsExactly("delivered");
        assertThat(longValue("""
                SELECT count(*) FROM orders
                WHERE ordered_at < TIMESTAMP '2023-01-01' OR ordered_at >= TIMESTAMP '2026-01-01'
                   OR shipped_at < ordered_at OR delivered_at < shipped_at OR delivered_at >= TIMESTAMP '2026-01-01'"""))
                .isZero();
    }

    @Test
    void lastLoginIsUnixSecondsAfterSignupAndLastOrder() throws SQLException {
        assertThat(longValue("""
                SELECT count(*) FROM customers c
                LEFT JOIN (SELECT customer_id, max(ordered_at) AS last_order FROM orders GROUP BY customer_id) o
                    USING (customer_id)
                WHERE c.last_login_at < epoch_ms(c.signup_date::TIMESTAMP) // 1000
                   OR c.last_login_at >= epoch_ms(TIMESTAMP '2026-01-01') // 1000
                   OR c.last_login_at < epoch_ms(o.last_order) // 1000"""))
                .isZero();
    }

    @Test
    void twoBuildsAreIdentical() throws SQLException {
        Map<String, String> first = checksums(database);
        Map<String, String> second = checksums(secondDir.resolve("demo.duckdb"));
        assertThat(first).hasSize(TABLES.size()).isEqualTo(second);
    }

    @Test
    void secondCallReturnsTheExistingFileUntouched() throws IOException {
        FileTime modified = Files.getLastModifiedTime(database);
        long size = Files.size(database);

        assertThat(DemoDatabase.ensure(firstDir)).isEqualTo(database);

        assertThat(Files.getLastModifiedTime(database)).isEqualTo(modified);
        assertThat(Files.size(database)).isEqualTo(size);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        assertThat(listing(firstDir)).containsExactly("demo.duckdb");
    }

    @Test
    void removesStaleTemporaryFilesButNotOnesStillInUse() throws IOException {
        assertThat(staleTempFile).doesNotExist();
        assertThat(staleWalFile).doesNotExist();
        assertThat(freshTempFile).exists();
        assertThat(listing(secondDir)).containsExactlyInAnyOrder("demo.duckdb", freshTempFile.getFileName().toString());
    }

    @Test
    void reportsAnUnusableDataDirectoryAsIOException() throws IOException {
        Path notADirectory = Files.writeString(tempDir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> DemoDatabase.ensure(notADirectory)).isInstanceOf(IOException.class);
    }

    /** An order-independent fingerprint of each table's full content. */
    private static Map<String, String> checksums(Path file) throws SQLException {
        Map<String, String> checksums = new LinkedHashMap<>();
        try (Connection c = openReadOnly(file); Statement statement = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) || ':' || sum(hash(t)) FROM " + table + " t")) {
                    rs.next();
                    checksums.put(table, rs.getString(1));
                }
            }
        }
        return checksums;
    }

    private static Connection openReadOnly(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
    }

    private static long longValue(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
