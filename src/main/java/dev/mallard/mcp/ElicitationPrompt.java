package dev.mallard.mcp;

import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Asks the person behind the client with an MCP form elicitation (client/elicitation, 2025-06-18
 * and later): the question as the message, and a single yes/no field that must be set to approve.
 */
final class ElicitationPrompt implements UserPrompt {
    static final String FIELD = "approve";
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(FIELD, Map.of(
                    "type", "boolean",
                    "title", "Apply this change",
                    "description", "Check to apply the change shown above; leave unchecked or decline to keep the "
                            + "data as it is.",
                    "default", false)),
            "required", List.of(FIELD));

    private final McpAsyncServerExchange exchange;

    ElicitationPrompt(McpAsyncServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public Answer confirm(String message) {
        McpSchema.ElicitResult result;
        try {
            result = exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, SCHEMA).build())
                    .block(WAIT);
        } catch (RuntimeException e) {
            return new Answer.Unanswered("the client did not answer: " + e.getMessage());
        }
        if (result == null) {
            return new Answer.Unanswered("no answer within " + WAIT.toMinutes() + " minutes");
        }
        return switch (result.action()) {
            case ACCEPT -> result.content() != null && Boolean.TRUE.equals(result.content().get(FIELD))
                    ? new Answer.Approved()
                    : new Answer.Declined();
            case DECLINE -> new Answer.Declined();
            case CANCEL -> new Answer.Dismissed();
        };
    }
}
