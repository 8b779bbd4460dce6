package dev.mallard.cli;

import static dev.mallard.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.DatabaseSpec;
import dev.mallard.config.MallardConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI parsed in-process: flags, MALLARD_* variables, the config file, and their order. */
class CommandLineTest {
    @TempDir
    Path temp;

    private static MallardConfig serveConfig(Map<String, String> environment, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "serve";
        System.arraycopy(args, 0, full, 1, args.length);
        CommandLine commandLine = MallardCommand.createCommandLine(full, environment);
        CommandLine.ParseResult parsed = commandLine.parseArgs(full);
        ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
        return serve.config();
    }

    @Test
    void versionPrintsTheVersion() {
        CommandRun run = run(Map.of(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("mallard 0.1.0");
    }

    @Test
    void helpListsTheCommands() {
        CommandRun run = run(Map.of(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("serve", "stdio", "./mallard serve");
    }

    @Test
    void serveHelpDocumentsEveryOptionWithItsDefault() {
        CommandRun run = run(Map.of(), "serve", "--help");
        // Help text is wrapped at 80 columns; compare with the line breaks folded away.
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--db", "--read-write", "--data-dir", "--host", "--port", "--public-url",
                "--allowed-origins", "--allowed-hosts", "--max-rows", "--default-rows", "--max-chars",
                "--query-timeout", "--task-timeout", "--threads", "--memory-limit", "--max-temp-size", "--workers", "--config",
                "--query-nice", "--session-idle-timeout", "default: 8765", "default: 2048", "default: 200", "default: 50000");
    }

    @Test
    void theTestProfileOptionIsHiddenFromHelpButParses() {
        assertThat(run(Map.of(), "serve", "--help").out()).doesNotContain("test-profile", "conformance");
        String[] args = {"serve", "--test-profile", "conformance"};
        ServeCommand serve = MallardCommand.createCommandLine(args, Map.of()).parseArgs(args).subcommand()
                .commandSpec().commandLine().getCommand();
        assertThat(serve.testProfile).isEqualTo(TestProfile.CONFORMANCE);
        assertThat(serve.testProfile.fixtures().tools()).isNotEmpty();
    }

    @Test
    void theTestProfileComesOnlyFromTheCommandLineNeverFromEnvironmentOrConfigFile() throws IOException {
        Path file = temp.resolve("mallard.yaml");
        Files.writeString(file, "test-profile: conformance\n");
        for (Map<String, String> environment : List.of(Map.of("MALLARD_TEST_PROFILE", "conformance"),
                Map.of("MALLARD_CONFIG", file.toString()))) {
            String[] args = {"serve"};
            ServeCommand serve = MallardCommand.createCommandLine(args, environment).parseArgs(args).subcommand()
                    .commandSpec().commandLine().getCommand();
            assertThat(serve.testProfile).as("test profile with %s", environment).isNull();
        }
    }

    @Test
    void defaultsServeTheDemoOnLoopback() {
        MallardConfig config = serveConfig(Map.of());
        assertThat(config.databases()).isEmpty();
        assertThat(config.readWrite()).isFalse();
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8765);
        assertThat(config.limits().maxRows()).isEqualTo(2048);
        assertThat(config.limits().timeout()).isEqualTo(Duration.ofSeconds(55));
        assertThat(config.limits().taskTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.engine().queryNice()).isEqualTo(5);
    }

    @Test
    void flagsSetEveryOption() {
        MallardConfig config = serveConfig(Map.of(), "--db", "sales=/data/sales.duckdb", "--db", "/data/hr.duckdb",
                "--read-write", "--data-dir", temp.toString(), "--host", "0.0.0.0", "--port", "9000",
                "--public-url", "https://mallard.example.com", "--allowed-origins", "https://a.example,https://b.example",
                "--allowed-hosts", "mallard.internal", "--max-rows", "500", "--default-rows", "50", "--max-chars",
                "20000", "--query-timeout", "2m", "--task-timeout", "2h", "--threads", "3", "--memory-limit", "2GB", "--max-temp-size", "5GB",
                "--workers", "6", "--query-nice", "12", "--session-idle-timeout", "90s");
        assertThat(config.databases()).containsExactly(new DatabaseSpec("sales", "/data/sales.duckdb"),
                new DatabaseSpec("hr", "/data/hr.duckdb"));
        assertThat(config.readWrite()).isTrue();
        assertThat(config.dataDir()).isEqualTo(temp);
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.http().port()).isEqualTo(9000);
        assertThat(config.http().publicUrl()).contains(URI.create("https://mallard.example.com"));
        assertThat(config.http().allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(config.http().allowedHosts()).containsExactly("mallard.internal");
        assertThat(config.http().sessionIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.limits().maxRows()).isEqualTo(500);
        assertThat(config.limits().defaultRows()).isEqualTo(50);
        assertThat(config.limits().maxChars()).isEqualTo(20_000);
        assertThat(config.limits().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.limits().taskTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(config.engine().threads()).isEqualTo(3);
        assertThat(config.engine().memoryLimit()).isEqualTo("2GB");
        assertThat(config.engine().maxTempDirectorySize()).isEqualTo("5GB");
        assertThat(config.engine().workers()).isEqualTo(6);
        assertThat(config.engine().queryNice()).isEqualTo(12);
    }

    @Test
    void writeModesAreChosenWithWritesOrReadWrite() {
        assertThat(serveConfig(Map.of()).writes().mode()).isEqualTo(dev.mallard.config.WriteMode.OFF);
        assertThat(serveConfig(Map.of(), "--writes", "confirm").writes().mode())
                .isEqualTo(dev.mallard.config.WriteMode.CONFIRM);
        assertThat(serveConfig(Map.of(), "--writes", "DIRECT").writes().mode())
                .isEqualTo(dev.mallard.config.WriteMode.DIRECT);
        assertThat(serveConfig(Map.of(), "--read-write").writes().mode()).isEqualTo(dev.mallard.config.WriteMode.DIRECT);
        assertThat(serveConfig(Map.of("MALLARD_WRITES", "confirm"), "--mutation-ttl", "90s").writes())
                .isEqualTo(new dev.mallard.config.WriteSettings(dev.mallard.config.WriteMode.CONFIRM,
                        Duration.ofSeconds(90)));
        assertThat(serveConfig(Map.of()).writes().mutationTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void cursorTtlIsAnOptionAndTheStorageCapsKeepTheirDefaults() {
        assertThat(serveConfig(Map.of()).cursors()).isEqualTo(dev.mallard.config.CursorSettings.DEFAULTS);
        assertThat(serveConfig(Map.of(), "--cursor-ttl", "2m").cursors())
                .isEqualTo(dev.mallard.config.CursorSettings.DEFAULTS.withTtl(Duration.ofMinutes(2)));
        assertThat(serveConfig(Map.of("MALLARD_CURSOR_TTL", "30s")).cursors().ttl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void exportOptionsSetTheExportArea() {
        assertThat(serveConfig(Map.of()).exports()).isEqualTo(dev.mallard.config.ExportSettings.DEFAULTS);
        assertThat(serveConfig(Map.of("MALLARD_EXPORT_MAX_BYTES", "1048576"), "--export-ttl", "15m").exports())
                .isEqualTo(new dev.mallard.config.ExportSettings(Duration.ofMinutes(15), 1_048_576));
        CommandRun run = run(Map.of(), "serve", "--export-ttl", "0s", "--data-dir", temp.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--export-ttl must be positive");
    }

    @Test
    void readWriteAndConfirmTogetherAreRefused() {
        CommandRun run = run(Map.of(), "serve", "--read-write", "--writes", "confirm", "--data-dir", temp.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--read-write means --writes direct");
    }

    @Test
    void anUnknownWriteModeListsTheValidOnes() {
        CommandRun run = run(Map.of(), "serve", "--writes", "sometimes");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("sometimes", "OFF", "DIRECT", "CONFIRM");
    }

    @Test
    void environmentVariablesSetOptionsAndFlagsWin() {
        Map<String, String> environment = Map.of("MALLARD_PORT", "9100", "MALLARD_MAX_ROWS", "700",
                "MALLARD_READ_WRITE", "true", "MALLARD_DB", "a=/x/a.duckdb,b=/x/b.duckdb");
        MallardConfig config = serveConfig(environment, "--max-rows", "800");
        assertThat(config.http().port()).isEqualTo(9100);
        assertThat(config.limits().maxRows()).isEqualTo(800);
        assertThat(config.readWrite()).isTrue();
        assertThat(config.databases()).extracting(DatabaseSpec::name).containsExactly("a", "b");
    }

    @Test
    void configFileSetsOptionsBelowEnvironmentAndFlags() throws IOException {
        Path file = temp.resolve("mallard.yaml");
        Files.writeString(file, """
                port: 9200
                max-rows: 300
                query-timeout: 30s
                db:
                  - sales=/data/sales.duckdb
                  - /data/hr.duckdb
                """);
        MallardConfig fromFile = serveConfig(Map.of(), "--config", file.toString());
        assertThat(fromFile.http().port()).isEqualTo(9200);
        assertThat(fromFile.limits().maxRows()).isEqualTo(300);
        assertThat(fromFile.limits().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromFile.databases()).extracting(DatabaseSpec::name).containsExactly("sales", "hr");

        MallardConfig environmentWins = serveConfig(Map.of("MALLARD_CONFIG", file.toString(), "MALLARD_PORT", "9300"));
        assertThat(environmentWins.http().port()).isEqualTo(9300);
        assertThat(environmentWins.limits().maxRows()).isEqualTo(300);
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        CommandRun run = runCatching(Map.of(), "serve", "--config", temp.resolve("nope.yaml").toString());
        assertThat(run.err()).contains("Config file", "nope.yaml", "does not exist");
    }

    @Test
    void anInvalidConfigFileIsAClearError() throws IOException {
        Path file = temp.resolve("bad.yaml");
        Files.writeString(file, "- just\n- a list\n");
        CommandRun run = runCatching(Map.of(), "serve", "--config", file.toString());
        assertThat(run.err()).contains("is not valid YAML with option names as keys");
    }

    @Test
    void anInvalidLimitExitsWithCode2AndSaysWhy() {
        CommandRun run = run(Map.of(), "serve", "--max-rows", "0", "--data-dir", temp.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mallard: --max-rows must be at least 1");
    }

    @Test
    void aBadDurationIsReportedWithTheExpectedFormat() {
        CommandRun run = run(Map.of(), "serve", "--query-timeout", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration; write it as 55s, 2m, 1h, 30d or 500ms");
    }

    @Test
    void aMissingDatabaseFileExitsWithCode2AndSaysHowToCreateIt() {
        Path missing = temp.resolve("missing.duckdb");
        CommandRun run = run(Map.of(), "stdio", "--db", missing.toString(), "--data-dir", temp.resolve("data").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does not exist", "--read-write");
        assertThat(missing).doesNotExist();
    }

    @Test
    void anUnknownOptionIsReported() {
        CommandRun run = run(Map.of(), "serve", "--prot", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option", "'--prot'");
    }

    /** Errors raised while the config file is read happen before picocli runs. */
    private static CommandRun runCatching(Map<String, String> environment, String... args) {
        try {
            return run(environment, args);
        } catch (dev.mallard.error.MallardException e) {
            return new CommandRun(2, "", e.getMessage());
        }
    }

    @Test
    void environmentNamesFollowTheLongOptions() {
        assertThat(ConfigDefaults.environmentName("max-rows")).isEqualTo("MALLARD_MAX_ROWS");
        assertThat(ConfigDefaults.environmentName("db")).isEqualTo("MALLARD_DB");
        assertThat(List.of(ConfigDefaults.environmentName("query-timeout"))).containsExactly("MALLARD_QUERY_TIMEOUT");
    }
}
