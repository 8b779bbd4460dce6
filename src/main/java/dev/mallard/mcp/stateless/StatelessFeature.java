package dev.mallard.mcp.stateless;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A group of methods served statelessly and the server capability that announces them in
 * {@code server/discover}. Tools are one; resources, prompts and completions plug in the same way.
 */
public interface StatelessFeature {
    /** The capability entries this feature adds (e.g. {@code "tools" -> {}}). */
    Map<String, Object> capabilities();

    /** The methods this feature answers, by JSON-RPC method name. */
    Map<String, StatelessMethod> methods();

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
