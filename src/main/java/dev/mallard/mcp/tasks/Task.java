package dev.mallard.mcp.tasks;

import dev.mallard.tools.Cancellation;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
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

    /** Ends the task as its request ended, unless it was cancelled first; true when the status changed. */
    synchronized boolean finish(TaskStatus ending, String message, Instant now) {
        if (status.terminal()) {
            return false;
        }
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
        statusMessage = "The task was cancelled by request.";
        lastUpdatedAt = now;
        return Optional.empty();
    }

    /** A finished task is dropped once its ttl has passed; a running one is kept until it ends. */
    synchronized boolean expired(Instant now) {
        return status.terminal() && !now.isBefore(createdAt.plus(ttl));
    }

    /** The task as the protocol's {@code Task} object. */
    synchronized Map<String, Object> wire(Duration pollInterval) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("taskId", id);
        task.put("status", status.wire());
        task.put("statusMessage", statusMessage);
        task.put("createdAt", createdAt.toString());
        task.put("lastUpdatedAt", lastUpdatedAt.toString());
        task.put("ttl", ttl.toMillis());
        if (!status.terminal()) {
            task.put("pollInterval", pollInterval.toMillis());
        }
        return task;
    }
}
