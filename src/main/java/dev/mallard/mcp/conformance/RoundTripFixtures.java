package dev.mallard.mcp.conformance;

import dev.mallard.mcp.stateless.StatelessMethod;
import dev.mallard.mcp.stateless.StatelessPrompt;
import dev.mallard.mcp.stateless.StatelessReply;
import dev.mallard.mcp.stateless.StatelessRequest;
import dev.mallard.mcp.stateless.StatelessTool;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The tools and the prompt of the suite's input-required-result-* and server-stateless scenarios
 * (2026-07-28 only): each asks the client in one or more rounds with {@code input_required}
 * results, carries its progress in a signed {@code requestState}, asks again for an answer that went
 * missing, and asks only for what the client declared it can answer (basic/patterns/mrtr).
 */
final class RoundTripFixtures {
    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

    private final SignedState states = new SignedState();

    /** One question: its key in {@code inputRequests}, the request the client answers, and its params. */
    private record Question(String key, String method, Map<String, Object> params) {}

    List<StatelessTool> tools() {
        Question name = elicit("user_name", "What is your name?", "name", "string");
        Question capital = sample("capital_question", "What is the capital of France?", 100);
        Question roots = new Question("client_roots", McpSchema.METHOD_ROOTS_LIST, Map.of());
        return List.of(
                tool("test_input_required_result_elicitation", List.of(List.of(name)),
                        answers -> text("Hello, " + field(answers, "user_name", "name") + "!")),
                tool("test_input_required_result_sampling", List.of(List.of(capital)),
                        answers -> text("The model answered: " + sampled(answers, "capital_question"))),
                tool("test_input_required_result_list_roots", List.of(List.of(roots)),
                        answers -> text("Client roots: " + roots(answers, "client_roots"))),
                tool("test_input_required_result_request_state",
                        List.of(List.of(elicit("confirm", "Please confirm", "ok", "boolean"))),
                        answers -> text("state-ok: confirmed=" + field(answers, "confirm", "ok"))),
                tool("test_input_required_result_multiple_inputs",
                        List.of(List.of(name, sample("greeting", "Generate a greeting", 50), roots)),
                        answers -> text("Hello, " + field(answers, "user_name", "name") + "! "
                                + sampled(answers, "greeting") + " Roots: " + roots(answers, "client_roots"))),
                tool("test_input_required_result_multi_round",
                        List.of(List.of(elicit("step1", "Step 1: What is your name?", "name", "string")),
                                List.of(elicit("step2", "Step 2: What is your favorite color?", "color", "string"))),
                        answers -> text("Favorite color: " + field(answers, "step2", "color"))),
                tool("test_input_required_result_tampered_state",
                        List.of(List.of(elicit("confirm", "Please confirm", "ok", "boolean"))),
                        answers -> text("Confirmed.")),
                tool("test_input_required_result_capabilities",
                        List.of(List.of(name, sample("greeting", "Generate a greeting", 50))),
                        answers -> text("Answered: " + String.join(", ", answers.keySet()))),
                new StatelessTool(McpSchema.Tool.builder("test_missing_capability", NO_ARGUMENTS)
                        .description("Needs the client's sampling capability").build(), Set.of("sampling"),
                        request -> new StatelessReply.Result(text("The client declared sampling."))),
                new StatelessTool(McpSchema.Tool.builder("test_streaming_elicitation", NO_ARGUMENTS)
                        .description("Asks the person on the request's own stream").build(), Set.of("elicitation"),
                        rounds("test_streaming_elicitation", List.of(List.of(name)),
                                answers -> text("Hello, " + field(answers, "user_name", "name") + "!"))));
    }

    List<StatelessPrompt> prompts() {
        String prompt = "test_input_required_result_prompt";
        return List.of(new StatelessPrompt(McpSchema.Prompt.builder(prompt)
                .description("A prompt that asks the person for context first").build(),
                rounds(prompt, List.of(List.of(elicit("user_context", "What context should the prompt use?",
                        "context", "string"))), answers -> Map.of("messages", List.of(Map.of("role", "user",
                        "content", Map.of("type", "text", "text", "Use this context: "
                                + field(answers, "user_context", "context"))))))));
    }

    private StatelessTool tool(String name, List<List<Question>> rounds,
            Function<Map<String, Object>, Map<String, Object>> complete) {
        return new StatelessTool(McpSchema.Tool.builder(name, NO_ARGUMENTS)
                .description("Asks the client with input_required results (SEP-2322)").build(), Set.of(),
                rounds(name, rounds, complete));
    }

