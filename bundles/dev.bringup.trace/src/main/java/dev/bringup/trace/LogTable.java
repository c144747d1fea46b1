package dev.bringup.trace;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;

/**
 * The row model of a virtual log table: row {@code r} is line {@code r} of the log, or, with a
 * filter set, the {@code r}-th line the filter kept. Rows are read and parsed a page at a time
 * and cached (a few thousand rows), so a table can ask cell by cell and show any row of a log with
 * 100 million lines at once. Meant to be used from one thread (the UI thread); the row count
 * grows as the index and the filter progress: refresh it when their listeners fire.
 * <p>
 * It never throws at a table: a row that cannot be read comes back as a line of format
 * {@link LogFormat#UNREADABLE} whose message says why, and {@link #problem()} holds the error.
 */
public final class LogTable {

    private static final int PAGE = 64;
    private static final int PAGES_KEPT = 64;
    private static final int DELTA_LOOKBACK = 32;

    private final TraceLog log;
    private @Nullable FilterTask filter;
    private long referenceLine = -1;
    private @Nullable LogLine reference;
    private @Nullable Diagnostic problem;
    /** Pages of parsed rows, least recently used first. */
    private final LinkedHashMap<Long, List<LogLine>> pages = new LinkedHashMap<>(PAGES_KEPT * 2, 0.75f, true);

    public LogTable(TraceLog log) {
        this.log = log;
    }

    public TraceLog log() {
        return log;
    }

    /** Shows only the lines a filter keeps (as far as it has got), or all lines with null. */
    public void setFilter(@Nullable FilterTask filter) {
        this.filter = filter;
        pages.clear();
    }

    public @Nullable FilterTask filter() {
        return filter;
    }

    /** The number of rows now. */
    public long rowCount() {
        FilterTask f = filter;
        return f == null ? log.lineCount() : f.matches().size();
    }

    /** The line shown in {@code row}. */
    public long lineOf(long row) {
        FilterTask f = filter;
        return f == null ? row : f.matches().get(row);
    }

    /**
     * The row that shows {@code line}, or, when the filter hides it, the row of the next line it
     * keeps (so a selection stays in place when a filter is set); {@link #rowCount()} when none.
     */
    public long rowOf(long line) {
        FilterTask f = filter;
        return f == null ? Math.min(line, log.lineCount()) : f.matches().rank(line);
    }

    /** Whether {@code line} is shown (the filter keeps it). */
    public boolean shows(long line) {
        FilterTask f = filter;
        return f == null ? line >= 0 && line < log.lineCount() : f.matches().contains(line);
    }

    /** The parsed line of {@code row}. */
    public LogLine row(long row) {
        long page = row / PAGE;
        int at = (int) (row % PAGE);
        @Nullable List<LogLine> rows = pages.get(page);
        if (rows == null || at >= rows.size()) {
            rows = load(page);
            pages.put(page, rows);
            if (pages.size() > PAGES_KEPT) {
                Iterator<Long> eldest = pages.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        if (at < rows.size()) {
            return rows.get(at);
        }
        return unreadable(row, -1, "row " + (row + 1) + " is beyond the " + rowCount() + " rows");
    }

    /** The text of one cell. */
    public String text(long row, LogColumn column) {
        LogLine l = row(row);
        return switch (column) {
            case LINE -> Long.toString(l.line() + 1);
            case TIME -> formatTime(l);
            case DELTA -> formatDelta(l, previousTimed(row));
            case DELTA_REFERENCE -> formatDelta(l, reference);
            case SOURCE -> l.source();
            case LEVEL -> l.level().label();
            case MESSAGE -> l.message();
        };
    }

    /** Sets the line that {@link LogColumn#DELTA_REFERENCE} measures from; -1 clears it. */
    public void setReferenceLine(long line) {
        referenceLine = line;
        reference = null;
        if (line >= 0) {
            try {
                reference = log.line(line);
            } catch (IOException | IndexOutOfBoundsException e) {
                problem = Diagnostic.warning("LOG_REFERENCE", "cannot read reference line " + (line + 1) + ": "
                        + e.getMessage(), Location.at(log.name(), -1), null);
            }
        }
    }

    public long referenceLine() {
        return referenceLine;
    }

    /** Drops the cached rows (after the source was replaced; rows of a growing log stay valid). */
    public void invalidate() {
        pages.clear();
    }

    /** The last read error, or null. */
    public @Nullable Diagnostic problem() {
        return problem;
    }

    /** {@code 1263.468579}, or {@code 2025-11-22T04:03:00Z} for wall-clock lines, or empty. */
    public static String formatTime(LogLine l) {
        if (!l.hasTime()) {
            return "";
        }
        if (l.format() == LogFormat.DMESG_WALLCLOCK) {
            long whole = (long) Math.floor(l.time());
            int micros = (int) Math.round((l.time() - whole) * 1e6);
            return Instant.ofEpochSecond(whole, micros * 1000L).toString();
        }
        return String.format(Locale.ROOT, "%.6f", l.time());
    }

    /** {@code +0.012000}: seconds from {@code from} to {@code l}, or empty when either has no time. */
    public static String formatDelta(LogLine l, @Nullable LogLine from) {
        if (from == null || !l.hasTime() || !from.hasTime()) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.6f", l.secondsSince(from));
    }

    private @Nullable LogLine previousTimed(long row) {
        for (long r = row - 1; r >= 0 && r >= row - DELTA_LOOKBACK; r--) {
            LogLine l = row(r);
            if (l.hasTime()) {
                return l;
            }
        }
        return null;
    }

    private List<LogLine> load(long page) {
        long first = page * PAGE;
        FilterTask f = filter;
        try {
            if (f == null) {
                return log.lines(first, PAGE);
            }
            return log.lines(f.matches().lines(first, PAGE));
        } catch (IOException e) {
            problem = Diagnostic.error("LOG_READ", "cannot read " + log.name() + ": " + e.getMessage(),
                    Location.at(log.name(), -1), "check that the file is still there and readable, then open it again");
            List<LogLine> rows = new ArrayList<>();
            long n = Math.min(PAGE, rowCount() - first);
            for (int i = 0; i < n; i++) {
                rows.add(unreadable(first + i, -1, String.valueOf(e.getMessage())));
            }
            return rows;
        }
    }

    private LogLine unreadable(long row, long offset, String why) {
        String msg = "cannot read this line: " + why;
        return new LogLine(row, offset, Double.NaN, "", LogLevel.ERR, false, msg, LogFormat.UNREADABLE, msg);
    }
}
