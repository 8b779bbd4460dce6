package dev.mallard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("system-properties")
class LogConfigurationTest {
    @Test
    void logsMallardAtInfoAndLibrariesAtWarnToStandardError() {
        LoggerContext context = configured();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class,
                appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
        assertThat(context.getLogger("dev.mallard.engine.DuckDbEngine").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.zaxxer.hikari.HikariDataSource").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void mallardLogLevelSetsMallardsOwnLevel() {
        System.setProperty("MALLARD_LOG_LEVEL", "DEBUG");
        try {
            assertThat(configured().getLogger("dev.mallard.app.Mallard").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        } finally {
            System.clearProperty("MALLARD_LOG_LEVEL");
        }
    }

    @Test
    void aConfigurationFileOfTheUsersOwnIsLeftToLogback() {
        System.setProperty("logback.configurationFile", "/somewhere/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertThat(new LogConfiguration().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        LogConfiguration configuration = new LogConfiguration();
        configuration.setContext(context);
        assertThat(configuration.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }
}
