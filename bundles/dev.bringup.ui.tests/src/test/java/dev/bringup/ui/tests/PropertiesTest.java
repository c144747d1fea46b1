package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ComboBoxCellEditor;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.jface.bindings.TriggerSequence;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.keys.IBindingService;
import org.eclipse.ui.views.properties.IPropertySheetPage;
import org.eclipse.ui.views.properties.PropertySheet;
import org.eclipse.ui.views.properties.PropertySheetPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.Test;

import dev.bringup.examples.Examples;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuKind;
import dev.bringup.model.Soc;
import dev.bringup.ui.BringupUi;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.EmfPropertySource;
import dev.bringup.ui.internal.Opener;
import dev.bringup.ui.internal.SocExplorerPart;
import dev.bringup.ui.internal.Status;

/** The Properties view edits the model through the editing domain; the parts get the session by injection. */
class PropertiesTest {

    private static Iommu openIommu() throws Exception {
        Path dir = Files.createTempDirectory("bringup-ui-props");
        Path dtb = Files.write(dir.resolve("mt8183-apu.dtb"), Examples.resource("mt8183-apu.dtb"));
        Opener.open(Ui.window(), dtb);
        Ui.settle();
        Soc soc = BringupSession.get().soc();
        assertNotNull(soc);
        return soc.getIommus().get(0);
    }

    private static Object id(IPropertySource props, String displayName) {
        for (IPropertyDescriptor d : props.getPropertyDescriptors()) {
            if (d.getDisplayName().equals(displayName)) {
                return d.getId();
            }
        }
        throw new AssertionError("no property " + displayName);
    }

