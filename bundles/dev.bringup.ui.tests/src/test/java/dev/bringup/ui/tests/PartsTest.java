package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.Test;

import dev.bringup.common.Diagnostic;
import dev.bringup.examples.Examples;
import dev.bringup.iommu.ArmSmmu;
import dev.bringup.iommu.IommuApi;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.MemoryRegion;
import dev.bringup.iommu.PhysicalMemory;
import dev.bringup.iommu.Simulation;
import dev.bringup.model.Soc;
import dev.bringup.ui.BringupUi;
import dev.bringup.ui.IovaMapInput;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.FirmwareEditor;
import dev.bringup.ui.internal.IovaMapPart;
import dev.bringup.ui.internal.Opener;
import dev.bringup.ui.internal.ProblemsPart;
import dev.bringup.ui.internal.SocExplorerPart;

/** The SoC explorer with the Properties view, the Problems view and the IOVA map view. */
class PartsTest {

    private static Path exampleDtb(String name) throws Exception {
        Path dir = Files.createTempDirectory("bringup-ui-dt");
        return Files.write(dir.resolve(name), Examples.resource(name));
    }

    @Test
    void aDevicetreeOpensInTheExplorerWithPropertiesThroughTheItemProviders() throws Exception {
        Path dtb = exampleDtb("mt8183-apu.dtb");
        Opener.open(Ui.window(), dtb);
        Ui.settle();
        Soc soc = BringupSession.get().soc();
        assertNotNull(soc, "the devicetree was imported");
        SocExplorerPart explorer = BringupSession.get().part(SocExplorerPart.class);
        assertNotNull(explorer);
        TreeViewer viewer = explorer.viewer();
        assertNotNull(viewer);
        Tree tree = viewer.getTree();
        assertEquals(1, tree.getItemCount(), "one project at the root");
        StringBuilder labels = new StringBuilder();
        collect(tree.getItems(), labels);
        assertTrue(labels.toString().contains("apu"), "the APU is in the tree: " + labels);
        assertTrue(tree.getItem(0).getImage() != null, "item providers' icons are shown");

        String path = soc.getIommus().get(0).getPath();
        assertTrue(explorer.selectPath(path), "the IOMMU node can be selected by its DT path");
        Object selected = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        IPropertySource props = org.eclipse.core.runtime.Adapters.adapt(selected, IPropertySource.class);
        assertNotNull(props, "model objects adapt to property sources");
        IPropertyDescriptor[] descriptors = props.getPropertyDescriptors();
        assertTrue(descriptors.length > 3);
        boolean hasPath = false;
        for (IPropertyDescriptor d : descriptors) {
            if (path.equals(props.getPropertyValue(d.getId()))) {
                hasPath = true;
            }
        }
        assertTrue(hasPath, "the node's path is one of its properties");
        Ui.page().showView(IPageLayout.ID_PROP_SHEET);
        Ui.page().activate(Ui.page().findView(BringupUi.SOC_EXPLORER_ID));
        Ui.settle();
        Screenshots.save(tree, "soc-explorer");
        IViewPart properties = Ui.page().findView(IPageLayout.ID_PROP_SHEET);
        assertNotNull(properties);
        Screenshots.save(Ui.window().getShell(), "workbench-explorer-properties");
    }

    /**
     * The Problems table never scrolls sideways: its columns fill its width; Severity and Code are as
     * wide as their widest cell, and Message has the most room.
     */
    static void assertColumnsFit(org.eclipse.swt.widgets.Table table) {
        int sum = 0;
        for (org.eclipse.swt.widgets.TableColumn c : table.getColumns()) {
            sum += c.getWidth();
        }
        int client = table.getClientArea().width;
        assertTrue(sum <= client, "the columns (" + sum + " px) fit the table (" + client + " px)");
        assertTrue(sum >= client - 4, "and fill it: " + sum + " of " + client);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(table);
        try {
            for (org.eclipse.swt.widgets.TableItem item : table.getItems()) {
                for (int c : new int[] { 0, 1 }) {
                    int need = gc.textExtent(item.getText(c)).x + (item.getImage(c) == null ? 0 : 16);
                    assertTrue(need < table.getColumn(c).getWidth(), table.getColumn(c).getText() + " shows '" + item.getText(c)
                            + "' whole (" + need + " px in " + table.getColumn(c).getWidth() + ")");
                }
            }
        } finally {
            gc.dispose();
        }
        int message = table.getColumn(2).getWidth();
        for (int c = 0; c < table.getColumnCount(); c++) {
            assertTrue(c == 2 || table.getColumn(c).getWidth() <= message, "Message is the widest column");
        }
    }

