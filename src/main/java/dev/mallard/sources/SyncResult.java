package dev.mallard.sources;

import java.time.Duration;
import java.util.List;

/** How a sync ended. */
public sealed interface SyncResult {
    Duration duration();

    /** Every endpoint was read in full and {@code version} is now the source's current version. */
    record Published(String version, List<TableReport> tables, int pages, Duration duration) implements SyncResult {
        public long rows() {
            return tables.stream().mapToLong(TableReport::rows).sum();
        }
    }

    /** Nothing was published; the previous version, if any, is still current. */
    record Failed(SyncError error, Duration duration) implements SyncResult {}
}
