package dev.mallard.bench;

import java.util.List;

/**
 * What the server and the load client used during a measured window. CPU is in percent of one
 * core (200% = both cores of a 2-core machine); memory in bytes; -1 where nothing could be read.
 *
 * @param rssSamples the server's RSS over the window, one per sampling interval
 */
record ResourceUsage(long serverPid, double serverCpuPercent, long serverRssStart, long serverRssMax,
        long serverRssEnd, double clientCpuPercent, List<RssSample> rssSamples) {

    record RssSample(double seconds, long bytes) {}

    static ResourceUsage clientOnly(double clientCpuPercent) {
        return new ResourceUsage(-1, -1, -1, -1, -1, clientCpuPercent, List.of());
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
