package dev.bringup.trace;

import java.util.concurrent.TimeUnit;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;

/**
 * A scan running in the background over a log's bytes: building the line index
 * ({@link TraceLog#indexing()}) or a filter ({@link FilterTask}). Progress is in bytes; a scan of
 * a live source keeps going (and its total keeps growing) until the source ends, the scan is
 * cancelled, or the log is closed.
 */
public interface ScanTask {

    /** What the scan does, for a progress display: {@code Indexing boot.log}. */
    String name();

    /** Bytes scanned so far. */
    long bytesDone();

    /** Bytes to scan as known now (grows with a live source). */
    long bytesTotal();

    /** Whether the scan has ended: complete, cancelled or failed. */
    boolean isDone();

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled();

    /** Why the scan stopped early (an I/O error, a file that shrank), or null. */
    @Nullable
    Diagnostic failure();

    /** Asks the scan to stop; it ends soon after, keeping the results it has. */
    void cancel();

    /** Waits for the end; true when it ended within the timeout. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Adds a listener. Its calls come from background threads: a UI must hop to its own thread.
     * When the scan has already ended, {@link ScanListener#finished} is called at once.
     */
    void addListener(ScanListener listener);

    void removeListener(ScanListener listener);
}
