package dev.mallard.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.error.MallardException;
import dev.mallard.testing.TestJsonApi;
import dev.mallard.testing.TestingClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ApiSyncTest {
    private static final SyncLimits LIMITS = SyncLimits.DEFAULTS.withRetries(2, Duration.ofMillis(10), Duration.ofSeconds(5));

    @TempDir
    Path root;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(25);

    private ApiSync sync;

    @BeforeEach
    void start() throws IOException {
        sync = new ApiSync(root, LIMITS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sync.close();
    }

    @Test
    void pageNumbersAreFollowedUntilAShortPageAndTheRecordsLandInParquet() throws SQLException {
        List<Integer> pagesSeen = new ArrayList<>();
        SyncResult.Published published = published(sync.sync(source(ApiEndpoint.of("items", "/pages")
                .withRecordPath("data.items")
                .withPagination(new Pagination.PageNumber("page", 1, Optional.of("per_page"), 10))),
                (table, pages, rows) -> pagesSeen.add(pages)));

        assertThat(published.pages()).isEqualTo(3);
        assertThat(pagesSeen).containsExactly(1, 2, 3);
        assertThat(published.tables()).singleElement().satisfies(table -> {
            assertThat(table.rows()).isEqualTo(25);
            assertThat(table.bytes()).isEqualTo(size(table.file()));
        });
        Path file = current("items");
        assertThat(query("SELECT count(*), count(DISTINCT id), sum(id), count(note) FROM '" + file + "'"))
                .isEqualTo("25|25|325|5");
        assertThat(query("SELECT string_agg(column_name || ' ' || column_type, ', ' ORDER BY column_name) "
                + "FROM (DESCRIBE SELECT * FROM '" + file + "')"))
                .isEqualTo("generation BIGINT, id BIGINT, name VARCHAR, note VARCHAR, price DOUBLE, tags VARCHAR[]");
        assertThat(query("SELECT price FROM '" + file + "' WHERE id = 3")).isEqualTo("3.5");
        assertThat(root.resolve("staging")).isEmptyDirectory();
    }

    @Test
    void offsetPaginationReadsABareArray() throws SQLException {
        published(sync.sync(source(ApiEndpoint.of("items", "/offset")
                .withPagination(new Pagination.Offset("offset", "limit", 10))), SyncProgress.NONE));

        assertThat(query("SELECT count(*), max(id) FROM '" + current("items") + "'")).isEqualTo("25|25");
        assertThat(api.requests("/offset")).isEqualTo(3);
    }

    @Test
    void aCursorFromTheResponseIsSentBackUntilItRunsOut() throws SQLException {
        published(sync.sync(source(ApiEndpoint.of("items", "/cursor").withQuery(Map.of("limit", "7"))
                .withRecordPath("/items")
                .withPagination(new Pagination.Cursor(FieldPath.parse("meta.next"), "cursor"))), SyncProgress.NONE));

        assertThat(query("SELECT count(*), count(DISTINCT id) FROM '" + current("items") + "'")).isEqualTo("25|25");
        assertThat(api.requests("/cursor")).isEqualTo(4);
    }

    @Test
    void theLinkHeaderNamesTheNextPage() throws SQLException {
        published(sync.sync(source(ApiEndpoint.of("items", "/linked").withQuery(Map.of("limit", "10"))
                .withPagination(new Pagination.NextLink(Optional.empty()))), SyncProgress.NONE));

        assertThat(query("SELECT count(*), count(DISTINCT id) FROM '" + current("items") + "'")).isEqualTo("25|25");
    }

    @Test
    void aBodyFieldNamesTheNextPage() throws SQLException {
        published(sync.sync(source(ApiEndpoint.of("items", "/body-linked").withRecordPath("results")
                .withPagination(new Pagination.NextLink(Optional.of(FieldPath.parse("next"))))), SyncProgress.NONE));

        assertThat(query("SELECT count(*), count(DISTINCT id) FROM '" + current("items") + "'")).isEqualTo("25|25");
        assertThat(api.requests("/body-linked")).isEqualTo(3);
    }

    @Test
    void anEmptyResultPublishesATableWithoutRows() throws SQLException {
        SyncResult.Published published = published(sync.sync(source(ApiEndpoint.of("items", "/empty")
                .withRecordPath("data.items")), SyncProgress.NONE));

        assertThat(published.rows()).isZero();
        assertThat(query("SELECT count(*) FROM '" + current("items") + "'")).isEqualTo("0");
    }

    @Test
    void withoutTheSecretTheApiRefusesAndTheErrorSaysSo() {
        ApiSource source = ApiSource.of("shop", api.baseUrl(), List.of(ApiEndpoint.of("items", "/offset")))
                .withAuth("Authorization", "Bearer wrong-secret");

        SyncError error = failed(sync.sync(source, SyncProgress.NONE));

        assertThat(error.table()).isEqualTo("items");
        assertThat(error.page()).isEqualTo(1);
        assertThat(error.status()).hasValue(401);
        assertThat(error.toString()).contains("refused the credentials").doesNotContain("wrong-secret");
        assertThat(source.toString()).doesNotContain("wrong-secret");
        assertThat(sync.versions().current("shop")).isEmpty();
    }

    @Test
    void anEndpointFailingHalfWayPublishesNothingAndKeepsThePreviousVersion() throws SQLException, IOException {
        ApiEndpoint items = ApiEndpoint.of("items", "/offset").withPagination(new Pagination.Offset("offset", "limit", 10));
        String first = published(sync.sync(source(items), SyncProgress.NONE)).version();
        api.replaceRecords(40);

        SyncError error = failed(sync.sync(source(items, ApiEndpoint.of("orders", "/failing").withRecordPath("data.items")
                .withPagination(new Pagination.PageNumber("page", 1, Optional.of("per_page"), 10))), SyncProgress.NONE));

        assertThat(error.table()).isEqualTo("orders");
        assertThat(error.page()).isEqualTo(3);
        assertThat(error.status()).hasValue(500);
        assertThat(error.message()).contains("after 3 attempts");
        assertThat(api.requests("/failing")).isEqualTo(2 + 3);
        PublishedVersion current = sync.versions().current("shop").orElseThrow();
        assertThat(current.version()).isEqualTo(first);
        assertThat(current.tables()).containsOnlyKeys("items");
        assertThat(query("SELECT count(*), max(generation) FROM '" + current("items") + "'")).isEqualTo("25|1");
        try (Stream<Path> versions = Files.list(root.resolve("data/shop"))) {
            assertThat(versions.filter(Files::isDirectory).map(p -> p.getFileName().toString())).containsExactly(first);
        }
        assertThat(root.resolve("staging")).isEmptyDirectory();
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterTheTimeTheApiAsked() throws SQLException {
        SyncResult.Published published = published(sync.sync(source(ApiEndpoint.of("items", "/throttled")),
                SyncProgress.NONE));

        assertThat(published.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(api.requests("/throttled")).isEqualTo(2);
        assertThat(query("SELECT count(*) FROM '" + current("items") + "'")).isEqualTo("25");
    }

    @Test
    void aRetryAfterLongerThanTheSyncWaitsFailsAtOnce() {
        api.retryAfter(3600);

        SyncError error = failed(sync.sync(source(ApiEndpoint.of("items", "/throttled")), SyncProgress.NONE));

        assertThat(error.status()).hasValue(429);
        assertThat(error.message()).contains("retry after 3600 s").contains("Sync again later");
        assertThat(api.requests("/throttled")).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotJsonFailsTheSync() {
        SyncError error = failed(sync.sync(source(ApiEndpoint.of("items", "/html")), SyncProgress.NONE));

        assertThat(error.message()).contains("not JSON (text/html)");
    }

    @Test
    void aRecordPathThatLeadsNowhereFailsTheSync() {
        SyncError error = failed(sync.sync(source(ApiEndpoint.of("items", "/pages").withRecordPath("data.rows")),
                SyncProgress.NONE));

        assertThat(error.message()).contains("nothing at the record path data.rows");
    }

    @Test
    void recordsMustBeObjects() {
        SyncError error = failed(sync.sync(source(ApiEndpoint.of("items", "/offset").withRecordPath("/0/tags")),
                SyncProgress.NONE));

        assertThat(error.message()).contains("Record 1 at /0/tags is a string, not a JSON object");
    }

    @Test
    void theSyncStopsAtItsPageLimit() {
        try (ApiSync limited = new ApiSync(root, LIMITS.withMaxPages(2), Clock.systemUTC())) {
            SyncError error = failed(limited.sync(source(ApiEndpoint.of("items", "/offset")
                    .withPagination(new Pagination.Offset("offset", "limit", 10))), SyncProgress.NONE));

            assertThat(error.page()).isEqualTo(3);
            assertThat(error.message()).contains("limit of 2 pages");
        }
    }

    @Test
    void theSyncStopsAtItsByteLimit() {
        try (ApiSync limited = new ApiSync(root, LIMITS.withMaxBytes(1000), Clock.systemUTC())) {
            SyncError error = failed(limited.sync(source(ApiEndpoint.of("items", "/offset")
                    .withPagination(new Pagination.Offset("offset", "limit", 10))), SyncProgress.NONE));

            assertThat(error.message()).contains("limit of 1000 bytes");
        }
    }

    @Test
    void aNextLinkToAnotherOriginIsNotFollowed() {
        SyncError error = failed(sync.sync(source(ApiEndpoint.of("items", "/elsewhere")
                .withPagination(new Pagination.NextLink(Optional.empty()))), SyncProgress.NONE));

        assertThat(error.page()).isEqualTo(1);
        assertThat(error.message()).contains("https://example.com").contains("own origin");
        assertThat(sync.versions().current("shop")).isEmpty();
    }

    @Test
    void privateAddressesAreRefusedUnlessAllowed() {
        ApiSource source = new ApiSource("intranet", java.net.URI.create("https://10.1.2.3"), Map.of(), Optional.empty(),
                List.of(ApiEndpoint.of("items", "/items")));

        SyncError error = failed(sync.sync(source, SyncProgress.NONE));

        assertThat(error.message()).contains("private or reserved address (10.1.2.3)");
    }

    @Test
    void specsAreValidatedWithErrorsThatSayWhatToChange() {
        List<ApiEndpoint> endpoints = List.of(ApiEndpoint.of("items", "/items"));
        assertThatThrownBy(() -> ApiSource.of("Shop-1", "https://api.example.com", endpoints))
                .isInstanceOf(MallardException.class).hasMessageContaining("not a plain SQL name");
        assertThatThrownBy(() -> ApiSource.of("shop", "http://api.example.com", endpoints))
                .hasMessageContaining("only allows for loopback");
        assertThatThrownBy(() -> ApiSource.of("shop", "ftp://api.example.com", endpoints))
                .hasMessageContaining("must be an https:// URL");
        assertThatThrownBy(() -> ApiSource.of("shop", "https://user:pw@api.example.com", endpoints))
                .hasMessageContaining("must not carry user info");
        assertThatThrownBy(() -> ApiSource.of("shop", "https://api.example.com",
                List.of(ApiEndpoint.of("items", "/a"), ApiEndpoint.of("items", "/b"))))
                .hasMessageContaining("from two endpoints");
        assertThatThrownBy(() -> ApiEndpoint.of("items", "/items?page=1")).hasMessageContaining("without ?query");
        assertThatThrownBy(() -> ApiEndpoint.of("items", "/my items")).hasMessageContaining("not a valid URL path");
        assertThatThrownBy(() -> FieldPath.parse("data..items")).hasMessageContaining("empty part");
        assertThatThrownBy(() -> new Pagination.PageNumber("page", 1, Optional.empty(), 0))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ApiAuth("Bad Header", "x")).hasMessageContaining("not a valid HTTP header name");
        assertThatThrownBy(() -> new ApiAuth("Authorization", "")).hasMessageContaining("empty");
    }

    @Test
    void aReaderThatResolvesTheCurrentVersionAlwaysFindsACompleteOne() throws Exception {
        ApiEndpoint items = ApiEndpoint.of("items", "/offset").withPagination(new Pagination.Offset("offset", "limit", 10));
        ApiEndpoint orders = ApiEndpoint.of("orders", "/pages").withRecordPath("data.items")
                .withPagination(new Pagination.PageNumber("page", 1, Optional.of("per_page"), 10));
        published(sync.sync(source(items, orders), SyncProgress.NONE));
        AtomicBoolean syncing = new AtomicBoolean(true);
        List<String> mixed = new ArrayList<>();
        int[] reads = {0};
        Thread reader = Thread.ofPlatform().start(() -> {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = connection.createStatement()) {
                while (syncing.get()) {
                    PublishedVersion version = sync.versions().current("shop").orElseThrow();
                    try (ResultSet rs = statement.executeQuery("SELECT (SELECT max(generation) || '/' || count(*) FROM '"
                            + version.table("items").orElseThrow() + "'), (SELECT max(generation) || '/' || count(*) FROM '"
                            + version.table("orders").orElseThrow() + "')")) {
                        rs.next();
                        if (!rs.getString(1).equals(rs.getString(2))) {
                            mixed.add(rs.getString(1) + " vs " + rs.getString(2));
                        }
                        reads[0]++;
                    }
                }
            } catch (SQLException e) {
                mixed.add(e.getMessage());
            }
        });
        for (int i = 0; i < 6; i++) {
            api.replaceRecords(20 + i * 3);
            published(sync.sync(source(items, orders), SyncProgress.NONE));
        }
        syncing.set(false);
        reader.join();

        assertThat(mixed).isEmpty();
        assertThat(reads[0]).isPositive();
        assertThat(query("SELECT max(generation) || '/' || count(*) FROM '" + current("orders") + "'"))
                .isEqualTo(api.generation() + "/35");
    }

    @Test
    void replacedVersionsAreDeletedOnceTheGracePeriodHasPassed() throws IOException {
        TestingClock clock = new TestingClock(Instant.parse("2026-11-05T10:00:00Z"));
        try (ApiSync timed = new ApiSync(root, LIMITS.withGrace(Duration.ofMinutes(10)), clock)) {
            ApiSource source = source(ApiEndpoint.of("items", "/offset"));
            String first = published(timed.sync(source, SyncProgress.NONE)).version();
            String second = published(timed.sync(source, SyncProgress.NONE)).version();
            assertThat(root.resolve("data/shop").resolve(first)).isDirectory();

            clock.advance(Duration.ofMinutes(11));
            String third = published(timed.sync(source, SyncProgress.NONE)).version();

            assertThat(root.resolve("data/shop").resolve(first)).doesNotExist();
            assertThat(root.resolve("data/shop").resolve(second)).isDirectory();
            assertThat(timed.versions().current("shop").orElseThrow().version()).isEqualTo(third);
        }
    }

    private ApiSource source(ApiEndpoint... endpoints) {
        return ApiSource.of("shop", api.baseUrl(), List.of(endpoints)).withAuth("Authorization", "Bearer " + TestJsonApi.TOKEN);
    }

    private Path current(String table) {
        return sync.versions().current("shop").orElseThrow().table(table).orElseThrow();
    }

    private static SyncResult.Published published(SyncResult result) {
        assertThat(result).as("sync result %s", result).isInstanceOf(SyncResult.Published.class);
        return (SyncResult.Published) result;
    }

    private static SyncError failed(SyncResult result) {
        assertThat(result).isInstanceOf(SyncResult.Failed.class);
        return ((SyncResult.Failed) result).error();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first row of a query, its values joined by |, read with a DuckDB of the test's own. */
    private static String query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return String.join("|", values);
        }
    }
}
