package dev.bringup.trace;

/** The columns of a log table, with their header text. */
public enum LogColumn {
    /** The 1-based line number in the file. */
    LINE("Line"),
    /** Seconds with microseconds, or a UTC date and time for {@code dmesg -T} lines. */
    TIME("Time"),
    /** Seconds since the previous row that has a time. */
    DELTA("\u0394 prev"),
    /** Seconds since the reference line ({@link LogTable#setReferenceLine}). */
    DELTA_REFERENCE("\u0394 ref"),
    SOURCE("Source"),
    LEVEL("Level"),
    MESSAGE("Message");

    private final String header;

    LogColumn(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
