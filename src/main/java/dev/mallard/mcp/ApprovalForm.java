package dev.mallard.mcp;

import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * The form the person fills in to approve a change (client/elicitation, form mode): the question as
 * the message and a single yes/no field that must be set to approve. Both protocol eras ask with it:
 * as a server-initiated request in a session, and as an input request of a multi round-trip request.
 */
public final class ApprovalForm {
    public static final String FIELD = "approve";
    public static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(FIELD, Map.of(
                    "type", "boolean",
                    "title", "Apply this change",
                    "description", "Check to apply the change shown above; leave unchecked or decline to keep the "
                            + "data as it is.",
                    "default", false)),
            "required", List.of(FIELD));

    private ApprovalForm() {}

    /** The person's answer: approved only when they accepted with the field set. */
    public static UserPrompt.Answer answer(McpSchema.ElicitResult result) {
        return switch (result.action()) {
            case ACCEPT -> result.content() != null && Boolean.TRUE.equals(result.content().get(FIELD))
                    ? new UserPrompt.Answer.Approved()
                    : new UserPrompt.Answer.Declined();
            case DECLINE -> new UserPrompt.Answer.Declined();
            case CANCEL -> new UserPrompt.Answer.Dismissed();
        };
    }

    /** Whether the client can show a form: it declared elicitation, with form mode or no mode (which means form). */
    public static boolean supported(McpSchema.ClientCapabilities capabilities) {
        if (capabilities == null || capabilities.elicitation() == null) {
            return false;
        }
        McpSchema.ClientCapabilities.Elicitation elicitation = capabilities.elicitation();
        return elicitation.form() != null || elicitation.url() == null;
    }
}
