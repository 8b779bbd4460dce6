package dev.mallard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Mallard's version, as the build stamped it. */
public final class MallardVersion {
    private static final String VERSION = load();

    private MallardVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = MallardVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
