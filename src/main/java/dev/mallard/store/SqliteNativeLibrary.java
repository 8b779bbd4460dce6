package dev.mallard.store;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Points sqlite-jdbc at the native library the build unpacks beside mallard.jar
 * ({@code sqlite-native/}, see pom.xml). Without it the driver copies the library out of the jar
 * into the temp directory and compares the copy byte by byte at every start; with it the library
 * is loaded as it is. When the directory is missing (tests run from classes, another platform) or
 * the user chose a path, nothing changes and the driver extracts its own as before.
 */
final class SqliteNativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";

    private SqliteNativeLibrary() {}

    static void useBesideJar() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        besideJar().ifPresent(directory -> System.setProperty(PATH_PROPERTY, directory.toString()));
    }

    private static Optional<Path> besideJar() {
        CodeSource source = SqliteNativeLibrary.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            Path directory = Path.of(source.getLocation().toURI()).resolveSibling("sqlite-native");
            return Files.isRegularFile(directory.resolve(System.mapLibraryName("sqlitejdbc")))
                    ? Optional.of(directory)
                    : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
