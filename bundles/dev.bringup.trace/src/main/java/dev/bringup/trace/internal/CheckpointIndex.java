package dev.bringup.trace.internal;

/**
 * The line index of a log, kept compact: a checkpoint (line number, byte offset, time sample)
 * about every {@value #LINES} lines, and also at the first line after {@value #GAP} bytes, so
 * that finding any line means reading at most a few hundred lines or a few hundred KiB from the
 * nearest checkpoint. 100 million lines need about 20 MB.
 * <p>
 * One writer (the {@link Indexer}) appends checkpoints and then publishes a new {@link View};
 * readers take a {@link #view()} first and then see every checkpoint it covers.
 */
public final class CheckpointIndex {

    /** Lines between checkpoints. */
    public static final int LINES = 128;
    /** A checkpoint is set at the first line that starts this many bytes after the previous one. */
    public static final int GAP = 64 << 10;

    /**
     * What is indexed at one moment.
     *
     * @param newlines the number of newline-terminated lines
     * @param tailStart the offset after the last newline: where the first line not yet complete starts
     * @param scanned the bytes scanned
     * @param finished true when the source has ended and everything is scanned; a non-empty tail is
     *        then the last line
     */
    public record View(long newlines, long tailStart, long scanned, boolean finished) {

        /** Lines that can be read now. */
        public long lineCount() {
            return newlines + (finished && scanned > tailStart ? 1 : 0);
        }

        /** Where readable lines end: bytes at or past this are not part of an indexed line. */
        public long limit() {
            return finished ? scanned : tailStart;
        }
    }

    private final LongChunks lines = new LongChunks();
    private final LongChunks offsets = new LongChunks();
    private final LongChunks times = new LongChunks();
    private final Object changed = new Object();
    private volatile View view = new View(0, 0, 0, false);
    private volatile long timeBackSteps;
    private double lastSample = Double.NaN;

    public View view() {
        return view;
    }

    /** Checkpoints published so far. */
    public long checkpointCount() {
        return lines.size();
    }

    public long checkpointLine(long k) {
        return lines.get(k);
    }

    public long checkpointOffset(long k) {
        return offsets.get(k);
    }

    /** The time of the checkpoint's line, NaN when it has none. */
    public double checkpointTime(long k) {
        return Double.longBitsToDouble(times.get(k));
    }

    /** The last checkpoint at or before {@code line}; -1 when there is none yet. */
    public long checkpointAtOrBefore(long line) {
        return lines.floorIndex(line, lines.size());
    }

    /** The last checkpoint at or before byte {@code offset}; -1 when there is none yet. */
    public long checkpointAtOrBeforeOffset(long offset) {
        return offsets.floorIndex(offset, offsets.size());
    }

    /**
     * How often a checkpoint's time was smaller than the one before (lines without a time are
     * skipped). Zero means the sampled times never go back, so time seeks may binary-search.
     */
    public long timeBackSteps() {
        return timeBackSteps;
    }

    /** Waits until the view changes from {@code seen} or the timeout passes. */
    public View awaitChange(View seen, long timeoutMillis) throws InterruptedException {
        synchronized (changed) {
            if (view == seen) {
                changed.wait(timeoutMillis);
            }
        }
        return view;
    }

    /** Bytes held by the index. */
    public long footprintBytes() {
        return lines.footprintBytes() + offsets.footprintBytes() + times.footprintBytes();
    }

    // ---- writer side ----

    /** The line number of the last checkpoint, or -1. */
    long lastCheckpointLine() {
        long n = lines.size();
        return n == 0 ? -1 : lines.get(n - 1);
    }

    long lastCheckpointOffset() {
        long n = offsets.size();
        return n == 0 ? -1 : offsets.get(n - 1);
    }

    void addCheckpoint(long line, long offset, double time) {
        if (!Double.isNaN(time)) {
            if (!Double.isNaN(lastSample) && time < lastSample) {
                timeBackSteps++;
            }
            lastSample = time;
        }
        lines.add(line);
        offsets.add(offset);
        times.add(Double.doubleToRawLongBits(time));
    }

    void publish(View next) {
        view = next;
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Wakes waiters without a change (the indexer ended). */
    void wake() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }
}
