package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.config.WriteMode;
import dev.mallard.config.WriteSettings;
import dev.mallard.mutations.MutationService;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code confirm_mutation} and {@code confirm_mutations}: apply previewed changes. One class for
 * both, since a single confirmation is a batch of one.
 */
public final class ConfirmMutationTool implements Tool {
    private final MutationService mutations;
    private final CatalogAnnotations annotations;
    private final WriteSettings writes;
    private final boolean batch;
    private final ToolDefinition definition;

    private ConfirmMutationTool(MutationService mutations, CatalogAnnotations annotations, WriteSettings writes,
            boolean batch, ToolDefinition definition) {
        this.mutations = mutations;
        this.annotations = annotations;
        this.writes = writes;
        this.batch = batch;
        this.definition = definition;
    }

    public static ConfirmMutationTool single(MutationService mutations, CatalogAnnotations annotations,
            WriteSettings writes) {
        return new ConfirmMutationTool(mutations, annotations, writes, false, new ToolDefinition("confirm_mutation",
                "Apply a previewed change",
                "Apply a change that query_rw previewed, once the user approved the preview. It runs exactly the "
                        + "previewed SQL in one transaction, but only if the data is as it was in the preview: if "
                        + "the tables changed since, or a statement would change a different number of rows, nothing "
                        + "is applied and you get a fresh preview (with a new mutation_id) to show the user. A "
                        + "mutation is applied once, only by whoever previewed it, before it expires.",
                JsonSchemas.object()
                        .required("mutation_id", JsonSchemas.string("The mutation_id from query_rw's preview."))
                        .buildInput(),
                ChangeView.outputSchema(), ToolHints.DESTRUCTIVE, Scope.WRITE));
    }

    public static ConfirmMutationTool batch(MutationService mutations, CatalogAnnotations annotations,
            WriteSettings writes) {
        return new ConfirmMutationTool(mutations, annotations, writes, true, new ToolDefinition("confirm_mutations",
                "Apply several previewed changes together",
                "Apply several previewed changes, in the order given, in one transaction: all of them or none. "
                        + "Each must still match its preview (see confirm_mutation); if one does not, or one fails, "
                        + "nothing is applied. All must be in the same database.",
                JsonSchemas.object()
                        .required("mutation_ids", JsonSchemas.arrayOf(Map.of("type", "string"),
                                "mutation_ids from query_rw previews, in the order to apply them."))
                        .buildInput(),
                ChangeView.outputSchema(), ToolHints.DESTRUCTIVE, Scope.WRITE));
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Optional<String> unavailableReason() {
        return writes.mode() == WriteMode.CONFIRM
                ? Optional.empty()
                : Optional.of(definition.name() + " is only used when Mallard runs with --writes confirm; this server "
                        + (writes.allowed() ? "applies query_rw changes at once." : "serves its databases read-only."));
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        List<String> ids = batch ? arguments.optionalStrings("mutation_ids")
                : List.of(arguments.requiredString("mutation_id"));
        return QueryRwTool.decided(mutations.confirm(ids, context.caller().user(),
                QueryProgress.control(context), annotations.access(context.caller())));
    }
}
