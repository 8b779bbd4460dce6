package dev.mallard.config;

import java.util.Locale;

/** Whether and how {@code query_rw} may change data. */
public enum WriteMode {
    /** Every database is read-only; query_rw is not offered. */
    OFF,
    /** query_rw applies changes at once, each call in one transaction. */
    DIRECT,
    /** query_rw only previews; a change is applied when confirmed (by the user, or a confirm call). */
    CONFIRM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
