package dev.mallard.mcp;

import dev.mallard.auth.Principal;
import dev.mallard.mcp.tasks.TaskRun;
import dev.mallard.tools.Cancellation;
import dev.mallard.tools.Caller;
import dev.mallard.tools.ProgressReporter;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolArguments;
import dev.mallard.tools.ToolContext;
import dev.mallard.tools.ToolDefinition;
import dev.mallard.tools.ToolInvoker;
import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Presents one Mallard tool to the MCP SDK. The tool runs on the thread that delivered the request
 * (a virtual thread in both transports), through the {@link ToolInvoker}, which audits the call and
 * turns failures into error results.
 */
final class ToolAdapter {
    private static final Logger log = LoggerFactory.getLogger(ToolAdapter.class);

    private final Tool tool;
    private final ToolInvoker invoker;
    private final RunningRequests running;

    ToolAdapter(Tool tool, ToolInvoker invoker, RunningRequests running) {
        this.tool = tool;
        this.invoker = invoker;
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
        if (exchange.transportContext().get(RequestKeys.TASK) instanceof TaskRun task) {
            return callAsTask(exchange, request, task);
        }
        Cancellation cancellation = new Cancellation();
        Object requestId = exchange.transportContext().get(RequestKeys.REQUEST_ID);
        Optional<Principal> principal = RequestKeys.principal(exchange.transportContext());
        Optional<McpSchema.CallToolResult> refusal = refusal(principal);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        try (RunningRequests.Registration ignored = running.register(exchange.sessionId(), requestId, cancellation)) {
            ToolContext context = new ToolContext(caller(exchange, principal.get()), progress(exchange, request),
                    cancellation, prompt(exchange));
            return invoke(request, context);
        }
    }

    /**
     * A call that runs as an MCP task: stopped by {@code tasks/cancel} rather than by a cancellation of
     * its request or the end of the session, with the time limit for tasks, and its progress in the
     * task's status (and in progress notifications, if the client passed a token). It asks the user
     * nothing: Mallard's tasks never wait for input.
     */
    private McpSchema.CallToolResult callAsTask(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request,
            TaskRun task) {
        Optional<Principal> principal = RequestKeys.principal(exchange.transportContext());
        Optional<McpSchema.CallToolResult> refusal = refusal(principal);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ProgressReporter progress = both(task.progress(), progress(exchange, request));
        return invoke(request, new ToolContext(caller(exchange, principal.get()), progress, task.cancellation(),
                Optional.empty(), Optional.of(task.timeLimit())));
    }

    private Optional<McpSchema.CallToolResult> refusal(Optional<Principal> principal) {
        if (principal.isEmpty()) {
            log.error("A {} call reached the tools without a principal; refused", tool.definition().name());
            return Optional.of(error("This request was not authenticated. Reconnect to the server."));
        }
        if (!principal.get().has(tool.definition().scope())) {
            // The HTTP transport answers 403 before this point; this holds for any other transport.
            return Optional.of(error("The tool " + tool.definition().name() + " needs the '"
                    + tool.definition().scope().label() + "' scope, which this credential does not have. Use a "
                    + "credential with that scope."));
        }
        return Optional.empty();
    }

    private McpSchema.CallToolResult invoke(McpSchema.CallToolRequest request, ToolContext context) {
        return switch (invoker.invoke(tool, new ToolArguments(request.arguments()), context)) {
            case ToolInvoker.Outcome.Succeeded succeeded -> McpSchema.CallToolResult.builder()
                    .structuredContent(succeeded.result().structured())
                    .content(List.of(McpSchema.TextContent.builder(succeeded.result().text()).build()))
                    .isError(false)
                    .build();
            case ToolInvoker.Outcome.Failed failed -> error(failed.message());
        };
    }

    private static ProgressReporter both(ProgressReporter first, ProgressReporter second) {
        if (!second.wanted()) {
            return first;
        }
        return new ProgressReporter() {
            @Override
            public boolean wanted() {
                return true;
            }

            @Override
            public void report(double progress, double total, String message) {
                first.report(progress, total, message);
                second.report(progress, total, message);
            }
        };
    }

    static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(message).build()))
                .isError(true)
                .build();
    }

    private static Caller caller(McpAsyncServerExchange exchange, Principal principal) {
        McpSchema.Implementation client = exchange.getClientInfo();
        return new Caller(principal, client == null ? null : client.name(), client == null ? null : client.version(),
                exchange.sessionId());
    }

    /** Asking the user is possible when the client declared form elicitation (an empty declaration means form). */
    private static Optional<UserPrompt> prompt(McpAsyncServerExchange exchange) {
        McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
        if (capabilities == null || capabilities.elicitation() == null) {
            return Optional.empty();
        }
        McpSchema.ClientCapabilities.Elicitation elicitation = capabilities.elicitation();
        if (elicitation.form() == null && elicitation.url() != null) {
            return Optional.empty();
        }
        return Optional.of(new ElicitationPrompt(exchange));
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
