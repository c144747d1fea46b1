package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bringup.iommu.Walk;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.loader.BootSession;
import dev.bringup.loader.BootStep;
import dev.bringup.loader.RemoteAction;
import dev.bringup.trace.TraceRing;
import dev.bringup.loader.Breakpoint;
import dev.bringup.loader.BreakpointHit;
import dev.bringup.loader.Scenarios;
import dev.bringup.trace.MemoryLogSource;
import dev.bringup.ui.BringupUi;
import dev.bringup.ui.IovaMapInput;
import dev.bringup.ui.SelectedRange;
import dev.bringup.ui.StepState;
import dev.bringup.ui.internal.BootLink;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.trace.LogTab;
import dev.bringup.ui.internal.trace.TraceLogPart;
import dev.bringup.ui.internal.boot.BootDebuggerPart;
import dev.bringup.ui.internal.boot.BootDebuggerPart.Row;

/**
 * The boot debugger driven through its own keys and widgets: the seeds' MT8183 APU failing at
 * attach and booting with a bank of its own, stepping, step back, reset, breakpoints (at a step,
 * on the range selected in the layout editor), what it publishes to the IOVA map and the layout
 * editor, and the kernel log it hands to the trace log viewer.
 */
class BootDebuggerTest {

    private BootDebuggerPart part;

    @BeforeEach
    void open() throws Exception {
        Ui.page().showView(BringupUi.BOOT_DEBUGGER_ID);
        Ui.settle();
        part = BringupSession.get().part(BootDebuggerPart.class);
        assertNotNull(part, "the boot debugger part registered itself");
        part.clearBreakpoints();
    }

    @AfterEach
    void close() {
        part.clearBreakpoints();
    }

    /** The tab the trace log viewer shows now (the boot debugger's log actions open it). */
    private static LogTab shownLog() {
        TraceLogPart viewer = BringupSession.get().part(TraceLogPart.class);
        assertNotNull(viewer, "the trace log viewer opened");
        LogTab tab = viewer.activeTab();
        assertNotNull(tab, "the viewer shows a log");
        return tab;
    }

