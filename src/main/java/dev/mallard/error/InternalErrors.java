package dev.mallard.error;

import java.util.UUID;

/**
 * How an internal failure reaches a caller: a short id that is also logged beside the failure,
 * never the failure's own text, which may hold paths, SQL or stack frames.
 */
public final class InternalErrors {
    private InternalErrors() {}

    /** A fresh id, to log with the failure and to show to the caller. */
    public static String newId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** What the caller is told: where it happened (or null) and the id to look for in the log. */
    public static String message(String where, String id) {
        return "Internal error" + (where == null ? "" : " in " + where) + " (error id " + id
                + "). The server log has the details.";
    }
}
