package dev.bringup.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;

import dev.bringup.trace.internal.CheckpointIndex;
import dev.bringup.trace.internal.FilterScan;
import dev.bringup.trace.internal.Indexer;
import dev.bringup.trace.internal.LineMatcher;
import dev.bringup.trace.internal.LineParser;
import dev.bringup.trace.internal.LineReader;
import dev.bringup.trace.internal.LineText;
import dev.bringup.trace.internal.TaskState;
import dev.bringup.trace.internal.Workers;

/**
 * An open log: its source, a line index built in the background, and the operations a viewer
 * needs on logs of any size (a file is never read whole):
 * <ul>
 * <li>{@link #lineCount()} grows while {@link #indexing()} runs; any line below it can be read at
 * once with {@link #line}, {@link #lines(long, int)} or {@link #lines(long[])}, which read and
 * parse only those lines;</li>
 * <li>{@link #filter} runs a {@link LogFilter} in the background and streams the matching lines;</li>
 * <li>{@link #find} is "search next / previous", {@link #seekTime} "go to time";</li>
 * <li>{@link #bookmarks()} holds the user's marks.</li>
 * </ul>
 * Line numbers are 0-based. The methods that read may be called from any thread; they throw
 * {@link IOException} when the source fails underneath (a file deleted or truncated while open).
 */
public final class TraceLog implements AutoCloseable {

    private static final int ROW_WINDOW = 64 << 10;
    private static final int SCAN_WINDOW = 4 << 20;
    private static final int CANCEL_CHECK_LINES = 4096;

    private final LogSource source;
    private final CheckpointIndex index = new CheckpointIndex();
    private final TaskState indexing;
    private final Bookmarks bookmarks = new Bookmarks();
    private final List<TaskState> scans = new CopyOnWriteArrayList<>();

    private TraceLog(LogSource source) {
        this.source = source;
        this.indexing = new TaskState("Indexing " + source.name());
    }

    /** Opens a complete log file and starts indexing it. */
    public static TraceLog open(Path file) throws IOException {
        return open(LogSource.file(file));
    }

    /** Opens any source (a tailed file, memory) and starts indexing it; closing the log closes the source. */
    public static TraceLog open(LogSource source) {
        TraceLog log = new TraceLog(source);
        Workers.start(log.indexing.name(), new Indexer(source, log.index, log.indexing));
        return log;
    }

    public String name() {
        return source.name();
    }

    public LogSource source() {
        return source;
    }

    /** The background task building the index: progress in bytes, {@link ScanListener#changed} on new lines. */
    public ScanTask indexing() {
        return indexing;
    }

    /** The lines that can be read now (grows while the index is built or the source grows). */
    public long lineCount() {
        return index.view().lineCount();
    }

    /** Whether the whole source is indexed and will not grow. */
    public boolean isIndexComplete() {
        return index.view().finished();
    }

    /** Waits for the index to be complete (or to fail or be cancelled); true when it is complete. */
    public boolean awaitIndex(long timeout, TimeUnit unit) throws InterruptedException {
        return indexing.await(timeout, unit) && index.view().finished();
    }

    /** The bookmarks of this log. */
    public Bookmarks bookmarks() {
        return bookmarks;
    }

    /** Bytes used by the line index (for the curious: about 0.2 bytes per line). */
    public long indexFootprintBytes() {
        return index.footprintBytes();
    }

    /** One parsed line. */
    public LogLine line(long line) throws IOException {
        List<LogLine> one = lines(line, 1);
        if (one.isEmpty()) {
            throw new IndexOutOfBoundsException("line " + line + " of " + lineCount() + " indexed lines");
        }
        return one.get(0);
    }

    /** Up to {@code count} parsed lines from {@code first} (fewer at the end of what is indexed). */
    public List<LogLine> lines(long first, int count) throws IOException {
        return guarded(() -> linesIn(first, count));
    }

    private List<LogLine> linesIn(long first, int count) throws IOException {
        CheckpointIndex.View v = index.view();
        long end = Math.min(v.lineCount(), first + Math.max(0, count));
        List<LogLine> out = new ArrayList<>((int) Math.max(0, end - first));
        if (first < 0 || first >= end) {
            return out;
        }
        LineReader r = reader(ROW_WINDOW);
        seek(r, first, v);
        LineText text = new LineText();
        LineParser parser = new LineParser();
        while (r.line() + 1 < end && r.next()) {
            if (r.line() >= first) {
                out.add(parse(r, text, parser));
            }
        }
        return out;
    }

    /**
     * The parsed lines with the given numbers, which must be ascending (the rows of a filtered
     * table: {@link LineSet#lines}). Lines beyond what is indexed are left out.
     */
    public List<LogLine> lines(long[] ascending) throws IOException {
        return guarded(() -> linesIn(ascending));
    }