    /** Whether a cell of {@code row} contains {@code text}. */
    private static boolean rowHas(LogTab tab, int row, String text) {
        for (int c = 0; c < tab.headers().size(); c++) {
            if (tab.cellText(c, row).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private Table table() {
        return part.stepsViewer().getTable();
    }

    private void key(int keyCode, int mods) {
        Ui.key(table(), keyCode, mods);
        idle();
    }

    private void idle() {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            Ui.settle();
            if (!part.isBusy()) {
                Ui.settle();
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail("the boot session did not finish its command in 30 s: " + part.statusText());
    }

    private Row selected() {
        Object o = ((IStructuredSelection) part.stepsViewer().getSelection()).getFirstElement();
        assertTrue(o instanceof Row, "a step is selected: " + o);
        return (Row) o;
    }

    private void select(int index) {
        TableViewer v = part.stepsViewer();
        v.setSelection(new StructuredSelection(((List<?>) v.getInput()).get(index)), true);
        Ui.settle();
    }

    private static String text(MemoryLogSource s) {
        ByteBuffer b = s.read(0, (int) s.size());
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aFailingApproachIsSteppedToItsFailureExplainedSteppedBackAndReset() throws Exception {
        assertTrue(Scenarios.all().stream().anyMatch(s -> s.name().equals("mt8183-apu")));
        assertTrue(part.choose("mt8183-apu", "linux-default"), "the scenario and its strategy are offered");
        key(SWT.F5, 0);
        assertTrue(part.stepsRun().isEmpty(), "booting opens the session; nothing has run");
        assertEquals("rproc_boot", ((Row) table().getItem(0).getData()).name(), "the queued steps are listed");
        assertNull(((Row) table().getItem(0).getData()).step(), "as pending");

        IovaMapInput mapBefore = null;
        BootStep failed = null;
        for (int i = 0; i < 30 && failed == null; i++) {
            int ran = part.stepsRun().size();
            key(SWT.F6, 0);
            assertEquals(ran + 1, part.stepsRun().size(), "F6 runs one step");
            assertEquals(ran, selected().index(), "the step just run is selected");
            StepState st = BringupSession.get().stepState();
            assertNotNull(st, "the step's state is published for the layout editor");
            assertEquals(ran, st.index());
            failed = part.stepsRun().stream().filter(BootStep::failed).findFirst().orElse(null);
            if (mapBefore == null) {
                mapBefore = BringupSession.get().iovaMap();
            }
        }
        assertNotNull(failed, "linux-default fails on the MT8183 APU");
        assertEquals("rproc_enable_iommu", failed.name());
        assertEquals(failed.index(), selected().index(), "the failed step is selected");
        String details = part.detailsText();
        assertTrue(details.startsWith("FAILED: rproc_enable_iommu returned -EINVAL (-22)"), details);
        assertTrue(details.contains("not alone in its group") && details.contains("Fix: give 19100000.apu a group of its own"),
                "the diagnosis and the fix are shown: " + details);
        assertTrue(details.contains("can't attach iommu device: -22"), "with the step's kernel log: " + details);
        assertTrue(part.statusText().contains("Failed at rproc_enable_iommu"), part.statusText());
        Control whole = table().getParent().getParent();
        Screenshots.save(whole, "boot-debugger-failed");
        Screenshots.save(Ui.window().getShell(), "workbench-boot-debugger-failed");
        Ui.page().toggleZoom(Ui.page().getReference(Ui.page().findView(BringupUi.BOOT_DEBUGGER_ID)));
        Ui.settle();
        Screenshots.save(whole, "boot-debugger-failed-maximized");
        Ui.page().toggleZoom(Ui.page().getReference(Ui.page().findView(BringupUi.BOOT_DEBUGGER_ID)));
        Ui.settle();

        // the kernel log: dmesg lines the trace bundle parses, each linked to the step that printed it
        MemoryLogSource log = part.kernelLogSource();
        assertNotNull(log);
        BootLink link = part.kernelLogLink();
        assertNotNull(link);
        String[] lines = text(log).split("\n");
        int attach = -1;
        for (int i = 0; i < lines.length; i++) {
            dev.bringup.trace.LogLine l = dev.bringup.trace.LogLine.parse(lines[i]);
            assertTrue(l.hasTime() && !l.source().isEmpty(), "parsed with time and source: " + lines[i]);
            if (l.message().equals("can't attach iommu device: -22")) {
                attach = i;
                assertEquals("mtk-apu 19100000.apu", l.source());
                assertEquals(dev.bringup.trace.LogLevel.ERR, l.level(), lines[i]);
                assertEquals((failed.index() + 1) * 0.004, l.time(), 1e-6, "the simulated clock's slot of the step");
            }
        }
        assertTrue(attach > 0, "the attach error is in the kernel log: " + String.join("\n", lines));
        assertEquals(failed.index(), link.stepOf(attach));
        assertEquals(-1, link.stepOf(0), "the probe's first line comes before any step");
        assertEquals("#" + failed.index() + " rproc_enable_iommu", link.stepName(failed.index()));
        assertTrue(log.isLive(), "the kernel log stays live while the session can run on");

        Ui.key(table(), 'k', SWT.MOD1 | SWT.SHIFT);
        Ui.settle();
        LogTab kernel = shownLog();
        assertTrue(kernel.title().startsWith("Kernel log: mt8183-apu (linux-default)"), kernel.title());
        assertSame(link, kernel.link(), "the viewer got the part's link");
        int lineOfAttach = attach;
        Ui.waitUntil("the kernel log's rows in the viewer", 30, () -> kernel.rowCount() > lineOfAttach);
        int stepColumn = kernel.headers().indexOf(dev.bringup.ui.internal.trace.Messages.Column_step);
        assertTrue(stepColumn >= 0, "a step column: " + kernel.headers());
        assertEquals("#" + failed.index() + " rproc_enable_iommu", kernel.cellText(stepColumn, attach),
                "the attach error's row names the step that printed it");
        assertTrue(rowHas(kernel, attach, "can't attach iommu device: -22"), "the row shows the message");

        select(0);
        assertEquals(0, selected().index());
        link.reveal(failed.index());
        Ui.settle();
        assertEquals(failed.index(), selected().index(), "the log viewer's reveal selects the step");

        int ran = part.stepsRun().size();
        key(SWT.F6, SWT.SHIFT);
        assertEquals(ran - 1, part.stepsRun().size(), "Shift+F6 steps back");
        assertSame(part.kernelLogSource(), shownLog().log().source(), "the viewer is given the new log of the replayed session");
        assertEquals(BringupUi.BOOT_DEBUGGER_ID, Ui.page().getActivePartReference().getId(), "the keys stay with the debugger");
        assertNotEquals(log, part.kernelLogSource(), "a step back starts a new kernel log");
        assertFalse(log.isLive(), "and ends the old one");
        key(SWT.F5, SWT.SHIFT);
        assertTrue(part.stepsRun().isEmpty(), "Shift+F5 resets to before the first step");
        long left = text(part.kernelLogSource()).lines().count();
        assertTrue(left > 0 && left < lines.length, "after a reset only the probe's lines are left: " + left);
        for (int i = 0; i < left; i++) {
            assertEquals(-1, part.kernelLogLink().stepOf(i));
        }
    }

    @Test
    void aBreakpointStopsTheBootAndEveryStepPublishesItsDomainAndState() throws Exception {
        assertTrue(part.choose("mt8183-apu", "dedicated-bank"));
        key(SWT.F5, 0);
        // a step breakpoint, added through the breakpoints tab's own widgets
        part.tabs().setSelection(1);
        part.breakpointKind().select(0);
        part.breakpointKind().notifyListeners(SWT.Selection, new Event());
        part.breakpointSpec().setText("rproc_load_segments");
        part.breakpointSpec().notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals(List.of(new Breakpoint.AtStep("rproc_load_segments")), part.breakpoints());
        part.tabs().setSelection(0);

        key(SWT.F8, 0);
        BreakpointHit hit = part.lastHit();
        assertNotNull(hit, "F8 stops at the breakpoint: " + part.statusText());
        assertEquals(new Breakpoint.AtStep("rproc_load_segments"), hit.breakpoint());
        List<BootStep> ran = part.stepsRun();
        BootStep alloc = ran.get(ran.size() - 1);
        assertEquals("rproc_alloc_registered_carveouts", alloc.name());
        assertEquals("rproc_load_segments", selected().name(), "the step the breakpoint stopped before is selected");
        assertNull(selected().step());
        assertTrue(part.statusText().contains("Stopped by breakpoint (before rproc_load_segments)"), part.statusText());
        part.tabs().setSelection(1);
        Screenshots.save(table().getParent().getParent(), "boot-debugger-breakpoint");
        part.tabs().setSelection(0);

        // the IOVA map gets the domain as of the selected step and as of the step before
        select(alloc.index());
        IovaMapInput now = BringupSession.get().iovaMap();
        IovaMapInput before = BringupSession.get().iovaBaseline();
        assertNotNull(now);
        assertNotNull(before);
        assertTrue(now.label().startsWith("after #" + alloc.index() + " rproc_alloc_registered_carveouts"), now.label());
        assertTrue(covers(now, 0x6000_0000L), "the firmware window is mapped by the allocation: " + now.mappings());
        assertFalse(covers(before, 0x6000_0000L), "and not before it: " + before.mappings());
        Walk w = now.walk(0x6000_0000L);
        assertNotNull(w, "the snapshot walks the page table");
        assertTrue(w.mapped(), w.toString());
        Walk earlier = before.walk(0x6000_0000L);
        assertTrue(earlier == null || !earlier.mapped(), "the step before, replayed, has no such mapping: " + earlier);
        StepState state = BringupSession.get().stepState();
        assertNotNull(state);
        assertEquals(alloc.index(), state.index());
        assertTrue(state.regions().stream().anyMatch(r -> r.label().startsWith("mapping") && covers(r, 0x6000_0000L)
                && r.change() == StepState.Change.ADDED), "the firmware window's mapping is new in this step: " + state.regions());
        assertTrue(state.regions().stream().anyMatch(r -> r.label().startsWith("carveout") && r.pa() >= 0
                && r.change() != StepState.Change.UNCHANGED), "the carveouts got their memory in this step: " + state.regions());
        select(alloc.index() - 1);
        assertNotEquals(now.mappings(), BringupSession.get().iovaMap().mappings(), "another step, another map");
        StepState earlierState = BringupSession.get().stepState();
        assertEquals(alloc.index() - 1, earlierState.index());
        assertFalse(earlierState.regions().stream().anyMatch(r -> r.label().startsWith("mapping") && covers(r, 0x6000_0000L)),
                "nothing maps the window before the allocation: " + earlierState.regions());

        // run to a pending step with Ctrl+R, then to the end
        List<?> rows = (List<?>) part.stepsViewer().getInput();
        int target = -1;
        for (int i = ran.size(); i < rows.size() && target < 0; i++) {
            if (((Row) rows.get(i)).name().equals("rproc_start_subdevices")) {
                target = i;
            }
        }
        assertTrue(target > 0, "rproc_start_subdevices is queued");
        select(target);
        key('r', SWT.MOD1);
        assertEquals(target, part.stepsRun().size(), "Ctrl+R runs up to the selected step");
        key(SWT.F8, 0);
        assertTrue(part.statusText().contains("is running"), "dedicated-bank boots: " + part.statusText());
    }

    @Test
    void theRangeSelectedInTheLayoutEditorBecomesABreakpoint() throws Exception {
        assertTrue(part.choose("mt8183-apu", "dedicated-bank"));
        BringupSession.get().setSelectedRange(new SelectedRange("segment 0 (.text)", 0x6000_0000L, 0x1000, false));
        part.breakOnSelectedRange();
        assertEquals(List.of(new Breakpoint.OnMap(Breakpoint.Space.IOVA, 0x6000_0000L, 0x1000)), part.breakpoints());
        key(SWT.F5, 0);
        key(SWT.F8, 0);
        BreakpointHit hit = part.lastHit();
        assertNotNull(hit, part.statusText());
        assertEquals("rproc_alloc_registered_carveouts", part.stepsRun().get(hit.stepIndex()).name());
        assertEquals(hit.stepIndex(), selected().index(), "the step that mapped it is selected");
        assertTrue(part.detailsText().contains("Stopped by breakpoint (map of iova [0x60000000..0x60001000))"),
                part.detailsText());
        BringupSession.get().setSelectedRange(null);
    }

    @Test
    void theTraceBufferOfABootGoesToTheLogViewer() throws Exception {
        assertTrue(part.choose("stm32mp157-m4", null));
        key(SWT.F5, 0);
        key(SWT.F8, 0);
        assertTrue(part.statusText().contains("is running"), part.statusText());
        Ui.key(table(), 't', SWT.MOD1 | SWT.SHIFT);
        LogTab trace = traceTab(); // handed over from the session's thread
        Ui.waitUntil("the trace buffer's rows in the viewer", 30, () -> trace.rowCount() > 0);
        boolean found = false;
        for (int r = 0; r < trace.rowCount() && !found; r++) {
            found = trace.table().row(r).text().contains("stm32mp157-m4: up, rpmsg vdev ready");
        }
        assertTrue(found, "the firmware's own trace line is a row of the viewer");
    }

    /** The firmware's lines in a followed trace buffer's tab (the follower's own notes start with "-- "). */
    private static List<String> firmwareLines(LogTab tab) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < tab.rowCount(); r++) {
            String t = tab.table().row(r).text();
            if (!t.startsWith("-- ")) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> notes(LogTab tab) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < tab.rowCount(); r++) {
            String t = tab.table().row(r).text();
            if (t.startsWith("-- ")) {
                out.add(t);
            }
        }
        return out;
    }

    /** Waits for the viewer to show a trace buffer's tab. */
    private static LogTab traceTab() {
        Ui.waitUntil("the trace buffer's tab", 10, () -> {
            TraceLogPart v = BringupSession.get().part(TraceLogPart.class);
            LogTab t = v == null ? null : v.activeTab();
            return t != null && t.title().startsWith("remoteproc0 trace0");
        });
        return shownLog();
    }

    private static String sourceText(LogTab tab) throws Exception {
        dev.bringup.trace.LogSource src = tab.log().source();
        ByteBuffer b = src.read(0, (int) src.size());
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** The same boot run by the core alone: the trace ring's bytes in simulated memory at the end. */
    private static TraceRing.Text ringAfter(List<String> printed) throws Exception {
        BootSession s = BootSession.open(Scenarios.require("stm32mp157-m4").request(null));
        try {
            printed.forEach(l -> s.remote(new RemoteAction.Trace(l)));
            s.resume();
            ResourceEntry.Trace e = (ResourceEntry.Trace) s.loadedResourceTable().entriesOfKind("trace").get(0);
            assertEquals(1024, e.len(), "the example firmware's trace ring is 1 KiB");
            return TraceRing.unwrap(ByteBuffer.wrap(s.readDa(e.da(), (int) e.len())));
        } finally {
            s.close();
        }
    }

    @Test
    void theTraceBufferIsFollowedLiveAcrossTheRingsWrap() throws Exception {
        assertTrue(part.choose("stm32mp157-m4", null));
        key(SWT.F5, 0);
        key('t', SWT.MOD1 | SWT.SHIFT); // before the first step: the ring is not even allocated yet
        LogTab trace = traceTab();
        assertTrue(trace.log().source().isLive(), "a live source");
        assertEquals(List.of(), firmwareLines(trace));
        // 24 lines of 52 bytes: 1248 bytes through a 1 KiB ring
        List<String> printed = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            printed.add(String.format("m4: tick %02d %s", i, "abcdefghij".repeat(4)));
        }
        printed.forEach(l -> part.remote(new RemoteAction.Trace(l)));
        idle();
        List<String> expected = new ArrayList<>();
        expected.add("stm32mp157-m4: up, rpmsg vdev ready");
        expected.addAll(printed);

        // one step at a time until the firmware's first line, then the rest in one go
        for (int i = 0; i < 60 && !sourceText(trace).contains("rpmsg vdev ready"); i++) {
            key(SWT.F6, 0);
        }
        Ui.waitUntil("the firmware's first trace line", 30, () -> !firmwareLines(trace).isEmpty());
        assertEquals(expected.subList(0, 1), firmwareLines(trace), "the tab grew by the boot's own line");
        key(SWT.F8, 0);
        Ui.waitUntil("every trace line in the viewer", 30, () -> firmwareLines(trace).size() >= expected.size());
        assertEquals(expected, firmwareLines(trace), "every line once, in order, across the wrap");
        assertEquals(1, notes(trace).size(), "only the note saying how it follows: " + notes(trace));
        assertTrue(notes(trace).get(0).contains("the NUL the firmware keeps after its newest character"), notes(trace).get(0));
        Screenshots.save(Ui.window().getShell(), "workbench-boot-trace-live");

        // the simulation's memory: the ring wrapped, and what it still holds is the end of what the tab shows
        TraceRing.Text ring = ringAfter(printed);
        assertTrue(ring.wrapped(), ring.note());
        List<String> held = ring.lines().subList(1, ring.lines().size()); // the first one lost its start to the wrap
        assertTrue(held.size() > 10, "the ring holds many lines: " + held);
        assertEquals(held, expected.subList(expected.size() - held.size(), expected.size()));
        assertTrue(expected.get(expected.size() - held.size() - 1).endsWith(ring.lines().get(0)));

        // a step back follows the ring again in a new source, as the kernel log does
        key(SWT.F6, SWT.SHIFT);
        Ui.waitUntil("a new tab for the replayed run", 30, () -> shownLog() != trace
                && firmwareLines(shownLog()).size() >= expected.size() - 1);
        LogTab again = shownLog();
        assertFalse(trace.log().source().isLive(), "the old run's source ended");
        assertTrue(again.log().source().isLive());
        assertEquals(expected.subList(0, expected.size() - 1), firmwareLines(again), "the replay up to the step before");

        // closing the tab ends following: a reset opens no new one
        Ui.key(again.natTable(), 'w', SWT.MOD1); // the viewer's close-tab key
        Ui.settle();
        assertFalse(again.log().source().isLive());
        if (!trace.natTable().isDisposed()) {
            Ui.key(trace.natTable(), 'w', SWT.MOD1);
            Ui.settle();
        }
        int tabs = BringupSession.get().part(TraceLogPart.class).tabs().size();
        key(SWT.F5, SWT.SHIFT);
        Ui.settle();
        assertEquals(tabs, BringupSession.get().part(TraceLogPart.class).tabs().size(), "no trace tab after the reset");
    }

    @Test
    void textOverwrittenBeforeItWasReadIsAGapLine() throws Exception {
        assertTrue(part.choose("stm32mp157-m4", null));
        key(SWT.F5, 0);
        key(SWT.F8, 0);
        key('t', SWT.MOD1 | SWT.SHIFT);
        LogTab trace = traceTab();
        Ui.waitUntil("the boot's trace line", 30, () -> firmwareLines(trace).size() == 1);
        // one line longer than the ring, written in one step: its start is gone before the next read
        String longLine = "L".repeat(1500) + "-end of the long line";
        part.remote(new RemoteAction.Trace(longLine));
        Ui.waitUntil("the action queued", 10, () -> part.button(BootDebuggerPart.Action.CONTINUE).isEnabled());
        key(SWT.F8, 0);
        Ui.waitUntil("the gap and the tail", 30, () -> firmwareLines(trace).size() >= 2);
        List<String> lines = firmwareLines(trace);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(longLine.endsWith(lines.get(1)) && lines.get(1).length() > 900 && lines.get(1).length() < 1024,
                "the part of the long line the ring still held: " + lines.get(1).length());
        assertTrue(notes(trace).stream().anyMatch(n -> n.contains("trace ring overrun")), notes(trace).toString());
        assertTrue(trace.log().source().isLive());
        Ui.key(trace.natTable(), 'w', SWT.MOD1);
        Ui.settle();
        assertFalse(trace.log().source().isLive(), "closing the tab ends following");
    }

    @Test
    void theOpenProjectBootsWithTheFirmwareOfTheActiveEditor() throws Exception {
        dev.bringup.ui.internal.Opener.openDemo(Ui.window());
        Ui.settle();
        org.eclipse.ui.IEditorPart editor = Ui.page().getActiveEditor();
        assertTrue(editor instanceof dev.bringup.ui.internal.FirmwareEditor, "the demo firmware is in the layout editor");
        Ui.page().showView(BringupUi.BOOT_DEBUGGER_ID);
        Ui.settle();
        assertTrue(part.choose("Open project", "linux-default"));
        key(SWT.F5, 0);
        key(SWT.F8, 0);
        assertTrue(part.statusText().contains("m4 is running"), part.statusText());
        assertTrue(part.statusText().contains("stm32mp157-m4.elf"), "the editor's file was booted: " + part.statusText());
        assertTrue(part.stepsRun().stream().anyMatch(s -> s.name().equals("rproc_load_segments")
                && s.writes().stream().anyMatch(w -> w.pa() == 0x3800_0000L)), "loaded through the m4's dma-ranges view");
    }

    @Test
    void aFaultBreakpointStopsAtTheFetchThatFaultsAndABadRangeIsExplained() throws Exception {
        part.tabs().setSelection(1);
        part.breakpointKind().select(3);
        part.breakpointKind().notifyListeners(SWT.Selection, new Event());
        part.breakpointSpec().setText("0x60000000 zz");
        part.breakpointSpec().notifyListeners(SWT.DefaultSelection, new Event());
        assertTrue(part.breakpoints().isEmpty(), "nothing is added from a bad range");
        assertTrue(part.breakpointMessageText().startsWith("Cannot add a breakpoint on \"0x60000000 zz\""),
                part.breakpointMessageText());
        part.breakpointSpec().setText("0x60000000+0x1000");
        part.breakpointSpec().notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals(List.of(new Breakpoint.OnWrite(0x6000_0000L, 0x1000)), part.breakpoints());
        part.clearBreakpoints();
        part.breakpointKind().select(4);
        part.breakpointKind().notifyListeners(SWT.Selection, new Event());
        part.addBreakpoint();
        assertEquals(List.of(new Breakpoint.OnFault()), part.breakpoints());
        part.tabs().setSelection(0);

        // seed 001's dma-api approach boots, then the first fetch at 0x60000000 faults
        assertTrue(part.choose("mt8183-apu", "dma-api"));
        key(SWT.F5, 0);
        key(SWT.F8, 0);
        BreakpointHit hit = part.lastHit();
        assertNotNull(hit, part.statusText());
        assertEquals(new Breakpoint.OnFault(), hit.breakpoint());
        assertEquals("remote: fetch", part.stepsRun().get(hit.stepIndex()).name());
        assertTrue(part.detailsText().contains("0x60000000"), part.detailsText());
    }

    private static boolean covers(StepState.Region r, long da) {
        return r.da() >= 0 && Long.compareUnsigned(da - r.da(), r.size()) < 0;
    }

    private static boolean covers(IovaMapInput in, long iova) {
        return in.mappings().stream().anyMatch(m -> Long.compareUnsigned(iova - m.iova(), m.size()) < 0);
    }
}
