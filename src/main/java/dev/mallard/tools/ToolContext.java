package dev.mallard.tools;

import java.time.Duration;
import java.util.Optional;

/**
 * What a tool call knows about its caller.
 *
 * @param progress where to send progress, if the caller asked for it
 * @param cancellation how the caller stops the call
 * @param prompt how to ask the person behind the client, when the client can
 * @param timeLimit how long the call's queries may run when not the server's normal limit (a call
 *     run as an MCP task has no HTTP request waiting on it, so it gets the longer task limit)
 */
public record ToolContext(Caller caller, ProgressReporter progress, Cancellation cancellation,
        Optional<UserPrompt> prompt, Optional<Duration> timeLimit) {
    /** A call within the server's normal time limit. */
    public ToolContext(Caller caller, ProgressReporter progress, Cancellation cancellation,
            Optional<UserPrompt> prompt) {
        this(caller, progress, cancellation, prompt, Optional.empty());
    }
}
