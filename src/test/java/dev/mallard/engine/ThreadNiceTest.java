package dev.mallard.engine;

import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mallard.config.EngineSettings;
import dev.mallard.testing.TestMallard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadNiceTest {
    /** Different from the default (5), so the threads of other servers in this JVM are told apart. */
    private static final int NICE = 4;

    private record TaskThread(String name, int nice) {}

    @Test
    void aThreadOfTheFactoryLowersItselfAndLeavesItsCreatorAlone() throws InterruptedException {
        assumePerThreadNice();
        int base = ThreadNice.currentThread().orElseThrow();
        AtomicReference<OptionalInt> seen = new AtomicReference<>();
        Thread thread = ThreadNice.lowered(Thread.ofPlatform().factory(), 3)
                .newThread(() -> seen.set(ThreadNice.currentThread()));
        thread.start();
        thread.join();
        assertThat(seen.get()).hasValue(Math.min(19, base + 3));
        assertThat(ThreadNice.currentThread()).hasValue(base);
    }

    @Test
    void theLowestPriorityIsTheFloor() throws InterruptedException {
        assumePerThreadNice();
        AtomicReference<OptionalInt> seen = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            ThreadNice.lowerCurrentThread(15);
            ThreadNice.lowerCurrentThread(15);
            seen.set(ThreadNice.currentThread());
        });
        thread.join();
        assertThat(seen.get()).hasValue(19);
    }

    @Test
    void zeroLeavesTheFactoryAsItIs() {
        ThreadFactory factory = Thread.ofPlatform().factory();
        assertThat(ThreadNice.lowered(factory, 0)).isSameAs(factory);
    }

    @Test
    void theNiceValueIsReadAfterACommandHoldingSpacesAndParentheses(@TempDir Path dir) throws IOException {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "4242 (odd (name) x) S 1 4242 4242 0 -1 4194560 10 0 0 0 7 3 0 0 30 10 2 0 123 "
                + "456 78\n");
        assertThat(ThreadNice.niceIn(stat)).hasValue(10);
        assertThat(ThreadNice.niceIn(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void queriesAndDuckDbsOwnThreadsRunLowerThanRequestHandling() {
        assumePerThreadNice();
        int base = ThreadNice.currentThread().orElseThrow();
        try (TestMallard mallard = TestMallard.builder().inMemory("scratch")
                .engine(new EngineSettings(2, "1GB", "2GB", 2, NICE)).start()) {
            assertThat(rows(query(mallard.client(), "SELECT sum(range) FROM range(1000000)")))
                    .containsExactly(List.of(499999500000L));
            List<TaskThread> threads = threads();
            assertThat(threads).filteredOn(t -> t.name().startsWith("mallard-duckdb-") && t.nice() == base + NICE)
                    .as("the query workers").hasSizeGreaterThanOrEqualTo(2);
            // DuckDB's own threads are named after the thread that opened it, and inherit its priority.
            assertThat(threads).filteredOn(t -> t.name().equals("duckdb") && t.nice() == base + NICE)
                    .as("DuckDB's threads").isNotEmpty();
            assertThat(threads).filteredOn(t -> t.name().startsWith("mallard-http"))
                    .as("the request threads").isNotEmpty().allMatch(t -> t.nice() == base);
        }
    }

    private static List<TaskThread> threads() {
        List<TaskThread> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    ThreadNice.niceIn(task.resolve("stat")).ifPresent(nice -> threads.add(new TaskThread(name, nice)));
                } catch (IOException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return threads;
    }

    private static void assumePerThreadNice() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux")
                && Runtime.version().feature() >= 22, "per-thread nice values are set on Linux with Java 22 or later");
    }
}
