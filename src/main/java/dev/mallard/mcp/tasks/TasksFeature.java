package dev.mallard.mcp.tasks;

import dev.mallard.mcp.JsonRpc;
import dev.mallard.mcp.ToolRunner;
import dev.mallard.mcp.stateless.StatelessFeature;
import dev.mallard.mcp.stateless.StatelessMethod;
import dev.mallard.mcp.stateless.StatelessProtocol;
import dev.mallard.mcp.stateless.StatelessReply;
import dev.mallard.mcp.stateless.StatelessRequest;
import dev.mallard.tools.Cancellation;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}) for 2026-07-28 requests: the server
 * decides per call whether a {@code tools/call} becomes a task, and only for a request whose
 * capabilities declare the extension; the client polls {@code tasks/get}, which inlines the result,
 * answers requests with {@code tasks/update} and stops work with {@code tasks/cancel}. There is no
 * {@code tasks/list} or {@code tasks/result}. Tasks live in the same {@link TaskRegistry} as the
 * session era's: they belong to the principal that created them, with the same limits.
 * <p>
 * Mallard's own task tools ({@code query}, {@code export_query}) are answered directly when they end
 * within {@link #GRACE}, so a quick query costs no polling; a longer one becomes a task.
 */
public final class TasksFeature implements StatelessFeature {
    public static final String EXTENSION = "io.modelcontextprotocol/tasks";
    /** Missing Required Client Capability (basic/index, 2026-07-28). */
    static final int MISSING_CAPABILITY = -32021;
    static final String TASKS_UPDATE = "tasks/update";
    static final Duration GRACE = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(TasksFeature.class);

    private final TaskRegistry registry;
    private final ToolRegistry tools;
    private final ToolRunner runner;
    private final Map<String, TaskTool> own;
    private final JsonMapper json;

    /**
     * @param own tools with their own handlers (the conformance fixtures), served beside Mallard's
     */
    public TasksFeature(TaskRegistry registry, ToolRegistry tools, ToolRunner runner, List<TaskTool> own,
            JsonMapper json) {
        this.registry = registry;
        this.tools = tools;
        this.runner = runner;
        this.own = own.stream().collect(Collectors.toUnmodifiableMap(tool -> tool.tool().name(), tool -> tool));
        this.json = json;
    }

    @Override
    public Map<String, Object> capabilities() {
        return Map.of("extensions", Map.of(EXTENSION, Map.of()));
    }

    @Override
    public Map<String, StatelessMethod> methods() {
        return Map.of(TaskRegistry.TASKS_GET, gated(this::get), TASKS_UPDATE, gated(this::update),
                TaskRegistry.TASKS_CANCEL, gated(this::cancel));
    }

    @Override
    public Map<String, UnaryOperator<StatelessMethod>> decorators() {
        return Map.of(McpSchema.METHOD_TOOLS_LIST, this::list, McpSchema.METHOD_TOOLS_CALL, this::call);
    }

    /** tasks extension, "Streamable HTTP: Routing Headers": Mcp-Name carries the task id. */
    @Override
    public Map<String, String> namedBy() {
        return Map.of(TaskRegistry.TASKS_GET, "taskId", TASKS_UPDATE, "taskId", TaskRegistry.TASKS_CANCEL, "taskId");
    }

    /** Whether the request's own capabilities declare the extension; earlier requests count for nothing. */
    static boolean declared(StatelessRequest request) {
        return request.meta().get(StatelessProtocol.CLIENT_CAPABILITIES) instanceof Map<?, ?> capabilities
                && capabilities.get("extensions") instanceof Map<?, ?> extensions
                && extensions.containsKey(EXTENSION);
    }

    private StatelessMethod gated(Function<StatelessRequest, StatelessReply> method) {
        return request -> declared(request) ? method.apply(request) : missingCapability(request.method()
                + " needs the tasks extension: declare \"" + EXTENSION + "\" under extensions in the request's "
                + StatelessProtocol.CLIENT_CAPABILITIES + ".");
    }

    private static StatelessReply.Error missingCapability(String message) {
        return new StatelessReply.Error(200, MISSING_CAPABILITY, "Missing required client capability: " + message,
                Map.of("requiredCapabilities", Map.of("extensions", Map.of(EXTENSION, Map.of()))));
    }

    private StatelessMethod list(StatelessMethod inner) {
        return request -> {
            StatelessReply reply = inner.handle(request);
            if (!(reply instanceof StatelessReply.Result(Map<String, Object> result))
                    || !(result.get("tools") instanceof List<?> listed)) {
                return reply;
            }
            List<Object> described = new ArrayList<>();
            for (Object tool : listed) {
                Map<String, Object> fields = asMap(tool);
                if (registry.taskTools().contains(fields.get("name"))) {
                    fields.put("execution", Map.of("taskSupport", TaskTool.Support.OPTIONAL.wire()));
                }
                described.add(fields);
            }
            own.values().stream().sorted((a, b) -> a.tool().name().compareTo(b.tool().name())).forEach(tool -> {
                Map<String, Object> fields = asMap(tool.tool());
                fields.put("execution", Map.of("taskSupport", tool.support().wire()));
                described.add(fields);
            });
            Map<String, Object> withTasks = new LinkedHashMap<>(result);
            withTasks.put("tools", described);
            return new StatelessReply.Result(withTasks);
        };
    }

    private StatelessMethod call(StatelessMethod inner) {
        return request -> {
            Object name = request.params().get("name");
            TaskTool fixture = own.get(name);
            if (fixture != null) {
                return callOwn(fixture, request);
            }
            Optional<Tool> tool = registry.taskTools().contains(name) ? tools.find((String) name) : Optional.empty();
            if (tool.isEmpty() || !declared(request) || !(request.params().getOrDefault("arguments", Map.of())
                    instanceof Map<?, ?> arguments)) {
                return inner.handle(request);
            }
            // A user at the task limit still gets the query answered, as a plain call.
            return start(request, new TaskTool.Start.Work(context -> runTool(tool.get(), arguments, request,
                    (TaskBound) context), GRACE), () -> inner.handle(request));
        };
    }

    private StatelessReply callOwn(TaskTool tool, StatelessRequest request) {
        boolean declared = declared(request);
        if (tool.support() == TaskTool.Support.REQUIRED && !declared) {
            return missingCapability("the tool " + tool.tool().name() + " runs only as a task; declare \""
                    + EXTENSION + "\" under extensions in the request's " + StatelessProtocol.CLIENT_CAPABILITIES + ".");
        }
        Object arguments = request.params().getOrDefault("arguments", Map.of());
        if (!(arguments instanceof Map<?, ?> given)) {
            return StatelessReply.Error.invalidParams("Invalid params: \"arguments\" must be an object.");
        }
        TaskTool.Start start = tool.start(new TaskTool.Call(request.principal(), stringKeys(given),
                request.params()));
        return switch (start) {
            case TaskTool.Start.Now(StatelessReply reply) -> reply;
            case TaskTool.Start.Work work when declared && tool.support() != TaskTool.Support.FORBIDDEN ->
                    start(request, work, () -> new StatelessReply.Error(200, JsonRpc.INVALID_REQUEST,
                            TaskRegistry.tooMany() + "; cancel running ones you no longer need with tasks/cancel, or "
                                    + "wait for them to expire.", null));
            case TaskTool.Start.Work work -> work.work().apply(inline());
        };
    }

    /**
     * Starts the work as a task; answers with its result instead if it ends within its grace.
     *
     * @param tooMany the answer when the principal already keeps as many tasks as allowed
     */
    private StatelessReply start(StatelessRequest request, TaskTool.Start.Work work, Supplier<StatelessReply> tooMany) {
        Optional<Task> registered = registry.register(request.principal(), TaskRegistry.DEFAULT_TTL, null);
        if (registered.isEmpty()) {
            return tooMany.get();
        }
        Task task = registered.get();
        Thread.ofVirtual().name("mcp-task-" + task.id).start(() -> finish(task, work.work(), context(task)));
        log.info("Task {} started by {}: {}", task.id, task.owner, request.params().get("name"));
        if (work.grace().isPositive()) {
            try {
                McpSchema.JSONRPCResponse ended = task.outcome.get(work.grace().toMillis(), TimeUnit.MILLISECONDS);
                // Nobody knows of the task yet, so nothing can have cancelled it: the call's own answer stands.
                registry.forget(task);
                return ended.error() == null ? new StatelessReply.Result(asMap(ended.result()))
                        : new StatelessReply.Error(200, ended.error().code(), ended.error().message(),
                                ended.error().data());
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                // Still running: the client gets the task.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Object> created = new LinkedHashMap<>(task.detailed(TaskRegistry.POLL_INTERVAL));
        // CreateTaskResult is Result & Task: what tasks/get inlines stays there.
        created.keySet().removeAll(List.of("result", "error", "inputRequests"));
        created.put("resultType", "task");
        return new StatelessReply.Result(created);
    }

    private void finish(Task task, Function<TaskContext, StatelessReply> work, TaskContext context) {
        StatelessReply reply;
        try {
            reply = work.apply(context);
        } catch (RuntimeException e) {
            log.error("Task {} failed", task.id, e);
            reply = new StatelessReply.Error(200, JsonRpc.INTERNAL_ERROR, "The task failed inside the server; its "
                    + "log has the details under task " + task.id + ".", null);
        }
        // Kept as the response the call would have had; the client's own id was answered by CreateTaskResult.
        String id = "mallard-task-" + task.id;
        McpSchema.JSONRPCResponse outcome = switch (reply) {
            case StatelessReply.Result(Map<String, Object> result) -> McpSchema.JSONRPCResponse.result(id, result);
            case StatelessReply.Error error -> McpSchema.JSONRPCResponse.error(id,
                    new McpSchema.JSONRPCResponse.JSONRPCError(error.code(), error.message(), error.data()));
        };
        task.outcome.complete(outcome);
        // tasks extension, "Task Execution Errors": a tool result with isError is completed, not failed.
        boolean failed = outcome.error() != null;
        boolean toolError = !failed && asMap(outcome.result()).get("isError") instanceof Boolean isError && isError;
        task.finish(failed ? TaskStatus.FAILED : TaskStatus.COMPLETED, failed ? outcome.error().message()
                : toolError ? "The tool reported an error; see the result." : "The call finished.",
                registry.clock().instant());
        log.info("Task {} of {} ended: {}", task.id, task.owner, task.status().wire());
    }

    /** Runs one of Mallard's tools as a task: its queries get the task's cancellation, time limit and status. */
    private StatelessReply runTool(Tool tool, Map<?, ?> arguments, StatelessRequest request, TaskBound context) {
        McpSchema.Implementation client = request.client();
        Task task = context.task();
        McpSchema.CallToolResult result = runner.call(tool, stringKeys(arguments), new ToolRunner.Call(
                Optional.of(request.principal()), client == null ? null : client.name(),
                client == null ? null : client.version(), null, task.id,
                ToolRunner.progress(null, progress -> { }), Optional.empty(),
                Optional.of(new TaskRun(task.id, context.cancellation(), registry.timeLimit(),
                        registry.progress(task)))));
        return new StatelessReply.Result(asMap(result));
    }

    private StatelessReply get(StatelessRequest request) {
        return find(request).fold(task -> new StatelessReply.Result(task.detailed(TaskRegistry.POLL_INTERVAL)));
    }

    private StatelessReply update(StatelessRequest request) {
        if (!(request.params().get("inputResponses") instanceof Map<?, ?> responses)) {
            return StatelessReply.Error.invalidParams("Invalid params: tasks/update needs \"inputResponses\", an "
                    + "object of answers keyed like the task's inputRequests.");
        }
        return find(request).fold(task -> {
            task.answer(responses, registry.clock().instant());
            return new StatelessReply.Result(Map.of());
        });
    }

    /** tasks extension, "Task Cancellation": an empty acknowledgement, also for a task that already ended. */
    private StatelessReply cancel(StatelessRequest request) {
        return find(request).fold(task -> {
            if (task.cancel(registry.clock().instant()).isEmpty()) {
                task.cancellation.cancel();
                log.info("Task {} cancelled by {}", task.id, task.owner);
            }
            return new StatelessReply.Result(Map.of());
        });
    }

    private Lookup find(StatelessRequest request) {
        if (!(request.params().get("taskId") instanceof String taskId) || taskId.isBlank()) {
            return new Lookup(null, StatelessReply.Error.invalidParams("Invalid params: " + request.method()
                    + " needs \"taskId\", the id returned when the task was created."));
        }
        return registry.owned(taskId, request.principal()).map(task -> new Lookup(task, null))
                .orElseGet(() -> new Lookup(null, StatelessReply.Error.invalidParams("Task " + taskId + " not found: "
                        + "it expired (tasks are kept for their ttlMs) or was never created by you.")));
    }

    private record Lookup(Task task, StatelessReply error) {
        StatelessReply fold(Function<Task, StatelessReply> found) {
            return task == null ? error : found.apply(task);
        }
    }

    /** The context of work running as a task. */
    private TaskContext context(Task task) {
        return new TaskBound(task, registry);
    }

    private record TaskBound(Task task, TaskRegistry registry) implements TaskContext {
        @Override
        public Cancellation cancellation() {
            return task.cancellation;
        }

        @Override
        public Optional<List<Map<String, Object>>> ask(List<Map<String, Object>> requests) {
            List<CompletableFuture<Map<String, Object>>> answers = requests.stream()
                    .map(request -> task.ask(request, registry.clock().instant())).toList();
            try {
                return Optional.of(answers.stream().map(CompletableFuture::join).toList());
            } catch (CancellationException | CompletionException e) {
                return Optional.empty();
            }
        }
    }

    /** The context of work running inline, for a client that did not declare the extension: it cannot be asked. */
    private static TaskContext inline() {
        Cancellation cancellation = new Cancellation();
        return new TaskContext() {
            @Override
            public Cancellation cancellation() {
                return cancellation;
            }

            @Override
            public Optional<List<Map<String, Object>>> ask(List<Map<String, Object>> requests) {
                return Optional.empty();
            }
        };
    }

    private Map<String, Object> asMap(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = value == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(json.convertValue(value, Map.class));
        return map;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
