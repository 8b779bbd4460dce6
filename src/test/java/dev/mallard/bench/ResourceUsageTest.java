package dev.mallard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    private static ResourceUsage.RssSample sample(double seconds, long megabytes) {
        return new ResourceUsage.RssSample(seconds, megabytes * MB);
    }

    private static ResourceUsage usage(List<ResourceUsage.RssSample> samples) {
        return new ResourceUsage(1, 0, samples.getFirst().bytes(), 0, samples.getLast().bytes(), 0, samples);
    }
}
