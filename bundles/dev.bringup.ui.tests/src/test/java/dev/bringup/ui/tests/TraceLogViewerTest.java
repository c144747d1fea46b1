package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bringup.trace.LogLine;
import dev.bringup.trace.LogTable;
import dev.bringup.trace.MemoryLogSource;
import dev.bringup.ui.internal.BootLink;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.Opener;
import dev.bringup.ui.internal.trace.LogTab;
import dev.bringup.ui.internal.trace.TraceLogPart;

/**
 * The trace log viewer: a generated 1 GiB kernel log (indexed in the background, its last line and
 * a filter checked against what was written), every corpus log with its columns, and a live
 * source with a boot link (step column, Enter reveals the step).
 */
class TraceLogViewerTest {

    private static final int TIME_COLUMN = 0;
    private static final int SOURCE_COLUMN = 2;
    private static final int LEVEL_COLUMN = 3;

    @AfterEach
    void closeTabs() {
        TraceLogPart part = BringupSession.get().part(TraceLogPart.class);
        if (part != null) {
            for (LogTab t : part.tabs()) {
                closeTab(t);
            }
        }
        Ui.settle();
    }

    private static void closeTab(LogTab t) {
        Ui.key(t.natTable(), 'w', SWT.MOD1); // Ctrl+W closes the tab
        Ui.settle();
    }

