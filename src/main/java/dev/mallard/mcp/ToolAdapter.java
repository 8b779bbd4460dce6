package dev.mallard.mcp;

import dev.mallard.mcp.tasks.TaskRun;
import dev.mallard.tools.Tool;
import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Presents one Mallard tool to the MCP SDK's sessions. The tool runs on the thread that delivered
 * the request (a virtual thread in both transports), through the {@link ToolRunner}.
 */
final class ToolAdapter {
    private static final Logger log = LoggerFactory.getLogger(ToolAdapter.class);

    private final Tool tool;
    private final ToolRunner runner;

    ToolAdapter(Tool tool, ToolRunner runner) {
        this.tool = tool;
        this.runner = runner;
    }

    McpServerFeatures.AsyncToolSpecification specification() {
        return new McpServerFeatures.AsyncToolSpecification(ToolRunner.describe(tool.definition()),
                (exchange, request) -> Mono.fromCallable(() -> call(exchange, request)));
    }

    private McpSchema.CallToolResult call(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        McpSchema.Implementation client = exchange.getClientInfo();
        ToolRunner.Call call = new ToolRunner.Call(RequestKeys.principal(exchange.transportContext()),
                client == null ? null : client.name(), client == null ? null : client.version(), exchange.sessionId(),
                exchange.transportContext().get(RequestKeys.REQUEST_ID),
                ToolRunner.progress(request.progressToken(), notification -> exchange.progressNotification(notification)
                        .subscribe(null, error -> log.debug("Progress notification not delivered: {}", error.getMessage()))),
                prompt(exchange),
                exchange.transportContext().get(RequestKeys.TASK) instanceof TaskRun task ? Optional.of(task)
                        : Optional.empty());
        return runner.call(tool, request.arguments(), call);
    }

    /** Asking the user is possible when the client declared form elicitation. */
    private static Optional<UserPrompt> prompt(McpAsyncServerExchange exchange) {
        return ApprovalForm.supported(exchange.getClientCapabilities())
                ? Optional.of(new ElicitationPrompt(exchange))
                : Optional.empty();
    }
}
