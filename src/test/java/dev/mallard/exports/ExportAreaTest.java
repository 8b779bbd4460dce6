package dev.mallard.exports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.ExportSettings;
import dev.mallard.engine.ExportFormat;
import dev.mallard.engine.ExportedRows;
import dev.mallard.error.MallardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportAreaTest {
    private static final long MAX_BYTES = 1_000;

    @TempDir
    Path root;

    @Test
    void twoExportsRacingForTheLastRoomNeverBothFit() throws Exception {
        for (int round = 0; round < 200; round++) {
            try (ExportArea area = ExportArea.open(root.resolve("area-" + round),
                    new ExportSettings(Duration.ofHours(1), MAX_BYTES), Clock.systemUTC())) {
                Path first = staged(area);
                Path second = staged(area);
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Boolean> one = CompletableFuture.supplyAsync(() -> publish(area, first, start));
                CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> publish(area, second, start));
                assertThat(one.get() && other.get()).as("both 600-byte exports published in round %d", round)
                        .isFalse();
                assertThat(used(root.resolve("area-" + round).resolve("files"))).isLessThanOrEqualTo(MAX_BYTES);
            }
        }
    }

    @Test
    void exportsWrittenAtTheSameTimeAreStoppedOnceTogetherTheyPassTheAreaSize() throws Exception {
        try (ExportArea area = ExportArea.open(root.resolve("area"), new ExportSettings(Duration.ofHours(1), MAX_BYTES),
                Clock.systemUTC())) {
            // Each alone fits (600 of 1,000 bytes); being written together they do not.
            Path first = area.newStagingFile(ExportFormat.CSV);
            Path second = area.newStagingFile(ExportFormat.CSV);
            CountDownLatch stopped = new CountDownLatch(1);
            try (SizeWatch one = area.watch(stopped::countDown); SizeWatch other = area.watch(stopped::countDown)) {
                Files.write(first, new byte[600]);
                assertThat(stopped.await(400, TimeUnit.MILLISECONDS)).as("stopped while one export fits").isFalse();
                Files.write(second, new byte[600]);
                assertThat(stopped.await(5, TimeUnit.SECONDS)).as("an export stopped once both pass the size").isTrue();
                assertThat(one.tripped() || other.tripped()).isTrue();
            }
        }
    }

    private static Path staged(ExportArea area) throws Exception {
        Path file = area.newStagingFile(ExportFormat.CSV);
        Files.write(file, new byte[600]);
        return file;
    }

    private static boolean publish(ExportArea area, Path file, CyclicBarrier start) {
        try {
            start.await();
            area.publish(file, "alice", ExportFormat.CSV, new ExportedRows(1, List.of()));
            return true;
        } catch (MallardException e) {
            assertThat(Files.exists(file)).as("a refused export's staging file is deleted").isFalse();
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long used(Path files) throws Exception {
        try (Stream<Path> entries = Files.list(files)) {
            return entries.mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
