package dev.bringup.trace;

/**
 * Progress and cancellation for scans that run in the caller's thread ({@link TraceLog#find},
 * {@link TraceLog#seekTime}); a UI adapts its progress monitor to it and runs the call in a job.
 */
public interface ScanProgress {

    /** No reporting, never cancelled. */
    ScanProgress NONE = new ScanProgress() {
        @Override
        public void worked(long done, long total) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** {@code done} of {@code total} bytes scanned. */
    void worked(long done, long total);

    /** Polled between blocks of lines; true stops the scan. */
    boolean isCancelled();
}
