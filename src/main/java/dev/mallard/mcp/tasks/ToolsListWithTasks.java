package dev.mallard.mcp.tasks;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;

/**
 * The stream of a tools/list request, adding {@code execution.taskSupport} to the tools that run as
 * tasks on the way out: the SDK's {@code Tool} has no {@code execution} field.
 */
public final class ToolsListWithTasks implements McpStreamableServerTransport {
    private final McpStreamableServerTransport stream;
    private final TaskRegistry tasks;

    public ToolsListWithTasks(McpStreamableServerTransport stream, TaskRegistry tasks) {
        this.stream = stream;
        this.tasks = tasks;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return stream.sendMessage(message instanceof McpSchema.JSONRPCResponse response
                ? tasks.toolsList(response)
                : message, messageId);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return stream.closeGracefully();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return stream.unmarshalFrom(data, typeRef);
    }
}
