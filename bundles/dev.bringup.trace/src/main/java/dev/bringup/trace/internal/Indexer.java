package dev.bringup.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.trace.LogSource;

/**
 * Builds a {@link CheckpointIndex} in the background. The source is cut into segments that the
 * {@link Workers} scan in parallel (newlines counted eight bytes at a time over a mapped window);
 * this coordinator merges their results in order, so the first lines are readable as soon as the
 * first segment is merged. A live source is followed until it ends or the task is cancelled.
 */
public final class Indexer implements Runnable {

    /** Bytes per work unit. */
    public static final int SEGMENT = 16 << 20;
    /**
     * The first unit is small, so the first screen of lines is there at once even while the JIT
     * has not compiled the scanning loop yet.
     */
    public static final int FIRST_SEGMENT = 256 << 10;
    private static final int IN_FLIGHT = Workers.THREADS + 1;
    private static final int TIME_PREFIX = 96;
    private static final long LIVE_POLL_MILLIS = 200;

    private final LogSource source;
    private final CheckpointIndex index;
    private final TaskState task;

    public Indexer(LogSource source, CheckpointIndex index, TaskState task) {
        this.source = source;
        this.index = index;
        this.task = task;
    }

    @Override
    public void run() {
        long scanned = 0;
        try {
            while (!task.isCancelled()) {
                boolean live = source.isLive(); // read before the size: when false, the size is final
                long size = source.size();
                if (size < scanned) {
                    throw new IOException(source.name() + " shrank from " + scanned + " to " + size
                            + " bytes (truncated or rotated)");
                }
                scanned = scan(scanned, size);
                if (task.isCancelled()) {
                    break;
                }
                if (!live) {
                    CheckpointIndex.View v = index.view();
                    index.publish(new CheckpointIndex.View(v.newlines(), v.tailStart(), scanned, true));
                    task.progress(scanned, scanned);
                    break;
                }
                source.awaitGrowth(scanned, LIVE_POLL_MILLIS);
            }
        } catch (IOException e) {
            if (!task.isCancelled()) {
                task.fail(Diagnostic.error("LOG_READ", "cannot read " + source.name() + ": " + e.getMessage(),
                    Location.at(source.name(), scanned), "check that the file is still there and readable, then open it again"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            task.finish();
            index.wake();
        }
    }

    /** Scans {@code [from, to)}; returns where it got to (short of {@code to} only when cancelled). */
    private long scan(long from, long to) throws IOException, InterruptedException {
        ArrayDeque<Future<Segment>> queue = new ArrayDeque<>();
        long next = from;
        long merged = from;
        try {
            while (next < to || !queue.isEmpty()) {
                while (queue.size() < IN_FLIGHT && next < to && !task.isCancelled()) {
                    long start = next;
                    long end = Math.min(to, start + (start == 0 ? FIRST_SEGMENT : SEGMENT));
                    queue.add(Workers.submit(() -> scanSegment(start, end)));
                    next = end;
                }
                if (queue.isEmpty()) {
                    break;
                }
                Segment s = get(queue.remove());
                merge(s);
                merged = s.end;
                task.progress(merged, to);
            }
        } finally {
            for (Future<Segment> f : queue) {
                f.cancel(false);
            }
        }
        return merged;
    }

    private static Segment get(Future<Segment> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(c), c);
        }
    }

    private void merge(Segment s) {
        CheckpointIndex.View v = index.view();
        long base = v.newlines();
        for (int k = 0; k < s.count; k++) {
            long line = base + s.localLines[k];
            long offset = s.offsets[k];
            if (k == 0 && s.firstOptional) {
                long lastLine = index.lastCheckpointLine();
                if (lastLine >= 0 && line - lastLine < CheckpointIndex.LINES
                        && offset - index.lastCheckpointOffset() < CheckpointIndex.GAP) {
                    continue;
                }
            }
            index.addCheckpoint(line, offset, s.times[k]);
        }
        index.publish(new CheckpointIndex.View(base + s.newlines, s.tailStart >= 0 ? s.tailStart : v.tailStart(),
                s.end, false));
    }

    /** The result of scanning one segment; line numbers are local (newlines before, in the segment). */
    private static final class Segment {
        final long end;
        long newlines;
        long tailStart = -1;
        boolean firstOptional;
        int count;
        long[] localLines = new long[64];
        long[] offsets = new long[64];
        double[] times = new double[64];

        Segment(long end) {
            this.end = end;
        }

        void add(long localLine, long offset) {
            if (count == offsets.length) {
                localLines = Arrays.copyOf(localLines, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
                times = Arrays.copyOf(times, count * 2);
            }
            localLines[count] = localLine;
            offsets[count] = offset;
            count++;
        }
    }

    /**
     * Worker: counts newlines in {@code [start, end)} and picks checkpoints: at the first line start
     * found (which the merge may drop), then every {@link CheckpointIndex#LINES} lines, or at the
     * first line that starts {@link CheckpointIndex#GAP} bytes after the previous checkpoint.
     * <p>
     * This loop is the indexing speed. Newlines are counted 64 bytes at a time without branches;
     * only a block in which a checkpoint falls (about one in 200) is looked at word by word.
     */
    private Segment scanSegment(long start, long end) throws IOException {
        ByteBuffer b = source.read(start, (int) (end - start));
        int len = b.limit();
        if (len < end - start) {
            throw new IOException(source.name() + " shrank while being indexed: expected " + (end - start)
                    + " bytes at offset " + start + ", got " + len);
        }
        Segment seg = new Segment(end);
        Picker pick = new Picker(seg, start);
        long count = 0;
        long nextCount = pick.nextCount;
        long gapBound = pick.gapBound;
        int i = 0;
        for (int lim = len - 63; i < lim; i += 64) {
            long c = Long.bitCount(Swar.newlines(b.getLong(i))) + Long.bitCount(Swar.newlines(b.getLong(i + 8)))
                    + Long.bitCount(Swar.newlines(b.getLong(i + 16))) + Long.bitCount(Swar.newlines(b.getLong(i + 24)))
                    + Long.bitCount(Swar.newlines(b.getLong(i + 32))) + Long.bitCount(Swar.newlines(b.getLong(i + 40)))
                    + Long.bitCount(Swar.newlines(b.getLong(i + 48))) + Long.bitCount(Swar.newlines(b.getLong(i + 56)));
            if (count + c < nextCount && i + 56 < gapBound) { // no checkpoint in this block
                count += c;
                continue;
            }
            pick.count = count;
            for (int w = i; w < i + 64; w += 8) {
                pick.word(Swar.newlines(b.getLong(w)), w);
            }
            count = pick.count;
            nextCount = pick.nextCount;
            gapBound = pick.gapBound;
        }
        pick.count = count;
        for (; i < len; i += 8) {
            pick.word(Swar.newlines(i + 8 <= len ? b.getLong(i) : tailWord(b, i, len)), i);
        }
        seg.newlines = pick.count;
        int last = Swar.lastIndexOfNewline(b, 0, len);
        if (last >= 0) {
            seg.tailStart = start + last + 1;
        }
        if (seg.count == 0) {
            seg.firstOptional = false;
        }
        sampleTimes(seg, b, start);
        return seg;
    }

    /** The exact, word-by-word checkpoint choice. */
    private static final class Picker {
        private final Segment seg;
        private final long start;
        long count;
        /** A checkpoint is due when the count reaches this. */
        long nextCount;
        /** Words at or past this index may start a line past the byte gap. */
        long gapBound;

        Picker(Segment seg, long start) {
            this.seg = seg;
            this.start = start;
            if (start == 0) {
                seg.add(0, 0);
                nextCount = CheckpointIndex.LINES;
                gapBound = CheckpointIndex.GAP - 8;
            } else {
                seg.firstOptional = true; // the first line start found; the merge may drop it
                nextCount = 1;
                gapBound = -8;
            }
        }

        /** The newline mask {@code m} of the word at index {@code i}. */
        void word(long m, int i) {
            while (m != 0) {
                int p = i + Swar.firstLane(m);
                m &= m - 1;
                count++;
                if (count >= nextCount || p + 1 >= gapBound + 8) {
                    seg.add(count, start + p + 1);
                    nextCount = count + CheckpointIndex.LINES;
                    gapBound = p + 1 + CheckpointIndex.GAP - 8;
                }
            }
        }
    }

    /** The last {@code len - i} (< 8) bytes as a little-endian word, zero-padded. */
    private static long tailWord(ByteBuffer b, int i, int len) {
        long w = 0;
        for (int k = len - 1; k >= i; k--) {
            w = (w << 8) | (b.get(k) & 0xFF);
        }
        return w;
    }

    /**
     * Parses the time of each checkpoint's line from its first bytes, read as ASCII: a line whose
     * time stamp is hidden behind serial noise gets no sample (NaN), which only weakens the
     * monotonic check of the index.
     */
    private void sampleTimes(Segment seg, ByteBuffer b, long start) throws IOException {
        Latin1View view = new Latin1View();
        LineParser parser = new LineParser();
        for (int k = 0; k < seg.count; k++) {
            long at = seg.offsets[k];
            ByteBuffer buf = b;
            int from = (int) (at - start);
            int to = Math.min(b.limit(), from + TIME_PREFIX);
            if (from + TIME_PREFIX > b.limit() || from >= b.limit()) {
                buf = source.read(at, TIME_PREFIX);
                from = 0;
                to = buf.limit();
            }
            int nl = Swar.indexOfNewline(buf, from, to);
            int lineEnd = nl >= 0 ? nl : to;
            seg.times[k] = lineEnd > from ? parser.timeOf(view.of(buf, from, lineEnd - from)) : Double.NaN;
        }
    }
}
