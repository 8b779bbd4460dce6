package dev.mallard.tools;

import dev.mallard.engine.QueryControl;
import dev.mallard.engine.QueryProgressListener;
import java.util.Locale;

/** Connects a tool call to a running query: the caller's cancellation stops it, its progress reaches the caller. */
final class QueryProgress {
    private QueryProgress() {}

    static QueryControl control(ToolContext context) {
        QueryProgressListener listener = context.progress().wanted()
                ? (percent, rows, total) -> context.progress().report(percent, 100.0, String.format(Locale.ROOT,
                        "DuckDB: %.0f%% (%,d of about %,d rows processed)", percent, rows, total))
                : null;
        QueryControl control = new QueryControl(listener, context.timeLimit().orElse(null));
        context.cancellation().onCancel(control::cancel);
        return control;
    }
}
