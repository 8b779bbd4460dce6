package dev.mallard.bench;

import dev.mallard.sources.ApiEndpoint;
import dev.mallard.sources.ApiSource;
import dev.mallard.sources.ApiSync;
import dev.mallard.sources.Pagination;
import dev.mallard.sources.SyncLimits;
import dev.mallard.sources.SyncProgress;
import dev.mallard.sources.SyncResult;
import dev.mallard.testing.TestJsonApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How fast one HTTP JSON API sync runs end to end: a local {@link TestJsonApi} serving
 * {@code pages × size} records (default 200 × 500) by page number, synced into Parquet under a
 * fresh temporary directory; one warm-up sync, then three measured ones. Prints rows, pages, the
 * Parquet size and rows/s of each. A measurement to read, not a test.
 *
 * <pre>{@code
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -q -o test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *     dev.mallard.bench.SyncThroughput 200 500
 * }</pre>
 */
public final class SyncThroughput {
    private SyncThroughput() {}

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path root = Files.createTempDirectory("mallard-sync-bench");
        try (TestJsonApi api = new TestJsonApi(pages * size);
                ApiSync sync = new ApiSync(root, SyncLimits.DEFAULTS, Clock.systemUTC())) {
            ApiSource source = ApiSource.of("bench", api.baseUrl(), List.of(ApiEndpoint.of("items", "/pages")
                    .withRecordPath("data.items")
                    .withPagination(new Pagination.PageNumber("page", 1, Optional.of("per_page"), size))))
                    .withAuth("Authorization", "Bearer " + TestJsonApi.TOKEN);
            for (int run = 0; run <= 3; run++) {
                SyncResult result = sync.sync(source, SyncProgress.NONE);
                if (!(result instanceof SyncResult.Published published)) {
                    throw new IllegalStateException("The sync failed: " + result);
                }
                double seconds = published.duration().toNanos() / 1e9;
                System.out.printf(Locale.ROOT, "%s: %,d rows, %d pages, %,d Parquet bytes in %.2f s = %,.0f rows/s%n",
                        run == 0 ? "warm-up" : "run " + run, published.rows(), published.pages(),
                        published.tables().getFirst().bytes(), seconds, published.rows() / seconds);
            }
        }
    }
}
