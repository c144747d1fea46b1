package dev.bringup.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.bringup.ui.BringupUi;

/**
 * The Bring-up perspective: the SoC explorer on the left, the firmware layout editor in the
 * middle, the boot debugger and IOVA map on the right, problems, the trace log and the
 * properties below the editor.
 * <p>
 * Proportions at the default 1280x800 window: the editor area takes about 60% of the width
 * (~770 px), the explorer ~230 px (its labels' tooltips give what a narrow tree cuts), the right
 * stack ~270 px and the whole height, as the boot debugger and the IOVA map are laid out top to
 * bottom (controls, step list, details; bar, walk, mappings) and need height more than width;
 * the bottom stack takes 30% of the height under the editor only.
 */
public class BringupPerspective implements IPerspectiveFactory {

    /** Share of the window's width for the explorer. */
    static final float EXPLORER = 0.18f;
    /** Share of what is right of the explorer that stays with the editor (the rest: the right stack). */
    static final float EDITOR_OF_REST = 0.74f;
    /** Share of the editor's height that stays with it (the rest: problems, trace log, properties). */
    static final float EDITOR_HEIGHT = 0.7f;

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(true);

        layout.addView(BringupUi.SOC_EXPLORER_ID, IPageLayout.LEFT, EXPLORER, editors);

        IFolderLayout right = layout.createFolder("right", IPageLayout.RIGHT, EDITOR_OF_REST, editors); //$NON-NLS-1$
        right.addView(BringupUi.BOOT_DEBUGGER_ID);
        right.addView(BringupUi.IOVA_MAP_ID);

        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, EDITOR_HEIGHT, editors); //$NON-NLS-1$
        bottom.addView(BringupUi.PROBLEMS_ID);
        bottom.addView(BringupUi.TRACE_LOG_ID);
        bottom.addView(IPageLayout.ID_PROP_SHEET);

        for (String id : BringupUi.PERSPECTIVE_PARTS) {
            layout.addShowViewShortcut(id);
        }
    }
}
