package dev.mallard.mcp.tasks;

import dev.mallard.auth.Principal;
import dev.mallard.mcp.JsonRpc;
import dev.mallard.mcp.RequestKeys;
import dev.mallard.tools.ProgressReporter;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP tasks (basic/utilities/tasks, 2025-11-25) for tool calls, which the SDK does not have. A
 * {@code tools/call} with a {@code task} field is answered at once with the task; the call itself
 * runs in the background through the session, the same path as any call (scopes, grants, audit),
 * with the longer time limit for tasks. Tasks belong to the principal that created them: to anyone
 * else a task id does not exist. Both transports hand this registry the task requests of 2025-11-25
 * sessions; every other message goes past it untouched.
 */
public final class TaskRegistry {
    public static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
    static final String IMMEDIATE_RESPONSE = "io.modelcontextprotocol/model-immediate-response";
    static final String TASKS_GET = "tasks/get";
    static final String TASKS_RESULT = "tasks/result";
    static final String TASKS_LIST = "tasks/list";
    static final String TASKS_CANCEL = "tasks/cancel";
    static final String STATUS_NOTIFICATION = "notifications/tasks/status";
    static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final Duration MIN_TTL = Duration.ofSeconds(1);
    static final Duration MAX_TTL = Duration.ofHours(24);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /** Tasks one principal may keep at once, running or finished and not yet expired. */
    static final int MAX_TASKS_PER_PRINCIPAL = 50;
    static final int PAGE_SIZE = 20;

    private static final Logger log = LoggerFactory.getLogger(TaskRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JsonMapper json;
    private final Set<String> taskTools;
    private final Duration timeLimit;
    private final Clock clock;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param taskTools the tools that may run as tasks ({@code execution.taskSupport: "optional"})
     * @param timeLimit how long a task's queries may run
     */
    public TaskRegistry(JsonMapper json, Set<String> taskTools, Duration timeLimit, Clock clock) {
        this.json = json;
        this.taskTools = Set.copyOf(taskTools);
        this.timeLimit = timeLimit;
        this.clock = clock;
    }

    /** Tasks exist from protocol 2025-11-25 on; older sessions see none of this. */
    public static boolean supports(String protocolVersion) {
        return ProtocolVersions.MCP_2025_11_25.equals(protocolVersion);
    }

    /** Whether the request is for this registry: a {@code tasks/*} request or a tools/call with a task. */
    public static boolean handles(McpSchema.JSONRPCRequest request) {
        return switch (request.method()) {
            case TASKS_GET, TASKS_RESULT, TASKS_LIST, TASKS_CANCEL -> true;
            case McpSchema.METHOD_TOOLS_CALL -> request.params() instanceof Map<?, ?> params
                    && params.get("task") != null;
            default -> false;
        };
    }

    /**
     * Answers a request {@link #handles} accepted. {@code tasks/result} blocks until the task ends.
     *
     * @param session runs the task's call and carries its status notifications
     */
    public McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request, Principal principal,
            TaskSession session) {
        dropExpired();
        Map<?, ?> params = request.params() instanceof Map<?, ?> map ? map : Map.of();
        return switch (request.method()) {
            case McpSchema.METHOD_TOOLS_CALL -> start(request, params, principal, session);
            case TASKS_LIST -> list(request, params, principal);
            default -> find(request, params, principal).fold(task -> switch (request.method()) {
                case TASKS_RESULT -> result(request, task);
                case TASKS_CANCEL -> cancel(request, task);
                default -> McpSchema.JSONRPCResponse.result(request.id(), task.wire(POLL_INTERVAL));
            });
        };
    }

    /** The initialize result with the {@code tasks} server capability added, for 2025-11-25 sessions. */
    public Object initializeResult(McpSchema.InitializeResult result) {
        if (!supports(result.protocolVersion())) {
            return result;
        }
        Map<String, Object> wire = asMap(result);
        Map<String, Object> capabilities = new LinkedHashMap<>(asMap(wire.get("capabilities")));
        capabilities.put("tasks", Map.of("list", Map.of(), "cancel", Map.of(),
                "requests", Map.of("tools", Map.of("call", Map.of()))));
        wire.put("capabilities", capabilities);
        return wire;
    }

