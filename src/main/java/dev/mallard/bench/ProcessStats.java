package dev.mallard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Resident memory and CPU time of a process and of its JIT compiler threads, and the CPU time of
 * the whole machine, read from Linux's {@code /proc}; and the process listening on a local port,
 * found the way {@code ss -p} does: the socket's inode in {@code /proc/net/tcp{,6}}, then the
 * process holding a descriptor to that socket.
 */
final class ProcessStats {
    /** USER_HZ, the unit of the CPU times in /proc/PID/stat: 100 on every mainstream Linux. */
    private static final double TICKS_PER_SECOND = 100;
    private static final String LISTEN = "0A";

    private ProcessStats() {}

    static OptionalLong pidListeningOn(int port) {
        String inode = listeningInode(port);
        if (inode == null) {
            return OptionalLong.empty();
        }
        String socket = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                if (holds(process, socket)) {
                    return OptionalLong.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static String listeningInode(int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields.length > 9 && fields[1].endsWith(":" + hexPort) && fields[3].equals(LISTEN)) {
                        return fields[9];
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this machine: try the other
            }
        }
        return null;
    }

    private static boolean holds(Path process, String socket) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                if (socket.equals(readLink(descriptor))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or it just ended
        }
        return false;
    }

    private static String readLink(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** Resident set size in bytes, or -1 if the process cannot be read. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** User + system CPU time in nanoseconds, or -1 if the process cannot be read. */
    static long cpuNanos(long pid) {
        try {
            return nanos(cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of a HotSpot JVM's JIT compiler threads ({@code C1 CompilerThread*},
     * {@code C2 CompilerThread*}; Linux shows 15 characters of a thread's name), in nanoseconds, or
     * -1 if the process cannot be read. Compiler threads that ended took their time with them, so
     * over a window this is a lower bound.
     */
    static long compilerCpuNanos(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        ticks += cpuTicks(stat);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return nanos(ticks);
    }

    /**
     * The whole machine's CPU time so far, from the first line of {@code /proc/stat}: what every
     * process and the kernel used, and what the hypervisor took for other guests (steal), or null
     * where there is no {@code /proc/stat}.
     */
    static MachineTicks machineTicks() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            return lines.findFirst().map(MachineTicks::parse).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU time of the whole machine in nanoseconds: busy (user, nice, system, irq, softirq) and stolen. */
    record MachineTicks(long busyNanos, long stealNanos) {
        /** Parses {@code cpu  user nice system idle iowait irq softirq steal ...} (USER_HZ ticks). */
        static MachineTicks parse(String line) {
            String[] fields = line.strip().split("\\s+");
            if (!fields[0].equals("cpu") || fields.length < 9) {
                throw new IllegalArgumentException("not the machine's cpu line of /proc/stat: " + line);
            }
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(fields[field]);
            }
            return new MachineTicks(nanos(busy), nanos(Long.parseLong(fields[8])));
        }
    }

    private static long nanos(long ticks) {
        return (long) (ticks / TICKS_PER_SECOND * 1e9);
    }

    private static long cpuTicks(String stat) {
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU time this JVM has used, in nanoseconds. */
    static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return cpuNanos(ProcessHandle.current().pid());
    }
}
