package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorReference;
import org.junit.jupiter.api.Test;

import dev.bringup.firmware.ElfSection;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.ui.SelectedRange;
import dev.bringup.ui.StepState;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.FirmwareDocument;
import dev.bringup.ui.internal.FirmwareEditor;
import dev.bringup.ui.internal.LayoutCanvas;
import dev.bringup.ui.internal.ResourceTableEditor;
import dev.bringup.ui.internal.layout.AddressLayout;
import dev.bringup.ui.internal.layout.Block;

/** The firmware layout editor driven through its real widgets: drag, undo, redo, save, re-open. */
class FirmwareLayoutEditorTest {

    @Test
    void theDemoOpensInTheExplorerAndTheLayoutEditor() throws Exception {
        Ui.settle();
        FirmwareEditor demo = null;
        for (IEditorReference r : Ui.page().getEditorReferences()) {
            if (r.getName().equals("stm32mp157-m4.elf") && r.getEditor(true) instanceof FirmwareEditor fe) {
                demo = fe;
            }
        }
        assertNotNull(demo, "with no file on the command line the demo firmware opens in the layout editor");
        // other tests may have opened another SoC since start-up: open the demo again
        dev.bringup.ui.internal.Opener.openDemo(Ui.window());
        Ui.settle();
        assertNotNull(BringupSession.get().project(), "the demo project is open in the explorer");
        assertNotNull(demo.document().processor(), "the demo firmware runs on the demo SoC's m4");
        AddressLayout layout = demo.canvas().layoutModel();
        // the M4 sees RETRAM (host 0x38000000) at da 0: a segment linked to a different pa
        assertTrue(layout.links().stream().anyMatch(l -> l.from().kind() == Block.Kind.SEGMENT && l.pa() != l.from().start()),
                "a segment is mapped through dma-ranges to another pa: " + layout.links());
        Ui.page().activate(demo);
        Screenshots.save(Ui.window().getShell(), "workbench-demo");
        Screenshots.save(demo.canvas(), "layout-editor-demo");
    }

    @Test
    void dragACarveoutThenUndoRedoSaveAndReopen() throws Exception {
        Path file = Ui.exampleCopy("omap4-ipu.elf");
        byte[] before = Files.readAllBytes(file);
        FirmwareEditor editor = Ui.openFirmware(file);
        assertEquals(file.toAbsolutePath().normalize(), dev.bringup.ui.internal.Opener.recent().get(0),
                "the file heads File > Open Recent");
        FirmwareDocument doc = editor.document();
        LayoutCanvas canvas = editor.canvas();
        Block carveout = Arrays.stream(canvas.layoutModel().column(Block.Lane.DA, Block.Kind.CARVEOUT.column()))
                .filter(b -> b.kind() == Block.Kind.CARVEOUT).findFirst().orElseThrow();
        int entry = carveout.entry();
        long oldDa = carveout.start();
        editor.reveal(entry);
        Ui.settle();
        Rectangle r = canvas.bounds(canvas.selected());
        assertTrue(r.height >= 6, "the carveout is drawn tall enough to grab: " + r);
        Ui.drag(canvas, r.x + r.width / 2, r.y + 3, 0, 60);
        Ui.settle();

        long newDa = da(doc.table(), entry);
        assertNotEquals(oldDa, newDa, "the drag moved the carveout");
        assertEquals(0, newDa % AddressLayout.PAGE, "the move snapped to 4 KiB: " + Long.toHexString(newDa));
        assertTrue(editor.isDirty(), "the editor is dirty after the drag");
        Screenshots.save(canvas, "layout-editor-after-drag");

        doc.commandStack().undo();
        assertEquals(oldDa, da(doc.table(), entry), "undo restores the da");
        assertFalse(editor.isDirty());
        doc.commandStack().redo();
        assertEquals(newDa, da(doc.table(), entry), "redo moves it again");

        editor.doSave(null);
        assertFalse(editor.isDirty(), "saved");
        byte[] after = Files.readAllBytes(file);
        assertEquals(before.length, after.length);
        try (Firmware reread = Firmware.open(file)) {
            ResourceTable t = reread.resourceTable();
            assertNotNull(t);
            assertEquals(newDa, da(t, entry), "the re-opened file has the new da");
            ElfSection section = reread.tableSection();
            assertNotNull(section);
            long daField = section.sh_offset() + t.entries().get(entry).offset() + 4; // u32 type, then da
            List<Long> changed = new ArrayList<>();
            for (int i = 0; i < before.length; i++) {
                if (before[i] != after[i]) {
                    changed.add((long) i);
                }
            }
            assertFalse(changed.isEmpty());
            for (long off : changed) {
                assertTrue(off >= daField && off < daField + 4, "only the carveout's da bytes changed; also at " + off
                        + " (da at " + daField + ")");
            }
        }
        assertTrue(canvas.layoutModel().blocks().stream().anyMatch(b -> b.entry() == entry && b.start() == newDa));
    }

