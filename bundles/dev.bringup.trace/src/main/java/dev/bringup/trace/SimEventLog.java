package dev.bringup.trace;

import java.util.Locale;

/**
 * The simulator's own event log: one event per line, in the kernel's printk shape so that it
 * reads, sorts and filters like dmesg and can be merged with it:
 *
 * <pre>
 * &lt;L&gt;[sssss.uuuuuu] sim: &lt;source&gt;: &lt;message&gt;
 * &lt;6&gt;[    0.001250] sim: remoteproc remoteproc0: loaded segment 0 at da 0x10000000 (4096 bytes)
 * &lt;3&gt;[    0.004000] sim: mtk-iommu 10205000.iommu: fault iova=0x60001000 write (no mapping)
 * </pre>
 *
 * {@code L} is the kernel level number (0 emerg .. 7 debug, {@link LogLevel#number()}), the time
 * is simulated seconds since the simulated boot, the source names the simulated processor or
 * driver the way the kernel would ({@code remoteproc remoteproc0}, {@code arm-smmu 15000000.iommu})
 * and must not contain {@code ": "}; the message is one line. The parser recognises these lines as
 * {@link LogFormat#SIM}, with the given level (not inferred), source and message.
 */
public final class SimEventLog {

    private SimEventLog() {
    }

    /**
     * One event as a line, with its newline. Newlines in the message become spaces.
     *
     * @throws IllegalArgumentException when {@code seconds} is negative or NaN
     */
    public static String line(double seconds, LogLevel level, String source, String message) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("simulated time must be zero or more seconds: " + seconds);
        }
        long micros = Math.round(seconds * 1e6);
        String src = source.replace(": ", ":").replace('\n', ' ');
        String msg = message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        return String.format(Locale.ROOT, "<%d>[%5d.%06d] sim: %s: %s\n", level.number(), micros / 1_000_000,
                micros % 1_000_000, src, msg);
    }
}
