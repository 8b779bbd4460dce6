package dev.mallard.mcp.conformance;

import dev.mallard.mcp.stateless.StatelessReply;
import dev.mallard.mcp.tasks.TaskContext;
import dev.mallard.mcp.tasks.TaskTool;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The tools the suite's tasks-* scenarios (the 2026-07-28 tasks extension) call. */
final class TaskFixtures {
    private static final String USER_NAME = "user_name";

    private TaskFixtures() {}

    static List<TaskTool> all() {
        return List.of(
                fixture("greet", "Says hello at once; never a task", schema(Map.of("name", "string")),
                        TaskTool.Support.FORBIDDEN, call -> new TaskTool.Start.Now(
                                result("Hello, " + call.arguments().get("name") + "!", false))),
                fixture("slow_compute", "Waits the given seconds, then answers; stops when cancelled",
                        schema(Map.of("seconds", "number", "label", "string")), TaskTool.Support.OPTIONAL,
                        call -> work(context -> slowCompute(call.arguments(), context))),
                fixture("failing_job", "Runs only as a task and ends with a tool error", schema(Map.of()),
                        TaskTool.Support.REQUIRED, call -> work(context -> {
                            pause(context, Duration.ofMillis(200));
                            return result("The job failed: this fixture always does.", true);
                        })),
                fixture("protocol_error_job", "Ends with a JSON-RPC error instead of a result", schema(Map.of()),
                        TaskTool.Support.OPTIONAL, call -> work(context -> new StatelessReply.Error(200, -32603,
                                "Internal error: this fixture always fails at the protocol level.", null))),
                fixture("confirm_delete", "Asks the user to confirm, then deletes (nothing)",
                        schema(Map.of("filename", "string")), TaskTool.Support.OPTIONAL,
                        call -> work(context -> confirmDelete(String.valueOf(call.arguments().get("filename")), context))),
                fixture("multi_input", "Asks two questions at once", schema(Map.of()), TaskTool.Support.OPTIONAL,
                        call -> work(context -> context.ask(List.of(elicitation("First answer?"),
                                elicitation("Second answer?")))
                                .map(answers -> result("Answered: " + answers, false))
                                .orElseGet(() -> result("The questions could not be asked.", true)))),
                fixture("test_tool_with_task", "Asks for a name in a round trip, then greets as a task",
                        schema(Map.of()), TaskTool.Support.REQUIRED, TaskFixtures::greetAfterRoundTrip));
    }

    private static StatelessReply slowCompute(Map<String, Object> arguments, TaskContext context) {
        double seconds = arguments.get("seconds") instanceof Number number ? number.doubleValue() : 1;
        boolean cancelled = pause(context, Duration.ofMillis((long) (seconds * 1000)));
        return result(cancelled ? "Cancelled." : "Computed " + arguments.get("label") + " after " + seconds + " s.",
                false);
    }

    private static StatelessReply confirmDelete(String filename, TaskContext context) {
        Map<String, Object> ask = elicitation("Delete " + filename + "?");
        return context.ask(List.of(ask))
                .map(answers -> answers.getFirst())
                .map(answer -> "accept".equals(answer.get("action")) && answer.get("content") instanceof Map<?, ?> content
                        && Boolean.TRUE.equals(content.get("confirm"))
                        ? result("Deleted " + filename + ".", false)
                        : result("Kept " + filename + ".", false))
                .orElseGet(() -> result("Could not ask whether to delete " + filename + ".", true));
    }

    /** First round: an input_required result (multi round-trip); second round, with the answer: a task. */
    private static TaskTool.Start greetAfterRoundTrip(TaskTool.Call call) {
        Optional<Object> name = Optional.ofNullable(call.params().get("inputResponses"))
                .filter(Map.class::isInstance).map(responses -> ((Map<?, ?>) responses).get(USER_NAME))
                .filter(Map.class::isInstance).map(answer -> ((Map<?, ?>) answer).get("content"))
                .filter(Map.class::isInstance).map(content -> ((Map<?, ?>) content).get("name"));
        if (name.isPresent()) {
            return work(context -> result("Hello, " + name.get() + "!", false));
        }
        Map<String, Object> inputRequired = new LinkedHashMap<>();
        inputRequired.put("resultType", "input_required");
        inputRequired.put("inputRequests", Map.of(USER_NAME, elicitation("What is your name?")));
        return new TaskTool.Start.Now(new StatelessReply.Result(inputRequired));
    }

    /** Waits, or less when the task is cancelled; true when it was. */
    private static boolean pause(TaskContext context, Duration duration) {
        CountDownLatch cancelled = new CountDownLatch(1);
        context.cancellation().onCancel(cancelled::countDown);
        try {
            return cancelled.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static Map<String, Object> elicitation(String message) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("confirm", Map.of("type", "boolean"));
        properties.put("name", Map.of("type", "string"));
        return Map.of("method", McpSchema.METHOD_ELICITATION_CREATE, "params", Map.of("mode", "form",
                "message", message, "requestedSchema", Map.of("type", "object", "properties", properties)));
    }

    private static TaskTool.Start work(Function<TaskContext, StatelessReply> work) {
        return new TaskTool.Start.Work(work, Duration.ZERO);
    }

    private static StatelessReply result(String text, boolean isError) {
        return new StatelessReply.Result(Map.of("content", List.of(Map.of("type", "text", "text", text)),
                "isError", isError));
    }

    private static Map<String, Object> schema(Map<String, String> properties) {
        Map<String, Object> described = new LinkedHashMap<>();
        properties.forEach((name, type) -> described.put(name, Map.of("type", type)));
        return Map.of("type", "object", "properties", described);
    }

    private static TaskTool fixture(String name, String description, Map<String, Object> inputSchema,
            TaskTool.Support support, Function<TaskTool.Call, TaskTool.Start> start) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, inputSchema).description(description).build();
        return new TaskTool() {
            @Override
            public McpSchema.Tool tool() {
                return tool;
            }

            @Override
            public Support support() {
                return support;
            }

            @Override
            public Start start(Call call) {
                return start.apply(call);
            }
        };
    }
}
