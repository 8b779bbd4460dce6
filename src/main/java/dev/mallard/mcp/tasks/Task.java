package dev.mallard.mcp.tasks;

import dev.mallard.tools.Cancellation;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One task: who owns it, where it stands, and the response of the request it wraps once that ends.
 * Status changes follow basic/utilities/tasks, "Task Status Lifecycle": from working to a terminal
 * status, never out of one; a cancelled task stays cancelled whatever its query does next.
 */
final class Task {
    final String id;
    final String owner;
    final long sequence;
    final Instant createdAt;
    final Duration ttl;
    final Cancellation cancellation = new Cancellation();
    final TaskSession session;
    final CompletableFuture<McpSchema.JSONRPCResponse> outcome = new CompletableFuture<>();
    /** What the task waits for from the client (tasks extension, "Task Update Requests"), by key. */
    private final Map<String, Map<String, Object>> inputRequests = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Map<String, Object>>> answers = new HashMap<>();
    private int asked;
    private TaskStatus status = TaskStatus.WORKING;
    private String statusMessage;
    private Instant lastUpdatedAt;

    Task(String id, String owner, long sequence, Instant createdAt, Duration ttl, TaskSession session) {
        this.id = id;
        this.owner = owner;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.ttl = ttl;
        this.session = session;
        this.lastUpdatedAt = createdAt;
        this.statusMessage = "The query is running.";
    }

    synchronized TaskStatus status() {
        return status;
    }

    /** Progress while working: the status stays, its message changes. */
    synchronized void progress(String message, Instant now) {
        if (status == TaskStatus.WORKING) {
            statusMessage = message;
            lastUpdatedAt = now;
        }
    }

    /**
     * Asks the client something (an elicitation, say) and waits in {@code input_required} until
     * {@code tasks/update} answers. Each request gets a key never used before in this task.
     *
     * @return the answer; cancelled if the task ends first
     */
    synchronized CompletableFuture<Map<String, Object>> ask(Map<String, Object> request, Instant now) {
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        if (status.terminal()) {
            answer.cancel(false);
            return answer;
        }
        String key = "input-" + ++asked;
        inputRequests.put(key, request);
        answers.put(key, answer);
        status = TaskStatus.INPUT_REQUIRED;
        statusMessage = "Waiting for the client to answer " + inputRequests.size() + " request(s) with tasks/update.";
        lastUpdatedAt = now;
        return answer;
    }

    /** Delivers answers to the requests still outstanding; other keys are ignored (tasks extension, tasks/update). */
    synchronized void answer(Map<?, ?> responses, Instant now) {
        responses.forEach((key, response) -> {
            if (inputRequests.remove(String.valueOf(key)) != null && response instanceof Map<?, ?> fields) {
                Map<String, Object> copy = new LinkedHashMap<>();
                fields.forEach((name, value) -> copy.put(String.valueOf(name), value));
                answers.remove(String.valueOf(key)).complete(copy);
            }
        });
        if (status == TaskStatus.INPUT_REQUIRED && inputRequests.isEmpty()) {
            status = TaskStatus.WORKING;
            statusMessage = "Working with the answers given.";
            lastUpdatedAt = now;
        }
    }

    /** Ends the task as its request ended, unless it was cancelled first; true when the status changed. */
    synchronized boolean finish(TaskStatus ending, String message, Instant now) {
        if (status.terminal()) {
            return false;
        }
        dropInputRequests();
        status = ending;
        statusMessage = message;
        lastUpdatedAt = now;
        return true;
    }

    /**
     * Marks the task cancelled (before its query is stopped, as the specification requires).
     *
     * @return the terminal status that prevented it, or empty when the task is now cancelled
     */
    synchronized Optional<TaskStatus> cancel(Instant now) {
        if (status.terminal()) {
            return Optional.of(status);
        }
        status = TaskStatus.CANCELLED;
        dropInputRequests();
        statusMessage = "The task was cancelled by request.";
        lastUpdatedAt = now;
        return Optional.empty();
    }

    /** A finished task is dropped once its ttl has passed; a running one is kept until it ends. */
    synchronized boolean expired(Instant now) {
        return status.terminal() && !now.isBefore(createdAt.plus(ttl));
    }

    private void dropInputRequests() {
        inputRequests.clear();
        answers.values().forEach(answer -> answer.cancel(false));
        answers.clear();
    }

    /**
     * The task as the tasks extension's {@code DetailedTask} (2026-07-28): the durations carry their
     * unit in the name, and the outstanding requests, the result or the error are inlined.
     */
    synchronized Map<String, Object> detailed(Duration pollInterval) {
        Map<String, Object> task = fields(pollInterval, "ttlMs", "pollIntervalMs");
        McpSchema.JSONRPCResponse ended = outcome.getNow(null);
        switch (status) {
            case INPUT_REQUIRED -> task.put("inputRequests", new LinkedHashMap<>(inputRequests));
            case COMPLETED -> task.put("result", ended == null ? Map.of() : ended.result());
            case FAILED -> task.put("error", ended == null || ended.error() == null
                    ? new McpSchema.JSONRPCResponse.JSONRPCError(-32603, statusMessage, null) : ended.error());
            case WORKING, CANCELLED -> {
                // Nothing inlined.
            }
        }
        return task;
    }

    /** The task as the protocol's {@code Task} object. */
    synchronized Map<String, Object> wire(Duration pollInterval) {
        return fields(pollInterval, "ttl", "pollInterval");
    }

    /** The fields both forms share; they differ only in the names of the two durations. */
    private Map<String, Object> fields(Duration pollInterval, String ttlName, String pollIntervalName) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", id);
        task.put("status", status.wire());
        task.put("statusMessage", statusMessage);
        task.put("createdAt", createdAt.toString());
        task.put("lastUpdatedAt", lastUpdatedAt.toString());
        task.put(ttlName, ttl.toMillis());
        if (!status.terminal()) {
            task.put(pollIntervalName, pollInterval.toMillis());
        }
        return task;
    }
}
