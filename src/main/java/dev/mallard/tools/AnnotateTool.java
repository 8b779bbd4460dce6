package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.ColumnInfo;
import dev.mallard.catalog.NameSuggestions;
import dev.mallard.catalog.TableInfo;
import dev.mallard.engine.Identifiers;
import dev.mallard.error.MallardException;
import dev.mallard.store.StoredAnnotation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code annotate}: says what a table or column is, how to read it and whether it holds personal data.
 * The annotation lives in Mallard's state, never in the data files, so it works on read-only
 * databases too; the catalog tools show it beside DuckDB's own comments.
 */
public final class AnnotateTool implements Tool {
    static final int MAX_LENGTH = 2_000;

    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final Clock clock;
    private final ToolDefinition definition;

    public AnnotateTool(CatalogService catalog, CatalogAnnotations annotations, Clock clock, String defaultDatabase) {
        this.catalog = catalog;
        this.annotations = annotations;
        this.clock = clock;
        this.definition = new ToolDefinition("annotate", "Annotate a table or column",
                "Record what a table or column is (description), how to read it (note: units, encodings, e.g. "
                        + "'unix seconds'), and whether it holds personal data (pii). Stored in Mallard, not in "
                        + "the data; describe_table, list_columns and search_catalog show it next to DuckDB's "
                        + "comments. Only the fields you pass change; an empty string clears one.",
                JsonSchemas.object()
                        .required("table", JsonSchemas.string("Table or view: name, schema.name or database.schema.name."))
                        .optional("database", JsonSchemas.databaseArgument(defaultDatabase))
                        .optional("column", JsonSchemas.string("A column of the table; leave out to annotate the "
                                + "table itself."))
                        .optional("description", JsonSchemas.string("What it is, at most " + MAX_LENGTH
                                + " characters; empty clears it."))
                        .optional("note", JsonSchemas.string("How to read it (units, encoding), at most "
                                + MAX_LENGTH + " characters; empty clears it."))
                        .optional("pii", JsonSchemas.bool("Whether it holds personal data: callers without the pii "
                                + "scope then read the column masked, or every column of a table flagged as a whole "
                                + "(flag only the personal columns to keep the others readable)."))
                        .buildInput(),
                JsonSchemas.object()
                        .required("table", JsonSchemas.string("The table, fully qualified."))
                        .optional("column", JsonSchemas.string("The column, when a column was annotated."))
                        .optional("description", JsonSchemas.string("What it is."))
                        .optional("note", JsonSchemas.string("How to read it."))
                        .required("pii", JsonSchemas.bool("Whether it holds personal data."))
                        .optional("updated_by", JsonSchemas.string("Who changed it last; absent once cleared."))
                        .optional("updated_at", JsonSchemas.string("When, ISO-8601 UTC; absent once cleared."))
                        .build(null),
                new ToolHints(false, false, true), Scope.ANNOTATE);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        String description = limited(arguments, "description");
        String note = limited(arguments, "note");
        Boolean pii = arguments.optionalBoolean("pii");
        if (description == null && note == null && pii == null) {
            throw MallardException.invalidArgument("Pass at least one of description, note or pii (an empty string "
                    + "clears a field).");
        }
        TableInfo table = context.caller().catalog(catalog).resolveTable(arguments.requiredString("table"),
                arguments.optionalString("database"), null);
        Optional<String> column = Optional.ofNullable(arguments.optionalString("column"))
                .map(name -> column(table, name).name());
        Optional<StoredAnnotation> before = annotations.find(table, column);
        StoredAnnotation after = new StoredAnnotation(table.database(), table.schema(), table.name(), column,
                merged(description, before.flatMap(StoredAnnotation::description)),
                merged(note, before.flatMap(StoredAnnotation::note)),
                pii != null ? pii : before.map(StoredAnnotation::pii).orElse(false),
                context.caller().user(), clock.instant());
        annotations.save(after);
        return new ToolResult(structured(table, after), text(table, after),
                new AuditFacts(table.database(), null, null, null));
    }

    private static String limited(ToolArguments arguments, String name) {
        String value = arguments.optionalString(name);
        if (value != null && value.length() > MAX_LENGTH) {
            throw MallardException.invalidArgument("The " + name + " has " + value.length() + " characters; at most "
                    + MAX_LENGTH + " are kept. Shorten it.");
        }
        return value;
    }

    /** A field as given (empty clears it), or as it was when not given. */
    private static Optional<String> merged(String given, Optional<String> before) {
        if (given == null) {
            return before;
        }
        return given.isBlank() ? Optional.empty() : Optional.of(given.strip());
    }

    private static ColumnInfo column(TableInfo table, String name) {
        return table.column(name.strip()).orElseThrow(() -> MallardException.notFound("Column '" + name.strip()
                + "' not found in " + table.qualifiedName() + "." + NameSuggestions.hint(name.strip(),
                        table.columns().stream().map(ColumnInfo::name).toList(),
                        "Call list_columns to see its columns.")));
    }

    private static Map<String, Object> structured(TableInfo table, StoredAnnotation annotation) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("table", table.qualifiedName());
        annotation.column().ifPresent(column -> structured.put("column", column));
        structured.putAll(AnnotationView.structured(annotation));
        if (!annotation.isEmpty()) {
            structured.put("updated_by", annotation.updatedBy());
            structured.put("updated_at", annotation.updatedAt().toString());
        }
        return structured;
    }

    private static String text(TableInfo table, StoredAnnotation annotation) {
        String target = table.qualifiedName()
                + annotation.column().map(column -> "." + Identifiers.quoteIfNeeded(column)).orElse("");
        return annotation.isEmpty() ? "Removed the annotation of " + target + ": nothing was left in it."
                : "Annotated " + target + ": " + AnnotationView.text(annotation) + ".";
    }
}
