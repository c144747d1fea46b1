package dev.bringup.ui.internal;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.widgets.Shell;

/** Shows an error the user can act on (what, where, fix) in a dialog: never a stack trace. */
public final class Status {

    private Status() {
    }

    /** When true (UI tests), errors are recorded instead of opening a modal dialog. */
    static volatile boolean headless = Boolean.getBoolean("bringup.noDialogs");
    static volatile @Nullable String lastError;

    public static void show(@Nullable Shell shell, String title, @Nullable String message) {
        String text = message == null ? title : message;
        lastError = text;
        if (headless || shell == null || shell.isDisposed()) {
            return;
        }
        MessageDialog.openError(shell, title, text);
    }

    /** The shell of the active workbench window, or null (no workbench, or headless). */
    public static @Nullable Shell activeShell() {
        if (!org.eclipse.ui.PlatformUI.isWorkbenchRunning()) {
            return null;
        }
        org.eclipse.ui.IWorkbenchWindow w = org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        return w == null ? null : w.getShell();
    }

    /** The text of the last error shown (for tests). */
    public static @Nullable String lastError() {
        return lastError;
    }
}
