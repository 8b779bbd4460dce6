package dev.mallard.resources;

import dev.mallard.tools.Caller;
import java.util.List;
import java.util.Map;

/**
 * A prompt a user picks from the client's menu: it becomes one user message that sets the agent on
 * a task with Mallard's tools.
 */
public record Prompt(String name, String title, String description, List<PromptArgument> arguments, Text text) {
    /** Writes the message for the given arguments. */
    @FunctionalInterface
    public interface Text {
        /**
         * @throws dev.mallard.error.MallardException {@code NOT_FOUND} or {@code INVALID_ARGUMENT} for a bad argument
         */
        String write(Map<String, String> arguments, Caller caller);
    }

    public Prompt {
        arguments = List.copyOf(arguments);
    }
}
