package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.mcp.conformance.ConformanceFixtures;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * MCP 2026-07-28 on the MCP endpoint: requests with per-request {@code _meta}, no session, built by
 * hand from the specification's schema, beside the 2025-11-25 sessions of the same server.
 */
class StatelessHttpTest {
    private static final String VERSION = "2026-07-28";

    @TempDir
    static Path directory;

    private static TestMallard server;
    /** Serves the conformance test profile's fixtures, for what only they exercise (no credential needed). */
    private static TestMallard fixtures;
    private static String reader;
    private static String writer;

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .database("sales", TestData.sales(directory))
                .confirmWrites()
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        var users = server.mallard().users();
        users.add("bob", Optional.empty(), false);
        users.grant("bob", "*", Access.WRITE);
        ApiKeys keys = server.mallard().apiKeys();
        reader = keys.create("bob", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
        writer = keys.create("bob", Set.of(Scope.READ, Scope.WRITE), Optional.empty(), Optional.empty()).secret();
        fixtures = TestMallard.builder().database("demo", TestData.demo())
                .fixtures(ConformanceFixtures.create()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        fixtures.close();
    }

    @Test
    void discoverDescribesTheServerWithoutASession() {
        HttpResponse<String> reply = send(writer, 1, "server/discover", Map.of(), Map.of());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Mcp-Session-Id")).isEmpty();
        JsonNode result = result(reply);
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(strings(result.get("supportedVersions"))).contains(VERSION, "2025-11-25");
        assertThat(result.get("capabilities").has("tools")).isTrue();
        assertThat(result.get("instructions").asString()).contains("sales");
        assertThat(result.get("ttlMs").asLong()).isPositive();
        assertThat(result.get("cacheScope").asString()).isEqualTo("private");
        assertThat(result.get("_meta").get("io.modelcontextprotocol/serverInfo").get("name").asString())
                .isEqualTo("mallard");
    }

    @Test
    void toolsListShowsWhatTheScopesAllowWithCachingHints() {
        JsonNode forReader = result(send(reader, 2, "tools/list", Map.of(), Map.of()));
        assertThat(forReader.get("resultType").asString()).isEqualTo("complete");
        assertThat(names(forReader)).contains("query").doesNotContain("query_rw", "confirm_mutation");
        assertThat(forReader.get("ttlMs").asLong()).isPositive();
        assertThat(forReader.get("cacheScope").asString()).isEqualTo("private");

        assertThat(names(result(send(writer, 3, "tools/list", Map.of(), Map.of())))).contains("query", "query_rw",
                "confirm_mutation");
    }

    @Test
    void aToolCallRunsTheToolAndTheAuditNamesTheClient() {
        HttpResponse<String> reply = call(writer, 4, "query", Map.of("sql", "SELECT 40 + 2 AS answer"), Map.of());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).as("a quick answer is plain JSON, no event stream")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode result = result(reply);
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.get("isError").asBoolean()).isFalse();
        assertThat(result.get("structuredContent").toString()).contains("42");

