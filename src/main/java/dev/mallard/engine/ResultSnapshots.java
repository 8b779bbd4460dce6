package dev.mallard.engine;

import dev.mallard.config.CursorSettings;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots behind {@code query}'s cursors, within bounds: each lives for the TTL after its last
 * use; small ones are held in memory and larger ones in files, each kind under its own total cap,
 * the least recently used dropped first to make room. The memory cap also counts what every
 * snapshot keeps in memory besides its rows (the query text, up to a request's size, and the
 * columns), so no caller can hold unbounded memory with long queries of tiny results. A cursor is bound to the principal that ran
 * the query: to anyone else it is unknown. Expired and dropped snapshots are remembered for a while
 * so their cursors get a precise error.
 */
public final class ResultSnapshots implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultSnapshots.class);
    /** Snapshots up to this size stay in memory (within the memory cap). */
    private static final int IN_MEMORY_BYTES = 1 << 20;
    private static final int REMEMBERED_GONE = 4096;
    private static final Duration LONGEST_SWEEP = Duration.ofSeconds(30);
    /** What an entry costs in memory besides its text and rows: the objects and maps holding it. */
    private static final long ENTRY_BYTES = 512;

    private final Path directory;
    private final CursorSettings settings;
    private final Clock clock;
    /** In access order: the first is the least recently used. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Gone> gone = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Gone> eldest) {
            return size() > REMEMBERED_GONE;
        }
    };
    private final ScheduledExecutorService sweeper;
    private long memoryBytes;
    private long diskBytes;

    /** Who a snapshot belongs to and the query it holds the result of. */
    public record Origin(String owner, String sql, String database) {}

    /** Why a page ends. */
    public enum PageEnd {
        /** At the end of the result: there is no next page. */
        LAST,
        /** At max_rows; the next cursor continues. */
        MAX_ROWS,
        /** At the character cap; the next cursor continues. */
        MAX_CHARS,
        /** At the end of what was kept of a result larger than the per-result cap; later rows cannot be paged. */
        SIZE_CAP,
        /** At the end of what could be read while the query ran; later rows cannot be paged. */
        TIME_CAP
    }

    /**
     * A page read through a cursor.
     *
     * @param offset the index, in the whole result, of the page's first row (0 for the first row)
     * @param rows each row as compact JSON, exactly as the first page encoded it
     * @param totalRows all rows of the result, when known
     */
    public record Page(List<ResultColumn> columns, List<String> rows, long offset, Optional<String> nextCursor,
            OptionalLong totalRows, PageEnd end) {}

    /** A cursor found: the query it pages, and a way to read the page. */
    public final class Found {
        private final Entry entry;
        private final long offset;

        private Found(Entry entry, long offset) {
            this.entry = entry;
            this.offset = offset;
        }

        public Origin origin() {
            return entry.origin;
        }

        public Page read(int maxRows, int maxChars) {
            ResultSnapshot snapshot = entry.snapshot;
            ResultSnapshot.Page page;
            try {
                page = snapshot.page(offset, maxRows, maxChars);
            } catch (NoSuchFileException e) {
                // Dropped between the lookup and the read.
                throw gone(new Gone(entry.origin.owner(), GoneReason.EVICTED));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read a result snapshot", e);
            }
            long next = page.nextOffset();
            PageEnd end = switch (page.stop()) {
                case MAX_ROWS -> PageEnd.MAX_ROWS;
                case MAX_CHARS -> PageEnd.MAX_CHARS;
                case NONE -> switch (snapshot.end()) {
                    case COMPLETE -> PageEnd.LAST;
                    case SIZE_CAP -> PageEnd.SIZE_CAP;
                    case TIME_CAP -> PageEnd.TIME_CAP;
                };
            };
            boolean more = end == PageEnd.MAX_ROWS || end == PageEnd.MAX_CHARS;
            // A row alone longer than the character cap cannot be shown: a cursor to it would loop.
            boolean progress = !page.rows().isEmpty();
            Optional<String> nextCursor = more && progress
                    ? Optional.of(new Cursor(entry.id, next).token())
                    : Optional.empty();
            return new Page(snapshot.columns(), page.rows(), offset, nextCursor, snapshot.totalRows(), end);
        }
    }

    private enum GoneReason { EXPIRED, EVICTED }

    private record Gone(String owner, GoneReason reason) {}

    private static final class Entry {
        final String id;
        final Origin origin;
        final ResultSnapshot snapshot;
        final long memoryBytes;
        final long diskBytes;
        Instant lastUse;

        Entry(String id, Origin origin, ResultSnapshot snapshot, Instant lastUse) {
            this.id = id;
            this.origin = origin;
            this.snapshot = snapshot;
            this.lastUse = lastUse;
            this.memoryBytes = memoryBytes(origin, snapshot);
            this.diskBytes = snapshot.inMemory() ? 0 : snapshot.bytes();
        }

        /** The rows held in memory, and what the entry holds besides them (two bytes a character at most). */
        private static long memoryBytes(Origin origin, ResultSnapshot snapshot) {
            return (snapshot.inMemory() ? snapshot.bytes() : 0) + ENTRY_BYTES
                    + 2L * (origin.sql().length() + origin.database().length() + origin.owner().length()
                            + snapshot.columnsChars());
        }
    }

    public ResultSnapshots(Path directory, CursorSettings settings, Clock clock) {
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("mallard-cursor-expiry").daemon().factory());
        long period = Math.max(100, Math.min(settings.ttl().toMillis() / 2, LONGEST_SWEEP.toMillis()));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    public CursorSettings settings() {
        return settings;
    }

    /** A writer for one snapshot, bounded by the per-result cap. */
    SnapshotWriter writer() {
        return new SnapshotWriter(directory, settings.maxResultBytes(),
                (int) Math.min(IN_MEMORY_BYTES, settings.maxMemoryBytes()));
    }

    /**
     * Keeps a snapshot, dropping the least recently used ones of its kind (memory or disk) to make
     * room, and returns the cursor of its first row; empty when it holds no row or cannot fit at all.
     */
    synchronized Optional<String> keep(ResultSnapshot snapshot, Origin origin) {
        String id = Cursor.newSnapshotId();
        Entry entry = new Entry(id, origin, snapshot, clock.instant());
        if (snapshot.endRow() == snapshot.firstRowIndex() || entry.memoryBytes > settings.maxMemoryBytes()
                || entry.diskBytes > settings.maxDiskBytes()) {
            snapshot.delete();
            return Optional.empty();
        }
        entries.put(id, entry);
        memoryBytes += entry.memoryBytes;
        diskBytes += entry.diskBytes;
        makeRoom();
        return Optional.of(new Cursor(id, snapshot.firstRowIndex()).token());
    }

    /** Drops the least recently used entries that take the kind of room (memory, disk) that is short. */
    private void makeRoom() {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext() && (memoryBytes > settings.maxMemoryBytes()
                || diskBytes > settings.maxDiskBytes())) {
            Entry entry = oldestFirst.next();
            if (memoryBytes > settings.maxMemoryBytes() || entry.diskBytes > 0) {
                oldestFirst.remove();
                drop(entry, GoneReason.EVICTED);
            }
        }
    }

    /**
     * The snapshot and row a cursor token stands for, if it belongs to {@code owner}. Someone else's
     * cursor is reported exactly like one that never existed.
     */
    public synchronized Found find(String token, String owner) {
        Cursor cursor = Cursor.parse(token).orElseThrow(() -> notACursor(token));
        expire(clock.instant());
        Entry entry = entries.get(cursor.snapshotId());
        if (entry == null || !entry.origin.owner().equals(owner)) {
            Gone was = gone.get(cursor.snapshotId());
            if (was != null && was.owner().equals(owner)) {
                throw gone(was);
            }
            throw new MallardException(ErrorCode.NOT_FOUND, "Unknown cursor: this server has no result for it (it "
                    + "may come from before a restart, or from another user). Run the query again without a cursor to "
                    + "get a fresh next_cursor.");
        }
        if (cursor.offset() < entry.snapshot.firstRowIndex() || cursor.offset() > entry.snapshot.endRow()) {
            throw notACursor(token);
        }
        entry.lastUse = clock.instant();
        return new Found(entry, cursor.offset());
    }

    private MallardException gone(Gone was) {
        String why = switch (was.reason()) {
            case EXPIRED -> "This cursor expired: its result is kept for " + minutes(settings.ttl())
                    + " after its last use.";
            case EVICTED -> "This cursor's result was dropped to make room for newer paged results (the server keeps "
                    + "a bounded amount of them).";
        };
        return new MallardException(ErrorCode.CURSOR_EXPIRED, why + " Run the query again without a cursor and page "
                + "from its next_cursor; to avoid paging far, aggregate or filter the result first.");
    }

    private static MallardException notACursor(String token) {
        String shown = token.length() > 60 ? token.substring(0, 60) + "…" : token;
        return MallardException.invalidArgument("'" + shown + "' is not a cursor of this server. Pass the "
                + "next_cursor of a query result exactly as it was given, or run the query without a cursor.");
    }

    private void sweep() {
        try {
            synchronized (this) {
                expire(clock.instant());
            }
        } catch (RuntimeException e) {
            log.warn("Could not expire result snapshots: {}", e.getMessage());
        }
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(settings.ttl());
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry entry = oldestFirst.next();
            if (entry.lastUse.isAfter(cutoff)) {
                // Access order: every later entry was used more recently.
                return;
            }
            oldestFirst.remove();
            drop(entry, GoneReason.EXPIRED);
        }
    }

    private void drop(Entry entry, GoneReason reason) {
        memoryBytes -= entry.memoryBytes;
        diskBytes -= entry.diskBytes;
        gone.put(entry.id, new Gone(entry.origin.owner(), reason));
        deleteQuietly(entry.snapshot);
    }

    private static void deleteQuietly(ResultSnapshot snapshot) {
        try {
            snapshot.delete();
        } catch (UncheckedIOException e) {
            log.warn("Could not delete a result snapshot file: {}", e.getMessage());
        }
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 1 ? minutes + " minute" + (minutes == 1 ? "" : "s")
                : duration.toSeconds() + " second" + (duration.toSeconds() == 1 ? "" : "s");
    }

    /** Stops expiring and deletes every snapshot file. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
            memoryBytes = 0;
            diskBytes = 0;
        }
        all.forEach(entry -> deleteQuietly(entry.snapshot));
    }
}
