package dev.mallard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceUsageTest {
    private static final long MB = 1024 * 1024;

    @Test
    void rssGrowthIsMeasuredFromTheFirstSampleAfterOneMinute() {
        ResourceUsage usage = usage(List.of(sample(0, 100), sample(30, 180), sample(60, 200), sample(90, 205),
                sample(120, 220)));

        assertThat(usage.growthAfterFirstMinute()).isCloseTo(0.10, offset(1e-9));
    }

    @Test
    void aRunShorterThanAMinuteHasNoGrowthFigure() {
        assertThat(usage(List.of(sample(0, 100), sample(50, 300))).growthAfterFirstMinute()).isNaN();
    }

    @Test
    void theServerListeningOnAPortIsFound() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(ProcessStats.pidListeningOn(socket.getLocalPort())).hasValue(ProcessHandle.current().pid());
            assertThat(ProcessStats.rssBytes(ProcessHandle.current().pid())).isPositive();
            assertThat(ProcessStats.cpuNanos(ProcessHandle.current().pid())).isPositive();
        }
    }

    @Test
    void theMachinesBusyAndStolenTimeAreReadFromProcStat() {
        // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s
        ProcessStats.MachineTicks ticks = ProcessStats.MachineTicks.parse(
                "cpu  6812078 264728 626797 3871366 9927 11 25822 6361 0 0");

        assertThat(ticks.busyNanos()).isEqualTo((6812078L + 264728 + 626797 + 11 + 25822) * 10_000_000L);
        assertThat(ticks.stealNanos()).isEqualTo(6361L * 10_000_000L);
        assertThat(ProcessStats.machineTicks()).isNotNull();
        assertThatThrownBy(() -> ProcessStats.MachineTicks.parse("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCompilerThreadsOfAJvmAreFoundByName() {
        // this JVM has compiled JUnit and AssertJ by now: more than one 10 ms tick
        assertThat(ProcessStats.compilerCpuNanos(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcessStats.compilerCpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void aBusyCompilerOrABusyMachineIsNamedInTheReport() {
        ResourceUsage.Noise quiet = new ResourceUsage.Noise(1.4, 0.2, 2.0, 1.0);
        ResourceUsage.Noise noisy = new ResourceUsage.Noise(8, 4, 12.5, 1.0);

        assertThat(report(quiet)).contains("machine: other processes 1%, steal 0%; JIT compilers: server 2%, "
                + "load client 1%").doesNotContain("note:");
        assertThat(report(noisy)).contains(
                "machine: other processes 8%, steal 4%; JIT compilers: server 13%, load client 1%",
                "note: the JIT compiler was still busy in the measured window: a longer --warm-up",
                "note: other processes or guests took 12% of a core during the measured window");
        assertThat(noisy.compilerBusy()).isTrue();
        assertThat(quiet.machineBusy()).isFalse();
    }

    private static String report(ResourceUsage.Noise noise) {
        ResourceUsage usage = new ResourceUsage(42, 150, MB, MB, MB, 20, List.of(sample(0, 1)), noise);
        PhaseResult phase = PhaseResult.merge("mallard", Duration.ofSeconds(10), List.of(), usage);
        BenchmarkSettings settings = new BenchmarkSettings(URI.create("http://127.0.0.1:1/mcp"), Path.of("w.yaml"),
                8, 8, Duration.ofSeconds(1), Duration.ofSeconds(10), null, null, null, -1, 1, 0);
        return new BenchmarkReport(settings, "w", new Benchmark.Machine(2, "25", "1.0"), phase, null, 0).text();
    }

    private static ResourceUsage.RssSample sample(double seconds, long megabytes) {
        return new ResourceUsage.RssSample(seconds, megabytes * MB);
    }

    private static ResourceUsage usage(List<ResourceUsage.RssSample> samples) {
        return new ResourceUsage(1, 0, samples.getFirst().bytes(), 0, samples.getLast().bytes(), 0, samples,
                ResourceUsage.Noise.UNKNOWN);
    }
}
