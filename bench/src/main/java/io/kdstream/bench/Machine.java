package io.kdstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Linux's {@code /proc} says about the machine and this process: CPU time taken by other
 * processes (to drop timing windows another process disturbed) and this process's peak resident
 * memory.
 */
final class Machine {

    /** USER_HZ: the unit of the CPU times in /proc, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Machine() {}

    /** CPU seconds busy on the whole machine and in this process, at one moment. */
    record Sample(double machineBusySeconds, double ownBusySeconds) {

        /** CPU seconds that processes other than this one used, since boot. */
        double othersBusySeconds() {
            return machineBusySeconds - ownBusySeconds;
        }
    }

    static Sample sample() {
        // cpu  user nice system idle iowait irq softirq steal ...
        String[] cpu = read("/proc/stat").lines().findFirst().orElseThrow().trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(cpu[i]);
        }
        // pid (comm) state ...: utime and stime are fields 14 and 15; comm may hold spaces
        String stat = read("/proc/self/stat");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new Sample(busy / TICKS_PER_SECOND, own / TICKS_PER_SECOND);
    }

    /** The process's peak resident set (VmHWM), in bytes; 0 where /proc does not say. */
    static long peakRssBytes() {
        return read("/proc/self/status")
                .lines()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                .findFirst()
                .orElse(0L);
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (the bench needs Linux)", e);
        }
    }
}