    /** Pumps the display until {@code done} holds; fails after {@code seconds}. */
    private static void waitUntil(String what, int seconds, BooleanSupplier done) {
        Display d = Display.getCurrent();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("waited " + seconds + " s for " + what);
            }
            if (!d.readAndDispatch()) {
                d.sleep();
            }
        }
        Ui.settle();
    }

    private static TraceLogPart part() {
        TraceLogPart p = BringupSession.get().part(TraceLogPart.class);
        assertNotNull(p, "the trace log view is open");
        return p;
    }

    private static LogTab openInViewer(Path file) {
        assertEquals(Opener.Kind.LOG, Opener.kindOf(file), "a log is routed to the viewer: " + file);
        assertEquals(null, Opener.open(Ui.window(), file), "no editor for a log");
        Ui.settle();
        LogTab tab = part().activeTab();
        assertNotNull(tab, "a tab for " + file + ": " + dev.bringup.ui.internal.Status.lastError());
        assertEquals(String.valueOf(file.getFileName()), tab.title());
        return tab;
    }

    private static void type(Text field, String text) {
        field.setText(text);
        field.notifyListeners(SWT.DefaultSelection, new Event()); // Enter
        Ui.settle();
    }

    // ---- (a) a 1 GiB log

    private static final String TOKEN = "watchdog bite on dsp";
    private static final String[] SOURCES = { "remoteproc remoteproc0", "remoteproc remoteproc1", " remoteproc0#vdev0buffer",
            "virtio_rpmsg_bus virtio0", "arm-smmu 15000000.iommu", "qcom_q6v5_pas 26300000.remoteproc", "rproc-virtio",
            "platform 5000000.dsp" };
    private static final String[] MESSAGES = { "powering up dsp0", "Booting fw image rproc-dsp-fw, size ",
            "assigned reserved memory node vdev0buffer@", "registered virtio0 (type 7)", "rpmsg host is online",
            "creating channel rpmsg-raw addr 0x", "remote processor dsp0 is now up", "mapping carveout da 0x",
            "Unhandled context fault: fsr=0x402, iova=0x", "failed to load segment ", "trace0 added at da 0x",
            "kicking vq index " };

    /** Writes a dmesg-style log of at least {@code size} bytes; returns {last line, lines, lines with TOKEN}. */
    private static long[] writeLog(Path file, long size, StringBuilder lastLine) throws IOException {
        long lines = 0;
        long hits = 0;
        long written = 0;
        byte[] lineBytes = new byte[0];
        StringBuilder b = new StringBuilder(160);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < size) {
                b.setLength(0);
                long micros = 3_000_000L + lines * 97;
                String secs = Long.toString(micros / 1_000_000);
                b.append('[');
                for (int i = secs.length(); i < 5; i++) {
                    b.append(' ');
                }
                b.append(secs).append('.');
                String frac = Long.toString(micros % 1_000_000);
                for (int i = frac.length(); i < 6; i++) {
                    b.append('0');
                }
                b.append(frac).append("] ");
                int k = (int) (lines % 7919);
                b.append(SOURCES[k % SOURCES.length]).append(": ");
                if (lines % 997 == 0) {
                    b.append("fatal error: ").append(TOKEN).append(' ').append(lines);
                    hits++;
                } else {
                    b.append(MESSAGES[k % MESSAGES.length]).append(Long.toHexString(lines * 4096 + k));
                }
                lineBytes = b.toString().getBytes(StandardCharsets.US_ASCII);
                out.write(lineBytes);
                out.write('\n');
                written += lineBytes.length + 1;
                lines++;
            }
        }
        lastLine.append(new String(lineBytes, StandardCharsets.US_ASCII));
        return new long[] { lines, hits };
    }

    @Test
    void aOneGibLogOpensAtOnceGoesToItsEndAndFiltersExactly() throws Exception {
        Path target = Path.of(System.getProperty("bringup.screenshots", "target/screenshots")).toAbsolutePath().getParent();
        Files.createDirectories(target);
        Path file = target.resolve("dmesg-1gib.log");
        Assumptions.assumeTrue(Files.getFileStore(target).getUsableSpace() > 3L << 30,
                "less than 3 GiB free in " + target + "; skipping the 1 GiB log");
        try {
            StringBuilder last = new StringBuilder();
            long[] counts = writeLog(file, 1L << 30, last);
            long lines = counts[0];
            long hits = counts[1];
            assertTrue(Files.size(file) >= 1L << 30, "1 GiB written");

            LogTab tab = openInViewer(file);
            waitUntil("the first rows", 30, () -> tab.rowCount() > 0);
            assertFalse(tab.cellText(TIME_COLUMN, 0).isEmpty(), "the first line is readable while indexing");
            waitUntil("the index of 1 GiB", 300, () -> tab.log().isIndexComplete() && tab.rowCount() == lines);
            assertTrue(tab.statusText().contains(String.format(Locale.ROOT, "%,d", lines)), tab.statusText());

            // Ctrl+End: the last row, whose text is the last line written
            Ui.key(tab.natTable(), SWT.END, SWT.MOD1);
            Ui.settle();
            assertEquals(lines - 1, tab.selectedRow(), "Ctrl+End selects the last row");
            LogLine end = tab.table().row(lines - 1);
            assertEquals(last.toString(), end.text());
            assertEquals(Long.toString(lines), tab.rowHeaderText((int) (lines - 1)), "1-based line number");
            assertEquals(end.message(), tab.cellText(tab.headers().indexOf("Message"), (int) (lines - 1)));

            // a filter: exactly the lines with the token, streamed in order
            type(tab.filterField(), TOKEN);
            assertEquals("", tab.regexError());
            waitUntil("the filter over 1 GiB", 300, () -> tab.filterTask() != null && tab.filterTask().isDone()
                    && tab.rowCount() == hits);
            for (int r = 0; r < hits; r++) {
                assertEquals(Long.toString(r * 997L + 1), tab.rowHeaderText(r), "row " + r + " shows line " + (r * 997L + 1));
            }
            int message = tab.headers().indexOf("Message");
            for (long r = 0; r < hits; r += Math.max(1, hits / 50)) {
                assertEquals("fatal error: " + TOKEN + " " + r * 997, tab.cellText(message, (int) r));
                assertTrue(tab.cellLabels(message, (int) r).contains("levelErr"), "fatal error lines are coloured as err");
            }
            assertTrue(tab.statusText().contains(String.format(Locale.ROOT, "%,d of %,d", hits, lines)), tab.statusText());

            // Esc in the filter field shows every line again
            Ui.key(tab.filterField(), SWT.ESC, 0);
            Ui.settle();
            assertEquals("", tab.filterField().getText());
            waitUntil("all rows again", 30, () -> tab.rowCount() == lines);
            closeTab(tab);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aHundredMillionRowsAreAllReachable() throws Exception {
        Path target = Path.of(System.getProperty("bringup.screenshots", "target/screenshots")).toAbsolutePath().getParent();
        Files.createDirectories(target);
        Path file = target.resolve("hundred-million.log");
        long lines = 100_000_000L;
        Assumptions.assumeTrue(Files.getFileStore(target).getUsableSpace() > 1L << 30,
                "less than 1 GiB free in " + target + "; skipping the 100 million line log");
        try {
            byte[] empty = new byte[1 << 20];
            java.util.Arrays.fill(empty, (byte) '\n');
            String last = "[99999.000000] remoteproc remoteproc0: the last of 100 million lines";
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                long left = lines - 1;
                while (left > 0) {
                    int n = (int) Math.min(empty.length, left);
                    out.write(empty, 0, n);
                    left -= n;
                }
                out.write((last + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            LogTab tab = openInViewer(file);
            waitUntil("the index of 100 million lines", 300, () -> tab.log().isIndexComplete() && tab.rowCount() == lines);
            Ui.key(tab.natTable(), SWT.END, SWT.MOD1);
            Ui.settle();
            assertEquals(lines - 1, tab.selectedRow(), "Ctrl+End selects row 100 000 000");
            assertTrue(tab.followsTail(), "and scrolls it into view");
            assertEquals("100000000", tab.rowHeaderText((int) (lines - 1)));
            assertEquals(last, tab.table().row(lines - 1).text());
            type(tab.goToField(), "50000000");
            assertEquals(49_999_999L, tab.selectedLine(), "go to line 50 000 000");
            assertFalse(tab.followsTail());
            closeTab(tab);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- (b) the corpus logs

    @Test
    void everyCorpusLogOpensWithItsColumns() throws Exception {
        Path dir = Path.of(System.getProperty("bringup.shared", "../shared"), "corpus", "logs");
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared corpus not available (" + dir + "); skipping");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertFalse(files.isEmpty(), "logs in " + dir);
        int message = -1;
        for (Path f : files) {
            LogTab tab = openInViewer(f);
            List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
            waitUntil("the index of " + f, 30, () -> tab.log().isIndexComplete());
            assertEquals(text.size(), tab.rowCount(), f + ": one row per line");
            message = tab.headers().indexOf("Message");
            assertEquals(List.of("Time", "\u0394 prev", "Source", "Level", "Message"), tab.headers());
            for (int r = 0; r < text.size(); r++) {
                String raw = text.get(r);
                LogLine expected = LogLine.parse(raw);
                String where = f.getFileName() + ":" + (r + 1) + " " + raw;
                assertEquals(LogTable.formatTime(expected), tab.cellText(TIME_COLUMN, r), where);
                assertEquals(expected.source(), tab.cellText(SOURCE_COLUMN, r), where);
                assertEquals(expected.level().label(), tab.cellText(LEVEL_COLUMN, r), where);
                assertEquals(expected.message(), tab.cellText(message, r), where);
                boolean stamped = raw.matches("^\\[\\s*\\d+\\.\\d+\\].*") || raw.matches("^0x[0-9A-Fa-f]+ \\|\\s+\\d+\\.\\d+:.*");
                assertEquals(stamped, !tab.cellText(TIME_COLUMN, r).isEmpty(), "a time exactly where the line has one: " + where);
                if (stamped) {
                    assertFalse(tab.cellText(SOURCE_COLUMN, r).isEmpty(), "a source: " + where);
                    assertFalse(tab.cellText(message, r).isEmpty(), "a message: " + where);
                }
                assertFalse(tab.cellText(LEVEL_COLUMN, r).isEmpty(), where);
            }
        }
        // what the trace bundle's corpus test expects, as the table shows it
        LogTab ti = openInViewer(Ui.corpus("logs/am62x_m4f_r5f_boot.log"));
        assertEquals("4.733867", ti.cellText(TIME_COLUMN, 2));
        assertEquals("remoteproc remoteproc0", ti.cellText(SOURCE_COLUMN, 2));
        assertEquals("remoteproc0#vdev0buffer", ti.cellText(SOURCE_COLUMN, 3));
        assertEquals("warn", ti.cellText(LEVEL_COLUMN, 9));
        assertTrue(ti.cellLabels(LEVEL_COLUMN, 9).contains("levelWarn"), "warnings are coloured");
        assertEquals("PVR_K", ti.cellText(SOURCE_COLUMN, 14));
        assertEquals("+0.009804", ti.cellText(1, 3), "\u0394 to the previous line");

        // go to time, search, bookmarks, Δ to the selected line, an invalid expression
        type(ti.goToField(), "4.9s");
        waitUntil("go to 4.9 s", 30, () -> ti.selectedLine() == 9);
        ti.highlightField().setText("PVR_K");
        Ui.settle();
        assertTrue(ti.cellLabels(message, 14).contains("highlightHit"), "the highlight colours matching rows");
        assertFalse(ti.cellLabels(message, 13).contains("highlightHit"));
        Ui.key(ti.natTable(), SWT.F3, 0);
        waitUntil("F3 to the next PVR_K line", 30, () -> ti.selectedLine() == 14);
        Ui.key(ti.natTable(), SWT.F3, 0);
        waitUntil("F3 to the next PVR_K line", 30, () -> ti.selectedLine() == 15);
        Ui.key(ti.natTable(), SWT.F3, SWT.SHIFT);
        waitUntil("Shift+F3 back", 30, () -> ti.selectedLine() == 14);
        Ui.key(ti.natTable(), 'b', SWT.MOD1);
        Ui.settle();
        assertTrue(ti.rowHeaderText(14).startsWith("\u25C6"), "a bookmark marker: " + ti.rowHeaderText(14));
        assertTrue(ti.log().bookmarks().contains(14));
        type(ti.goToField(), "3");
        assertEquals(2, ti.selectedLine(), "go to line 3 (1-based)");
        Ui.key(ti.natTable(), SWT.F2, 0);
        Ui.settle();
        assertEquals(14, ti.selectedLine(), "F2 goes to the next bookmark");
        ti.deltaToggle().setSelection(true);
        ti.deltaToggle().notifyListeners(SWT.Selection, new Event());
        Ui.settle();
        assertEquals("\u0394 ref", ti.headers().get(1));
        assertEquals("+0.000000", ti.cellText(1, 14));
        assertEquals("-0.031864", ti.cellText(1, 12));
        ti.deltaToggle().setSelection(false);
        ti.deltaToggle().notifyListeners(SWT.Selection, new Event());
        type(ti.filterField(), "remoteproc(");
        assertTrue(ti.regexError().matches(".*position \\d+.*Unclosed group.*"), "the error names the position: " + ti.regexError());
        assertEquals(null, ti.filterTask(), "an invalid expression filters nothing");
        type(ti.filterField(), "remoteproc|virtio");
        assertEquals("", ti.regexError());
        waitUntil("the filter", 30, () -> ti.filterTask() != null && ti.filterTask().isDone());
        long expected = Files.readAllLines(Ui.corpus("logs/am62x_m4f_r5f_boot.log")).stream()
                .filter(l -> l.contains("remoteproc") || l.contains("virtio")).count();
        waitUntil("the filtered rows", 10, () -> ti.rowCount() == expected);
        type(ti.filterField(), "remoteproc|virtio|r5f|PVR");
        waitUntil("the wider filter", 30, () -> ti.filterTask() != null && ti.filterTask().isDone() && ti.rowCount() > expected);
        ti.highlightField().setText("virtio");
        Ui.settle();
        org.eclipse.ui.IViewReference ref = Ui.page().findViewReference(dev.bringup.ui.BringupUi.TRACE_LOG_ID);
        Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        ti.selectRow(0);
        Ui.settle();
        ti.natTable().redraw();
        ti.natTable().update();
        Composite view = ti.control().getParent().getParent();
        Path shot = Screenshots.save(view, "trace-log-viewer");
        Screenshots.save(Ui.window().getShell(), "trace-log-viewer-window");
        for (LogTab t : part().tabs()) {
            if (t.title().startsWith("arm-smmu")) {
                ((org.eclipse.swt.custom.CTabFolder) t.control().getParent()).setSelection(
                        ((org.eclipse.swt.custom.CTabFolder) t.control().getParent()).getItem(1));
                Ui.settle();
                assertTrue(t.cellLabels(LEVEL_COLUMN, 1).contains("levelErr"), "the SMMU fault is coloured as err");
                Screenshots.save(view, "trace-log-viewer-errors");
            }
        }
        Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
        assertTrue(Files.size(shot) > 1000);
    }

    // ---- (c) a live source with a boot link

    @Test
    void aLiveSourceWithABootLinkShowsStepsAndEnterRevealsThem() throws Exception {
        MemoryLogSource source = new MemoryLogSource("sim events", 1 << 20);
        List<Integer> revealed = new ArrayList<>();
        BootLink link = new BootLink() {
            @Override
            public int stepOf(long line) {
                return line < 2 ? -1 : (int) (line / 4);
            }

            @Override
            public String stepName(int index) {
                return "#" + index + " step" + index;
            }

            @Override
            public void reveal(int index) {
                revealed.add(index);
            }
        };
        for (int i = 0; i < 10; i++) {
            source.append(String.format(Locale.ROOT, "<6>[%12.6f] sim: remoteproc remoteproc0: event %d%n", i * 0.001, i));
        }
        assertTrue(BringupSession.get().showLog("sim events", source, link));
        Ui.settle();
        LogTab tab = part().activeTab();
        assertNotNull(tab);
        assertEquals("sim events", tab.title());
        waitUntil("the first lines", 30, () -> tab.rowCount() == 10);
        int step = tab.headers().indexOf("Step");
        assertTrue(step >= 0, "a step column: " + tab.headers());
        assertEquals("", tab.cellText(step, 1), "a line of no step");
        assertEquals("#1 step1", tab.cellText(step, 5));
        assertEquals("event 5", tab.cellText(tab.headers().indexOf("Message"), 5));

        tab.selectRow(6);
        Ui.key(tab.natTable(), SWT.CR, 0);
        assertEquals(List.of(1), revealed, "Enter on line 7 reveals its step");
        tab.selectRow(1);
        Ui.key(tab.natTable(), SWT.CR, 0);
        assertEquals(List.of(1), revealed, "a line of no step reveals nothing");
        assertTrue(tab.noteText().contains("no boot step"), tab.noteText());

        // more lines arrive while the table is at its end: it follows them
        Ui.key(tab.natTable(), SWT.END, SWT.MOD1);
        Ui.settle();
        for (int i = 10; i < 400; i++) {
            source.append(String.format(Locale.ROOT, "<6>[%12.6f] sim: remoteproc remoteproc0: event %d%n", i * 0.001, i));
        }
        waitUntil("the appended lines", 30, () -> tab.rowCount() == 400);
        assertTrue(tab.followsTail(), "the last row is in view");
        assertEquals("#99 step99", tab.cellText(step, 399));
        assertTrue(tab.statusText().contains("live"), tab.statusText());

        // Ctrl+W closes the tab and its log; with no tab left the view says what to open
        closeTab(tab);
        assertFalse(source.isLive(), "closing the tab closed the log and its source");
        assertTrue(part().tabs().isEmpty());
        assertTrue(part().emptyText().contains("Open"), part().emptyText());
    }
}
