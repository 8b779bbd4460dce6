package dev.mallard.engine;

import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code COPY (query) TO file} statement of an export. The query has already been parsed by
 * DuckDB as exactly one query; it is placed inside the parentheses without its semicolon, and the
 * closing parenthesis goes on a line of its own, so a trailing {@code --} comment ends before it.
 * Everything after the query is Mallard's own text: the file name is a quoted literal Mallard chose.
 */
final class ExportStatement {
    private ExportStatement() {}

    static String copy(String sql, ExportFormat format, Path target) {
        List<String> statements = SqlLexer.statements(sql);
        if (statements.size() != 1) {
            // DuckDB saw one query; if Mallard's lexer disagrees, the text is not wrapped at all.
            throw MallardException.invalidArgument("Mallard could not isolate the query in this SQL for the export. "
                    + "Remove trailing semicolons and comments, and send a single query.");
        }
        return "COPY (" + statements.getFirst() + "\n) TO " + SqlText.literal(target.toString()) + " (FORMAT "
                + format.copyFormat() + ")";
    }
}
