package dev.bringup.trace;

/**
 * A filter running in the background over a log ({@link TraceLog#filter}). Its matches stream into
 * {@link #matches()} in line order while it runs, so a table can show the first results at once;
 * listeners hear {@link ScanListener#changed} whenever more lines were scanned or matched. On a
 * log that is still growing, the filter keeps up with new lines until it is cancelled.
 */
public interface FilterTask extends ScanTask {

    /** What is being filtered for. */
    LogFilter filter();

    /** The matching line numbers so far (a prefix of the final result, in order). */
    LineSet matches();

    /** How many lines (from line 0) have been examined so far. */
    long linesScanned();
}
