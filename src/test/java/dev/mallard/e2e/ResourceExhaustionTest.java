package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.EngineSettings;
import dev.mallard.e2e.ReadOnlyCorpus.Exhaustion;
import dev.mallard.e2e.ReadOnlyCorpus.Limit;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resource exhaustion through the query tool, on a server with a 3 s time limit, a 512 MB DuckDB
 * memory limit and one worker: each attempt of {@link ReadOnlyCorpus#exhaustion()} comes back as an
 * error that names the time limit, the memory limit or DuckDB's cap on one value and says what to do
 * (or, for an endless result, as rows cut at the row cap), within a bounded time and without the
 * process growing far; afterwards the server answers normally and the file is unchanged.
 */
class ResourceExhaustionTest {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(3);
    private static final Path STATUS = Path.of("/proc/self/status");

    @TempDir
    static Path dir;

    private static TestMallard server;
    private static McpSyncClient client;
    private static Path file;
    private static String hashAtStart;

    @BeforeAll
    static void start() {
        file = TestData.database(dir, "exhaust.duckdb",
                "CREATE TABLE t AS SELECT range::INTEGER AS id, 'name ' || range AS name FROM range(10)");
        hashAtStart = sha256(file);
        server = TestMallard.builder().database("demo", file).timeout(TIME_LIMIT)
                .engine(new EngineSettings(2, "512MB", "1GB", 1)).start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        assertThat(sha256(file)).isEqualTo(hashAtStart);
    }

    static Stream<Exhaustion> exhaustion() {
        return ReadOnlyCorpus.exhaustion().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exhaustion")
    void comesBackWithinItsLimitsAndLeavesTheServerHealthy(Exhaustion attempt) throws InterruptedException {
        OptionalLong baseline = residentMb();
        AtomicLong peak = new AtomicLong(baseline.orElse(0));
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                residentMb().ifPresent(mb -> peak.accumulateAndGet(mb, Math::max));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        McpSchema.CallToolResult result;
        try {
            result = query(client, attempt.sql());
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        String message = text(result);
        assertThat(message).doesNotContain("Exception", "\tat ", "java.", "dev.mallard", "Internal error");
        if (attempt.limit() == Limit.ROW_CAP) {
            Map<String, Object> content = structured(result);
            assertThat(content.get("truncated")).isEqualTo(true);
            assertThat((List<?>) content.get("rows")).hasSize(200);
        } else {
            assertThat(result.isError()).as("stopped: %s", message).isTrue();
            attempt.limit().check(message);
        }
        assertThat(took).as("time to answer %s", attempt).isLessThan(attempt.maxDuration());
        if (baseline.isPresent()) {
            assertThat(peak.get() - baseline.getAsLong()).as("resident memory growth (MB) during %s", attempt)
                    .isLessThan(attempt.maxGrowthMb());
        }
        // The server answers at once, on the very connection the attempt ran on, with the data intact.
        assertThat(rows(query(client, "SELECT 1 AS ok"))).containsExactly(List.of(1));
        assertThat(rows(query(client, "SELECT count(*), sum(id)::INTEGER, min(name) FROM t")))
                .containsExactly(List.of(10, 45, "name 0"));
    }

    /** The resident memory of this process (the test and the server in it), where Linux tells it. */
    private static OptionalLong residentMb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static String sha256(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
