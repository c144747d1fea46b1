package dev.bringup.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.ui.IWorkbenchWindow;

/** Files dropped on the window (its editor area, or the SoC explorer) are opened by content. */
final class FileDropListener extends DropTargetAdapter {

    private final IWorkbenchWindow window;

    FileDropListener(IWorkbenchWindow window) {
        this.window = window;
    }

    @Override
    public void dragEnter(DropTargetEvent event) {
        event.detail = FileTransfer.getInstance().isSupportedType(event.currentDataType) ? DND.DROP_COPY : DND.DROP_NONE;
    }

    @Override
    public void drop(DropTargetEvent event) {
        if (event.data instanceof String[] names) {
            List<Path> files = new ArrayList<>();
            for (String n : names) {
                files.add(Path.of(n));
            }
            Opener.openAll(window, files);
        }
    }
}
