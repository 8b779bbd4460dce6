package dev.mallard.tools;

/**
 * What a tool call knows about its caller.
 *
 * @param progress where to send progress, if the caller asked for it
 * @param cancellation how the caller stops the call
 */
public record ToolContext(ProgressReporter progress, Cancellation cancellation) {
    public static ToolContext detached() {
        return new ToolContext(ProgressReporter.NONE, new Cancellation());
    }
}
