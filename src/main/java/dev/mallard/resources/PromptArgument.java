package dev.mallard.resources;

/**
 * An argument a prompt takes.
 *
 * @param names what the value names, which decides how it is completed
 */
public record PromptArgument(String name, String description, boolean required, Names names) {
    /** What an argument's value names. */
    public enum Names {
        DATABASE,
        TABLE,
        NOTHING
    }
}
