package dev.mallard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard sources add NAME --file TABLE=PATH_OR_GLOB}: what is accepted, and every refusal with what to do. */
class FileSourcesCommandTest {
    @TempDir
    Path directory;

    private Path shared;
    private Path outside;

    @BeforeEach
    void files() throws IOException {
        shared = Files.createDirectories(directory.resolve("shared"));
        outside = Files.createDirectories(directory.resolve("outside"));
        TestFiles.text(shared.resolve("crm/orders_1.csv"), "id,amount\n1,10\n");
        TestFiles.text(shared.resolve("crm/orders_2.csv"), "id,amount\n2,20\n");
        TestFiles.parquet(shared.resolve("events/2026/a.parquet"), "SELECT 1 AS id");
        TestFiles.text(shared.resolve("mixed/a.csv"), "id\n1\n");
        TestFiles.parquet(shared.resolve("mixed/b.parquet"), "SELECT 1 AS id");
        TestFiles.text(shared.resolve("odd/data.txt"), "id|name\n1|x\n");
        TestFiles.text(shared.resolve("broken/fake.parquet"), "this is not parquet\n");
        TestFiles.text(outside.resolve("secret.csv"), "secret\nhunter2\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(shared.resolve("crm/old.csv.gz")))) {
            out.write("id,amount\n9,90\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private CommandRun add(String... args) {
        String[] all = new String[args.length + 6];
        all[0] = "sources";
        all[1] = "add";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--source-dir";
        all[args.length + 3] = shared.toString();
        all[args.length + 4] = "--data-dir";
        all[args.length + 5] = directory.resolve("data").toString();
        return CommandRun.run(Map.of(), all);
    }

    private CommandRun run(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = directory.resolve("data").toString();
        return CommandRun.run(Map.of(), all);
    }

    @Test
    void filesAndGlobsAreAddedListedAndRemoved() throws IOException {
        CommandRun added = add("crm", "--file", "orders=" + shared + "/crm/orders_*.csv", "--file",
                "events=" + shared + "/events/**/*.parquet", "--file", "old=" + shared + "/crm/old.csv.gz");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added source crm").contains("users grant USER crm");
        String real = shared.toRealPath().toString();
        assertThat(run("sources", "list").lines()).anySatisfy(line -> assertThat(line).startsWith("crm")
                .contains("files").contains("orders=" + real + "/crm/orders_*.csv")
                .contains("events=" + real + "/events/**/*.parquet"));
        assertThat(run("sources", "sync", "crm").err()).contains("nothing to sync");
        assertThat(add("crm", "--file", "t=" + shared + "/crm/orders_1.csv").err()).contains("already exists");

        CommandRun piped = add("odd", "--file", "t=" + shared + "/odd/data.txt", "--format", "csv");
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(run("sources", "remove", "odd").out()).contains("Removed source odd");
    }

    @Test
    void pathsOutsideTheSourceDirectoriesAreRefused() throws IOException {
        assertThat(add("x", "--file", "t=" + outside + "/secret.csv").err()).contains("outside the directories declared")
                .contains("--source-dir DIR");
        assertThat(add("x", "--file", "t=" + outside + "/*.csv").err()).contains("outside the directories declared");
        assertThat(add("x", "--file", "t=" + shared + "/../outside/*.csv").err()).contains("'..'");
        assertThat(add("x", "--file", "t=" + shared + "/crm/../../outside/secret.csv").err()).contains("'..'");

        Files.createSymbolicLink(shared.resolve("link"), outside);
        Files.createSymbolicLink(shared.resolve("secret-link.csv"), outside.resolve("secret.csv"));
        assertThat(add("x", "--file", "t=" + shared + "/link/*.csv").err()).contains("outside the directories declared");
        assertThat(add("x", "--file", "t=" + shared + "/secret-link.csv").err())
                .contains("outside the directories declared");
        assertThat(run("sources", "list").out()).contains("No sources yet");
    }

    @Test
    void filesThatCannotBeServedAreRefusedWithWhatToDo() {
        assertThat(add("x", "--file", "t=" + shared + "/crm/*.parquet").err()).contains("no file matches")
                .contains("Check the path");
        assertThat(add("x", "--file", "t=" + shared + "/nowhere/*.csv").err()).contains("does not exist");
        assertThat(add("x", "--file", "t=" + shared + "/mixed/*").err()).contains("different formats")
                .contains("--format");
        assertThat(add("x", "--file", "t=" + shared + "/odd/*.txt").err()).contains("does not say its format")
                .contains("--format csv|tsv|parquet|json|ndjson");
        assertThat(add("x", "--file", "t=" + shared + "/broken/fake.parquet").err())
                .contains("cannot be read as parquet");
        assertThat(add("x", "--file", "t=" + shared + "/crm/orders_1.csv", "--format", "xml").err())
                .contains("Unknown file format 'xml'");
        assertThat(add("x", "--file", "orders").err()).contains("must be TABLE=PATH_OR_GLOB");
        assertThat(add("x", "--file", "Bad-Table=" + shared + "/crm/orders_1.csv").err()).contains("not a plain SQL name");
        assertThat(add("x", "--file", "t=" + shared + "/crm/orders_1.csv", "--every", "1h").err())
                .contains("takes none of");
        assertThat(run("sources", "list").out()).contains("No sources yet");
    }
}
