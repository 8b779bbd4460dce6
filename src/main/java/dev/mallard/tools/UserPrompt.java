package dev.mallard.tools;

/**
 * Asks the person behind the client to approve something, in the client itself (MCP elicitation).
 * Available only when the client said it can ask.
 */
public interface UserPrompt {
    /** Shows the message and waits for the person's answer. */
    Answer confirm(String message);

    /** What the person answered. */
    sealed interface Answer {
        record Approved() implements Answer {}

        record Declined() implements Answer {}

        /** The person closed the question without answering. */
        record Dismissed() implements Answer {}

        /** The question could not be asked or answered (an error, a timeout). */
        record Unanswered(String reason) implements Answer {}
    }
}
