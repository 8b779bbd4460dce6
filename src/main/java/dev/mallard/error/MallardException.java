package dev.mallard.error;

/**
 * The one exception type Mallard raises. The message of a user error is shown to the caller as is,
 * so it must say what happened and what to do next.
 */
public final class MallardException extends RuntimeException {
    private final ErrorCode code;

    public MallardException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public MallardException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static MallardException invalidArgument(String message) {
        return new MallardException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static MallardException notFound(String message) {
        return new MallardException(ErrorCode.NOT_FOUND, message);
    }

    public static MallardException configuration(String message) {
        return new MallardException(ErrorCode.CONFIGURATION, message);
    }
}
