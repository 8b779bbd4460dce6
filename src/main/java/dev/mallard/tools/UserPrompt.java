package dev.mallard.tools;

import java.util.Optional;

/**
 * Asks the person behind the client to approve something, in the client itself (MCP elicitation).
 * Available only when the client said it can ask.
 */
public interface UserPrompt {
    /**
     * Shows the message and waits for the person's answer.
     *
     * @param subject what is asked about (a mutation id), so that an answer that arrives with a later
     *     call ({@link #continuing()}) finds it again
     */
    Answer confirm(String subject, String message);

    /**
     * The subject of a question asked on an earlier call that this call continues. With MCP 2026-07-28
     * (multi round-trip requests) the client asks the person between two calls and repeats the call
     * with the answer: the tool must then decide about what it proposed the first time, not propose again.
     */
    default Optional<String> continuing() {
        return Optional.empty();
    }

    /** What the person answered. */
    sealed interface Answer {
        record Approved() implements Answer {}

        record Declined() implements Answer {}

        /** The person closed the question without answering. */
        record Dismissed() implements Answer {}

        /** The question could not be asked or answered (an error, a timeout). */
        record Unanswered(String reason) implements Answer {}

        /** The client asks the person after this call ends and repeats the call with the answer. */
        record Deferred() implements Answer {}
    }
}
