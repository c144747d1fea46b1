package dev.bringup.ui.internal;

import java.nio.file.Path;

import org.eclipse.jface.action.Action;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.IWorkbenchWindow;

/** File > Open (Ctrl+O): a firmware, devicetree or bring-up project, opened by its content. */
final class OpenAction extends Action {

    /** The command bound to Ctrl+O in plugin.xml. */
    static final String COMMAND_ID = "dev.bringup.ui.open"; //$NON-NLS-1$

    private final IWorkbenchWindow window;

    OpenAction(IWorkbenchWindow window) {
        super(Messages.Open_label);
        this.window = window;
        setId(COMMAND_ID);
        setActionDefinitionId(COMMAND_ID);
        setToolTipText(Messages.Open_tooltip);
    }

    @Override
    public void run() {
        FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN | SWT.MULTI);
        dialog.setText(Messages.Open_dialogTitle);
        dialog.setFilterExtensions(new String[] { "*.elf;*.mdt;*.mbn;*.dtb;*.dtbo;*.dts;*.dtso;*.bringup;*.log;*.txt;*.cap;dmesg*", //$NON-NLS-1$
                "*.log;*.txt;*.cap;dmesg*", "*" }); //$NON-NLS-1$ //$NON-NLS-2$
        if (dialog.open() == null) {
            return;
        }
        java.util.List<Path> files = new java.util.ArrayList<>();
        for (String name : dialog.getFileNames()) {
            files.add(Path.of(dialog.getFilterPath(), name));
        }
        Opener.openAll(window, files);
    }
}
