package dev.mallard.testing;

import io.modelcontextprotocol.client.transport.ServerParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Mallard started as a separate process from the test classpath, as an MCP client would start it. */
public final class MallardProcess {
    private MallardProcess() {}

    /** The command line that runs {@code mallard <args>} with this JVM and the test classpath. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.mallard.Main");
        command.addAll(List.of(args));
        return command;
    }

    /** Parameters for the SDK's stdio client transport. */
    public static ServerParameters stdio(String... args) {
        List<String> command = command(args);
        return ServerParameters.builder(command.getFirst()).args(command.subList(1, command.size())).build();
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
