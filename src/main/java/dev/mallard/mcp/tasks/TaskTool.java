package dev.mallard.mcp.tasks;

import dev.mallard.auth.Principal;
import dev.mallard.mcp.stateless.StatelessReply;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A tool served with its own handler under the 2026-07-28 tasks extension (the conformance
 * fixtures): its description, whether it may run as a task, and how a call goes.
 */
public interface TaskTool {
    /** {@code execution.taskSupport} of the tool (server/tools). */
    enum Support {
        FORBIDDEN,
        OPTIONAL,
        REQUIRED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    McpSchema.Tool tool();

    Support support();

    /** Decides how a call goes; runs on the request's thread, so it must not wait long. */
    Start start(Call call);

    /** A call: who makes it, its arguments, and its whole params (for an MRTR round's answers). */
    record Call(Principal principal, Map<String, Object> arguments, Map<String, Object> params) {}

    /** How a call goes. */
    sealed interface Start {
        /** Answered at once: a result, an {@code input_required} round, or an error; no task. */
        record Now(StatelessReply reply) implements Start {}

        /**
         * Work that runs as a task when the client declared the tasks extension (inline otherwise).
         *
         * @param grace how long to wait for the work before answering with a task: work that ends
         *     within it is answered as a plain result
         */
        record Work(Function<TaskContext, StatelessReply> work, Duration grace) implements Start {}
    }
}