    private List<LogLine> linesIn(long[] ascending) throws IOException {
        CheckpointIndex.View v = index.view();
        List<LogLine> out = new ArrayList<>(ascending.length);
        LineReader r = reader(ROW_WINDOW);
        LineText text = new LineText();
        LineParser parser = new LineParser();
        boolean positioned = false;
        for (long want : ascending) {
            if (want < 0 || want >= v.lineCount()) {
                continue;
            }
            if (!positioned || want <= r.line() || want - r.line() > 2L * CheckpointIndex.LINES) {
                seek(r, want, v);
                positioned = true;
            }
            while (r.line() < want && r.next()) {
                // advance
            }
            if (r.line() == want) {
                out.add(parse(r, text, parser));
            }
        }
        return out;
    }

    /**
     * Starts filtering in the background. The task follows the index: lines indexed later are
     * filtered too. Cancel it when its results are no longer wanted; closing the log cancels it.
     */
    public FilterTask filter(LogFilter filter) {
        FilterScan scan = new FilterScan(source, index, indexing, filter);
        scans.add(scan);
        scan.addListener(new ScanListener() {
            @Override
            public void changed(ScanTask task) {
            }

            @Override
            public void finished(ScanTask task) {
                scans.remove(scan);
            }
        });
        Workers.start(scan.name(), scan);
        return scan;
    }

    /**
     * Search next / previous: the first line after {@code from} (forward) or the last line before
     * it (backward) that passes {@code filter}, among the lines indexed now; -1 when there is none
     * or the search was cancelled. Runs in the caller's thread: call it from a job.
     */
    public long find(LogFilter filter, long from, boolean forward, ScanProgress progress) throws IOException {
        return find(filter, LogFilter.ALL, from, forward, progress);
    }

    /**
     * Search next / previous among the lines a filter shows: like {@link #find(LogFilter, long,
     * boolean, ScanProgress)}, but a line must pass both {@code filter} (what is searched for) and
     * {@code within} (the filter the viewer shows). Both are applied to each line in the search
     * itself, so a filter still running in the background never makes the search skip a line.
     */
    public long find(LogFilter filter, LogFilter within, long from, boolean forward, ScanProgress progress)
            throws IOException {
        return guarded(() -> findIn(filter, within, from, forward, progress));
    }

    private long findIn(LogFilter filter, LogFilter within, long from, boolean forward, ScanProgress progress)
            throws IOException {
        CheckpointIndex.View v = index.view();
        long count = v.lineCount();
        LineMatcher first = new LineMatcher(filter);
        LineMatcher.Predicate matcher = first::matches;
        if (!within.isAll()) {
            LineMatcher second = new LineMatcher(within);
            matcher = (b, off, len) -> first.matches(b, off, len) && second.matches(b, off, len);
        }
        LineReader r = reader(SCAN_WINDOW);
        if (forward) {
            long start = Math.max(0, from + 1);
            if (start >= count) {
                return -1;
            }
            seek(r, start, v);
            int sinceCheck = 0;
            while (r.next()) {
                if (r.line() >= start && matcher.matches(r.buffer(), r.off(), r.len())) {
                    return r.line();
                }
                if (++sinceCheck == CANCEL_CHECK_LINES) {
                    sinceCheck = 0;
                    progress.worked(r.start(), v.limit());
                    if (progress.isCancelled()) {
                        return -1;
                    }
                }
            }
            return -1;
        }
        // backward: scan stretches of about SCAN_WINDOW bytes forward, from the end towards the start
        long end = Math.min(from, count); // exclusive
        while (end > 0) {
            long k = index.checkpointAtOrBefore(end - 1);
            long endOffset = index.checkpointOffset(k);
            while (k > 0 && endOffset - index.checkpointOffset(k - 1) < SCAN_WINDOW) {
                k--;
            }
            long startLine = index.checkpointLine(k);
            r.seek(startLine, index.checkpointOffset(k), v.limit());
            long found = -1;
            while (r.line() + 1 < end && r.next()) {
                if (matcher.matches(r.buffer(), r.off(), r.len())) {
                    found = r.line();
                }
            }
            if (found >= 0) {
                return found;
            }
            progress.worked(v.limit() - index.checkpointOffset(k), v.limit());
            if (progress.isCancelled()) {
                return -1;
            }
            end = startLine;
        }
        return -1;
    }

    /**
     * Go to time: the first line whose time is at or after {@code seconds}. When the index saw
     * monotonic times this is a binary search over the checkpoints and a short scan; otherwise
     * the lines from {@code fromLine} are scanned in file order (say so to the user: later lines
     * may have the time too, for example after a reboot). Runs in the caller's thread.
     */
    public TimeSeek seekTime(double seconds, long fromLine, ScanProgress progress) throws IOException {
        return guarded(() -> seekTimeIn(seconds, fromLine, progress));
    }

