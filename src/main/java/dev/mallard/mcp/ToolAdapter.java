package dev.mallard.mcp;

import dev.mallard.error.ErrorCategory;
import dev.mallard.error.MallardException;
import dev.mallard.tools.Cancellation;
import dev.mallard.tools.ProgressReporter;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolArguments;
import dev.mallard.tools.ToolContext;
import dev.mallard.tools.ToolDefinition;
import dev.mallard.tools.ToolResult;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Presents one Mallard tool to the MCP SDK. The tool runs on the thread that delivered the request
 * (a virtual thread in both transports); anything it throws becomes an error result: user errors
 * word for word, internal errors as an id that is also in the log.
 */
final class ToolAdapter {
    private static final Logger log = LoggerFactory.getLogger(ToolAdapter.class);

    private final Tool tool;
    private final RunningRequests running;

    ToolAdapter(Tool tool, RunningRequests running) {
        this.tool = tool;
        this.running = running;
    }

    McpServerFeatures.AsyncToolSpecification specification() {
        return new McpServerFeatures.AsyncToolSpecification(describe(tool.definition()),
                (exchange, request) -> Mono.fromCallable(() -> call(exchange, request)));
    }

    static McpSchema.Tool describe(ToolDefinition definition) {
        return McpSchema.Tool.builder(definition.name(), definition.inputSchema())
                .title(definition.title())
                .description(definition.description())
                .outputSchema(definition.outputSchema())
                .annotations(new McpSchema.ToolAnnotations(definition.title(), definition.hints().readOnly(),
                        definition.hints().destructive(), definition.hints().idempotent(), false, null))
                .build();
    }

    private McpSchema.CallToolResult call(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Optional<String> unavailable = tool.unavailableReason();
        if (unavailable.isPresent()) {
            return error(unavailable.get());
        }
        Cancellation cancellation = new Cancellation();
        Object requestId = exchange.transportContext().get(RequestKeys.REQUEST_ID);
        try (RunningRequests.Registration ignored = running.register(exchange.sessionId(), requestId, cancellation)) {
            ToolContext context = new ToolContext(progress(exchange, request), cancellation);
            ToolResult result = tool.call(new ToolArguments(request.arguments()), context);
            return McpSchema.CallToolResult.builder()
                    .structuredContent(result.structured())
                    .content(List.of(McpSchema.TextContent.builder(result.text()).build()))
                    .isError(false)
                    .build();
        } catch (MallardException e) {
            if (e.code().category() == ErrorCategory.INTERNAL_ERROR) {
                return internalError(e);
            }
            return error(e.getMessage());
        } catch (RuntimeException e) {
            return internalError(e);
        }
    }

    private McpSchema.CallToolResult internalError(Exception e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.error("Internal error {} in tool {}", id, tool.definition().name(), e);
        return error("Internal error in " + tool.definition().name() + " (error id " + id
                + "). The server log has the details.");
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(message).build()))
                .isError(true)
                .build();
    }

    private static ProgressReporter progress(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Object token = request.progressToken();
        if (token == null) {
            return ProgressReporter.NONE;
        }
        return new ProgressReporter() {
            private double last = -1;

            @Override
            public boolean wanted() {
                return true;
            }

            @Override
            public synchronized void report(double progress, double total, String message) {
                // MCP requires progress to increase with every notification.
                if (progress <= last) {
                    return;
                }
                last = progress;
                exchange.progressNotification(McpSchema.ProgressNotification.builder(token, progress)
                        .total(total).message(message).build())
                        .subscribe(null, error -> log.debug("Progress notification not delivered: {}", error.getMessage()));
            }
        };
    }
}
