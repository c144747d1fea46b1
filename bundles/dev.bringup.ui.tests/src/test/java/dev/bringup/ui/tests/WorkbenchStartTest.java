package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPlaceholder;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import dev.bringup.ui.BringupUi;

/** Starts the real workbench, opens the Bring-up perspective, checks its parts, takes a screenshot. */
class WorkbenchStartTest {

    @Test
    void theBringupPerspectiveOpensWithAllItsParts() throws Exception {
        IWorkbench workbench = PlatformUI.getWorkbench();
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        assertNotNull(window, "the workbench has a window");
        IWorkbenchPage page = workbench.showPerspective(BringupUi.PERSPECTIVE_ID, window);
        assertEquals(BringupUi.PERSPECTIVE_ID, page.getPerspective().getId());
        assertTrue(page.isEditorAreaVisible(), "the editor area (firmware layout) is visible");

        EModelService models = window.getService(EModelService.class);
        MWindow mWindow = window.getService(MWindow.class);
        for (String id : BringupUi.PERSPECTIVE_PARTS) {
            List<MPlaceholder> placed = models.findElements(mWindow, id, MPlaceholder.class);
            assertEquals(1, placed.size(), "the perspective places " + id + " once");
            IViewPart view = page.showView(id);
            assertNotNull(view, id + " can be shown");
            assertEquals(id, view.getSite().getId());
        }
        page.showView(BringupUi.SOC_EXPLORER_ID);
        page.showView(BringupUi.BOOT_DEBUGGER_ID);
        page.showView(BringupUi.PROBLEMS_ID);

        Shell shell = window.getShell();
        assertEquals("Bring-up Workbench", shell.getText());
        // the layout editor gets the most room: the editor area is the widest part of the window
        MUIElement area = models.find("org.eclipse.ui.editorss", mWindow);
        assertNotNull(area, "the shared editor area");
        int areaWidth = ((Control) area.getWidget()).getBounds().width;
        int explorerWidth = ((Control) models.findElements(mWindow, BringupUi.SOC_EXPLORER_ID, MPlaceholder.class).get(0)
                .getWidget()).getBounds().width;
        int rightWidth = ((Control) models.findElements(mWindow, BringupUi.BOOT_DEBUGGER_ID, MPlaceholder.class).get(0)
                .getWidget()).getBounds().width;
        assertTrue(areaWidth >= 0.58 * shell.getBounds().width && areaWidth > explorerWidth + rightWidth - 20,
                "the editor area (" + areaWidth + " px) has the most room beside the explorer (" + explorerWidth
                        + " px) and the right stack (" + rightWidth + " px)");
        Path png = Screenshots.save(shell, "workbench");
        ImageData saved = new ImageLoader().load(png.toString())[0];
        assertEquals(shell.getBounds().width, saved.width);
        assertTrue(Files.size(png) > 1000, "the screenshot has content");
    }
}
