package dev.bringup.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.trace.internal.FileLogSource;

/**
 * The bytes of a log: a file, a file that is still being written (tail), or memory that a
 * simulator or a trace-buffer reader appends to. A source only grows; a {@link TraceLog}
 * indexes it while it grows.
 * <p>
 * Implementations must be safe for concurrent {@link #read} calls from several threads.
 */
public interface LogSource extends Closeable {

    /** A name for the user: the file name, or the name given to a memory source. */
    String name();

    /** The file behind this source, or null for memory. */
    @Nullable
    Path path();

    /** The number of bytes available now. */
    long size() throws IOException;

    /**
     * The bytes {@code [position, position + n)} where {@code n = min(length, size() - position)}:
     * a buffer with position 0, limit n and little-endian order. It may be a view of a mapped
     * file or of the source's own memory: read it, never write it.
     */
    ByteBuffer read(long position, int length) throws IOException;

    /** Whether the source may still grow (a file being tailed, memory not yet finished). */
    boolean isLive();

    /**
     * Waits until the source holds more than {@code knownSize} bytes, it stops being live, or the
     * timeout passes.
     *
     * @return true when it has grown
     * @throws IOException when it has shrunk below {@code knownSize} (a truncated or rotated file)
     */
    boolean awaitGrowth(long knownSize, long timeoutMillis) throws IOException, InterruptedException;

    /** A file that is complete: it is indexed once. */
    static LogSource file(Path file) throws IOException {
        return new FileLogSource(file, false);
    }

    /**
     * A file that is still being written (a serial capture, {@code dmesg -w > file}): indexing
     * follows it as it grows, until the log is closed. A last line without its newline is held
     * back until the newline arrives.
     */
    static LogSource tail(Path file) throws IOException {
        return new FileLogSource(file, true);
    }

    /** Fixed bytes, for example an unwrapped remoteproc trace buffer ({@link TraceRing}). */
    static LogSource of(String name, byte[] bytes) {
        MemoryLogSource m = new MemoryLogSource(name, Math.max(1, bytes.length));
        m.append(bytes, 0, bytes.length);
        m.finish();
        return m;
    }
}