    @Test
    void keyboardMovesAndResizesTheSelectedEntryByAPage() throws Exception {
        Path file = Ui.exampleCopy("omap4-ipu.elf");
        FirmwareEditor editor = Ui.openFirmware(file);
        LayoutCanvas canvas = editor.canvas();
        canvas.setFocus();
        Event tab = new Event();
        tab.detail = SWT.TRAVERSE_TAB_NEXT;
        tab.doit = true;
        canvas.notifyListeners(SWT.Traverse, tab);
        Block sel = canvas.selected();
        assertNotNull(sel, "Tab selects the first resource-table entry");
        long da = sel.start();
        long len = sel.size();
        Ui.key(canvas, SWT.ARROW_DOWN, SWT.ALT);
        Block moved = canvas.selected();
        assertNotNull(moved);
        assertEquals(da + AddressLayout.PAGE, moved.start(), "Alt+Down moves by one page");
        if (moved.kind() != Block.Kind.VRING) {
            Ui.key(canvas, SWT.ARROW_DOWN, SWT.ALT | SWT.SHIFT);
            assertEquals(len + AddressLayout.PAGE, canvas.selected().size(), "Alt+Shift+Down grows by one page");
        }
        Ui.key(canvas, '+', 0);
        assertTrue(canvas.zoom() > 1, "+ zooms in");
        Ui.page().closeEditor(editor, false);
    }

