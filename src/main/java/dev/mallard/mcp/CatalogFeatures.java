package dev.mallard.mcp;

import dev.mallard.auth.Principal;
import dev.mallard.error.ErrorCategory;
import dev.mallard.error.InternalErrors;
import dev.mallard.error.MallardException;
import dev.mallard.resources.Completion;
import dev.mallard.resources.Completions;
import dev.mallard.resources.Prompt;
import dev.mallard.resources.PromptArgument;
import dev.mallard.resources.Prompts;
import dev.mallard.resources.TableResource;
import dev.mallard.resources.TableResources;
import dev.mallard.resources.TableUri;
import dev.mallard.tools.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Presents Mallard's table resources, prompts and completions to the MCP SDK. Each request acts for
 * the principal its transport authenticated, and sees only what that principal is granted.
 */
public final class CatalogFeatures {
    /** MCP's error code for a resource that does not exist (server/resources, "Error Handling"). */
    static final int RESOURCE_NOT_FOUND = -32002;
    private static final Logger log = LoggerFactory.getLogger(CatalogFeatures.class);

    private final TableResources tables;
    private final Prompts prompts;
    private final Completions completions;

    public CatalogFeatures(TableResources tables, Prompts prompts, Completions completions) {
        this.tables = tables;
        this.prompts = prompts;
        this.completions = completions;
    }

    static McpSchema.Resource describe(TableResource table) {
        return McpSchema.Resource.builder(table.uri().uri(), table.name())
                .description(table.description())
                .mimeType(TableResources.MIME_TYPE)
                .build();
    }

    /** The tables the principal may read, as resources/list shows them. */
    List<McpSchema.Resource> resources(Principal principal, String sessionId) {
        return tables.list(new Caller(principal, null, null, sessionId)).stream().map(CatalogFeatures::describe)
                .toList();
    }

    McpServerFeatures.AsyncResourceTemplateSpecification tableTemplate() {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder(TableUri.TEMPLATE, "table")
                .title("Table description")
                .description("A table or view: its columns with DuckDB types and comments, row count, and notes "
                        + "learned from the data.")
                .mimeType(TableResources.MIME_TYPE)
                .build();
        return new McpServerFeatures.AsyncResourceTemplateSpecification(template, (exchange, request) ->
                Mono.fromCallable(() -> read(exchange, request.uri())));
    }

    private McpSchema.ReadResourceResult read(McpAsyncServerExchange exchange, String uri) {
        String text = answer(exchange, "resources/read", caller -> tables.read(uri, caller), message ->
                McpError.builder(RESOURCE_NOT_FOUND).message(message).data(Map.of("uri", uri)).build());
        return McpSchema.ReadResourceResult.builder(List.of(McpSchema.TextResourceContents.builder(uri, text)
                .mimeType(TableResources.MIME_TYPE).build())).build();
    }

    List<McpServerFeatures.AsyncPromptSpecification> prompts() {
        return prompts.all().stream().map(prompt -> new McpServerFeatures.AsyncPromptSpecification(describe(prompt),
                (exchange, request) -> Mono.fromCallable(() -> get(exchange, prompt, request)))).toList();
    }

    private static McpSchema.Prompt describe(Prompt prompt) {
        return McpSchema.Prompt.builder(prompt.name())
                .title(prompt.title())
                .description(prompt.description())
                .arguments(prompt.arguments().stream()
                        .map(argument -> McpSchema.PromptArgument.builder(argument.name())
                                .description(argument.description()).required(argument.required()).build())
                        .toList())
                .build();
    }

    private McpSchema.GetPromptResult get(McpAsyncServerExchange exchange, Prompt prompt,
            McpSchema.GetPromptRequest request) {
        Map<String, String> arguments = new HashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((name, value) -> {
                if (value != null) {
                    arguments.put(name, value.toString());
                }
            });
        }
        String text = answer(exchange, "prompts/get", caller -> prompt.text().write(arguments, caller),
                CatalogFeatures::invalidParams);
        return McpSchema.GetPromptResult.builder(List.of(new McpSchema.PromptMessage(McpSchema.Role.USER,
                McpSchema.TextContent.builder(text).build()))).description(prompt.description()).build();
    }

    List<McpServerFeatures.AsyncCompletionSpecification> completions() {
        List<McpServerFeatures.AsyncCompletionSpecification> specifications = new ArrayList<>();
        specifications.add(new McpServerFeatures.AsyncCompletionSpecification(
                new McpSchema.ResourceReference(TableUri.TEMPLATE), (exchange, request) -> Mono.fromCallable(() ->
                        complete(exchange, caller -> completions.templateArgument(caller, request.argument().name(),
                                request.argument().value(), contextArguments(request))))));
        for (Prompt prompt : prompts.all()) {
            specifications.add(new McpServerFeatures.AsyncCompletionSpecification(
                    new McpSchema.PromptReference(prompt.name()), (exchange, request) -> Mono.fromCallable(() ->
                            complete(exchange, caller -> completePromptArgument(prompt, caller, request)))));
        }
        return specifications;
    }

    private Completion completePromptArgument(Prompt prompt, Caller caller, McpSchema.CompleteRequest request) {
        PromptArgument.Names names = prompt.arguments().stream()
                .filter(argument -> argument.name().equals(request.argument().name()))
                .map(PromptArgument::names).findFirst().orElse(PromptArgument.Names.NOTHING);
        return switch (names) {
            case DATABASE -> completions.database(caller, request.argument().value());
            case TABLE -> completions.table(caller, request.argument().value());
            case NOTHING -> Completion.NONE;
        };
    }

    private static Map<String, String> contextArguments(McpSchema.CompleteRequest request) {
        return request.context() == null || request.context().arguments() == null ? Map.of()
                : request.context().arguments();
    }

    private static McpSchema.CompleteResult complete(McpAsyncServerExchange exchange,
            Function<Caller, Completion> completion) {
        Completion found = answer(exchange, "completion/complete", completion, CatalogFeatures::invalidParams);
        return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(found.values(),
                found.total(), found.hasMore()));
    }

    /**
     * Runs a request for the exchange's principal. A user error becomes the given protocol error with
     * its message word for word; an internal one is logged and the client gets its id.
     */
    private static <T> T answer(McpAsyncServerExchange exchange, String method,
            Function<Caller, T> work, Function<String, McpError> userError) {
        McpTransportContext context = exchange.transportContext();
        Principal principal = RequestKeys.principal(context).orElseThrow(() -> invalidParams(
                "This request was not authenticated. Reconnect to the server."));
        McpSchema.Implementation client = exchange.getClientInfo();
        Caller caller = new Caller(principal, client == null ? null : client.name(),
                client == null ? null : client.version(), exchange.sessionId());
        try {
            return work.apply(caller);
        } catch (MallardException e) {
            if (e.code().category() == ErrorCategory.INTERNAL_ERROR) {
                throw internal(method, e);
            }
            throw userError.apply(e.getMessage());
        } catch (RuntimeException e) {
            throw internal(method, e);
        }
    }

    private static McpError internal(String method, RuntimeException e) {
        String id = InternalErrors.newId();
        log.error("Internal error {} in {}", id, method, e);
        return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(InternalErrors.message(method, id))
                .build();
    }

    private static McpError invalidParams(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }
}
