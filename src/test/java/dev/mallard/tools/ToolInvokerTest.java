package dev.mallard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Principal;
import dev.mallard.auth.Scope;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.store.AuditEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a caller and the audit log see when a tool fails: user errors word for word, internal ones as an id. */
class ToolInvokerTest {
    private static final String SECRET_DETAIL = "/home/alice/.secrets/token.txt";

    private final List<AuditEntry> audited = new ArrayList<>();
    private final ToolInvoker invoker = new ToolInvoker(audited::add,
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));

    private static Tool failing(RuntimeException failure) {
        ToolDefinition definition = new ToolDefinition("boom", "Boom", "Fails.", JsonSchemas.object().buildInput(),
                JsonSchemas.object().build(null), ToolHints.READ_ONLY, Scope.READ);
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return definition;
            }

            @Override
            public ToolResult call(ToolArguments arguments, ToolContext context) {
                throw failure;
            }
        };
    }

    private ToolInvoker.Outcome.Failed invokeFailing(RuntimeException failure) {
        ToolContext context = new ToolContext(new Caller(Principal.LOCAL, "test", "1", null), ProgressReporter.NONE,
                new Cancellation(), Optional.empty());
        ToolInvoker.Outcome outcome = invoker.invoke(failing(failure), new ToolArguments(Map.of()), context);
        assertThat(outcome).isInstanceOf(ToolInvoker.Outcome.Failed.class);
        return (ToolInvoker.Outcome.Failed) outcome;
    }

    @Test
    void anUnexpectedExceptionReachesTheCallerAsAnErrorIdOnly() {
        ToolInvoker.Outcome.Failed failed = invokeFailing(new IllegalStateException("cannot read " + SECRET_DETAIL));

        assertThat(failed.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(failed.message())
                .matches("Internal error in boom \\(error id [0-9a-f]{8}\\)\\. The server log has the details\\.")
                .doesNotContain(SECRET_DETAIL, "IllegalStateException");
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo("internal");
            assertThat(entry.error()).isEqualTo(failed.message());
        });
    }

    @Test
    void anInternalMallardErrorIsHiddenToo() {
        ToolInvoker.Outcome.Failed failed = invokeFailing(new MallardException(ErrorCode.INTERNAL,
                "state store failed at " + SECRET_DETAIL));

        assertThat(failed.message()).startsWith("Internal error in boom (error id ").doesNotContain(SECRET_DETAIL);
    }

    @Test
    void aUserErrorReachesTheCallerWordForWord() {
        ToolInvoker.Outcome.Failed failed = invokeFailing(MallardException.notFound("Table 'x' not found."));

        assertThat(failed.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(failed.message()).isEqualTo("Table 'x' not found.");
        assertThat(audited).singleElement().satisfies(entry -> assertThat(entry.outcome()).isEqualTo("not_found"));
    }
}