    @Test
    void tableCellsAreCheckedAsTypedAndInvalidValuesRejected() throws Exception {
        Path file = Ui.exampleCopy("omap4-ipu.elf");
        FirmwareEditor editor = Ui.openFirmware(file);
        FirmwareDocument doc = editor.document();
        editor.showTab(1);
        ResourceTableEditor table = editor.tableEditor();
        Ui.settle();
        // every column on screen at the default size; the values whole (#, kind, da, pa, len, flags)
        Columns.assertFit(table.viewer().getTable(), 0, 1, 3, 4, 5, 6);
        int entry = -1;
        for (int i = 0; i < doc.table().entries().size(); i++) {
            if (doc.table().entries().get(i) instanceof ResourceEntry.Carveout) {
                entry = i;
                break;
            }
        }
        ResourceTableEditor.Row row = new ResourceTableEditor.Row(entry, -1);
        long oldLen = ((ResourceEntry.Carveout) doc.table().entries().get(entry)).len();

        table.editCell(row, 5); // len
        Text text = (Text) table.activeEditor();
        assertNotNull(text, "the len cell opens a text editor");
        text.setText("0x1_0000_0000"); // does not fit the u32 len
        Ui.settle();
        assertFalse(table.message().isEmpty(), "an invalid value is reported while typing");
        assertNotNull(text.getForeground());
        assertEquals(0xc0, text.getForeground().getRed(), "the invalid value is shown in red");
        text.notifyListeners(SWT.DefaultSelection, new Event());
        Ui.settle();
        assertEquals(oldLen, ((ResourceEntry.Carveout) doc.table().entries().get(entry)).len(), "rejected on commit");
        assertFalse(editor.isDirty());
        Screenshots.save(table.control(), "resource-table-editor");

        table.editCell(row, 5);
        text = (Text) table.activeEditor();
        assertNotNull(text);
        text.setText("0x3000");
        Ui.settle();
        assertEquals("", table.message(), "a valid value shows no error");
        text.notifyListeners(SWT.DefaultSelection, new Event());
        Ui.settle();
        assertEquals(0x3000, ((ResourceEntry.Carveout) doc.table().entries().get(entry)).len(), "committed");
        assertTrue(editor.isDirty());
        doc.commandStack().undo();
        assertEquals(oldLen, ((ResourceEntry.Carveout) doc.table().entries().get(entry)).len(), "same command stack");

        // a finding: a severity icon in the Findings column, its text in the tooltip and, selected, under the table
        int trace = -1;
        for (int i = 0; i < doc.table().entries().size(); i++) {
            if (doc.table().entries().get(i) instanceof ResourceEntry.Trace) {
                trace = i;
            }
        }
        assertTrue(trace >= 0, "omap4-ipu has a trace entry");
        table.editCell(new ResourceTableEditor.Row(trace, -1), 3); // da
        text = (Text) table.activeEditor();
        assertNotNull(text);
        text.setText(dev.bringup.common.Hex.of(((ResourceEntry.Trace) doc.table().entries().get(trace)).da() + 2));
        text.notifyListeners(SWT.DefaultSelection, new Event());
        Ui.settle();
        org.eclipse.swt.widgets.Table t = table.viewer().getTable();
        org.eclipse.swt.widgets.TableItem flagged = null;
        for (org.eclipse.swt.widgets.TableItem item : t.getItems()) {
            if (item.getData() instanceof ResourceTableEditor.Row r && r.entry() == trace && r.vring() < 0) {
                flagged = item;
            }
        }
        assertNotNull(flagged);
        assertNotNull(flagged.getImage(t.getColumnCount() - 1), "the misaligned trace buffer shows a warning icon");
        table.select(trace);
        Ui.settle();
        assertTrue(table.details().contains("TRACE_MISALIGNED") && table.details().startsWith("Entry " + trace),
                "the selected entry's findings are written out under the table: " + table.details());
        Columns.assertFit(t, 0, 1, 3, 4, 5, 6, 7); // the Findings column too: icon and severity whole
        Screenshots.save(table.control(), "resource-table-finding");
        table.select(0);
        Screenshots.save(table.control(), "resource-table-finding-unselected");
        Ui.page().closeEditor(editor, false);
    }

    @Test
    void theLayoutIsExportedAsPng() throws Exception {
        Path file = Ui.exampleCopy("omap4-ipu.elf");
        FirmwareEditor editor = Ui.openFirmware(file);
        Path png = file.resolveSibling("layout.png");
        editor.canvas().exportPng(png.toString());
        ImageData data = new ImageLoader().load(png.toString())[0];
        assertTrue(data.width >= 800 && data.height > 100, data.width + "x" + data.height);
        Ui.page().closeEditor(editor, false);
    }

    @Test
    void aCorpusFirmwareOpensWithItsFindingsPlaced() throws Exception {
        Path file = Ui.corpus("firmware/stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf");
        Path copy = Files.createTempDirectory("bringup-ui-corpus").resolve(file.getFileName());
        Files.copy(file, copy);
        FirmwareEditor editor = Ui.openFirmware(copy);
        assertTrue(editor.document().diagnostics().stream().anyMatch(d -> d.code().equals("RSC_NUM_MISMATCH")),
                "num=1 with a second offset filled in is reported: " + editor.document().diagnostics());
        assertFalse(editor.canvas().layoutModel().column(Block.Lane.DA, Block.Kind.SECTION.column()).length == 0);
        Screenshots.save(editor.canvas(), "layout-editor-corpus-stm32mp215f");

        editor.showTab(1);
        Ui.settle();
        ResourceTableEditor table = editor.tableEditor();
        org.eclipse.swt.widgets.Table t = table.viewer().getTable();
        Columns.assertFit(t, 0, 1, 3, 4, 5, 6);
        table.select(0);
        Ui.settle();
        assertTrue(table.details().contains("RSC_NUM_MISMATCH"),
                "a finding about a slot no row shows is written out under the table: " + table.details());
        Screenshots.save(table.control(), "resource-table-corpus-stm32mp215f");
        Ui.page().closeEditor(editor, false);
    }

