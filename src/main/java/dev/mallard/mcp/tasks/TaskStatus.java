package dev.mallard.mcp.tasks;

import java.util.Locale;

/** The states of an MCP task (basic/utilities/tasks, "Task Status"); Mallard never asks for input. */
enum TaskStatus {
    WORKING,
    COMPLETED,
    FAILED,
    CANCELLED;

    boolean terminal() {
        return this != WORKING;
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
