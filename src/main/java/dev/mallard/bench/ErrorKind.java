package dev.mallard.bench;

import java.util.Locale;

/** Why a call did not count as a good answer. */
public enum ErrorKind {
    /** No answer: connection refused or reset, timeout, HTTP error, unreadable response. */
    TRANSPORT,
    /** A JSON-RPC error response (the protocol failed, not the tool). */
    JSON_RPC,
    /** A tool result with {@code isError: true}. */
    TOOL_ERROR,
    /** An answer that fails the workload's check. */
    WRONG_ANSWER;

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
