package dev.mallard.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority (the Linux nice value) of the threads that run queries, so that on a busy
 * machine request handling goes first. Under full load every core runs DuckDB, and a thread that wakes
 * to parse a request, hand a query over or write an answer otherwise waits for a running query's time
 * slice to end: with 8 agents on 2 cores that added several milliseconds to every call, ten times the
 * engine's own time for a COUNT (BENCHMARKS.md). A higher nice value makes query threads yield to them;
 * queries still get every cycle nobody else wants.
 *
 * <p>Linux keeps a nice value per thread and a new thread inherits its creator's, so a thread that
 * lowers itself before it starts DuckDB also lowers the threads DuckDB starts. Java has no API for it:
 * {@code setpriority(2)} is called through the foreign function API of Java 22 and later, looked up by
 * reflection because Mallard also runs on Java 21, where that API is a preview. Elsewhere (Java 21,
 * macOS, where the value is per process, Windows) nothing changes, and the server says so once.
 */
final class ThreadNice {
    private static final Logger log = LoggerFactory.getLogger(ThreadNice.class);
    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;
    private static final Path OWN_STAT = Path.of("/proc/thread-self/stat");
    /** The field of {@code /proc/<pid>/task/<tid>/stat} that holds the nice value, counted after the command. */
    private static final int NICE_AFTER_COMMAND = 17;

    private static final Optional<MethodHandle> SET_PRIORITY = setPriority();
    private static volatile boolean reported;

    private ThreadNice() {}

    /** A factory whose threads lower themselves by {@code offset} before they run anything. */
    static ThreadFactory lowered(ThreadFactory threads, int offset) {
        if (offset == 0) {
            return threads;
        }
        return work -> threads.newThread(() -> {
            lowerCurrentThread(offset);
            work.run();
        });
    }

    /**
     * Raises the calling thread's nice value by {@code offset} (at most to 19). Lowering a priority needs
     * no privilege. False when it could not be done here.
     */
    static boolean lowerCurrentThread(int offset) {
        if (offset == 0) {
            return true;
        }
        OptionalInt current = currentThread();
        if (SET_PRIORITY.isEmpty() || current.isEmpty()) {
            reportOnce("this platform has no per-thread nice value that Java " + Runtime.version().feature()
                    + " can set (Linux and Java 22 or later do)");
            return false;
        }
        int target = Math.min(LOWEST, current.getAsInt() + offset);
        try {
            // On Linux, PRIO_PROCESS with id 0 is the calling thread: the nice value is kept per thread.
            int result = (int) SET_PRIORITY.get().invokeExact(PRIO_PROCESS, 0, target);
            if (result == 0 && currentThread().equals(OptionalInt.of(target))) {
                return true;
            }
            reportOnce("setpriority returned " + result);
        } catch (Throwable e) {
            reportOnce(e.toString());
        }
        return false;
    }

    /** The calling thread's nice value, when the platform shows it. */
    static OptionalInt currentThread() {
        return niceIn(OWN_STAT);
    }

    /** The nice value in a {@code /proc} stat file of a thread. */
    static OptionalInt niceIn(Path stat) {
        try {
            String text = Files.readString(stat);
            // The command, in parentheses, may itself hold spaces and parentheses: count after the last ')'.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[NICE_AFTER_COMMAND - 1]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static void reportOnce(String why) {
        if (!reported) {
            reported = true;
            log.info("Query threads run at the same CPU priority as request handling: {}.", why);
        }
    }

    /** {@code int setpriority(int which, id_t who, int prio)}, through java.lang.foreign when it is final. */
    private static Optional<MethodHandle> setPriority() {
        if (Runtime.version().feature() < 22
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) lookupType.getMethod("find", String.class).invoke(libc, "setpriority");
            if (symbol.isEmpty()) {
                return Optional.empty();
            }
            Object intLayout = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
            Object arguments = Array.newInstance(layoutType, 3);
            for (int i = 0; i < 3; i++) {
                Array.set(arguments, i, intLayout);
            }
            Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass())
                    .invoke(null, intLayout, arguments);
            Object noOptions = Array.newInstance(optionType, 0);
            return Optional.of((MethodHandle) linkerType
                    .getMethod("downcallHandle", segmentType, descriptorType, noOptions.getClass())
                    .invoke(linker, symbol.get(), descriptor, noOptions));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("setpriority is not reachable: {}", e.toString());
            return Optional.empty();
        }
    }
}
