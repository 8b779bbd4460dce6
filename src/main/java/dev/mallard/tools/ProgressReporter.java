package dev.mallard.tools;

/** Sends progress to the caller while a tool works; a no-op when the caller did not ask for it. */
public interface ProgressReporter {
    ProgressReporter NONE = new ProgressReporter() {
        @Override
        public boolean wanted() {
            return false;
        }

        @Override
        public void report(double progress, double total, String message) {}
    };

    boolean wanted();

    void report(double progress, double total, String message);
}
