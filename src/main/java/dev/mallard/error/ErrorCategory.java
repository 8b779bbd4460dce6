package dev.mallard.error;

/** How an error is reported: user errors travel word for word, internal errors only by id. */
public enum ErrorCategory {
    /** The request was wrong; the message tells the caller what to change. */
    USER_ERROR,
    /** A limit or shared resource stopped the request; retrying later or asking for less may work. */
    INSUFFICIENT_RESOURCES,
    /** A fault inside Mallard; logged with an id, the caller only sees the id. */
    INTERNAL_ERROR
}
