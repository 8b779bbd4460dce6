package dev.mallard.mcp.tasks;

import java.util.Locale;

/**
 * The states of an MCP task (basic/utilities/tasks, "Task Status"). Only tasks of the 2026-07-28
 * tasks extension wait for input; Mallard's own tools never do.
 */
enum TaskStatus {
    WORKING,
    INPUT_REQUIRED,
    COMPLETED,
    FAILED,
    CANCELLED;

    boolean terminal() {
        return this != WORKING && this != INPUT_REQUIRED;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
