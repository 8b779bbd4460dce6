package dev.mallard.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Mallard's logging, set up in code (found by logback through META-INF/services) rather than from
 * a logback.xml: parsing and interpreting the XML took about a tenth of a cold start's main
 * thread. Logs go to standard error, since under {@code mallard stdio} standard output carries the
 * MCP protocol; {@code MALLARD_LOG_LEVEL} (default INFO) sets Mallard's own level. A file named by
 * {@code -Dlogback.configurationFile} still replaces all of this.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{1} - %msg%n";
    private static final Map<String, Level> QUIET_LIBRARIES = Map.of(
            "io.modelcontextprotocol", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "reactor", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("dev.mallard").setLevel(Level.toLevel(mallardLevel(), Level.INFO));
        QUIET_LIBRARIES.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Like logback's {@code ${MALLARD_LOG_LEVEL:-INFO}}: a system property, else the environment. */
    private static String mallardLevel() {
        String level = System.getProperty("MALLARD_LOG_LEVEL", System.getenv("MALLARD_LOG_LEVEL"));
        return level == null ? "INFO" : level;
    }
}
