package dev.mallard.mcp.tasks;

import dev.mallard.tools.Cancellation;
import dev.mallard.tools.ProgressReporter;
import java.time.Duration;

/**
 * What a tool call running as a task gets instead of a normal call's: the task's cancellation (for
 * {@code tasks/cancel}), the longer time limit for tasks, and progress that becomes the task's
 * status message. The transport puts it into the request's context under
 * {@link dev.mallard.mcp.RequestKeys#TASK}.
 */
public record TaskRun(String taskId, Cancellation cancellation, Duration timeLimit, ProgressReporter progress) {}
