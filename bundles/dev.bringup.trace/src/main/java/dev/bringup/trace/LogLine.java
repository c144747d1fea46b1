package dev.bringup.trace;

import java.util.Objects;

import dev.bringup.trace.internal.LineParser;
import dev.bringup.trace.internal.LineText;

/**
 * One parsed log line: the columns a log table shows.
 *
 * @param line the line number, 0-based (the command line and the table show it 1-based)
 * @param offset the byte offset of the line's first byte in its source
 * @param time seconds: since boot for dmesg, kmsg and the simulator, since the Unix epoch (UTC)
 *        for {@code dmesg -T}; {@link Double#NaN} when the line carries no time
 * @param source the processor or driver that printed it, as the kernel names it:
 *        {@code remoteproc remoteproc0}, {@code arm-smmu 15000000.iommu}, {@code rproc-virtio};
 *        empty when the line names none
 * @param level the message level
 * @param levelInferred true when the line carried no level and {@code level} was inferred from
 *        the message (for example "Unhandled context fault" is err)
 * @param message the text after the time and the source
 * @param format the form the line was recognised as
 * @param text the whole line as displayed: UTF-8 decoded, serial noise (NULs, ANSI escapes,
 *        carriage returns, other control bytes) cleaned away
 */
public record LogLine(long line, long offset, double time, String source, LogLevel level, boolean levelInferred,
        String message, LogFormat format, String text) {

    public LogLine {
        Objects.requireNonNull(source);
        Objects.requireNonNull(level);
        Objects.requireNonNull(message);
        Objects.requireNonNull(format);
        Objects.requireNonNull(text);
    }

    /**
     * Parses one line of text (line number and offset 0). Control characters are cleaned as for a
     * line read from a file (see {@link #text()}).
     */
    public static LogLine parse(String text) {
        LineParser p = new LineParser();
        String t = LineText.clean(text);
        p.parse(t);
        return p.toLogLine(0, 0);
    }

    /** Whether the line carries a time. */
    public boolean hasTime() {
        return !Double.isNaN(time);
    }

    /** Seconds from {@code earlier} to this line, or NaN when either has no time. */
    public double secondsSince(LogLine earlier) {
        return time - earlier.time;
    }
}
