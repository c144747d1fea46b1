package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row model: rows over all lines or a filter, the columns, deltas, bookmarks, errors as rows. */
class LogTableTest {

    private TraceLog open(Path dir, String text) throws Exception {
        Path f = dir.resolve("t.log");
        Files.writeString(f, text);
        TraceLog log = TraceLog.open(f);
        assertTrue(log.awaitIndex(10, TimeUnit.SECONDS));
        return log;
    }

    @Test
    void columnsAndDeltas(@TempDir Path dir) throws Exception {
        try (TraceLog log = open(dir, """
                [    1.000000] remoteproc remoteproc0: powering up dsp0
                a continuation without a time
                [    1.250000] remoteproc remoteproc0: Booting fw image dsp.elf, size 1024
                [Sat Nov 22 04:03:00 2025] remoteproc remoteproc0: remote processor dsp0 is now up
                """)) {
            LogTable t = new LogTable(log);
            assertEquals(4, t.rowCount());
            assertEquals("1", t.text(0, LogColumn.LINE));
            assertEquals("1.000000", t.text(0, LogColumn.TIME));
            assertEquals("", t.text(0, LogColumn.DELTA), "nothing before the first line");
            assertEquals("", t.text(1, LogColumn.TIME));
            assertEquals("+0.250000", t.text(2, LogColumn.DELTA), "the line without a time is skipped");
            assertEquals("2025-11-22T04:03:00Z", t.text(3, LogColumn.TIME));
            assertEquals("info", t.text(2, LogColumn.LEVEL));
            assertEquals("remoteproc remoteproc0", t.text(2, LogColumn.SOURCE));
            assertEquals("Booting fw image dsp.elf, size 1024", t.text(2, LogColumn.MESSAGE));
            t.setReferenceLine(2);
            assertEquals("-0.250000", t.text(0, LogColumn.DELTA_REFERENCE));
            assertEquals("+0.000000", t.text(2, LogColumn.DELTA_REFERENCE));
            assertEquals("", t.text(1, LogColumn.DELTA_REFERENCE));
            assertEquals("\u0394 prev", LogColumn.DELTA.header());
        }
    }

    @Test
    void filteredRowsKeepTheSelectionInPlace(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append(SimEventLog.line(i / 100.0, i % 10 == 3 ? LogLevel.WARNING : LogLevel.INFO, "dsp" + (i % 2), "event " + i));
        }
        try (TraceLog log = open(dir, b.toString())) {
            LogTable t = new LogTable(log);
            FilterTask warnings = log.filter(LogFilter.ALL.withLevel(LogLevel.WARNING));
            assertTrue(warnings.await(10, TimeUnit.SECONDS));
            t.setFilter(warnings);
            assertEquals(100, t.rowCount());
            assertEquals(503, t.lineOf(50));
            assertEquals("event 503", t.row(50).message());
            assertEquals("+0.100000", t.text(50, LogColumn.DELTA), "delta to the previous row shown");
            assertTrue(t.shows(503));
            assertFalse(t.shows(504));
            assertEquals(51, t.rowOf(504), "a hidden line maps to the next row shown");
            assertEquals(100, t.rowOf(999));
            t.setFilter(null);
            assertEquals(1000, t.rowCount());
            assertEquals(504, t.rowOf(504));
        }
    }

    @Test
    void bookmarks(@TempDir Path dir) throws Exception {
        try (TraceLog log = open(dir, "a\nb\nc\nd\n")) {
            Bookmarks marks = log.bookmarks();
            List<Integer> heard = new ArrayList<>();
            marks.addListener(m -> heard.add(m.size()));
            assertTrue(marks.toggle(2));
            assertTrue(marks.add(0));
            assertFalse(marks.add(0));
            assertEquals(2, marks.next(0));
            assertEquals(-1, marks.next(2));
            assertEquals(0, marks.previous(2));
            assertFalse(marks.toggle(2));
            assertEquals(1, marks.size());
            assertEquals(List.of(1, 2, 1), heard);
        }
    }

    /** A file cut short under an open log: rows say so instead of throwing. */
    @Test
    void unreadableRowsAreRowsNotExceptions(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            b.append("[    0.000001] line ").append(i).append('\n');
        }
        try (TraceLog log = open(dir, b.toString())) {
            Files.writeString(dir.resolve("t.log"), "x\n");
            LogTable t = new LogTable(log);
            LogLine row = t.row(400);
            assertEquals(LogFormat.UNREADABLE, row.format());
            assertTrue(row.message().contains("shrank"), row.message());
            assertNotNull(t.problem());
            assertEquals("LOG_READ", t.problem().code());
        }
    }
}