    private static void collect(TreeItem[] items, StringBuilder out) {
        for (TreeItem i : items) {
            out.append(i.getText()).append('\n');
            collect(i.getItems(), out);
        }
    }

    @Test
    void problemsListEveryLayerAndDoubleClickGoesToTheEntry() throws Exception {
        Path file = Ui.corpus("firmware/stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf");
        Path copy = Files.createTempDirectory("bringup-ui-problems").resolve(file.getFileName());
        Files.copy(file, copy);
        FirmwareEditor editor = Ui.openFirmware(copy);
        Ui.page().showView(BringupUi.PROBLEMS_ID);
        Ui.settle();
        ProblemsPart problems = BringupSession.get().part(ProblemsPart.class);
        assertNotNull(problems);
        List<Map.Entry<BringupSession.Source, Diagnostic>> all = BringupSession.get().allDiagnostics();
        Map.Entry<BringupSession.Source, Diagnostic> firmwareFinding = all.stream()
                .filter(e -> e.getKey().layer() == BringupSession.Layer.FIRMWARE && e.getValue().location().entryIndex() >= 0)
                .findFirst().orElse(null);
        assertTrue(problems.viewer().getTable().getItemCount() >= all.size() && !all.isEmpty());
        assertColumnsFit(problems.viewer().getTable());
        Object first = problems.viewer().getElementAt(0);
        problems.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(first), true);
        Ui.settle();
        Diagnostic shown = ((Map.Entry<?, ?>) first).getValue() instanceof Diagnostic d ? d : null;
        assertNotNull(shown);
        assertTrue(problems.details().contains(shown.code()) && problems.details().contains(shown.message()),
                "the selected problem is written out whole under the table: " + problems.details());
        Screenshots.save(problems.viewer().getTable().getParent(), "problems");
        if (firmwareFinding != null) {
            ProblemsPart.goTo(firmwareFinding.getKey(), firmwareFinding.getValue());
            Ui.settle();
            assertEquals(editor, Ui.page().getActiveEditor(), "the editor of that firmware is brought to front");
        }
        Ui.page().closeEditor(editor, false);
    }

    @Test
    void devicetreeFindingsGoToTheNodeInTheExplorer() throws Exception {
        Path dtb = Ui.corpus("dtb/sa8775p-ride.dtb");
        Opener.open(Ui.window(), dtb);
        Ui.settle();
        assertTrue(BringupSession.get().soc() != null, "the corpus devicetree was imported");
        Map.Entry<BringupSession.Source, Diagnostic> dtFinding = BringupSession.get().allDiagnostics().stream()
                .filter(e -> e.getKey().layer() != BringupSession.Layer.FIRMWARE && e.getValue().location().dtPath() != null)
                .findFirst().orElse(null);
        if (dtFinding == null) {
            return; // a clean devicetree has nothing to go to
        }
        ProblemsPart.goTo(dtFinding.getKey(), dtFinding.getValue());
        Ui.settle();
        SocExplorerPart explorer = BringupSession.get().part(SocExplorerPart.class);
        Object selected = ((IStructuredSelection) explorer.viewer().getSelection()).getFirstElement();
        assertTrue(selected instanceof dev.bringup.model.SocElement e
                && e.getPath().equals(dtFinding.getValue().location().dtPath()), "the node is selected: " + selected);
    }

    @Test
    void theCommandLineNamesFilesByContentAndSkipsOptions() throws Exception {
        Path dtb = exampleDtb("stm32mp157-m4.dtb");
        Path fw = Ui.exampleCopy("omap4-ipu.elf");
        Path text = Files.writeString(dtb.resolveSibling("notes.txt"), "not a devicetree");
        List<Path> files = Opener.filesFromArgs(new String[] { "-testproperties", "/tmp/x.properties", fw.toString(),
                dtb.toString(), text.toString(), dtb.resolveSibling("missing.elf").toString() });
        assertEquals(List.of(fw, dtb, text), files, "a text file is a log for the trace log viewer");
        assertEquals(Opener.Kind.LOG, Opener.kindOf(text));
        assertEquals(Opener.Kind.FIRMWARE, Opener.kindOf(fw));
        assertEquals(Opener.Kind.DEVICETREE, Opener.kindOf(dtb));
    }

    @Test
    void aBrokenDevicetreeSourceGivesWhatWhereAndNoStackTrace() throws Exception {
        Path dts = Files.createTempDirectory("bringup-ui-dts").resolve("broken.dts");
        Files.writeString(dts, "/dts-v1/;\n/ {\n\tcompatible = \"x\";\n\tbad = <1 ;\n};\n");
        Soc before = BringupSession.get().soc();
        dev.bringup.ui.internal.Status.show(null, "reset", "reset");
        Opener.open(Ui.window(), dts);
        Ui.settle();
        String error = dev.bringup.ui.internal.Status.lastError();
        assertNotNull(error);
        assertTrue(error.contains("broken.dts"), "names the file: " + error);
        assertFalse(error.contains("Exception") || error.contains("\tat "), "no stack trace: " + error);
        assertTrue(before == BringupSession.get().soc(), "the open SoC stays");
    }

    @Test
    void theIovaMapShowsMappingsTheWalkAndTheDifference() throws Exception {
        Simulation sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x8000_0000L, MemoryRegion.Kind.DRAM).build());
        ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config("15000000.iommu").contextBanks(8));
        Master adsp = sim.addMaster(Master.builder("adsp").iommu(smmu).streamId(0x1800));
        IommuApi api = sim.api();
        IommuDomain domain = api.domainAlloc(adsp);
        api.attachDevice(domain, adsp);
        api.map(domain, 0x6000_0000L, 0x9000_0000L, 0x20_0000L, IommuProt.RW);
        IovaMapInput.Mapping first = IovaMapInput.of(domain).mappings().get(0);
        IovaMapInput before = IovaMapInput.of("after the first map", IovaMapInput.of(domain).mappings(), null);
        api.map(domain, 0x6020_0000L, 0x9020_0000L, 0x3000L, IommuProt.READ);
        BringupSession.get().setIovaMap(IovaMapInput.of(domain), before);
        Ui.page().showView(BringupUi.IOVA_MAP_ID);
        Ui.settle();
        IovaMapPart part = BringupSession.get().part(IovaMapPart.class);
        assertNotNull(part);
        part.refresh();
        assertEquals(0x20_0000L, first.size());
        assertEquals(0x20_0000L, first.pageSizes(), "the 2 MiB block is one leaf");
        assertEquals(2, part.mappingsViewer().getTable().getItemCount(), "two runs (different permissions)");
        assertEquals("0x60000000", part.mappingsViewer().getTable().getItem(0).getText(0));
        assertEquals("0x90000000", part.mappingsViewer().getTable().getItem(0).getText(1));
        assertEquals(1, part.diffViewer().getTable().getItemCount(), "one run added since the baseline");
        part.walk("0x60201234");
        String walk = part.walkText();
        assertTrue(walk.contains("0x90201234"), walk);
        assertTrue(walk.contains("L3"), "the walk shows its levels: " + walk);
        part.walk("0x70000000");
        assertTrue(part.walkText().contains("not mapped"), part.walkText());
        part.walk("zz");
        assertTrue(part.walkText().contains("is not an address"), part.walkText());
        part.walk("0x60201234");
        Ui.settle();
        // the narrow right stack: IOVA, PA and size whole, no sideways scrolling; the rest in the tooltip
        org.eclipse.swt.widgets.Table mappings = part.mappingsViewer().getTable();
        Columns.assertFit(mappings, 0, 1);
        assertTrue(Columns.shown(mappings) >= 2, "IOVA and PA are shown");
        Screenshots.save(part.mappingsViewer().getTable().getParent().getParent(), "iova-map");
        org.eclipse.ui.IWorkbenchPartReference ref = Ui.page().getReference(Ui.page().findView(BringupUi.IOVA_MAP_ID));
        Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_MAXIMIZED);
        Ui.settle();
        try {
            Columns.assertFit(mappings, 0, 1, 2, 3, 4);
            assertEquals(mappings.getColumnCount(), Columns.shown(mappings), "maximized, every column is shown");
            Screenshots.save(part.mappingsViewer().getTable().getParent().getParent(), "iova-map-maximized");
        } finally {
            Ui.page().setPartState(ref, org.eclipse.ui.IWorkbenchPage.STATE_RESTORED);
            Ui.settle();
        }
        assertTrue(Columns.shown(mappings) < mappings.getColumnCount() || mappings.getClientArea().width > 300,
                "restored, the narrow part drops columns again");
        BringupSession.get().setIovaMap(null, null);
    }
}
