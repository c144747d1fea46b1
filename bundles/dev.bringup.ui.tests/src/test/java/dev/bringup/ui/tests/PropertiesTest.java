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
import org.eclipse.ui.IViewPart;
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
