package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.trace.internal.SyntheticLog;

/**
 * A 200 MB log (2.1 million lines) written into a temporary folder: the last line, a filter, go to
 * time and search backwards give the rows the generator says they must. Rows, not timing.
 */
class LargeFileTest {

    @Test
    void lastLineFilterAndTimeOnA200MegabyteLog(@TempDir Path dir) throws Exception {
        long n = 2_100_000;
        SyntheticLog s = new SyntheticLog(2026);
        Path f = dir.resolve("big.log");
        long bytes = s.write(f, n);
        assertTrue(bytes > 190_000_000L, "size " + bytes);
        assertEquals(bytes, Files.size(f));
        long faults = 0;
        long firstFault = -1;
        long lastFault = -1;
        for (long i = 0; i < n; i++) {
            if (s.kind(i) == SyntheticLog.SMMU_FAULT) {
                faults++;
                lastFault = i;
                if (firstFault < 0) {
                    firstFault = i;
                }
            }
        }
        try (TraceLog log = TraceLog.open(f)) {
            assertTrue(log.awaitIndex(120, TimeUnit.SECONDS));
            assertEquals(n, log.lineCount());

            LogTable table = new LogTable(log);
            assertEquals(n, table.rowCount());
            LogLine last = table.row(n - 1);
            LogLine expected = LogLine.parse(s.line(n - 1));
            assertEquals(s.line(n - 1), last.text());
            assertEquals(expected.time(), last.time());
            assertEquals(expected.source(), last.source());
            assertEquals(expected.message(), last.message());
            assertEquals(Long.toString(n), table.text(n - 1, LogColumn.LINE));
            assertEquals(s.micros(n - 1) / 1e6, last.time(), 1e-9);

            FilterTask task = log.filter(LogFilter.ALL.withPattern(Pattern.compile("Unhandled context fault"),
                    LogFilter.Scope.LINE));
            assertTrue(task.await(120, TimeUnit.SECONDS));
            LineSet m = task.matches();
            assertEquals(faults, m.size());
            assertEquals(firstFault, m.get(0));
            assertEquals(lastFault, m.get(m.size() - 1));
            table.setFilter(task);
            assertEquals(faults, table.rowCount());
            assertEquals(s.line(lastFault), table.row(faults - 1).text());
            assertEquals("arm-smmu 15000000.iommu", table.text(faults - 1, LogColumn.SOURCE));
            assertEquals("err", table.text(faults - 1, LogColumn.LEVEL));
            assertEquals(faults - 1, table.rowOf(lastFault));

            long middle = n / 2 + 17;
            TimeSeek seek = log.seekTime(s.micros(middle) / 1e6, 0, ScanProgress.NONE);
            assertTrue(seek.binarySearch());
            assertEquals(middle, seek.line());

            LogFilter fault = LogFilter.ALL.withPattern(Pattern.compile("Unhandled context fault"), LogFilter.Scope.MESSAGE);
            assertEquals(lastFault, log.find(fault, n, false, ScanProgress.NONE));
            assertEquals(firstFault, log.find(fault, -1, true, ScanProgress.NONE));
        }
    }
}
