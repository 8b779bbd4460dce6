package dev.mallard.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches the server process (when known) and this JVM over a measured window: CPU time at start
 * and stop, and the server's RSS every interval, printed as it goes when asked (soak runs); and
 * what else took CPU meanwhile (other processes, other guests, the JIT compilers).
 */
final class ResourceMonitor {
    private static final long OWN_PID = ProcessHandle.current().pid();

    private final long serverPid;
    private final Duration interval;
    private final PrintWriter progress;
    private final List<ResourceUsage.RssSample> samples = new ArrayList<>();
    private Thread sampler;
    private long startNanos;
    private long serverCpuStart;
    private long clientCpuStart;
    private long serverCompilerStart;
    private long clientCompilerStart;
    private ProcessStats.MachineTicks machineStart;

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
        machineStart = ProcessStats.machineTicks();
        clientCpuStart = ProcessStats.ownCpuNanos();
        clientCompilerStart = ProcessStats.compilerCpuNanos(OWN_PID);
        if (serverPid > 0) {
            serverCpuStart = ProcessStats.cpuNanos(serverPid);
            serverCompilerStart = ProcessStats.compilerCpuNanos(serverPid);
            sampleRss();
            sampler = Thread.ofPlatform().name("bench-rss").daemon().start(this::sampleEveryInterval);
        }
    }

    ResourceUsage stop() {
        long wall = System.nanoTime() - startNanos;
        long clientCpu = ProcessStats.ownCpuNanos() - clientCpuStart;
        double clientCompiler = percent(since(ProcessStats.compilerCpuNanos(OWN_PID), clientCompilerStart), wall);
        if (serverPid <= 0) {
            return ResourceUsage.clientOnly(percent(clientCpu, wall), noise(wall, 0, clientCpu, -1, clientCompiler));
        }
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long serverCpu = ProcessStats.cpuNanos(serverPid) - serverCpuStart;
        double serverCompiler = percent(since(ProcessStats.compilerCpuNanos(serverPid), serverCompilerStart), wall);
        ResourceUsage.Noise noise = noise(wall, serverCpu, clientCpu, serverCompiler, clientCompiler);
        sampleRss();
        List<ResourceUsage.RssSample> taken;
        synchronized (samples) {
            taken = List.copyOf(samples);
        }
        long max = taken.stream().mapToLong(ResourceUsage.RssSample::bytes).max().orElse(-1);
        return new ResourceUsage(serverPid, percent(serverCpu, wall), taken.getFirst().bytes(), max,
                taken.getLast().bytes(), percent(clientCpu, wall), taken, noise);
    }

    /** Other processes' CPU is the machine's busy time less the server's and this JVM's. */
    private ResourceUsage.Noise noise(long wall, long serverCpu, long clientCpu, double serverCompiler,
            double clientCompiler) {
        ProcessStats.MachineTicks machineEnd = ProcessStats.machineTicks();
        if (machineStart == null || machineEnd == null || serverCpu < 0 || clientCpu < 0) {
            return new ResourceUsage.Noise(-1, -1, serverCompiler, clientCompiler);
        }
        long others = machineEnd.busyNanos() - machineStart.busyNanos() - serverCpu - clientCpu;
        // the three readings are not taken at one instant: a small negative remainder means none
        return new ResourceUsage.Noise(percent(Math.max(0, others), wall),
                percent(machineEnd.stealNanos() - machineStart.stealNanos(), wall), serverCompiler, clientCompiler);
    }

    private static long since(long now, long start) {
        return now < 0 || start < 0 ? -1 : now - start;
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
