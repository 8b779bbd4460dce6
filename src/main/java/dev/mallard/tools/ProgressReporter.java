package dev.mallard.tools;

/** Sends progress to the caller while a tool works; a no-op when the caller did not ask for it. */
@FunctionalInterface
public interface ProgressReporter {
    ProgressReporter NONE = new ProgressReporter() {
        @Override
        public boolean wanted() {
            return false;
        }

        @Override
        public void report(double progress, double total, String message) {}
    };

    /** Whether anyone listens: a tool may skip the work of measuring progress when nobody does. */
    default boolean wanted() {
        return true;
    }

    void report(double progress, double total, String message);
}
