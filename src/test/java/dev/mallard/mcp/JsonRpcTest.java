package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

/** Errors the SDK produces on its own leave the server without their internals. */
class JsonRpcTest {
    @Test
    void anInternalErrorFromTheSdkIsReplacedByAnErrorId() {
        McpSchema.JSONRPCResponse fromSdk = McpSchema.JSONRPCResponse.error(7,
                new McpSchema.JSONRPCResponse.JSONRPCError(JsonRpc.INTERNAL_ERROR,
                        "java.lang.NullPointerException: Cannot invoke \"String.length()\"", "at dev.mallard.Foo"));

        McpSchema.JSONRPCResponse sent = (McpSchema.JSONRPCResponse) JsonRpc.sanitize(fromSdk);

        assertThat(sent.id()).isEqualTo(7);
        assertThat(sent.error().code()).isEqualTo(JsonRpc.INTERNAL_ERROR);
        assertThat(sent.error().message())
                .matches("Internal error \\(error id [0-9a-f]{8}\\)\\. The server log has the details\\.");
        assertThat(sent.error().data()).isNull();
    }

    @Test
    void otherErrorsAndResultsPassUnchanged() {
        McpSchema.JSONRPCResponse invalid = McpSchema.JSONRPCResponse.error(8,
                new McpSchema.JSONRPCResponse.JSONRPCError(JsonRpc.INVALID_PARAMS, "Invalid params: name", null));
        McpSchema.JSONRPCResponse result = McpSchema.JSONRPCResponse.result(9, "ok");

        assertThat(JsonRpc.sanitize(invalid)).isSameAs(invalid);
        assertThat(JsonRpc.sanitize(result)).isSameAs(result);
    }
}
