package dev.mallard.mcp.tasks;

import dev.mallard.tools.Cancellation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What work running as a task (or inline, when the client cannot take a task) can use. */
public interface TaskContext {
    /** Set when the task is cancelled: the work should stop at its next opportunity. */
    Cancellation cancellation();

    /**
     * Asks the client, all at once (each an {@code elicitation/create}, say, as
     * {@code {"method": ..., "params": ...}}), and waits for every answer given with {@code tasks/update}.
     *
     * @return the answers in the order asked; empty when none can come: the work does not run as a
     *     task, or the task ended
     */
    Optional<List<Map<String, Object>>> ask(List<Map<String, Object>> requests);
}
