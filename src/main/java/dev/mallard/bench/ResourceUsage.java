package dev.mallard.bench;

import java.util.List;

/**
 * What the server and the load client used during a measured window. CPU is in percent of one
 * core (200% = both cores of a 2-core machine); memory in bytes; -1 where nothing could be read.
 *
 * @param rssSamples the server's RSS over the window, one per sampling interval
 * @param noise what else took CPU during the window
 */
record ResourceUsage(long serverPid, double serverCpuPercent, long serverRssStart, long serverRssMax,
        long serverRssEnd, double clientCpuPercent, List<RssSample> rssSamples, Noise noise) {
    /** Above this share of a core, the server's JIT compiler is still making its code faster. */
    static final double BUSY_COMPILER_PERCENT = 5;
    /** Above this share of a core, other processes and other guests took CPU the run needed. */
    static final double BUSY_MACHINE_PERCENT = 10;

    record RssSample(double seconds, long bytes) {}

    /**
     * CPU taken during the window by what is not the run itself, or still settling in it, in percent
     * of one core, -1 where it could not be read: processes other than the server and the load
     * client, the hypervisor's other guests (steal), and the JIT compilers of the server and the load
     * client. Each of these makes the figures lower than the same run on a quiet, warm machine.
     */
    record Noise(double otherPercent, double stealPercent, double serverCompilerPercent,
            double clientCompilerPercent) {
        static final Noise UNKNOWN = new Noise(-1, -1, -1, -1);

        boolean compilerBusy() {
            return serverCompilerPercent > BUSY_COMPILER_PERCENT || clientCompilerPercent > BUSY_COMPILER_PERCENT;
        }

        double takenByOthers() {
            return Math.max(0, otherPercent) + Math.max(0, stealPercent);
        }

        boolean machineBusy() {
            return takenByOthers() > BUSY_MACHINE_PERCENT;
        }
    }

    static ResourceUsage clientOnly(double clientCpuPercent, Noise noise) {
        return new ResourceUsage(-1, -1, -1, -1, -1, clientCpuPercent, List.of(), noise);
    }

    boolean hasServer() {
        return serverPid > 0;
    }

    /**
     * RSS growth after the first minute: the last sample against the first one taken at or after
     * 60 s, as a fraction (0.05 = 5%), or NaN if the window was shorter.
     */
    double growthAfterFirstMinute() {
        RssSample firstMinute = rssSamples.stream().filter(s -> s.seconds() >= 60).findFirst().orElse(null);
        if (firstMinute == null || firstMinute.bytes() <= 0 || rssSamples.getLast() == firstMinute) {
            return Double.NaN;
        }
        return (rssSamples.getLast().bytes() - firstMinute.bytes()) / (double) firstMinute.bytes();
    }
}
