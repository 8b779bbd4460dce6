package dev.mallard.mcp;

import dev.mallard.auth.Principal;
import dev.mallard.auth.Scope;
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
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and calls Mallard tools for both MCP eras: the SDK's sessions (through {@link ToolAdapter})
 * and stateless 2026-07-28 requests. One place decides what a principal sees and may call, registers
 * the call for cancellation and turns the {@link ToolInvoker}'s outcome into an MCP result.
 */
public final class ToolRunner {
    private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

    private final ToolInvoker invoker;
    private final RunningRequests running;

    public ToolRunner(ToolInvoker invoker, RunningRequests running) {
        this.invoker = invoker;
        this.running = running;
    }

    /**
     * Who calls and how to reach them while the tool runs.
     *
     * @param task set when the call runs as an MCP task: then {@code tasks/cancel} stops it rather than a
     *     cancellation of its request, it has the time limit for tasks, its progress also becomes the
     *     task's status, and it asks the user nothing (Mallard's tasks never wait for input)
     */
    public record Call(Optional<Principal> principal, String clientName, String clientVersion, String sessionId,
            Object requestId, ProgressReporter progress, Optional<UserPrompt> prompt, Optional<TaskRun> task) {}

    public static McpSchema.Tool describe(ToolDefinition definition) {
        return McpSchema.Tool.builder(definition.name(), definition.inputSchema())
                .title(definition.title())
                .description(definition.description())
                .outputSchema(definition.outputSchema())
                .annotations(new McpSchema.ToolAnnotations(definition.title(), definition.hints().readOnly(),
                        definition.hints().destructive(), definition.hints().idempotent(), false, null))
                .build();
    }

    /** Listed: a tool this server can run (not query_rw on a read-only server) that the credential has the scope for. */
    public static boolean listed(Tool tool, Optional<Principal> principal) {
        return tool.unavailableReason().isEmpty()
                && principal.filter(p -> p.has(tool.definition().scope())).isPresent();
    }

    public McpSchema.CallToolResult call(Tool tool, Map<String, Object> arguments, Call call) {
        if (call.principal().isEmpty()) {
            log.error("A {} call reached the tools without a principal; refused", tool.definition().name());
            return error("This request was not authenticated. Reconnect to the server.");
        }
        Principal principal = call.principal().get();
        if (!principal.has(tool.definition().scope())) {
            // The HTTP transport answers 403 before this point; this holds for any other transport.
            return error("The tool " + tool.definition().name() + " needs the "
                    + Scope.either(tool.definition().scope())
                    + " scope, which this credential does not have. Use a credential with that scope.");
        }
        Caller caller = new Caller(principal, call.clientName(), call.clientVersion(), call.sessionId());
        if (call.task().isPresent()) {
            TaskRun task = call.task().get();
            return invoke(tool, arguments, new ToolContext(caller, both(task.progress(), call.progress()),
                    task.cancellation(), Optional.empty(), Optional.of(task.timeLimit())));
        }
        Cancellation cancellation = new Cancellation();
        try (RunningRequests.Registration ignored = running.register(call.sessionId(), call.requestId(), cancellation)) {
            return invoke(tool, arguments, new ToolContext(caller, call.progress(), cancellation, call.prompt()));
        }
    }

    private McpSchema.CallToolResult invoke(Tool tool, Map<String, Object> arguments, ToolContext context) {
        return switch (invoker.invoke(tool, new ToolArguments(arguments), context)) {
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
        return (progress, total, message) -> {
            first.report(progress, total, message);
            second.report(progress, total, message);
        };
    }

    public static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.TextContent.builder(message).build()))
                .isError(true)
                .build();
    }

    /** Progress for a request that carried a progress token; none without one. */
    public static ProgressReporter progress(Object token, Consumer<McpSchema.ProgressNotification> send) {
        if (token == null) {
            return ProgressReporter.NONE;
        }
        return new ProgressReporter() {
            private double last = -1;

            @Override
            public synchronized void report(double progress, double total, String message) {
                // MCP requires progress to increase with every notification.
                if (progress <= last) {
                    return;
                }
                last = progress;
                send.accept(McpSchema.ProgressNotification.builder(token, progress).total(total).message(message).build());
            }
        };
    }
}
