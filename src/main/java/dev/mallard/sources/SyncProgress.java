package dev.mallard.sources;

/** Told after each page a sync has read, for progress notifications. Called on the syncing thread. */
@FunctionalInterface
public interface SyncProgress {
    SyncProgress NONE = (table, pages, rows) -> {};

    /**
     * @param table the table the page belongs to
     * @param pages pages read so far in this sync, over all tables
     * @param rows records read so far in this sync, over all tables
     */
    void pageRead(String table, int pages, long rows);
}
