package dev.mallard.tools;

import dev.mallard.audit.AuditLog;
import dev.mallard.engine.SqlText;
import dev.mallard.error.ErrorCategory;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.InternalErrors;
import dev.mallard.error.MallardException;
import dev.mallard.store.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls tools for any protocol adapter: turns what a tool throws into an outcome (user errors word
 * for word, internal errors as an id that is also logged) and records every call in the audit log.
 */
public final class ToolInvoker {
    private static final Logger log = LoggerFactory.getLogger(ToolInvoker.class);
    private static final int MAX_AUDITED_ERROR = 2_000;

    private final AuditLog audit;
    private final Clock clock;

    public ToolInvoker(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** How a call ended. */
    public sealed interface Outcome {
        record Succeeded(ToolResult result) implements Outcome {}

        record Failed(ErrorCode code, String message) implements Outcome {}
    }

    public Outcome invoke(Tool tool, ToolArguments arguments, ToolContext context) {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        Outcome outcome = call(tool, arguments, context);
        record(tool, arguments, context.caller(), start, System.nanoTime() - startNanos, outcome);
        return outcome;
    }

    private static Outcome call(Tool tool, ToolArguments arguments, ToolContext context) {
        Optional<String> unavailable = tool.unavailableReason();
        if (unavailable.isPresent()) {
            return new Outcome.Failed(ErrorCode.INVALID_ARGUMENT, unavailable.get());
        }
        try {
            return new Outcome.Succeeded(tool.call(arguments, context));
        } catch (MallardException e) {
            if (e.code().category() == ErrorCategory.INTERNAL_ERROR) {
                return internalError(tool, e);
            }
            return new Outcome.Failed(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            return internalError(tool, e);
        }
    }

    private static Outcome internalError(Tool tool, Exception e) {
        String id = InternalErrors.newId();
        log.error("Internal error {} in tool {}", id, tool.definition().name(), e);
        return new Outcome.Failed(ErrorCode.INTERNAL, InternalErrors.message(tool.definition().name(), id));
    }

    private void record(Tool tool, ToolArguments arguments, Caller caller, Instant start, long nanos,
            Outcome outcome) {
        AuditFacts facts = outcome instanceof Outcome.Succeeded succeeded ? succeeded.result().facts() : AuditFacts.NONE;
        String database = facts.database() != null ? facts.database() : arguments.rawString("database");
        String sql = facts.sql() != null ? facts.sql() : arguments.rawString("sql");
        String mutation = facts.mutationId() != null ? facts.mutationId() : mutationIds(arguments);
        String result = switch (outcome) {
            case Outcome.Succeeded succeeded -> "ok";
            case Outcome.Failed failed -> failed.code().name().toLowerCase(Locale.ROOT);
        };
        Long bytes = outcome instanceof Outcome.Succeeded succeeded
                ? (long) succeeded.result().text().getBytes(StandardCharsets.UTF_8).length
                : null;
        String error = outcome instanceof Outcome.Failed failed ? truncate(failed.message()) : null;
        try {
            audit.record(new AuditEntry(start, caller.user(), caller.principal().clientId().orElse(null), caller.clientName(), caller.clientVersion(),
                    caller.sessionId(), tool.definition().name(), database, SqlText.redactSecrets(sql), mutation,
                    result, facts.rows(), bytes, nanos / 1_000_000, SqlText.redactSecretsInMessage(error, sql)));
        } catch (RuntimeException e) {
            log.error("Could not record the audit entry of a {} call", tool.definition().name(), e);
        }
    }

    private static String mutationIds(ToolArguments arguments) {
        String single = arguments.rawString("mutation_id");
        if (single != null) {
            return single;
        }
        List<String> many = arguments.rawStrings("mutation_ids");
        return many.isEmpty() ? null : String.join(",", many);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_AUDITED_ERROR ? text : text.substring(0, MAX_AUDITED_ERROR) + "…";
    }
}
