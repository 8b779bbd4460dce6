package dev.mallard.tools;

import java.util.Optional;

/**
 * What a tool call knows about its caller.
 *
 * @param progress where to send progress, if the caller asked for it
 * @param cancellation how the caller stops the call
 * @param prompt how to ask the person behind the client, when the client can
 */
public record ToolContext(Caller caller, ProgressReporter progress, Cancellation cancellation,
        Optional<UserPrompt> prompt) {}
