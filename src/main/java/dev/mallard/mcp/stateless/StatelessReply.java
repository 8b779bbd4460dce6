package dev.mallard.mcp.stateless;

import java.util.Map;

/** How a stateless request ends: a result, or a JSON-RPC error with the HTTP status it travels with. */
public sealed interface StatelessReply {
    /** A result; the dispatcher adds {@code resultType: "complete"} when the method did not set one. */
    record Result(Map<String, Object> result) implements StatelessReply {}

    record Error(int httpStatus, int code, String message, Object data) implements StatelessReply {
        public static Error invalidParams(String message) {
            return new Error(200, StatelessProtocol.INVALID_PARAMS, message, null);
        }
    }
}
