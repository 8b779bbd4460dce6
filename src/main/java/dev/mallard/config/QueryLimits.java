package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.time.Duration;

/**
 * Limits on what one query may return and how long it may run.
 *
 * @param defaultRows rows returned when the caller does not pass {@code max_rows}
 * @param maxRows the hard cap on {@code max_rows}
 * @param maxChars the cap on the characters of one result; whole rows are kept up to it
 * @param timeout how long a query may run before DuckDB is interrupted
 * @param taskTimeout how long a query run as an MCP task may run: a task has no client waiting on
 *     its HTTP request, so it may take longer than a normal call
 */
public record QueryLimits(int defaultRows, int maxRows, int maxChars, Duration timeout, Duration taskTimeout) {
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofMinutes(30);
    public static final QueryLimits DEFAULTS = new QueryLimits(200, 2048, 50_000, Duration.ofSeconds(55));

    public QueryLimits {
        if (maxRows < 1) {
            throw MallardException.configuration("--max-rows must be at least 1 (got " + maxRows + ").");
        }
        if (defaultRows < 1 || defaultRows > maxRows) {
            throw MallardException.configuration("--default-rows must be between 1 and --max-rows (" + maxRows
                    + "); got " + defaultRows + ".");
        }
        if (maxChars < 1_000) {
            throw MallardException.configuration("--max-chars must be at least 1000 (got " + maxChars + ").");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw MallardException.configuration("--query-timeout must be positive (got " + timeout + ").");
        }
        if (taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw MallardException.configuration("--task-timeout must be positive (got " + taskTimeout + ").");
        }
    }

    /** Limits with the default time limit for tasks. */
    public QueryLimits(int defaultRows, int maxRows, int maxChars, Duration timeout) {
        this(defaultRows, maxRows, maxChars, timeout, DEFAULT_TASK_TIMEOUT);
    }

    /** The rows to return for a requested {@code max_rows}, or the default when none was asked. */
    public int rowsFor(Integer requested) {
        if (requested == null) {
            return defaultRows;
        }
        return Math.max(1, Math.min(requested, maxRows));
    }
}
