package dev.mallard.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches the server process (when known) and this JVM over a measured window: CPU time at start
 * and stop, and the server's RSS every interval, printed as it goes when asked (soak runs).
 */
final class ResourceMonitor {
    private final long serverPid;
    private final Duration interval;
    private final PrintWriter progress;
    private final List<ResourceUsage.RssSample> samples = new ArrayList<>();
    private Thread sampler;
    private long startNanos;
    private long serverCpuStart;
    private long clientCpuStart;

    /**
     * @param serverPid the server's pid, or -1 to watch only this JVM
     * @param progress where to print each RSS sample, or null to keep quiet
     */
    ResourceMonitor(long serverPid, Duration interval, PrintWriter progress) {
        this.serverPid = serverPid;
        this.interval = interval;
        this.progress = progress;
    }

    void start() {
        startNanos = System.nanoTime();
        clientCpuStart = ProcessStats.ownCpuNanos();
        if (serverPid > 0) {
            serverCpuStart = ProcessStats.cpuNanos(serverPid);
            sampleRss();
            sampler = Thread.ofPlatform().name("bench-rss").daemon().start(this::sampleEveryInterval);
        }
    }

    ResourceUsage stop() {
        long wall = System.nanoTime() - startNanos;
        double clientCpu = percent(ProcessStats.ownCpuNanos() - clientCpuStart, wall);
        if (serverPid <= 0) {
            return ResourceUsage.clientOnly(clientCpu);
        }
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double serverCpu = percent(ProcessStats.cpuNanos(serverPid) - serverCpuStart, wall);
        sampleRss();
        List<ResourceUsage.RssSample> taken;
        synchronized (samples) {
            taken = List.copyOf(samples);
        }
        long max = taken.stream().mapToLong(ResourceUsage.RssSample::bytes).max().orElse(-1);
        return new ResourceUsage(serverPid, serverCpu, taken.getFirst().bytes(), max, taken.getLast().bytes(),
                clientCpu, taken);
    }

    private void sampleEveryInterval() {
        try {
            while (true) {
                Thread.sleep(interval);
                sampleRss();
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private void sampleRss() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long rss = ProcessStats.rssBytes(serverPid);
        synchronized (samples) {
            samples.add(new ResourceUsage.RssSample(seconds, rss));
        }
        if (progress != null) {
            progress.printf(Locale.ROOT, "  %6.0f s  server RSS %.0f MB%n", seconds, rss / 1048576.0);
            progress.flush();
        }
    }

    private static double percent(long cpuNanos, long wallNanos) {
        return cpuNanos < 0 ? -1 : 100.0 * cpuNanos / wallNanos;
    }
}