    @Test
    void aFileThatIsNotFirmwareGivesAClearErrorNotAStackTrace() throws Exception {
        Path junk = Files.createTempFile("bringup-ui", ".elf");
        Files.write(junk, new byte[] { 0x7f, 'E', 'L', 'F', 9, 9, 9 });
        dev.bringup.ui.internal.Status.show(null, "reset", "reset");
        assertNull(dev.bringup.ui.internal.Opener.open(Ui.window(), junk));
        String error = dev.bringup.ui.internal.Status.lastError();
        assertNotNull(error);
        assertTrue(error.contains(junk.getFileName().toString()), error);
        assertFalse(error.contains("Exception") || error.contains("\tat "), "no stack trace: " + error);
    }

    @Test
    void ctrlOOpensAFile() {
        org.eclipse.ui.keys.IBindingService bindings = org.eclipse.ui.PlatformUI.getWorkbench()
                .getService(org.eclipse.ui.keys.IBindingService.class);
        org.eclipse.jface.bindings.TriggerSequence[] keys = bindings.getActiveBindingsFor("dev.bringup.ui.open");
        assertTrue(Arrays.stream(keys).anyMatch(k -> k.format().equalsIgnoreCase("Ctrl+O")), Arrays.toString(keys));
    }

    @Test
    void entriesAllocatedAtBootAreDrawnInTheirOwnStripWithTheirSize() throws Exception {
        Path file = Ui.exampleCopy("stm32mp157-m4.elf");
        FirmwareEditor editor = Ui.openFirmware(file);
        LayoutCanvas canvas = editor.canvas();
        List<Block> allocated = canvas.layoutModel().allocatedAtBoot();
        ResourceTable table = editor.document().table();
        long any = table.entries().stream().filter(e -> e instanceof ResourceEntry.Vdev).mapToLong(
                e -> ((ResourceEntry.Vdev) e).vrings().stream().filter(r -> r.da() == ResourceEntry.FW_RSC_ADDR_ANY).count())
                .sum();
        assertTrue(any > 0, "the demo's vrings are at FW_RSC_ADDR_ANY");
        assertEquals(any, allocated.size(), "each of them is in the strip: " + allocated);
        for (Block b : allocated) {
            assertTrue(canvas.layoutModel().blocks().stream().noneMatch(x -> x.lane() == Block.Lane.DA && x.equals(b)),
                    "not on the da axis");
            Rectangle r = canvas.bounds(b);
            assertTrue(r.y + r.height <= canvas.header(), "drawn in the header's strip: " + r);
            assertEquals(b, canvas.blockAt(r.x + r.width / 2, r.y + r.height / 2));
            String tip = canvas.tooltipAt(r.x + r.width / 2, r.y + r.height / 2);
            assertTrue(tip.contains("allocated at boot") && tip.contains(dev.bringup.common.Hex.of(b.size())), tip);
        }
        Screenshots.save(canvas, "layout-editor-allocated-at-boot");
        Ui.page().closeEditor(editor, false);
    }

