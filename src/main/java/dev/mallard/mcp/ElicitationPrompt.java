package dev.mallard.mcp;

import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;

/**
 * Asks the person behind the client with an MCP form elicitation (client/elicitation, 2025-06-18
 * to 2025-11-25): a request the server sends within the session, answered while the call waits.
 */
final class ElicitationPrompt implements UserPrompt {
    private static final Duration WAIT = Duration.ofMinutes(10);

    private final McpAsyncServerExchange exchange;

    ElicitationPrompt(McpAsyncServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public Answer confirm(String subject, String message) {
        McpSchema.ElicitResult result;
        try {
            result = exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, ApprovalForm.SCHEMA)
                    .build()).block(WAIT);
        } catch (RuntimeException e) {
            return new Answer.Unanswered("the client did not answer: " + e.getMessage());
        }
        if (result == null) {
            return new Answer.Unanswered("no answer within " + WAIT.toMinutes() + " minutes");
        }
        return ApprovalForm.answer(result);
    }
}