    private TimeSeek seekTimeIn(double seconds, long fromLine, ScanProgress progress) throws IOException {
        CheckpointIndex.View v = index.view();
        long count = v.lineCount();
        boolean monotonic = index.timeBackSteps() == 0;
        if (count == 0) {
            return new TimeSeek(-1, Double.NaN, monotonic, "the log has no lines yet");
        }
        long start;
        if (monotonic) {
            start = index.checkpointLine(Math.max(0, lastCheckpointBefore(seconds)));
        } else {
            start = Math.max(0, Math.min(fromLine, count));
        }
        LineReader r = reader(SCAN_WINDOW);
        seek(r, start, v);
        LineText text = new LineText();
        LineParser parser = new LineParser();
        double lastTime = Double.NaN;
        int sinceCheck = 0;
        while (r.next()) {
            if (r.line() < start) {
                continue;
            }
            double t = parser.timeOf(text.decode(r.buffer(), r.off(), Math.min(r.len(), 256)));
            if (!Double.isNaN(t)) {
                lastTime = t;
                if (t >= seconds) {
                    String how = monotonic
                            ? "found by binary search: the log's times increase (checked on one line in "
                                    + CheckpointIndex.LINES + ")"
                            : "the log's times go backwards " + index.timeBackSteps() + " time(s) (for example a reboot), "
                                    + "so the lines were scanned in order from line " + (start + 1)
                                    + "; later lines may have this time too: go to time again from this line";
                    return new TimeSeek(r.line(), t, monotonic, how);
                }
            }
            if (++sinceCheck == CANCEL_CHECK_LINES) {
                sinceCheck = 0;
                progress.worked(r.start(), v.limit());
                if (progress.isCancelled()) {
                    return new TimeSeek(-1, Double.NaN, monotonic, "cancelled");
                }
            }
        }
        return new TimeSeek(-1, Double.NaN, monotonic, Double.isNaN(lastTime)
                ? "no line from line " + (start + 1) + " on has a time"
                : "no line is at or after " + seconds + " s; the last time is " + lastTime + " s");
    }

    /** The last checkpoint whose sampled time is below {@code seconds} (NaN samples are skipped); 0 if none. */
    private long lastCheckpointBefore(double seconds) {
        long n = index.checkpointCount();
        long lo = 0;
        long hi = n - 1;
        long best = 0;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            long k = mid;
            while (k >= lo && Double.isNaN(index.checkpointTime(k))) {
                k--;
            }
            if (k < lo) { // no time in [lo, mid]: look right
                lo = mid + 1;
                continue;
            }
            if (index.checkpointTime(k) < seconds) {
                best = k;
                lo = mid + 1;
            } else {
                hi = k - 1;
            }
        }
        return best;
    }

    /** Cancels the index and every filter, and closes the source. */
    @Override
    public void close() throws IOException {
        indexing.cancel();
        for (TaskState s : scans) {
            s.cancel();
        }
        source.close();
    }

    // ---- helpers ----

    private interface IoCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs a read; a mapped page that vanished because the file was truncated underneath
     * (the JVM reports it as an InternalError) becomes an IOException that says so.
     */
    private <T> T guarded(IoCall<T> read) throws IOException {
        try {
            return read.call();
        } catch (InternalError e) {
            throw new IOException(name() + " changed while it was read (it was truncated or replaced): "
                    + e.getMessage(), e);
        }
    }

    private LineReader reader(int window) {
        return new LineReader(source, window);
    }

    /** Positions {@code r} at the checkpoint at or before {@code line}. */
    private void seek(LineReader r, long line, CheckpointIndex.View v) {
        long k = index.checkpointAtOrBefore(line);
        if (k < 0) {
            r.seek(0, 0, v.limit());
        } else {
            r.seek(index.checkpointLine(k), index.checkpointOffset(k), v.limit());
        }
    }

    private static LogLine parse(LineReader r, LineText text, LineParser parser) {
        parser.parse(text.decode(r.buffer(), r.off(), r.len()));
        return parser.toLogLine(r.line(), r.start());
    }

    /** For tests and diagnostics: the index's checkpoint count. */
    long checkpointCount() {
        return index.checkpointCount();
    }

    @Override
    public String toString() {
        CheckpointIndex.View v = index.view();
        return name() + " (" + v.lineCount() + " lines" + (v.finished() ? "" : ", indexing") + ")";
    }

    /** The reason indexing stopped early, or null. */
    public @Nullable Diagnostic problem() {
        return indexing.failure();
    }
}
