package dev.mallard.mcp;

import dev.mallard.error.InternalErrors;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading JSON-RPC 2.0 messages and writing error responses, for both transports. Parsing is
 * Mallard's own so that every malformed input gets the right JSON-RPC error (parse error, invalid
 * request, invalid params) without echoing internals, and so that errors leaving the SDK never carry
 * exception text to the client.
 */
public final class JsonRpc {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private static final Logger log = LoggerFactory.getLogger(JsonRpc.class);

    private final JsonMapper mapper;

    public JsonRpc(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** A parsed message, or what was wrong with it. */
    public sealed interface Parsed {
        record Message(McpSchema.JSONRPCMessage message) implements Parsed {}

        /** @param id the request id when one could be read, so the error can answer it */
        record Failure(Object id, int code, String message) implements Parsed {}
    }

    public Parsed parse(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            return new Parsed.Failure(null, PARSE_ERROR, "Parse error: the message is not valid JSON"
                    + location(e) + ".");
        }
        if (node == null || node.isMissingNode()) {
            return new Parsed.Failure(null, INVALID_REQUEST, "Invalid Request: the message is empty.");
        }
        if (node.isArray()) {
            return new Parsed.Failure(null, INVALID_REQUEST,
                    "Invalid Request: JSON-RPC batches are not supported; send one message at a time.");
        }
        if (!node.isObject()) {
            return new Parsed.Failure(null, INVALID_REQUEST, "Invalid Request: a JSON-RPC message is a JSON object.");
        }
        return parseObject(node);
    }

    private Parsed parseObject(JsonNode node) {
        Object id = null;
        JsonNode idNode = node.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (idNode.isString()) {
                id = idNode.asString();
            } else if (idNode.isIntegralNumber()) {
                id = idNode.numberValue();
            } else {
                return new Parsed.Failure(null, INVALID_REQUEST, "Invalid Request: id must be a string or an integer.");
            }
        }
        if (!"2.0".equals(text(node, "jsonrpc"))) {
            return new Parsed.Failure(id, INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\".");
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isString() || method.asString().isEmpty()) {
                return new Parsed.Failure(id, INVALID_REQUEST, "Invalid Request: \"method\" must be a non-empty string.");
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isNull() && !params.isObject()) {
                return new Parsed.Failure(id, INVALID_PARAMS, "Invalid params: \"params\" must be an object.");
            }
            Object paramsValue = params == null || params.isNull() ? null : mapper.treeToValue(params, Map.class);
            if (idNode == null) {
                return new Parsed.Message(new McpSchema.JSONRPCNotification("2.0", method.asString(), paramsValue));
            }
            if (id == null) {
                return new Parsed.Failure(null, INVALID_REQUEST, "Invalid Request: a request's id must not be null.");
            }
            return new Parsed.Message(new McpSchema.JSONRPCRequest("2.0", method.asString(), id, paramsValue));
        }
        if (node.has("result") || node.has("error")) {
            McpSchema.JSONRPCResponse.JSONRPCError error = null;
            JsonNode errorNode = node.get("error");
            if (errorNode != null && !errorNode.isNull()) {
                if (!errorNode.isObject() || !errorNode.path("code").isIntegralNumber()) {
                    return new Parsed.Failure(id, INVALID_REQUEST, "Invalid Request: \"error\" needs an integer code.");
                }
                error = new McpSchema.JSONRPCResponse.JSONRPCError(errorNode.get("code").intValue(),
                        errorNode.path("message").asString(""), mapper.treeToValue(errorNode.get("data"), Object.class));
            }
            Object result = node.has("result") ? mapper.treeToValue(node.get("result"), Object.class) : null;
            return new Parsed.Message(new McpSchema.JSONRPCResponse("2.0", id, result, error));
        }
        return new Parsed.Failure(id, INVALID_REQUEST,
                "Invalid Request: a message needs a \"method\" (request or notification) or a \"result\"/\"error\".");
    }

    /** The answer to request {@code id} after an internal error, logged under {@code errorId}. */
    public static McpSchema.JSONRPCResponse internalError(Object id, String errorId) {
        return McpSchema.JSONRPCResponse.error(id, new McpSchema.JSONRPCResponse.JSONRPCError(INTERNAL_ERROR,
                InternalErrors.message(null, errorId), null));
    }

    /** Checks the parameters of requests the SDK would otherwise fail on with an internal error. */
    public static java.util.Optional<String> invalidParams(McpSchema.JSONRPCRequest request) {
        if (!McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            return java.util.Optional.empty();
        }
        if (!(request.params() instanceof Map<?, ?> params) || !(params.get("name") instanceof String)) {
            return java.util.Optional.of("Invalid params: tools/call needs \"name\", the tool's name as a string.");
        }
        Object arguments = params.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) {
            return java.util.Optional.of("Invalid params: \"arguments\" must be an object.");
        }
        return java.util.Optional.empty();
    }

    public String errorBody(Object id, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("error", error);
        return mapper.writeValueAsString(body);
    }

    /**
     * Replaces the text of internal errors the SDK produced (which may hold exception messages) by an
     * error id that is also logged.
     */
    public static McpSchema.JSONRPCMessage sanitize(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCResponse response && response.error() != null
                && response.error().code() == INTERNAL_ERROR) {
            String errorId = InternalErrors.newId();
            log.error("Internal error {} answering request {}: {} {}", errorId, response.id(), response.error().message(),
                    response.error().data());
            return McpSchema.JSONRPCResponse.error(response.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    INTERNAL_ERROR, InternalErrors.message(null, errorId), null));
        }
        return message;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static String location(JacksonException e) {
        if (e.getLocation() == null || e.getLocation().getColumnNr() < 0) {
            return "";
        }
        return " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
