package dev.bringup.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.bringup.ui.BringupUi;

/**
 * The Bring-up perspective: the SoC explorer on the left, the firmware layout editor in the
 * middle, the boot debugger and IOVA map on the right, problems and the trace log below.
 */
public class BringupPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(true);

        layout.addView(BringupUi.SOC_EXPLORER_ID, IPageLayout.LEFT, 0.22f, editors);

        IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, 0.72f, editors); //$NON-NLS-1$
        right.addView(BringupUi.BOOT_DEBUGGER_ID);
        right.addView(BringupUi.IOVA_MAP_ID);

        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.7f, editors); //$NON-NLS-1$
        bottom.addView(BringupUi.PROBLEMS_ID);
        bottom.addView(BringupUi.TRACE_LOG_ID);
        bottom.addView(IPageLayout.ID_PROP_SHEET);

        for (String id : BringupUi.PERSPECTIVE_PARTS) {
            layout.addShowViewShortcut(id);
        }
    }
}