    @Test
    void aBootStepIsDrawnOverTheLanesAndASelectionIsPublished() throws Exception {
        Path file = Ui.exampleCopy("omap4-ipu.elf");
        FirmwareEditor editor = Ui.openFirmware(file);
        LayoutCanvas canvas = editor.canvas();
        BringupSession session = BringupSession.get();
        Block carveout = Arrays.stream(canvas.layoutModel().column(Block.Lane.DA, Block.Kind.CARVEOUT.column()))
                .filter(b -> b.kind() == Block.Kind.CARVEOUT).findFirst().orElseThrow();
        int headerBefore = canvas.header();
        StepState other = new StepState(2, "rproc_fw_sanity_check", "another-firmware.elf", List.of(
                new StepState.Region("carveout elsewhere", carveout.start(), 0x9d00_0000L, carveout.size(),
                        StepState.Change.ADDED)));
        session.setStepState(other);
        Ui.settle();
        assertNull(canvas.stepState(), "a boot of another firmware is not drawn over this one");
        StepState state = new StepState(3, "rproc_alloc_registered_carveouts", file.getFileName().toString(), List.of(
                new StepState.Region("carveout " + carveout.name(), carveout.start(), 0x9d00_0000L, carveout.size(),
                        StepState.Change.ADDED),
                new StepState.Region("write .text", -1, 0x9e00_0000L, 0x4000, StepState.Change.CHANGED)));
        try {
            Thread debugger = new Thread(() -> session.setStepState(state)); // the boot debugger steps in a job
            debugger.start();
            debugger.join();
            Ui.settle();
            assertEquals(state, canvas.stepState(), "the editor draws the session's step");
            assertTrue(canvas.header() > headerBefore, "the step's name and legend take a line in the header");
            assertTrue(canvas.layoutModel().axis(Block.Lane.PA).size() >= 2, "the pa axis makes room for the step's pa regions");
            canvas.reveal(carveout);
            Rectangle r = canvas.bounds(carveout);
            String tip = canvas.tooltipAt(r.x + r.width / 2, r.y + Math.min(3, r.height / 2));
            assertTrue(tip.contains("rproc_alloc_registered_carveouts") && tip.contains("added"), tip);
            Screenshots.save(canvas, "layout-editor-boot-step");
            session.setStepState(null);
            Ui.settle();
            assertNull(canvas.stepState(), "cleared with the session's step");
            assertEquals(headerBefore, canvas.header());
            r = canvas.bounds(carveout);
            tip = canvas.tooltipAt(r.x + r.width / 2, r.y + Math.min(3, r.height / 2));
            assertFalse(tip.contains("rproc_alloc_registered_carveouts"), tip);
        } finally {
            session.setStepState(null);
        }

        // a click on a segment publishes its range for the boot debugger
        Block segment = canvas.layoutModel().column(Block.Lane.DA, Block.Kind.SEGMENT.column())[0];
        canvas.reveal(segment);
        Rectangle s = canvas.bounds(segment);
        Ui.mouse(canvas, SWT.MouseDown, s.x + s.width / 2, s.y + s.height / 2);
        Ui.mouse(canvas, SWT.MouseUp, s.x + s.width / 2, s.y + s.height / 2);
        SelectedRange range = session.selectedRange();
        assertNotNull(range);
        assertEquals(segment.start(), range.start());
        assertEquals(segment.size(), range.size());
        assertFalse(range.physical(), "a da range");
        assertTrue(range.label().contains(segment.name()), range.label());
        assertEquals(segment, canvas.selected());
        // and a click on the carveout publishes the carveout's (without moving it)
        canvas.reveal(carveout);
        Rectangle c = canvas.bounds(carveout);
        Ui.mouse(canvas, SWT.MouseDown, c.x + c.width / 2, c.y + 2);
        Ui.mouse(canvas, SWT.MouseUp, c.x + c.width / 2, c.y + 2);
        assertEquals(new SelectedRange(session.selectedRange().label(), carveout.start(), carveout.size(), false),
                session.selectedRange());
        assertTrue(session.selectedRange().label().contains(carveout.name()));
        assertFalse(editor.isDirty(), "a click is not a move");
        Ui.page().closeEditor(editor, false);
    }

    private static long da(ResourceTable t, int entry) {
        return ((ResourceEntry.MemoryEntry) t.entries().get(entry)).da();
    }

    static Control focus() {
        return Ui.window().getShell().getDisplay().getFocusControl();
    }
}
