package dev.bringup.trace.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.trace.FilterTask;
import dev.bringup.trace.LineSet;
import dev.bringup.trace.LogFilter;
import dev.bringup.trace.LogSource;
import dev.bringup.trace.ScanTask;

/**
 * Runs a {@link LogFilter} over the indexed lines: units of about {@value #UNIT} bytes between
 * checkpoints go to the {@link Workers}; their matches are merged in line order into the
 * {@link LineSet}. It follows the index while the index grows.
 */
public final class FilterScan extends TaskState implements FilterTask, Runnable {

    static final int UNIT = 4 << 20;
    private static final int IN_FLIGHT = Workers.THREADS + 1;
    private static final int CANCEL_CHECK_LINES = 1 << 14;

    private final LogSource source;
    private final CheckpointIndex index;
    private final ScanTask indexing;
    private final LogFilter filter;
    private final LineSet matches = new LineSet();
    private volatile long linesScanned;

    public FilterScan(LogSource source, CheckpointIndex index, ScanTask indexing, LogFilter filter) {
        super("Filtering " + source.name() + " for " + filter);
        this.source = source;
        this.index = index;
        this.indexing = indexing;
        this.filter = filter;
    }

    @Override
    public LogFilter filter() {
        return filter;
    }

    @Override
    public LineSet matches() {
        return matches;
    }

    @Override
    public long linesScanned() {
        return linesScanned;
    }

    private record Unit(long startLine, long startOffset, long endLine, long endOffset) {
    }

    private record Result(Unit unit, long[] lines, int count) {
    }

    @Override
    public void run() {
        ArrayDeque<Future<Result>> queue = new ArrayDeque<>();
        long nextLine = 0;
        long nextOffset = 0;
        try {
            while (!isCancelled()) {
                CheckpointIndex.View v = index.view();
                long count = v.lineCount();
                while (queue.size() < IN_FLIGHT && nextLine < count && !isCancelled()) {
                    Unit u = unit(v, nextLine, nextOffset);
                    queue.add(Workers.submit(() -> scan(u)));
                    nextLine = u.endLine;
                    nextOffset = u.endOffset;
                }
                if (!queue.isEmpty()) {
                    Result r = get(queue.remove());
                    for (int i = 0; i < r.count; i++) {
                        matches.add(r.lines[i]);
                    }
                    linesScanned = r.unit.endLine;
                    progress(r.unit.endOffset, Math.max(r.unit.endOffset, index.view().scanned()));
                    continue;
                }
                if (v.finished() || indexing.isDone()) {
                    if (index.view().lineCount() > nextLine) {
                        continue; // the index published more before it ended
                    }
                    Diagnostic why = indexing.failure();
                    if (why != null && !v.finished()) {
                        fail(why);
                    }
                    break;
                }
                index.awaitChange(v, 250);
            }
        } catch (IOException e) {
            if (!isCancelled()) {
                fail(Diagnostic.error("LOG_READ", "filtering " + source.name() + " stopped: " + e.getMessage(),
                        Location.at(source.name(), nextOffset), "check that the file is still there and readable"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (CancellationException e) {
            // cancelled
        } finally {
            for (Future<Result> f : queue) {
                f.cancel(false);
            }
            finish();
        }
    }

    /** The next unit: from {@code startLine} to the checkpoint about {@link #UNIT} bytes on, or to the view's end. */
    private Unit unit(CheckpointIndex.View v, long startLine, long startOffset) {
        long count = v.lineCount();
        long limit = v.limit();
        long target = startOffset + UNIT;
        if (target < limit) {
            long k = index.checkpointAtOrBeforeOffset(target);
            if (k >= 0) {
                long cl = index.checkpointLine(k);
                long co = index.checkpointOffset(k);
                if (cl > startLine && cl < count && co < limit) {
                    return new Unit(startLine, startOffset, cl, co);
                }
            }
        }
        return new Unit(startLine, startOffset, count, limit);
    }

    private Result scan(Unit u) throws IOException {
        LineReader reader = new LineReader(source, UNIT + (UNIT >> 2));
        LineMatcher matcher = new LineMatcher(filter);
        reader.seek(u.startLine, u.startOffset, u.endOffset);
        long[] out = new long[64];
        int n = 0;
        int sinceCheck = 0;
        while (reader.next()) {
            if (matcher.matches(reader.buffer(), reader.off(), reader.len())) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = reader.line();
            }
            if (++sinceCheck == CANCEL_CHECK_LINES) {
                sinceCheck = 0;
                if (isCancelled()) {
                    throw new CancellationException();
                }
            }
        }
        return new Result(u, out, n);
    }

    private static Result get(Future<Result> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof CancellationException ce) {
                throw ce;
            }
            throw new IOException(String.valueOf(c), c);
        }
    }
}
