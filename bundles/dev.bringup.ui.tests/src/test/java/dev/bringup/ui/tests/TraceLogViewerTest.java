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

import dev.bringup.firmware.ResourceEntry;
import dev.bringup.loader.BootRequest;
import dev.bringup.loader.BootSession;
import dev.bringup.loader.RemoteAction;
import dev.bringup.loader.Scenarios;
import dev.bringup.trace.LogLevel;
import dev.bringup.trace.LogLine;
import dev.bringup.trace.LogTable;
import dev.bringup.trace.MemoryLogSource;
import dev.bringup.ui.internal.BootLink;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.Opener;
import dev.bringup.ui.internal.trace.LogTab;
import dev.bringup.ui.internal.trace.Messages;
import dev.bringup.ui.internal.trace.TraceLogPart;

/**
 * The trace log viewer: a generated 1 GiB kernel log (indexed in the background, its last line and
 * a filter checked against what was written), every corpus log with its columns, and a live
 * source with a boot link (step column, Enter reveals the step), trace buffer dumps read from a
 * simulated boot (wrapped by the simulated firmware's own writer), the level and source filters,
 * and search with a filter that is still running.
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

    /**
     * A file in the test bundle's target folder for a generated log; the test is skipped, with a
     * message, when the disk has less than {@code gib} GiB free.
     */
    private static Path bigFile(String name, int gib, String what) throws IOException {
        Path target = Path.of(System.getProperty("bringup.screenshots", "target/screenshots")).toAbsolutePath().getParent();
        Files.createDirectories(target);
        Assumptions.assumeTrue(Files.getFileStore(target).getUsableSpace() > (long) gib << 30,
                "less than " + gib + " GiB free in " + target + "; skipping " + what);
        return target.resolve(name);
    }

    private static void closeTab(LogTab t) {
        Ui.key(t.natTable(), 'w', SWT.MOD1); // Ctrl+W closes the tab
        Ui.settle();
    }

    private static void waitUntil(String what, int seconds, BooleanSupplier done) {
        Ui.waitUntil(what, seconds, done);
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
        Path file = bigFile("dmesg-1gib.log", 3, "the 1 GiB log");
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
        Path file = bigFile("hundred-million.log", 1, "the 100 million line log");
        long lines = 100_000_000L;
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
            // the row count follows the index on the viewer's timer: wait for both
            waitUntil("the index of " + f, 30, () -> tab.log().isIndexComplete() && tab.rowCount() == text.size());
            assertEquals(text.size(), tab.rowCount(), f + ": one row per line");
            message = tab.headers().indexOf("Message");
            assertEquals(List.of("Time", "\u0394 prev", "Source", "Level", "Message"), tab.headers());
            assertEquals(List.of(Messages.Column_time, Messages.Column_delta, Messages.Column_source, Messages.Column_level,
                    Messages.Column_message), tab.headers(), "the headers come from the viewer's messages");
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
        assertEquals(Messages.Column_deltaReference, ti.headers().get(1));
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

    // ---- (d) trace buffer dumps from a simulated boot

    /** The ring of trace buffer 0 as the simulated processor sees it, after the whole boot ran. */
    private record Ring(byte[] bytes, String debugfs, List<String> written) {
    }

    /**
     * Boots the stm32mp157-m4 scenario with {@code lines} more trace lines after it is up (each
     * written by the simulator into the firmware's ring, a NUL after the newest character and a
     * wrap before the last byte, as the example firmware's trace.c does) and reads the ring's
     * bytes at its da.
     */
    private static Ring bootAndDumpTrace(int lines) throws Exception {
        Scenarios.Scenario sc = Scenarios.require("stm32mp157-m4");
        List<RemoteAction> actions = new ArrayList<>(sc.actions());
        List<String> written = new ArrayList<>();
        for (RemoteAction a : sc.actions()) {
            if (a instanceof RemoteAction.Trace t) {
                written.add(t.text());
            }
        }
        for (int i = 0; i < lines; i++) {
            String line = String.format(Locale.ROOT, "[%5d.%06d] m4: heartbeat %d, rpmsg tx %d", 2 + i / 10, (i % 10) * 100_000,
                    i, i * 7);
            actions.add(new RemoteAction.Trace(line));
            written.add(line);
        }
        BootRequest request = BootRequest.builder(sc.soc(), sc.processor(), new BootRequest.FromExample(sc.firmware()))
                .strategy(sc.defaultStrategy()).then(actions).scenario(sc.name()).build();
        try (BootSession s = BootSession.open(request)) {
            s.resume();
            assertTrue(s.finished(), "the boot ran to its end: " + s.error());
            assertNotNull(s.loadedResourceTable(), "a loaded resource table");
            ResourceEntry.Trace trace = (ResourceEntry.Trace) s.loadedResourceTable().entriesOfKind("trace").get(0);
            byte[] ring = s.readDa(trace.da(), (int) trace.len());
            return new Ring(ring, s.trace(0), written);
        }
    }

    private static int firstNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aTraceBufferDumpOpensUnwrappedWithItsLinesInOrder() throws Exception {
        Path dir = Files.createTempDirectory("trace-dump");
        try {
            // not wrapped: the scenario's own trace line, then NUL padding to the end of the ring
            Ring fresh = bootAndDumpTrace(0);
            assertEquals(1, fresh.written().size());
            Path freshFile = dir.resolve("remoteproc0-trace0-fresh.bin");
            Files.write(freshFile, fresh.bytes());
            assertEquals(0, fresh.bytes()[fresh.bytes().length - 1], "NUL padding in the dump");
            assertEquals(Opener.Kind.TRACE_DUMP, Opener.kindOf(freshFile));
            Opener.open(Ui.window(), freshFile);
            Ui.settle();
            LogTab one = part().activeTab();
            assertNotNull(one, "a tab for the dump: " + dev.bringup.ui.internal.Status.lastError());
            waitUntil("the fresh ring's index", 30, () -> one.log().isIndexComplete() && one.rowCount() == 1);
            assertEquals(1, one.rowCount(), "one line, not the padding");
            assertEquals(fresh.written().get(0), one.table().row(0).text());
            assertTrue(one.statusText().contains("unwrapped"), one.statusText());
            assertFalse(one.statusText().contains(", wrapped"), one.statusText());
            closeTab(one);

            // wrapped by the firmware's writer: about 45 bytes a line through a ring of 1 KiB
            Ring ring = bootAndDumpTrace(60);
            byte[] bytes = ring.bytes();
            int nul = firstNul(bytes);
            assertTrue(nul > 0 && nul < bytes.length - 2, "the newest text ends inside the ring: NUL at " + nul);
            String stream = String.join("\n", ring.written()) + "\n";
            assertTrue(stream.length() > 2 * bytes.length, "written more than twice the ring");
            // the ring keeps the last len - 2 characters: one byte holds the NUL after the newest, the last one only NULs
            String kept = stream.substring(stream.length() - (bytes.length - 2));
            List<String> expected = new ArrayList<>(List.of(kept.split("\n")));
            assertTrue(ring.debugfs().length() == nul && kept.endsWith(ring.debugfs()),
                    "debugfs trace0 shows the newest part only: " + ring.debugfs());

            Path file = dir.resolve("remoteproc0-trace0.bin");
            Files.write(file, bytes);
            assertEquals(Opener.Kind.TRACE_DUMP, Opener.kindOf(file), "told from a log by its NULs");
            assertEquals(null, Opener.open(Ui.window(), file));
            Ui.settle();
            LogTab tab = part().activeTab();
            assertNotNull(tab, "a tab for the dump: " + dev.bringup.ui.internal.Status.lastError());
            assertEquals("remoteproc0-trace0.bin", tab.title());
            waitUntil("the ring's index", 30, () -> tab.log().isIndexComplete() && tab.rowCount() == expected.size());
            assertEquals(expected.size(), tab.rowCount(), "one row per line of the unwrapped ring: " + expected);
            for (int r = 0; r < expected.size(); r++) {
                String text = tab.table().row(r).text();
                assertEquals(expected.get(r), text, "row " + r + " in write order");
                assertFalse(text.indexOf('\0') >= 0, "no NUL in row " + r);
            }
            int last = expected.size() - 1;
            assertEquals(ring.written().get(ring.written().size() - 1), tab.table().row(last).text(), "the newest line last");
            assertTrue(ring.written().get(ring.written().size() - expected.size()).endsWith(expected.get(0)),
                    "the first row is the end of a line whose start was overwritten: " + expected.get(0));
            LogLine newest = LogLine.parse(ring.written().get(ring.written().size() - 1));
            assertEquals(newest.message(), tab.cellText(tab.headers().indexOf(Messages.Column_message), last));
            assertTrue(newest.message().endsWith("heartbeat 59, rpmsg tx 413"), newest.message());
            assertEquals("7.900000", tab.cellText(TIME_COLUMN, last), "the time column of the newest line");
            String status = tab.statusText();
            assertTrue(status.contains("unwrapped") && status.contains("byte " + nul + " (0x" + Integer.toHexString(nul))
                    && status.contains("of " + bytes.length) && status.contains(", wrapped"),
                    "the status line says it was unwrapped and where the write position was taken: " + status);
            assertTrue(tab.statusDetail().contains("the text after that NUL is older"), tab.statusDetail());

            org.eclipse.ui.IViewReference ref = Ui.page().findViewReference(dev.bringup.ui.BringupUi.TRACE_LOG_ID);
            Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
            tab.selectRow(last);
            Ui.settle();
            Screenshots.save(tab.control().getParent().getParent(), "trace-log-ring-dump");
            Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
            closeTab(tab);
        } finally {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    // ---- (e) level and source filters with the regex

    private static final String[] LEVEL_SOURCES = { "arm-smmu 15000000.iommu", "remoteproc remoteproc0",
            "qcom_q6v5_pas 26300000.remoteproc", "virtio_rpmsg_bus virtio0" };

    /** Line i of the generated log: an explicit kernel level {@code <3>}, {@code <4>} or {@code <6>}, and a source. */
    private static String levelLine(int i) {
        int level = i % 7 == 0 ? 3 : i % 5 == 0 ? 4 : 6;
        return String.format(Locale.ROOT, "<%d>[%5d.%06d] %s: event %d %s", level, i / 100, (i % 100) * 10_000,
                LEVEL_SOURCES[i % LEVEL_SOURCES.length], i, i % 3 == 0 ? "kick vq" : "map iova");
    }

    private static void chooseLevel(LogTab tab, int index) {
        tab.levelCombo().select(index);
        tab.levelCombo().notifyListeners(SWT.Selection, new Event());
        Ui.settle();
    }

    private static void expectRows(LogTab tab, int lines, java.util.function.IntPredicate keep, String what) {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            if (keep.test(i)) {
                expected.add(i);
            }
        }
        waitUntil(what, 30, () -> (tab.filterTask() == null || tab.filterTask().isDone()) && tab.rowCount() == expected.size());
        for (int r = 0; r < expected.size(); r += 1 + expected.size() / 200) {
            assertEquals(Integer.toString(expected.get(r) + 1), tab.rowHeaderText(r), what + ": row " + r);
        }
    }

    @Test
    void levelAndSourceFiltersCombineWithTheRegex() throws Exception {
        Path file = Files.createTempFile("levels", ".log");
        int lines = 20_000;
        try {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                b.append(levelLine(i)).append('\n');
            }
            Files.writeString(file, b, StandardCharsets.US_ASCII);
            LogTab tab = openInViewer(file);
            waitUntil("the index", 30, () -> tab.log().isIndexComplete() && tab.rowCount() == lines);
            assertEquals(List.of(Messages.Level_all, Messages.Level_warning, Messages.Level_error),
                    List.of(tab.levelCombo().getItems()));
            assertEquals(0, tab.levelCombo().getSelectionIndex(), "all levels by default");

            chooseLevel(tab, 2);
            expectRows(tab, lines, i -> i % 7 == 0, "error and worse");
            assertTrue(tab.statusText().contains("level err or worse"), tab.statusText());
            chooseLevel(tab, 1);
            expectRows(tab, lines, i -> i % 7 == 0 || i % 5 == 0, "warning and worse");

            type(tab.sourceField(), "SMMU");
            expectRows(tab, lines, i -> (i % 7 == 0 || i % 5 == 0) && i % 4 == 0, "warning and worse from the SMMU");
            assertTrue(tab.statusText().contains("source contains 'SMMU'"), tab.statusText());

            type(tab.filterField(), "kick vq");
            expectRows(tab, lines, i -> (i % 7 == 0 || i % 5 == 0) && i % 4 == 0 && i % 3 == 0, "all three");
            String status = tab.statusText();
            assertTrue(status.contains("/kick vq/") && status.contains("level warn or worse") && status.contains("source contains 'SMMU'"),
                    "the status line names every condition: " + status);

            // typing in the source field filters after a pause, like the regex field
            tab.sourceField().setText("remoteproc");
            expectRows(tab, lines, i -> (i % 7 == 0 || i % 5 == 0) && (i % 4 == 1 || i % 4 == 2) && i % 3 == 0,
                    "the typed source, a substring of two sources");

            org.eclipse.ui.IViewReference ref = Ui.page().findViewReference(dev.bringup.ui.BringupUi.TRACE_LOG_ID);
            Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
            tab.selectRow(0);
            Ui.settle();
            Screenshots.save(tab.control().getParent().getParent(), "trace-log-filters");
            Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);

            // Esc in the source field clears it; Esc in the regex field too; the level stays
            Ui.key(tab.sourceField(), SWT.ESC, 0);
            Ui.settle();
            assertEquals("", tab.sourceField().getText());
            expectRows(tab, lines, i -> (i % 7 == 0 || i % 5 == 0) && i % 3 == 0, "Esc cleared the source");
            Ui.key(tab.filterField(), SWT.ESC, 0);
            Ui.settle();
            expectRows(tab, lines, i -> i % 7 == 0 || i % 5 == 0, "Esc cleared the regex");
            chooseLevel(tab, 0);
            waitUntil("every line again", 30, () -> tab.filterTask() == null && tab.rowCount() == lines);

            // keyboard: each filter has a mnemonic on its label, the combo is in the tab order
            assertTrue(Messages.Level_label.contains("&") && Messages.Source_label.contains("&"));
            List<org.eclipse.swt.widgets.Control> order = List.of(tab.levelCombo().getParent().getTabList());
            assertTrue(order.contains(tab.levelCombo()) && order.contains(tab.sourceField()), "Tab reaches the filters");
            closeTab(tab);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- (f) search with a filter that has not scanned that far yet

    @Test
    void searchWithAFilterOnFindsLinesTheFilterHasNotReachedYet() throws Exception {
        Path file = bigFile("dmesg-512mib.log", 2, "the 512 MiB log");
        try {
            long[] counts = writeLog(file, 512L << 20, new StringBuilder());
            long lines = counts[0];
            LogTab tab = openInViewer(file);
            waitUntil("the index", 120, () -> tab.log().isIndexComplete() && tab.rowCount() == lines);
            // the token lines are every 997th; the filter keeps err lines from remoteproc1 only
            long expected = -1;
            for (long i = 0; i < lines; i += 997) {
                if (SOURCES[(int) (i % 7919) % SOURCES.length].equals("remoteproc remoteproc1")) {
                    expected = i;
                }
            }
            assertTrue(expected > lines / 2, "a token line from remoteproc1 near the end: " + expected);
            long hiddenAfter = ((lines - 1) / 997) * 997;
            assertTrue(hiddenAfter > expected, "later token lines of other sources, which the filter hides");

            tab.highlightField().setText(TOKEN);
            Ui.settle();
            // a filter that parses every line (about a second for 512 MiB), then at once Shift+F3:
            // the search goes back from the end, where the filter has not been yet
            tab.levelCombo().select(2);
            tab.sourceField().setText("remoteproc1");
            tab.sourceField().notifyListeners(SWT.DefaultSelection, new Event()); // Enter
            assertFalse(tab.filterTask() == null || tab.filterTask().isDone(), "the filter is still running");
            assertTrue(tab.filterTask().linesScanned() < expected, "the filter has not reached the line yet");
            Ui.key(tab.natTable(), SWT.F3, SWT.SHIFT);
            long want = expected;
            waitUntil("Shift+F3 to line " + (want + 1), 120, () -> tab.selectedLine() == want);
            // on a loaded machine the filter may overtake the search; then the note has nothing to say
            assertTrue(tab.noteText().contains("as soon as the filter") || tab.filterTask().linesScanned() > want,
                    "the search found the line before the filter reached it: " + tab.noteText());
            assertTrue(tab.filterTask().matches().contains(want), "the filter shows the line found");

            // forward from there: no later line passes both, though later lines have the token
            waitUntil("the filter", 120, () -> tab.filterTask().isDone());
            Ui.key(tab.natTable(), SWT.F3, 0);
            waitUntil("F3 says not found", 60, () -> tab.noteText().contains("not found after"));
            assertEquals(want, tab.selectedLine());
            closeTab(tab);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
