package dev.mallard.store;

/** The state store failed; callers report it as an internal error with an id. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
