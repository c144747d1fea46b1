package dev.bringup.trace;

/**
 * Where "go to time" landed.
 *
 * @param line the first line at or after the time, or -1 when no line has a time that late
 * @param time that line's time (NaN when {@code line} is -1)
 * @param binarySearch true when the log's times were monotonic as sampled by the index (one line in
 *        128) and the answer came from a binary
 *        search; false when the times go backwards (a reboot in a serial capture, interleaved sources)
 *        and the lines were scanned in file order
 * @param note a sentence for the user that says how the line was found and what to keep in mind
 */
public record TimeSeek(long line, double time, boolean binarySearch, String note) {
}
