package dev.mallard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins every default users see, and the message of every invalid setting. */
class MallardConfigTest {
    @Test
    void queryLimitsDefaults() {
        assertThat(QueryLimits.DEFAULTS).isEqualTo(new QueryLimits(200, 2048, 50_000, Duration.ofSeconds(55)));
        assertThat(CursorSettings.DEFAULTS).isEqualTo(new CursorSettings(Duration.ofMinutes(10), 16L << 20, 64L << 20,
                1L << 30));
    }

    @Test
    void httpDefaultsListenOnLoopbackPort8765() {
        HttpSettings http = HttpSettings.defaults();
        assertThat(http.host()).isEqualTo("127.0.0.1");
        assertThat(http.port()).isEqualTo(8765);
        assertThat(http.publicUrl()).isEmpty();
        assertThat(http.allowedOrigins()).isEmpty();
        assertThat(http.allowedHosts()).isEmpty();
        assertThat(http.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void engineDefaultsAreSizedToTheMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        EngineSettings engine = EngineSettings.defaults();
        assertThat(engine.threads()).isEqualTo(cores);
        assertThat(engine.workers()).isEqualTo(Math.max(8, 4 * cores));
        assertThat(engine.maxTempDirectorySize()).isEqualTo("10GiB");
        assertThat(engine.memoryLimit()).matches("\\d+MiB");
        long memoryMiB = Long.parseLong(engine.memoryLimit().replace("MiB", ""));
        long physicalMiB = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 20;
        assertThat(memoryMiB).isBetween(physicalMiB / 2 - 1, physicalMiB / 2 + 1);
    }

    @Test
    void mallardDefaultsServeTheDemoReadOnlyFromTheHomeDirectory() {
        MallardConfig config = MallardConfig.defaults();
        assertThat(config.exports()).isEqualTo(new ExportSettings(Duration.ofHours(1), 10L * 1024 * 1024 * 1024));
        assertThat(config.databases()).isEmpty();
        assertThat(config.readWrite()).isFalse();
        assertThat(config.dataDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".mallard"));
    }

    @Test
    void rowsForUsesTheDefaultAndCapsRequests() {
        QueryLimits limits = QueryLimits.DEFAULTS;
        assertThat(limits.rowsFor(null)).isEqualTo(200);
        assertThat(limits.rowsFor(10)).isEqualTo(10);
        assertThat(limits.rowsFor(100_000)).isEqualTo(2048);
        assertThat(limits.rowsFor(0)).isEqualTo(1);
    }

    @Test
    void invalidLimitsSayWhatIsAllowed() {
        assertThatThrownBy(() -> new QueryLimits(200, 0, 50_000, Duration.ofSeconds(1)))
                .isInstanceOf(MallardException.class).hasMessageContaining("--max-rows must be at least 1");
        assertThatThrownBy(() -> new QueryLimits(300, 200, 50_000, Duration.ofSeconds(1)))
                .hasMessageContaining("--default-rows must be between 1 and --max-rows (200)");
        assertThatThrownBy(() -> new QueryLimits(10, 20, 10, Duration.ofSeconds(1)))
                .hasMessageContaining("--max-chars must be at least 1000");
        assertThatThrownBy(() -> new QueryLimits(10, 20, 5_000, Duration.ZERO))
                .hasMessageContaining("--query-timeout must be positive");
        assertThatThrownBy(() -> new QueryLimits(10, 20, 5_000, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("--task-timeout must be positive");
        assertThatThrownBy(() -> CursorSettings.DEFAULTS.withTtl(Duration.ZERO))
                .hasMessageContaining("--cursor-ttl must be positive");
    }

    @Test
    void invalidEngineAndHttpSettingsSayWhatIsAllowed() {
        assertThatThrownBy(() -> new EngineSettings(0, "1GB", "1GB", 4)).hasMessageContaining("--threads");
        assertThatThrownBy(() -> new ExportSettings(Duration.ZERO, 1)).hasMessageContaining("--export-ttl");
        assertThatThrownBy(() -> new ExportSettings(Duration.ofMinutes(1), 0)).hasMessageContaining("--export-max-bytes");
        assertThatThrownBy(() -> new EngineSettings(1, "1GB", "1GB", 0)).hasMessageContaining("--workers");
        assertThatThrownBy(() -> new EngineSettings(1, " ", "1GB", 1)).hasMessageContaining("--memory-limit");
        assertThatThrownBy(() -> new HttpSettings("127.0.0.1", 70_000, Optional.empty(), List.of(), List.of(),
                Duration.ofMinutes(1))).hasMessageContaining("--port must be between 0 and 65535");
    }

    @Test
    void duplicateDatabaseNamesAreRefusedWhateverTheirCase() {
        assertThatThrownBy(() -> MallardConfig.defaults().withDatabases(List.of(new DatabaseSpec("sales", "a.duckdb"),
                new DatabaseSpec("SALES", "b.duckdb")))).hasMessageContaining("Two databases are named 'SALES'");
    }
}
