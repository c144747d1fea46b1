package dev.bringup.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.bringup.trace.LogSource;

/**
 * Walks the lines of a source forward from a known line start, reading it in windows (a mapped
 * window for scans, a small positional read for table rows). The current line is
 * {@code buffer()[off(), off() + len())} without its newline. A line longer than
 * {@value #MAX_LINE} bytes is cut there ({@link #truncated()}); its end is still found.
 */
public final class LineReader {

    /** The most bytes of one line kept for parsing and filtering. */
    public static final int MAX_LINE = 64 << 20;

    private final LogSource source;
    private final int window;
    private ByteBuffer buf = ByteBuffer.allocate(0);
    private long bufPos;
    private long next;
    private long limit;
    private long line;
    private long start;
    private int off;
    private int len;
    private boolean truncated;

    /** @param window bytes per read: 64 KiB for rows, several MiB for scans */
    public LineReader(LogSource source, int window) {
        this.source = source;
        this.window = window;
    }

    /**
     * Positions before the line {@code lineNumber} that starts at {@code offset}; lines are read up
     * to {@code limit} (a line start, or the end of a finished source).
     */
    public void seek(long lineNumber, long offset, long limit) {
        this.line = lineNumber - 1;
        this.next = offset;
        this.limit = limit;
    }

    /** Moves to the next line; false at the limit. */
    public boolean next() throws IOException {
        if (next >= limit) {
            return false;
        }
        long s = next;
        truncated = false;
        while (true) {
            if (s < bufPos || s >= bufPos + buf.limit()) {
                load(s, window);
            }
            int from = (int) (s - bufPos);
            int to = (int) Math.min(buf.limit(), limit - bufPos);
            int nl = Swar.indexOfNewline(buf, from, to);
            if (nl >= 0) {
                off = from;
                len = nl - from;
                next = bufPos + nl + 1;
                break;
            }
            if (bufPos + to >= limit) { // the last line of a finished source, without a newline
                off = from;
                len = to - from;
                next = limit;
                break;
            }
            if (from > 0) { // the line runs past the window: read again from its start
                load(s, window);
                continue;
            }
            if (buf.limit() < MAX_LINE) { // a line longer than the window
                load(s, (int) Math.min(MAX_LINE, 2L * Math.max(buf.limit(), window)));
                continue;
            }
            off = 0;
            len = buf.limit();
            truncated = true;
            next = endOfLongLine(s + len) ;
            break;
        }
        start = s;
        line++;
        return true;
    }

    /** Finds where a line longer than {@link #MAX_LINE} ends, without replacing the window. */
    private long endOfLongLine(long from) throws IOException {
        long p = from;
        while (p < limit) {
            ByteBuffer b = source.read(p, (int) Math.min(window, limit - p));
            if (b.limit() == 0) {
                return limit;
            }
            int nl = Swar.indexOfNewline(b, 0, b.limit());
            if (nl >= 0) {
                return p + nl + 1;
            }
            p += b.limit();
        }
        return limit;
    }

    private void load(long position, int size) throws IOException {
        int n = (int) Math.min(size, limit - position);
        buf = source.read(position, n);
        bufPos = position;
        if (buf.limit() < n) {
            throw new IOException(source.name() + " shrank: expected " + n + " bytes at offset " + position
                    + ", the file now ends at " + (position + buf.limit()));
        }
    }

    /** The current line's number. */
    public long line() {
        return line;
    }

    /** The current line's byte offset in the source. */
    public long start() {
        return start;
    }

    /** The offset where the next line starts. */
    public long nextStart() {
        return next;
    }

    public ByteBuffer buffer() {
        return buf;
    }

    public int off() {
        return off;
    }

    public int len() {
        return len;
    }

    /** Whether the current line was cut at {@link #MAX_LINE} bytes. */
    public boolean truncated() {
        return truncated;
    }
}
