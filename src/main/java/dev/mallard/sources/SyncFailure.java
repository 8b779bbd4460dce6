package dev.mallard.sources;

import java.util.OptionalInt;

/** Ends a sync with a {@link SyncError}; caught by {@link ApiSync} and turned into a failed result. */
final class SyncFailure extends Exception {
    private final transient SyncError error;

    SyncFailure(String table, int page, OptionalInt status, String message) {
        super(message, null, false, false);
        this.error = new SyncError(table, page, status, message);
    }

    SyncFailure(String table, int page, String message) {
        this(table, page, OptionalInt.empty(), message);
    }

    SyncError error() {
        return error;
    }
}