        server.mallard().audit().flush();
        List<AuditEntry> entries = server.mallard().store().audit().recent(new AuditQuery(null, "query", "bob", 20));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.sql()).contains("40 + 2");
            assertThat(entry.clientName()).isEqualTo("stateless-test");
            assertThat(entry.clientVersion()).isEqualTo("0.1");
            assertThat(entry.sessionId()).isNull();
        });
    }

    @Test
    void aToolNameOutsidePlainAsciiTravelsBase64Encoded() {
        Map<String, Object> params = params(Map.of("name", "query", "arguments", Map.of("sql", "SELECT 1")), Map.of());
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("query".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(5, "tools/call", params),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", encoded));
        assertThat(result(reply).get("isError").asBoolean()).isFalse();
    }

    @Test
    void methodsThatLeftTheProtocolAreNotFound() {
        for (String removed : List.of("ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
                "initialize")) {
            HttpResponse<String> reply = send(writer, 6, removed, Map.of(), Map.of());
            assertThat(reply.statusCode()).as(removed).isEqualTo(404);
            assertThat(error(reply, 6, -32601).get("message").asString()).contains(removed).contains("tools/call");
        }
    }

    @Test
    void anUnsupportedVersionListsTheSupportedOnes() {
        Map<String, Object> params = Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2027-01-01",
                "io.modelcontextprotocol/clientCapabilities", Map.of()));
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(7, "tools/list", params),
                Map.of("MCP-Protocol-Version", "2027-01-01", "Mcp-Method", "tools/list"));
        assertThat(reply.statusCode()).isEqualTo(400);
        JsonNode error = error(reply, 7, -32022);
        assertThat(strings(error.get("data").get("supported"))).contains(VERSION, "2025-11-25");
        assertThat(error.get("data").get("requested").asString()).isEqualTo("2027-01-01");
    }

    @Test
    void headersThatDisagreeWithTheBodyAreAHeaderMismatch() {
        Map<String, Object> params = params(Map.of("name", "query", "arguments", Map.of("sql", "SELECT 1")), Map.of());
        String body = RawMcpHttp.message(8, "tools/call", params);
        HttpResponse<String> wrongName = post(writer, body,
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", "query_rw"));
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat(error(wrongName, 8, -32020).get("message").asString()).contains("query_rw").contains("query");

        HttpResponse<String> noName = post(writer, body,
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call"));
        assertThat(error(noName, 8, -32020).get("message").asString()).contains("Mcp-Name");

        HttpResponse<String> wrongMethod = post(writer, body,
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/list", "Mcp-Name", "query"));
        assertThat(error(wrongMethod, 8, -32020).get("message").asString()).contains("Mcp-Method");

        HttpResponse<String> noVersion = post(writer, body, Map.of("Mcp-Method", "tools/call", "Mcp-Name", "query"));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(error(noVersion, 8, -32020).get("message").asString()).contains("MCP-Protocol-Version");
    }

    @Test
    void aVersionHeaderThatDisagreesWithAnUnsupportedBodyVersionIsAHeaderMismatch() {
        Map<String, Object> params = Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "v999.0.0",
                "io.modelcontextprotocol/clientCapabilities", Map.of()));
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(8, "server/discover", params),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "server/discover"));
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(error(reply, 8, -32020).get("message").asString()).contains("v999.0.0").contains(VERSION);
    }

    @Test
    void resourcesAreListedAndReadWithCachingHints() {
        JsonNode list = result(send(writer, 30, "resources/list", Map.of(), Map.of()));
        assertThat(list.get("resources").valueStream().map(resource -> resource.get("uri").asString()))
                .contains("mallard://sales/main/orders");
        assertCacheable(list, "private");

        JsonNode templates = result(send(writer, 31, "resources/templates/list", Map.of(), Map.of()));
        assertThat(templates.get("resourceTemplates").valueStream()
                .map(template -> template.get("uriTemplate").asString())).containsExactly(
                        "mallard://{database}/{schema}/{table}");
        assertCacheable(templates, "public");

        JsonNode read = result(read(writer, 32, "mallard://sales/main/orders"));
        assertThat(read.get("contents").get(0).get("uri").asString()).isEqualTo("mallard://sales/main/orders");
        assertThat(read.get("contents").get(0).get("text").asString()).contains("amount");
        assertCacheable(read, "private");
    }

    @Test
    void aResourceThatDoesNotExistIsInvalidParamsNamingTheUri() {
        JsonNode error = error(read(writer, 33, "mallard://sales/main/order"), 33, -32602);
        assertThat(error.get("message").asString()).contains("orders");
        assertThat(error.get("data").get("uri").asString()).isEqualTo("mallard://sales/main/order");

        JsonNode outside = error(read(writer, 34, "file:///etc/passwd"), 34, -32602);
        assertThat(outside.get("message").asString()).contains("resources/list");
        assertThat(outside.get("data").get("uri").asString()).isEqualTo("file:///etc/passwd");
    }

    @Test
    void promptsAreListedAndGotWithoutASession() {
        JsonNode list = result(send(writer, 35, "prompts/list", Map.of(), Map.of()));
        assertThat(list.get("prompts").valueStream().map(prompt -> prompt.get("name").asString()))
                .contains("explore_database", "profile_table");
        assertCacheable(list, "public");

        JsonNode prompt = result(getPrompt(writer, 36, "profile_table", Map.of("table", "orders")));
        assertThat(prompt.get("messages").get(0).get("content").get("text").asString()).contains("orders");
        assertThat(prompt.has("ttlMs")).isFalse();

        assertThat(error(getPrompt(writer, 37, "no_such_prompt", Map.of()), 37, -32602).get("message").asString())
                .contains("prompts/list");
    }

    @Test
    void completionProposesWhatTheCallerMaySee() {
        JsonNode result = result(send(writer, 38, "completion/complete", Map.of(
                "ref", Map.of("type", "ref/prompt", "name", "profile_table"),
                "argument", Map.of("name", "table", "value", "ord")), Map.of()));
        assertThat(strings(result.get("completion").get("values"))).containsExactly("orders");

        HttpResponse<String> unknown = send(writer, 39, "completion/complete", Map.of(
                "ref", Map.of("type", "ref/prompt", "name", "no_such_prompt"),
                "argument", Map.of("name", "table", "value", "")), Map.of());
        assertThat(error(unknown, 39, -32602).get("message").asString()).contains("no_such_prompt");
    }

    @Test
    void aParameterHeaderMustMatchItsArgument() {
        assertThat(result(headerCall("us-west1", "us-west1")).get("content").get(0).get("text").asString())
                .isEqualTo("Region: us-west1");
        assertThat(result(headerCall("Hello, 世界", "=?base64?SGVsbG8sIOS4lueVjA==?=")).get("isError").asBoolean())
                .isFalse();
        assertThat(result(headerCall("=?base64?SGVsbG8=", "=?base64?SGVsbG8=")).get("isError").asBoolean())
                .as("a value without the ?= suffix is literal").isFalse();

        HttpResponse<String> different = headerCall("us-west1", "eu-north1");
        assertThat(different.statusCode()).isEqualTo(400);
        assertThat(error(different, 50, -32020).get("message").asString()).contains("Mcp-Param-Region")
                .contains("eu-north1").contains("us-west1");
        HttpResponse<String> missing = headerCall("us-west1", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing, 50, -32020).get("message").asString()).contains("Mcp-Param-Region header is missing");
        HttpResponse<String> unpadded = headerCall("Hello", "=?base64?SGVsbG8?=");
        assertThat(unpadded.statusCode()).as("Base64 without its padding is refused").isEqualTo(400);
        error(unpadded, 50, -32020);
        HttpResponse<String> badCharacters = headerCall("Hello", "=?base64?SGVs!!!bG8=?=");
        assertThat(badCharacters.statusCode()).isEqualTo(400);
        error(badCharacters, 50, -32020);
    }

    @Test
    void aToolThatNeedsAnUndeclaredClientCapabilityIsRefused() {
        HttpResponse<String> refused = fixtureCall(51, "test_missing_capability", Map.of(), Map.of(), Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = error(refused, 51, -32021);
        assertThat(error.get("data").get("requiredCapabilities").get("sampling").isObject()).isTrue();
        assertThat(error.get("message").asString()).contains("sampling");

        HttpResponse<String> declared = fixtureCall(52, "test_missing_capability", Map.of(),
                Map.of("sampling", Map.of()), Map.of());
        assertThat(result(declared).get("isError").asBoolean()).isFalse();
    }

    @Test
    void logMessagesAreSentOnlyWhenTheRequestNamesALevel() {
        HttpResponse<String> silent = fixtureCall(53, "test_logging_tool", Map.of(), Map.of(), Map.of());
        assertThat(RawMcpHttp.messages(silent)).noneMatch(message -> message.has("method"));
        assertThat(result(silent).get("isError").asBoolean()).isFalse();

        Map<String, Object> meta = new LinkedHashMap<>(meta(Map.of()));
        meta.put("io.modelcontextprotocol/logLevel", "info");
        HttpResponse<String> logged = fixtureCall(54, "test_logging_tool", Map.of(), Map.of(), Map.of("_meta", meta));
        assertThat(RawMcpHttp.messages(logged)).filteredOn(message -> message.has("method"))
                .extracting(message -> message.get("method").asString())
                .containsExactly("notifications/message", "notifications/message", "notifications/message");

        meta.put("io.modelcontextprotocol/logLevel", "error");
        HttpResponse<String> tooLow = fixtureCall(55, "test_logging_tool", Map.of(), Map.of(), Map.of("_meta", meta));
        assertThat(RawMcpHttp.messages(tooLow)).noneMatch(message -> message.has("method"));
    }

    @Test
    void aRoundTripAsksAgainForAMissingAnswerAndRefusesATamperedState() {
        Map<String, Object> all = Map.of("elicitation", Map.of(), "sampling", Map.of(), "roots", Map.of());
        String tool = "test_input_required_result_multi_round";
        JsonNode first = result(fixtureCall(56, tool, Map.of(), all, Map.of()));
        assertThat(first.get("resultType").asString()).isEqualTo("input_required");
        assertThat(first.get("inputRequests").has("step1")).isTrue();
        assertThat(first.has("ttlMs")).as("interim results are not cacheable").isFalse();

        JsonNode again = result(fixtureCall(57, tool, Map.of(), all, Map.of("requestState",
                first.get("requestState").asString(), "inputResponses", Map.of("other", Map.of()))));
        assertThat(again.get("inputRequests").has("step1")).as("the missing answer is asked for again").isTrue();

        JsonNode second = result(fixtureCall(58, tool, Map.of(), all, Map.of("requestState",
                first.get("requestState").asString(), "inputResponses", Map.of("step1", Map.of("action", "accept",
                        "content", Map.of("name", "Ada"))))));
        assertThat(second.get("inputRequests").has("step2")).isTrue();
        JsonNode done = result(fixtureCall(59, tool, Map.of(), all, Map.of("requestState",
                second.get("requestState").asString(), "inputResponses", Map.of("step2", Map.of("action", "accept",
                        "content", Map.of("color", "teal"))))));
        assertThat(done.get("resultType").asString()).isEqualTo("complete");
        assertThat(done.get("content").get(0).get("text").asString()).contains("teal");

        HttpResponse<String> tampered = fixtureCall(60, tool, Map.of(), all, Map.of("requestState",
                second.get("requestState").asString() + "-TAMPERED", "inputResponses", Map.of()));
        assertThat(error(tampered, 60, -32602).get("message").asString()).contains("integrity");
    }

    @Test
    void aRoundTripAsksOnlyForWhatTheClientDeclared() {
        JsonNode result = result(fixtureCall(61, "test_input_required_result_capabilities", Map.of(),
                Map.of("sampling", Map.of()), Map.of()));
        assertThat(result.get("inputRequests").valueStream().map(request -> request.get("method").asString()))
                .containsExactly("sampling/createMessage");
    }

    @Test
    void discoverAnnouncesResourcesPromptsAndCompletions() {
        JsonNode capabilities = result(send(writer, 40, "server/discover", Map.of(), Map.of())).get("capabilities");
        assertThat(capabilities.has("resources")).isTrue();
        assertThat(capabilities.has("prompts")).isTrue();
        assertThat(capabilities.has("completions")).isTrue();
    }

    @Test
    void aRequestWithoutTheRequiredMetaFieldsIsInvalidParams() {
        Map<String, Object> noCapabilities = Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", VERSION));
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(9, "tools/list", noCapabilities),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/list"));
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(error(reply, 9, -32602).get("message").asString()).contains("clientCapabilities");

        HttpResponse<String> noMeta = post(writer, RawMcpHttp.message(10, "tools/list", Map.of()),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/list"));
        assertThat(noMeta.statusCode()).isEqualTo(400);
        assertThat(error(noMeta, 10, -32602).get("message").asString()).contains("protocolVersion");
    }

    @Test
    void anUnknownMethodIsNotFound() {
        HttpResponse<String> reply = send(writer, 11, "unknown/method", Map.of(), Map.of());
        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(error(reply, 11, -32601).get("message").asString()).contains("unknown/method")
                .contains("resources/read");
    }

    @Test
    void anUnknownToolIsInvalidParams() {
        assertThat(error(call(writer, 12, "no_such_tool", Map.of(), Map.of()), 12, -32602).get("message").asString())
                .contains("tools/list");
    }

    @Test
    void aToolOutsideTheScopesIsForbidden() {
        HttpResponse<String> reply = call(reader, 13, "query_rw", Map.of("sql", "CREATE TABLE t (i INTEGER)"), Map.of());
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("insufficient_scope"));
    }

    @Test
    void aRequestWithoutCredentialIsUnauthorized() {
        HttpResponse<String> reply = send(null, 14, "server/discover", Map.of(), Map.of());
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer "));
    }

    @Test
    void anApprovedChangeIsAppliedOnTheRepeatedCall() {
        Map<String, Object> arguments = Map.of("sql", "CREATE TABLE approved AS SELECT 7 AS n");
        Map<String, Object> elicitation = Map.of("elicitation", Map.of("form", Map.of()));
        JsonNode first = result(call(writer, 20, "query_rw", arguments, elicitation));
        assertThat(first.get("resultType").asString()).isEqualTo("input_required");
        JsonNode question = first.get("inputRequests").get("approve_change");
        assertThat(question.get("method").asString()).isEqualTo("elicitation/create");
        assertThat(question.get("params").get("mode").asString()).isEqualTo("form");
        assertThat(question.get("params").get("message").asString()).contains("CREATE TABLE approved");
        assertThat(question.get("params").get("requestedSchema").get("properties").has("approve")).isTrue();
        String state = first.get("requestState").asString();

        JsonNode again = result(call(writer, 21, "query_rw", arguments, elicitation, Map.of("requestState", state)));
        assertThat(again.get("resultType").asString()).as("no answer yet: asked again").isEqualTo("input_required");

        JsonNode done = result(call(writer, 22, "query_rw", arguments, elicitation, Map.of("requestState", state,
                "inputResponses", Map.of("approve_change", Map.of("action", "accept", "content", Map.of("approve", true))))));
        assertThat(done.get("resultType").asString()).isEqualTo("complete");
        assertThat(done.get("structuredContent").get("status").asString()).isEqualTo("applied");
        assertThat(result(call(writer, 23, "query", Map.of("sql", "SELECT n FROM approved"), Map.of()))
                .get("structuredContent").toString()).contains("7");

        JsonNode replayed = result(call(writer, 24, "query_rw", arguments, elicitation, Map.of("requestState", state,
                "inputResponses", Map.of("approve_change", Map.of("action", "accept", "content", Map.of("approve", true))))));
        assertThat(replayed.get("isError").asBoolean()).as("a change is applied once").isTrue();
        assertThat(replayed.get("content").get(0).get("text").asString()).contains("already applied");
    }

    @Test
    void aDeclinedChangeIsCancelled() {
        Map<String, Object> arguments = Map.of("sql", "CREATE TABLE declined AS SELECT 1 AS n");
        Map<String, Object> elicitation = Map.of("elicitation", Map.of());
        String state = result(call(writer, 30, "query_rw", arguments, elicitation)).get("requestState").asString();
        JsonNode done = result(call(writer, 31, "query_rw", arguments, elicitation, Map.of("requestState", state,
                "inputResponses", Map.of("approve_change", Map.of("action", "decline")))));
        assertThat(done.get("resultType").asString()).isEqualTo("complete");
        assertThat(done.get("structuredContent").get("status").asString()).isEqualTo("declined");
        assertThat(result(call(writer, 32, "query", Map.of("sql", "SELECT count(*) AS c FROM duckdb_tables() "
                + "WHERE table_name = 'declined'"), Map.of())).get("structuredContent").toString()).contains("0");
    }

    @Test
    void aRequestStateForOtherSqlOrAnotherToolIsRefused() {
        Map<String, Object> elicitation = Map.of("elicitation", Map.of());
        String state = result(call(writer, 40, "query_rw", Map.of("sql", "CREATE TABLE kept AS SELECT 1 AS n"),
                elicitation)).get("requestState").asString();
        JsonNode otherSql = result(call(writer, 41, "query_rw", Map.of("sql", "DROP TABLE orders"), elicitation,
                Map.of("requestState", state, "inputResponses",
                        Map.of("approve_change", Map.of("action", "accept", "content", Map.of("approve", true))))));
        assertThat(otherSql.get("isError").asBoolean()).isTrue();
        assertThat(otherSql.get("content").get(0).get("text").asString()).contains("other SQL");

        assertThat(error(call(writer, 42, "query", Map.of("sql", "SELECT 1"), elicitation,
                Map.of("requestState", state)), 42, -32602).get("message").asString()).contains("requestState");
        assertThat(error(call(writer, 43, "query_rw", Map.of("sql", "SELECT 1"), elicitation,
                Map.of("requestState", "not-ours!")), 43, -32602).get("message").asString()).contains("requestState");
    }

    @Test
    void aClientThatCannotBeAskedGetsThePreviewToConfirm() {
        JsonNode result = result(call(writer, 50, "query_rw", Map.of("sql", "CREATE TABLE later AS SELECT 1 AS n"),
                Map.of()));
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.get("structuredContent").get("status").asString()).isEqualTo("pending");
        assertThat(result.get("structuredContent").get("mutation_id").asString()).isNotBlank();
    }

    @Test
    void bothErasAreServedByOneServerAtOnce() {
        try (McpSyncClient session = server.client(writer)) {
            session.initialize();
            assertThat(session.listTools().tools()).extracting(McpSchema.Tool::name).contains("query_rw");
            HttpResponse<String> stateless = call(writer, 60, "query", Map.of("sql", "SELECT 'modern' AS era"), Map.of());
            assertThat(stateless.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(result(stateless).get("structuredContent").toString()).contains("modern");
            McpSchema.CallToolResult legacy = session.callTool(McpSchema.CallToolRequest.builder("query")
                    .arguments(Map.of("sql", "SELECT 'legacy' AS era")).build());
            assertThat(legacy.isError()).isFalse();
            assertThat(legacy.structuredContent().toString()).contains("legacy");
            assertThat(legacy.meta()).as("session results keep the 2025 shape").isNull();
        }
    }

    @Test
    void closingTheStreamCancelsTheRequest() throws Exception {
        String sql = "SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 70";
        byte[] body = RawMcpHttp.message(70, "tools/call", params(Map.of("name", "query", "arguments",
                Map.of("sql", sql)), Map.of())).getBytes(StandardCharsets.UTF_8);
        URI endpoint = server.mcpUri();
        String head = "POST " + endpoint.getPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":"
                + endpoint.getPort() + "\r\nAuthorization: Bearer " + writer + "\r\nAccept: application/json, "
                + "text/event-stream\r\nContent-Type: application/json\r\nMCP-Protocol-Version: " + VERSION
                + "\r\nMcp-Method: tools/call\r\nMcp-Name: query\r\nContent-Length: " + body.length + "\r\n\r\n";
        // A raw socket: the test decides when the client leaves, with nothing (no progress token) sent yet.
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder received = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith(": ")) {
                received.append(line).append('\n');
            }
            assertThat(line).as("a heartbeat comment after %s", received).isNotNull();
            assertThat(received.toString()).containsIgnoringCase("content-type: text/event-stream");
        }
        assertThat(server.awaitAuditedQuery("bob", sql)).as("the endless query ended within 10 s of the client leaving").hasValueSatisfying(entry ->
                assertThat(entry.error()).contains("cancelled"));
    }

    private static HttpResponse<String> call(String token, Object id, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities) {
        return call(token, id, tool, arguments, capabilities, Map.of());
    }

    private static HttpResponse<String> call(String token, Object id, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("name", tool);
        body.put("arguments", arguments);
        return post(token, RawMcpHttp.message(id, "tools/call", params(body, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", tool));
    }

    private static HttpResponse<String> headerCall(String region, String header) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method",
                "tools/call", "Mcp-Name", "test_header_parameter"));
        if (header != null) {
            headers.put("Mcp-Param-Region", header);
        }
        try (RawMcpHttp raw = new RawMcpHttp(fixtures.mcpUri())) {
            return raw.post(RawMcpHttp.message(50, "tools/call", params(Map.of("name", "test_header_parameter",
                    "arguments", Map.of("region", region)), Map.of())), headers);
        }
    }

    private static HttpResponse<String> fixtureCall(Object id, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("name", tool);
        body.put("arguments", arguments);
        try (RawMcpHttp raw = new RawMcpHttp(fixtures.mcpUri())) {
            return raw.post(RawMcpHttp.message(id, "tools/call", params(body, capabilities)),
                    Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", tool));
        }
    }

    private static HttpResponse<String> read(String token, Object id, String uri) {
        return post(token, RawMcpHttp.message(id, "resources/read", params(Map.of("uri", uri), Map.of())),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "resources/read", "Mcp-Name", uri));
    }

    private static HttpResponse<String> getPrompt(String token, Object id, String name, Map<String, Object> arguments) {
        return post(token, RawMcpHttp.message(id, "prompts/get", params(Map.of("name", name, "arguments", arguments),
                Map.of())), Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "prompts/get", "Mcp-Name", name));
    }

    private static void assertCacheable(JsonNode result, String scope) {
        assertThat(result.get("ttlMs").asLong()).isPositive();
        assertThat(result.get("cacheScope").asString()).isEqualTo(scope);
    }

    private static HttpResponse<String> send(String token, Object id, String method, Map<String, Object> params,
            Map<String, Object> capabilities) {
        return post(token, RawMcpHttp.message(id, method, params(params, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", method));
    }

    /** The params of a 2026-07-28 request: the method's own, and the per-request protocol fields in _meta. */
    private static Map<String, Object> params(Map<String, Object> params, Map<String, Object> capabilities) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("_meta", params.containsKey("_meta") ? params.get("_meta") : meta(capabilities));
        return all;
    }

    private static Map<String, Object> meta(Map<String, Object> capabilities) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.put("io.modelcontextprotocol/clientInfo", Map.of("name", "stateless-test", "version", "0.1"));
        meta.put("io.modelcontextprotocol/clientCapabilities", capabilities);
        return meta;
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(token)) {
            return raw.post(body, headers);
        }
    }

    private static JsonNode result(HttpResponse<String> reply) {
        List<JsonNode> messages = RawMcpHttp.messages(reply);
        JsonNode last = messages.getLast();
        assertThat(last.has("result")).as(reply.statusCode() + " " + reply.body()).isTrue();
        return last.get("result");
    }

    private static JsonNode error(HttpResponse<String> reply, Object id, int code) {
        JsonNode body = RawMcpHttp.JSON.readTree(reply.body());
        assertThat(body.get("id").toString()).isEqualTo(String.valueOf(id));
        assertThat(body.get("error").get("code").asInt()).as(reply.body()).isEqualTo(code);
        return body.get("error");
    }

    private static List<String> names(JsonNode result) {
        return result.get("tools").valueStream().map(tool -> tool.get("name").asString()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