    private static IPropertyDescriptor descriptor(IPropertySource props, Object id) {
        for (IPropertyDescriptor d : props.getPropertyDescriptors()) {
            if (d.getId().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no property " + id);
    }

    @Test
    void addressesAreEditedInHexThroughTheCommandStackAndRevalidated() throws Exception {
        Iommu iommu = openIommu();
        BringupSession session = BringupSession.get();
        IPropertySource props = Adapters.adapt(iommu, IPropertySource.class);
        assertTrue(props instanceof EmfPropertySource);
        EmfPropertySource source = (EmfPropertySource) props;
        Object granule = id(props, "Granule");
        Object bitmap = id(props, "Pgsize Bitmap");
        assertEquals("text", source.editorKind(granule));
        assertEquals("none", source.editorKind(id(props, "Larbs")), "references are read-only here");
        Shell shell = new Shell(Ui.window().getShell());
        try {
            Composite parent = new Composite(shell, 0);
            CellEditor text = descriptor(props, granule).createPropertyEditor(parent);
            assertTrue(text instanceof TextCellEditor, "a text cell for a size");
            text.setValue("zz");
            assertTrue(!text.isValueValid() && text.getErrorMessage().contains("zz"), "checked as typed: " + text.getErrorMessage());
            text.setValue("0x2000");
            assertTrue(text.isValueValid());
            CellEditor combo = descriptor(props, id(props, "Kind")).createPropertyEditor(parent);
            assertTrue(combo instanceof ComboBoxCellEditor, "a combo for an enum");
            assertNull(descriptor(props, id(props, "Larbs")).createPropertyEditor(parent));
        } finally {
            shell.dispose();
        }

        props.setPropertyValue(bitmap, "0x40201000"); // 4K, 2M, 1G
        assertEquals(0x4020_1000L, iommu.getPgsizeBitmap(), "an address-typed value is set from hex");
        long before = iommu.getGranule();
        Status.show(null, "reset", "reset");
        props.setPropertyValue(granule, "4 KiB please");
        assertEquals(before, iommu.getGranule(), "bad input changes nothing");
        assertTrue(Status.lastError().contains("4 KiB please") && Status.lastError().contains("granule"),
                "and says why: " + Status.lastError());

        props.setPropertyValue(granule, "8K"); // not one of the page sizes
        assertEquals(0x2000L, iommu.getGranule());
        assertEquals("0x2000", props.getPropertyValue(granule), "shown in hex");
        assertTrue(session.allDiagnostics().stream().anyMatch(e -> e.getValue().code().equals("IOMMU_GRANULE")),
                "the model is validated again: " + session.allDiagnostics());
        assertTrue(session.editingDomain().getCommandStack().canUndo(), "a command on the editing domain's stack");

        // Edit > Undo of the explorer (its global action handler) undoes it
        IViewPart explorer = Ui.page().showView(BringupUi.SOC_EXPLORER_ID);
        Ui.settle();
        IAction undo = explorer.getViewSite().getActionBars().getGlobalActionHandler(ActionFactory.UNDO.getId());
        assertNotNull(undo, "the explorer handles Edit > Undo");
        assertTrue(undo.isEnabled());
        undo.run();
        assertEquals(before, iommu.getGranule(), "undone");
        assertTrue(session.allDiagnostics().stream().noneMatch(e -> e.getValue().code().equals("IOMMU_GRANULE")),
                "and validated again after the undo");
        IAction redo = explorer.getViewSite().getActionBars().getGlobalActionHandler(ActionFactory.REDO.getId());
        redo.run();
        assertEquals(0x2000L, iommu.getGranule(), "redone");
        undo.run();

        Object kind = id(props, "Kind");
        assertEquals("choice", source.editorKind(kind));
        IommuKind other = iommu.getKind() == IommuKind.ARM_SMMU ? IommuKind.MTK_IOMMU : IommuKind.ARM_SMMU;
        props.setPropertyValue(kind, other.getLiteral());
        assertEquals(other, iommu.getKind(), "an enum is set by its literal");
        Status.show(null, "reset", "reset");
        props.setPropertyValue(kind, "no-such-iommu");
        assertEquals(other, iommu.getKind());
        assertTrue(Status.lastError().contains("no-such-iommu") && Status.lastError().contains(IommuKind.MTK_IOMMU.getLiteral()),
                "the choices are named: " + Status.lastError());
        session.editingDomain().getCommandStack().undo();
    }

    @Test
    void undoAndRedoWorkWhileThePropertiesViewHasFocusWithTheCommandInTheLabel() throws Exception {
        Iommu iommu = openIommu();
        BringupSession session = BringupSession.get();
        IViewPart sheet = Ui.page().showView(IPageLayout.ID_PROP_SHEET);
        IViewPart explorerView = Ui.page().showView(BringupUi.SOC_EXPLORER_ID);
        Ui.settle();
        SocExplorerPart explorer = session.part(SocExplorerPart.class);
        assertNotNull(explorer);
        assertTrue(explorer.selectPath(iommu.getPath()), "the IOMMU is in the explorer");
        Ui.settle(); // the selection reaches the Properties view as the workbench's post selection
        Ui.page().activate(sheet);
        Ui.settle();
        assertSame(sheet, Ui.page().getActivePart(), "the Properties view has focus");
        assertTrue(((PropertySheet) sheet).getCurrentPage() instanceof PropertySheetPage, "the explorer's page shows its selection");
        assertNotNull(explorerView.getAdapter(IPropertySheetPage.class), "the explorer gives the Properties view its own page");
        org.eclipse.swt.widgets.Tree rows = (org.eclipse.swt.widgets.Tree) ((PropertySheet) sheet).getCurrentPage().getControl();
        java.util.List<String> shown = new java.util.ArrayList<>();
        for (org.eclipse.swt.widgets.TreeItem item : rows.getItems()) {
            shown.add(item.getText(0));
            for (org.eclipse.swt.widgets.TreeItem child : item.getItems()) {
                shown.add(child.getText(0));
            }
        }
        assertTrue(shown.contains("Granule"), "the Properties view shows the IOMMU selected in the explorer: " + shown);

        IPropertySource props = Adapters.adapt(iommu, IPropertySource.class);
        Object granule = id(props, "Granule");
        long before = iommu.getGranule();
        props.setPropertyValue(granule, "0x2000");
        assertEquals(0x2000L, iommu.getGranule());
        Ui.settle();

        IAction undo = sheet.getViewSite().getActionBars().getGlobalActionHandler(ActionFactory.UNDO.getId());
        assertNotNull(undo, "the Properties view handles Edit > Undo for the explorer's selection");
        assertEquals("Undo Set Granule", undo.getText(), "the menu names the command");
        TriggerSequence[] keys = PlatformUI.getWorkbench().getService(IBindingService.class)
                .getActiveBindingsFor(IWorkbenchCommandConstants.EDIT_UNDO);
        assertTrue(java.util.Arrays.stream(keys).anyMatch(k -> k.format().equalsIgnoreCase("Ctrl+Z")),
                "Ctrl+Z runs it: " + java.util.Arrays.toString(keys));

        TriggerSequence[] redoKeys = PlatformUI.getWorkbench().getService(IBindingService.class)
                .getActiveBindingsFor(IWorkbenchCommandConstants.EDIT_REDO);
        assertTrue(java.util.Arrays.stream(redoKeys).anyMatch(k -> k.format().equalsIgnoreCase("Ctrl+Y")
                || k.format().equalsIgnoreCase("Shift+Ctrl+Z") || k.format().equalsIgnoreCase("Ctrl+Shift+Z")),
                "Ctrl+Y or Ctrl+Shift+Z redoes: " + java.util.Arrays.toString(redoKeys));

        IHandlerService handlers = Ui.window().getService(IHandlerService.class);
        handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
        Ui.settle();
        assertEquals(before, iommu.getGranule(), "undone by the workbench's undo command with the Properties view active");
        assertSame(sheet, Ui.page().getActivePart());
        IAction redo = sheet.getViewSite().getActionBars().getGlobalActionHandler(ActionFactory.REDO.getId());
        assertEquals("Redo Set Granule", redo.getText());
        assertTrue(!undo.isEnabled() || !session.editingDomain().getCommandStack().canUndo(), "nothing left to undo");
        handlers.executeCommand(IWorkbenchCommandConstants.EDIT_REDO, null);
        Ui.settle();
        assertEquals(0x2000L, iommu.getGranule(), "redone");
        assertEquals("Undo Set Granule", undo.getText());
        handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
        assertEquals(before, iommu.getGranule());
        Screenshots.save(Ui.window().getShell(), "properties-undo");
    }

    @Test
    void partsGetTheSessionByInjectionFromTheWorkbenchContext() throws Exception {
        IEclipseContext context = PlatformUI.getWorkbench().getService(IEclipseContext.class);
        assertNotNull(context);
        assertSame(BringupSession.get(), context.get(BringupSession.class), "the advisor put the session into the context");
        Ui.page().showView(BringupUi.PROBLEMS_ID);
        Ui.page().showView(BringupUi.IOVA_MAP_ID);
        Ui.page().showView(BringupUi.SOC_EXPLORER_ID);
        Ui.settle();
        EPartService parts = Ui.window().getService(EPartService.class);
        for (String id : new String[] { BringupUi.SOC_EXPLORER_ID, BringupUi.PROBLEMS_ID, BringupUi.IOVA_MAP_ID }) {
            MPart part = parts.findPart(id);
            assertNotNull(part, id);
            assertNotNull(part.getContext(), id + " is created");
            assertSame(BringupSession.get(), part.getContext().get(BringupSession.class), id + " sees the session");
        }
        assertNotNull(BringupSession.get().part(dev.bringup.ui.internal.ProblemsPart.class), "the injected part registered itself");
    }
}
