package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.config.WriteMode;
import dev.mallard.config.WriteSettings;
import dev.mallard.mutations.MutationService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code cancel_mutation}: drop a previewed change; it can no longer be applied. */
public final class CancelMutationTool implements Tool {
    private final MutationService mutations;
    private final WriteSettings writes;
    private final ToolDefinition definition = new ToolDefinition("cancel_mutation", "Drop a previewed change",
            "Drop a change that query_rw previewed and that should not be applied (for example, the user said no). "
                    + "Nothing was changed by the preview; after this the mutation_id can no longer be confirmed.",
            JsonSchemas.object()
                    .required("mutation_id", JsonSchemas.string("The mutation_id from query_rw's preview."))
                    .buildInput(),
            JsonSchemas.object()
                    .required("status", JsonSchemas.enumOf(java.util.List.of("cancelled"), "Always cancelled"))
                    .required("mutation_id", JsonSchemas.string("The mutation cancelled"))
                    .required("message", JsonSchemas.string("What happened"))
                    .build(null),
            new ToolHints(false, false, true), Scope.WRITE);

    public CancelMutationTool(MutationService mutations, WriteSettings writes) {
        this.mutations = mutations;
        this.writes = writes;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Optional<String> unavailableReason() {
        return writes.mode() == WriteMode.CONFIRM
                ? Optional.empty()
                : Optional.of("cancel_mutation is only used when Mallard runs with --writes confirm.");
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        String id = arguments.requiredString("mutation_id").strip();
        mutations.cancel(id, context.caller().user());
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", "cancelled");
        structured.put("mutation_id", id);
        String message = "Mutation " + id + " was cancelled; nothing was changed and it can no longer be applied.";
        structured.put("message", message);
        return new ToolResult(structured, message, new AuditFacts(null, null, id, 0L));
    }
}
