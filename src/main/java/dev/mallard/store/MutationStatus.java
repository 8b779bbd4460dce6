package dev.mallard.store;

/** Where a previewed change stands. Only PENDING mutations can be confirmed or cancelled. */
public enum MutationStatus {
    PENDING,
    APPLYING,
    APPLIED,
    CANCELLED,
    EXPIRED,
    /** The data changed after the preview; a fresh preview replaced it. */
    SUPERSEDED,
    FAILED
}
