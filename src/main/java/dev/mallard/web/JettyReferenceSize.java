package dev.mallard.web;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Tells Jetty how many object references fit in a cache line, which it uses to pad its queues.
 * Left to itself, Jetty asks the platform MBean server for {@code UseCompressedOops}, and starting
 * that server (every platform MXBean registered) cost about a tenth of a cold start's main thread.
 * The one diagnostic bean answers the same question without it.
 */
final class JettyReferenceSize {
    static final String PROPERTY = "org.eclipse.jetty.util.referencesPerCacheLine";
    /** Jetty's own default cache line, {@code org.eclipse.jetty.util.cacheLineBytes}. */
    private static final int CACHE_LINE_BYTES = 64;

    private JettyReferenceSize() {}

    /** Sets the property unless the user did; must run before Jetty's MemoryUtils class initialises. */
    static void tellJetty() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotSpot == null) {
            return;
        }
        boolean compressed = Boolean.parseBoolean(hotSpot.getVMOption("UseCompressedOops").getValue());
        System.setProperty(PROPERTY, Integer.toString(CACHE_LINE_BYTES / (compressed ? 4 : 8)));
    }
}
