package dev.mallard.mcp.stateless;

import dev.mallard.mcp.ApprovalForm;
import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;

/**
 * Asks the person with a multi round-trip request (basic/patterns/mrtr, 2026-07-28): the server
 * cannot send the client a request, so the first call ends with an {@code input_required} result
 * holding the question, and the client repeats the call with the answer and the request state.
 */
final class RoundTripPrompt implements UserPrompt {
    /** The key of the approval question in {@code inputRequests} and {@code inputResponses}. */
    static final String KEY = "approve_change";

    /** A question this call ended with, for the client to ask. */
    record Question(String subject, String message) {}

    private final Optional<String> continuing;
    private final Optional<McpSchema.ElicitResult> answer;
    private Question asked;

    /**
     * @param continuing the subject the request state names, when this call repeats an earlier one
     * @param answer the person's answer to {@link #KEY}, when the client sent one
     */
    RoundTripPrompt(Optional<String> continuing, Optional<McpSchema.ElicitResult> answer) {
        this.continuing = continuing;
        this.answer = answer;
    }

    @Override
    public Optional<String> continuing() {
        return continuing;
    }

    @Override
    public Answer confirm(String subject, String message) {
        if (continuing.filter(subject::equals).isPresent() && answer.isPresent()) {
            return ApprovalForm.answer(answer.get());
        }
        // Not answered yet (or the answer went missing): ask, again if need be (mrtr, "Error Handling").
        asked = new Question(subject, message);
        return new Answer.Deferred();
    }

    Optional<Question> asked() {
        return Optional.ofNullable(asked);
    }
}