    /**
     * Answers the round the request state names: with the answers to all its questions, the next
     * round (or the complete result after the last); without them, the same round again.
     */
    private StatelessMethod rounds(String name, List<List<Question>> rounds,
            Function<Map<String, Object>, Map<String, Object>> complete) {
        return request -> {
            int round = 0;
            Object state = request.params().get("requestState");
            if (state != null) {
                Optional<Integer> verified = states.verify(state).filter(text -> text.startsWith(name + "\n"))
                        .map(text -> Integer.parseInt(text.substring(name.length() + 1)));
                if (verified.isEmpty() || verified.get() >= rounds.size()) {
                    return StatelessReply.Error.invalidParams("Invalid params: requestState failed its integrity "
                            + "check. Repeat the call without requestState and inputResponses.");
                }
                round = verified.get();
            }
            Object responses = request.params().get("inputResponses");
            if (responses != null && !(responses instanceof Map)) {
                return StatelessReply.Error.invalidParams("Invalid params: inputResponses must be an object keyed "
                        + "like the inputRequests it answers.");
            }
            Map<?, ?> given = responses == null ? Map.of() : (Map<?, ?>) responses;
            List<Question> asked = declared(rounds.get(round), request);
            Map<String, Object> answers = new LinkedHashMap<>();
            for (Question question : asked) {
                Object answer = given.get(question.key());
                if (answer != null && !(answer instanceof Map)) {
                    return StatelessReply.Error.invalidParams("Invalid params: inputResponses." + question.key()
                            + " must be the client's result for " + question.method() + ".");
                }
                if (answer != null) {
                    answers.put(question.key(), answer);
                }
            }
            if (answers.size() < asked.size()) {
                return new StatelessReply.Result(inputRequired(name, round, asked));
            }
            return round + 1 < rounds.size()
                    ? new StatelessReply.Result(inputRequired(name, round + 1, declared(rounds.get(round + 1), request)))
                    : new StatelessReply.Result(complete.apply(answers));
        };
    }

    /** Only what the client can answer: a server MUST NOT rely on undeclared capabilities. */
    private static List<Question> declared(List<Question> questions, StatelessRequest request) {
        McpSchema.ClientCapabilities capabilities = request.capabilities();
        return questions.stream().filter(question -> switch (question.method()) {
            case McpSchema.METHOD_ELICITATION_CREATE -> capabilities.elicitation() != null;
            case McpSchema.METHOD_SAMPLING_CREATE_MESSAGE -> capabilities.sampling() != null;
            case McpSchema.METHOD_ROOTS_LIST -> capabilities.roots() != null;
            default -> true;
        }).toList();
    }

    private Map<String, Object> inputRequired(String name, int round, List<Question> questions) {
        Map<String, Object> requests = new LinkedHashMap<>();
        questions.forEach(question -> requests.put(question.key(), Map.of("method", question.method(), "params",
                question.params())));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("resultType", "input_required");
        result.put("inputRequests", requests);
        result.put("requestState", states.sign(name + "\n" + round));
        return result;
    }

    private static Question elicit(String key, String message, String field, String type) {
        return new Question(key, McpSchema.METHOD_ELICITATION_CREATE, Map.of("mode", "form", "message", message,
                "requestedSchema", Map.of("type", "object", "properties", Map.of(field, Map.of("type", type)),
                        "required", List.of(field))));
    }

    private static Question sample(String key, String text, int maxTokens) {
        return new Question(key, McpSchema.METHOD_SAMPLING_CREATE_MESSAGE, Map.of("messages", List.of(Map.of(
                "role", "user", "content", Map.of("type", "text", "text", text))), "maxTokens", maxTokens));
    }

    private static Object field(Map<String, Object> answers, String key, String field) {
        return answers.get(key) instanceof Map<?, ?> answer && answer.get("content") instanceof Map<?, ?> content
                ? content.get(field) : null;
    }

    private static Object sampled(Map<String, Object> answers, String key) {
        return field(answers, key, "text");
    }

    private static String roots(Map<String, Object> answers, String key) {
        return answers.get(key) instanceof Map<?, ?> answer && answer.get("roots") instanceof List<?> roots
                ? String.join(", ", roots.stream().map(root -> root instanceof Map<?, ?> map
                        ? String.valueOf(map.get("uri")) : String.valueOf(root)).toList())
                : "none";
    }

    private static Map<String, Object> text(String text) {
        return Map.of("content", List.of(Map.of("type", "text", "text", text)), "isError", false);
    }
}
