package dev.wsengine.benchmarks.client;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process, from the kernel's own accounting. */
public final class CpuClock {

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every Linux we run on). */
    static final long TICKS_PER_SECOND = 100;

    private CpuClock() {
    }

    /** utime + stime of {@code pid} in nanoseconds, from /proc/<pid>/stat. */
    public static long processNanos(long pid) {
        try {
            return parseStatNanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** This JVM's own CPU time (all its threads, JIT and GC included), from /proc/self/stat. */
    public static long selfNanos() {
        return processNanos(ProcessHandle.current().pid());
    }

    /** Fields 14 and 15 (utime, stime) of a stat line; the command name may hold spaces, so count after its ')'. */
    static long parseStatNanos(String stat) {
        int close = stat.lastIndexOf(')');
        String[] fields = stat.substring(close + 2).trim().split(" ");
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * CPU time of {@code pid}'s JIT compiler threads (HotSpot's "C1 CompilerThread..." and
     * "C2 CompilerThread..."), summed from /proc/<pid>/task/<tid>/stat; a compiler thread that has
     * already ended no longer counts.
     */
    public static long compilerNanos(long pid) {
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    if (isCompilerThread(Files.readString(task.resolve("comm")))) {
                        nanos += parseStatNanos(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException gone) {
                    // The thread ended between the listing and the read.
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/" + pid + "/task", e);
        }
        return nanos;
    }

    /** A thread name (as /proc truncates it, to 15 characters) of one of HotSpot's JIT compilers. */
    static boolean isCompilerThread(String comm) {
        String name = comm.trim();
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** Resident set size of {@code pid} in bytes, from /proc/<pid>/status. */
    public static long rssBytes(long pid) {
        return statusValue(status(pid), "VmRSS") * 1024;
    }

    /** How many threads {@code pid} has, from /proc/<pid>/status. */
    public static long threadCount(long pid) {
        return statusValue(status(pid), "Threads");
    }

    private static String status(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/status"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
    }

    /** The number of a {@code Name:  value [kB]} line of a /proc status file. */
    static long statusValue(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("no " + name + " line in the process status");
    }

}
