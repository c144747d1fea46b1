package dev.bringup.trace;

/** Hears about a {@link ScanTask}; called on background threads, never while holding the log's locks. */
public interface ScanListener {

    /** Progress was made: more bytes scanned, more lines indexed, or more lines matched. */
    void changed(ScanTask task);

    /** The scan ended (complete, cancelled or failed); called once. */
    default void finished(ScanTask task) {
    }
}
