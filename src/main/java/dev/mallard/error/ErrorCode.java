package dev.mallard.error;

/** Every error Mallard reports, with the category that decides how it is shown. */
public enum ErrorCode {
    INVALID_ARGUMENT(ErrorCategory.USER_ERROR),
    NOT_FOUND(ErrorCategory.USER_ERROR),
    READ_ONLY(ErrorCategory.USER_ERROR),
    SQL_ERROR(ErrorCategory.USER_ERROR),
    QUERY_CANCELLED(ErrorCategory.USER_ERROR),
    DATA_CHANGED(ErrorCategory.USER_ERROR),
    /** The caller's grants do not cover the database or table it asked for. */
    NOT_GRANTED(ErrorCategory.USER_ERROR),
    /** A query cursor whose result expired or was dropped to make room; the query must run again. */
    CURSOR_EXPIRED(ErrorCategory.USER_ERROR),
    QUERY_TIMEOUT(ErrorCategory.INSUFFICIENT_RESOURCES),
    SERVER_BUSY(ErrorCategory.INSUFFICIENT_RESOURCES),
    CONFIGURATION(ErrorCategory.USER_ERROR),
    INTERNAL(ErrorCategory.INTERNAL_ERROR);

    private final ErrorCategory category;

    ErrorCode(ErrorCategory category) {
        this.category = category;
    }

    public ErrorCategory category() {
        return category;
    }
}
