package dev.mallard.mcp.stateless;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A group of methods served statelessly and the server capability that announces them in
 * {@code server/discover}. Tools are one; resources, prompts, completions and extensions such as
 * tasks plug in the same way.
 */
public interface StatelessFeature {
    /** The capability entries this feature adds (e.g. {@code "tools" -> {}}); {@code extensions} entries merge. */
    Map<String, Object> capabilities();

    /** The methods this feature answers, by JSON-RPC method name. */
    Map<String, StatelessMethod> methods();

    /**
     * Wrappers around methods other features answer, by method name: an extension that changes how a
     * core method behaves (tasks turning a {@code tools/call} into a task) without owning it.
     */
    default Map<String, UnaryOperator<StatelessMethod>> decorators() {
        return Map.of();
    }

    /**
     * The params field whose value the Mcp-Name header carries, by method, for this feature's methods
     * (streamable-http, "Standard Request Headers").
     */
    default Map<String, String> namedBy() {
        return Map.of();
    }

    /**
     * Why a request for one of this feature's methods is refused before it runs, with the HTTP status
     * the spec asks for (e.g. an {@code Mcp-Param-*} header that disagrees with the arguments, or a
     * client capability the request needs), or empty. Called for every request: keep it cheap.
     *
     * @param header the value of an HTTP header, by name, or null
     */
    default Optional<StatelessReply.Error> refusal(StatelessRequest request, Function<String, String> header) {
        return Optional.empty();
    }
}