    /** A tools/list response with {@code execution.taskSupport} on the tools that may run as tasks. */
    public McpSchema.JSONRPCResponse toolsList(McpSchema.JSONRPCResponse response) {
        if (response.result() == null) {
            return response;
        }
        Map<String, Object> result = asMap(response.result());
        if (!(result.get("tools") instanceof List<?> tools)) {
            return response;
        }
        result.put("tools", tools.stream().map(tool -> {
            Map<String, Object> described = asMap(tool);
            if (taskTools.contains(described.get("name"))) {
                described.put("execution", Map.of("taskSupport", "optional"));
            }
            return described;
        }).toList());
        return McpSchema.JSONRPCResponse.result(response.id(), result);
    }

    private McpSchema.JSONRPCResponse start(McpSchema.JSONRPCRequest request, Map<?, ?> params, Principal principal,
            TaskSession session) {
        Object tool = params.get("name");
        if (!(tool instanceof String name) || !taskTools.contains(name)) {
            // basic/utilities/tasks, "Tool-Level Negotiation": -32601 for a tool that does not run as a task.
            return error(request, JsonRpc.METHOD_NOT_FOUND, "The tool " + tool + " does not run as a task (its "
                    + "execution.taskSupport is forbidden). Call it without \"task\"; tools that run as tasks: "
                    + String.join(", ", taskTools.stream().sorted().toList()) + ".");
        }
        Optional<Duration> ttl = ttl(params.get("task"));
        if (ttl.isEmpty()) {
            return error(request, JsonRpc.INVALID_PARAMS, "Invalid params: \"task\" must be an object, optionally "
                    + "with \"ttl\", a whole number of milliseconds, e.g. {\"ttl\": 600000}.");
        }
        Optional<Task> registered = register(principal, ttl.get(), session);
        if (registered.isEmpty()) {
            return error(request, JsonRpc.INVALID_REQUEST, tooMany() + "; cancel running ones you no longer "
                    + "need with tasks/cancel, ask for shorter ttls, or call the tool without \"task\".");
        }
        Task task = registered.get();
        run(task, request, params, principal);
        log.info("Task {} started by {}: {}", task.id, principal.name(), tool);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("task", task.wire(POLL_INTERVAL));
        created.put("_meta", Map.of(IMMEDIATE_RESPONSE, "The " + tool + " call runs as task " + task.id
                + "; its result will be available through tasks/result."));
        return McpSchema.JSONRPCResponse.result(request.id(), created);
    }

    /**
     * A new task of the principal's, findable at once; empty when the principal keeps too many.
     *
     * @param session where the task's status notifications go; null when there is none (2026-07-28)
     */
    Optional<Task> register(Principal principal, Duration ttl, TaskSession session) {
        dropExpired();
        if (tasks.values().stream().filter(task -> task.owner.equals(principal.name())).count()
                >= MAX_TASKS_PER_PRINCIPAL) {
            return Optional.empty();
        }
        Task task = new Task(newId(), principal.name(), sequence.incrementAndGet(), clock.instant(), ttl, session);
        tasks.put(task.id, task);
        return Optional.of(task);
    }

    /** Why {@link #register} refused, for the error message. */
    static String tooMany() {
        return "You already have " + MAX_TASKS_PER_PRINCIPAL + " tasks, the most one user may keep. Finished tasks "
                + "are dropped when their ttl expires";
    }

    /** The principal's task with this id: another principal's task, or an expired one, does not exist. */
    Optional<Task> owned(String taskId, Principal principal) {
        dropExpired();
        Task task = tasks.get(taskId);
        return task == null || !task.owner.equals(principal.name()) ? Optional.empty() : Optional.of(task);
    }

    /** Drops a task nobody learnt of: its call was answered directly. */
    void forget(Task task) {
        tasks.remove(task.id, task);
    }

    Duration timeLimit() {
        return timeLimit;
    }

    Clock clock() {
        return clock;
    }

    Set<String> taskTools() {
        return taskTools;
    }

