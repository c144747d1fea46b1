package dev.bringup.loader;

import java.util.Locale;

/**
 * The simulated time of a boot, for {@code dmesg}-style time stamps. The simulation has no clock:
 * a step takes no time in it and nothing it does depends on time (that is what makes
 * {@link BootSession#stepBack()} a faithful replay). So that a session's kernel log reads like
 * {@code dmesg} and a log viewer can order lines and show the gaps between them, every step gets a
 * fixed slot of simulated time: the probe's messages (before step 0) from 0 on, step {@code i}'s
 * from {@code (i + 1) * STEP_MICROS} on, each line {@link #LINE_MICROS} after the one before it.
 * These times say which step printed a line and in which order; they are not the duration of
 * anything on real hardware.
 */
public final class SimClock {

    /** The simulated microseconds between the starts of two steps (4 ms). */
    public static final long STEP_MICROS = 4_000;
    /** The simulated microseconds between two lines of one step. */
    public static final long LINE_MICROS = 1;

    private SimClock() {
    }

    /**
     * The simulated time, in microseconds since boot, of line {@code line} (from 0) that step
     * {@code stepIndex} printed; {@code stepIndex} -1 for the probe before step 0. A step's lines
     * beyond its slot share the slot's last microsecond.
     */
    public static long micros(int stepIndex, int line) {
        long start = (Math.max(-1, stepIndex) + 1L) * STEP_MICROS;
        return start + Math.min((long) Math.max(0, line) * LINE_MICROS, STEP_MICROS - 1);
    }

    /**
     * {@code [    0.004000] remoteproc remoteproc0: powering up m4}: the line with the kernel's
     * {@code printk} time stamp ({@code "[%5lu.%06lu] "}) of simulated time {@code micros}.
     */
    public static String dmesg(long micros, LogLine l) {
        return String.format(Locale.ROOT, "[%5d.%06d] %s", micros / 1_000_000, micros % 1_000_000, l.line());
    }
}
