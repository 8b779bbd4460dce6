package dev.mallard.tools;

import java.util.Optional;

/**
 * A Mallard tool: a definition and a handler. Tools know nothing of the protocol that carries them;
 * adapters (MCP sessions today) translate calls and results.
 */
public interface Tool {
    ToolDefinition definition();

    /**
     * Handles a call. User errors are thrown as {@link dev.mallard.error.MallardException} with a
     * message for the agent; the adapter turns them into error results.
     */
    ToolResult call(ToolArguments arguments, ToolContext context);

    /** Why the tool cannot be used on this server, if it cannot; such tools are not listed. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }
}