    private void run(Task task, McpSchema.JSONRPCRequest request, Map<?, ?> params, Principal principal) {
        Map<Object, Object> callParams = new LinkedHashMap<>(params);
        callParams.remove("task");
        // An id of its own: the client's id was answered by the CreateTaskResult.
        McpSchema.JSONRPCRequest call = new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, request.method(),
                "mallard-task-" + task.id, callParams);
        TaskRun taskRun = new TaskRun(task.id, task.cancellation, timeLimit, progress(task));
        McpTransportContext context = McpTransportContext.create(Map.of(RequestKeys.REQUEST_ID, call.id(),
                RequestKeys.PRINCIPAL, principal, RequestKeys.TASK, taskRun));
        task.session.run(call, context).whenComplete((response, failure) -> finish(task, response, failure));
    }

    private void finish(Task task, McpSchema.JSONRPCResponse response, Throwable failure) {
        McpSchema.JSONRPCResponse outcome = response != null ? response
                : McpSchema.JSONRPCResponse.error(null, new McpSchema.JSONRPCResponse.JSONRPCError(
                        JsonRpc.INTERNAL_ERROR, "The task's request ended without a response", null));
        if (failure != null) {
            log.error("Task {} failed in the MCP session", task.id, failure);
        }
        TaskStatus ending = TaskStatus.COMPLETED;
        String message = "The query finished.";
        if (outcome.error() != null) {
            ending = TaskStatus.FAILED;
            message = outcome.error().message();
        } else if (asMap(outcome.result()).get("isError") instanceof Boolean isError && isError) {
            ending = TaskStatus.FAILED;
            message = firstText(asMap(outcome.result()));
        }
        boolean changed = task.finish(ending, message, clock.instant());
        task.outcome.complete(outcome);
        log.info("Task {} of {} ended: {}", task.id, task.owner, task.status().wire());
        if (changed) {
            notifyStatus(task);
        }
    }

    ProgressReporter progress(Task task) {
        return (progress, total, message) ->
                task.progress(String.format(Locale.ROOT, "%.0f%% done", 100.0 * progress / total), clock.instant());
    }

    private McpSchema.JSONRPCResponse result(McpSchema.JSONRPCRequest request, Task task) {
        McpSchema.JSONRPCResponse outcome;
        try {
            // The task's own time limit ends its query first; the margin covers writing the result.
            outcome = task.outcome.get(timeLimit.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(request, JsonRpc.INTERNAL_ERROR, "The server is shutting down; try again once it is back.");
        } catch (ExecutionException | TimeoutException e) {
            return error(request, JsonRpc.INTERNAL_ERROR, "Task " + task.id + " did not end in time.");
        }
        if (outcome.error() != null) {
            // basic/utilities/tasks, "Result Retrieval": the error the request itself would have returned.
            return McpSchema.JSONRPCResponse.error(request.id(), outcome.error());
        }
        Map<String, Object> result = asMap(outcome.result());
        Map<String, Object> meta = new LinkedHashMap<>(asMap(result.get("_meta")));
        meta.put(RELATED_TASK, Map.of("taskId", task.id));
        result.put("_meta", meta);
        return McpSchema.JSONRPCResponse.result(request.id(), result);
    }

    private McpSchema.JSONRPCResponse cancel(McpSchema.JSONRPCRequest request, Task task) {
        Optional<TaskStatus> terminal = task.cancel(clock.instant());
        if (terminal.isPresent()) {
            return error(request, JsonRpc.INVALID_PARAMS, "Cannot cancel task " + task.id + ": it is already "
                    + terminal.get().wire() + ". Fetch its result with tasks/result.");
        }
        task.cancellation.cancel();
        log.info("Task {} cancelled by {}", task.id, task.owner);
        notifyStatus(task);
        return McpSchema.JSONRPCResponse.result(request.id(), task.wire(POLL_INTERVAL));
    }

    private McpSchema.JSONRPCResponse list(McpSchema.JSONRPCRequest request, Map<?, ?> params, Principal principal) {
        long after = 0;
        if (params.get("cursor") != null) {
            Optional<Long> cursor = cursor(params.get("cursor"));
            if (cursor.isEmpty()) {
                return error(request, JsonRpc.INVALID_PARAMS, "Invalid params: the cursor is not one tasks/list "
                        + "returned. Call tasks/list without a cursor to start from the first page.");
            }
            after = cursor.get();
        }
        long start = after;
        List<Task> mine = tasks.values().stream()
                .filter(task -> task.owner.equals(principal.name()) && task.sequence > start)
                .sorted(Comparator.comparingLong(task -> task.sequence))
                .limit(PAGE_SIZE + 1)
                .toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("tasks", mine.stream().limit(PAGE_SIZE).map(task -> task.wire(POLL_INTERVAL)).toList());
        if (mine.size() > PAGE_SIZE) {
            page.put("nextCursor", encodeCursor(mine.get(PAGE_SIZE - 1).sequence));
        }
        return McpSchema.JSONRPCResponse.result(request.id(), page);
    }

    /** The caller's task named in the request, or the error to answer: another principal's task is unknown. */
    private Lookup find(McpSchema.JSONRPCRequest request, Map<?, ?> params, Principal principal) {
        if (!(params.get("taskId") instanceof String taskId) || taskId.isBlank()) {
            return new Lookup(null, error(request, JsonRpc.INVALID_PARAMS, "Invalid params: " + request.method()
                    + " needs \"taskId\", the id returned when the task was created."));
        }
        Task task = owned(taskId, principal).orElse(null);
        if (task == null) {
            return new Lookup(null, error(request, JsonRpc.INVALID_PARAMS, "Task " + taskId + " not found: it "
                    + "expired (finished tasks are kept for their ttl) or was never created by you. tasks/list "
                    + "shows your tasks."));
        }
        return new Lookup(task, null);
    }

    private record Lookup(Task task, McpSchema.JSONRPCResponse error) {
        McpSchema.JSONRPCResponse fold(java.util.function.Function<Task, McpSchema.JSONRPCResponse> found) {
            return task == null ? error : found.apply(task);
        }
    }

    private void notifyStatus(Task task) {
        if (task.session == null) {
            return;
        }
        try {
            task.session.notify(STATUS_NOTIFICATION, task.wire(POLL_INTERVAL));
        } catch (RuntimeException e) {
            log.debug("Status of task {} not delivered: {}", task.id, e.getMessage());
        }
    }

    private void dropExpired() {
        var now = clock.instant();
        tasks.values().removeIf(task -> task.expired(now));
    }

    /** The ttl asked for, within Mallard's bounds; empty when the task field is malformed. */
    private static Optional<Duration> ttl(Object task) {
        if (!(task instanceof Map<?, ?> fields)) {
            return Optional.empty();
        }
        Object ttl = fields.get("ttl");
        if (ttl == null) {
            return Optional.of(DEFAULT_TTL);
        }
        if (!(ttl instanceof Number millis) || millis.doubleValue() != Math.floor(millis.doubleValue())
                || millis.longValue() < 0) {
            return Optional.empty();
        }
        Duration asked = Duration.ofMillis(millis.longValue());
        return Optional.of(asked.compareTo(MIN_TTL) < 0 ? MIN_TTL : asked.compareTo(MAX_TTL) > 0 ? MAX_TTL : asked);
    }

    private static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encodeCursor(long sequence) {
        return "t" + Long.toString(sequence, 36);
    }

    private static Optional<Long> cursor(Object cursor) {
        if (!(cursor instanceof String text) || !text.startsWith("t")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.substring(1), 36));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String firstText(Map<String, Object> result) {
        if (result.get("content") instanceof List<?> content && !content.isEmpty()
                && content.getFirst() instanceof Map<?, ?> first && first.get("text") instanceof String text) {
            return text;
        }
        return "The tool reported an error.";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(Object value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(json.convertValue(value, Map.class));
    }

    private McpSchema.JSONRPCResponse error(McpSchema.JSONRPCRequest request, int code, String message) {
        return McpSchema.JSONRPCResponse.error(request.id(),
                new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null));
    }
}
