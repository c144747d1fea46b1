package dev.bringup.ui.internal;

import java.lang.management.ManagementFactory;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** The main window: its size on first start, title, status line and menus. */
class BringupWindowAdvisor extends WorkbenchWindowAdvisor {

    /** The window size on first start; large enough for the layout editor beside the explorer. */
    static final Point DEFAULT_SIZE = new Point(1280, 800);

    BringupWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new BringupActionBarAdvisor(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
        configurer.setInitialSize(DEFAULT_SIZE);
        configurer.setShowCoolBar(false);
        configurer.setShowStatusLine(true);
        configurer.setShowProgressIndicator(true);
        configurer.setTitle(Messages.Window_title);
        configurer.addEditorAreaTransfer(org.eclipse.swt.dnd.FileTransfer.getInstance());
        configurer.configureEditorAreaDropListener(new FileDropListener(configurer.getWindow()));
    }

    /**
     * With {@code -Dbringup.startupProbe=true} (the start-up benchmark, releng/bench-startup.sh):
     * prints the milliseconds from JVM start to this first window, then closes the workbench.
     */
    @Override
    public void postWindowOpen() {
        if (Boolean.getBoolean("bringup.startupProbe")) { //$NON-NLS-1$
            Shell shell = getWindowConfigurer().getWindow().getShell();
            shell.getDisplay().asyncExec(() -> {
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("bringup.startupProbe first-window-ms=" + ms); //$NON-NLS-1$
                System.out.flush();
                getWindowConfigurer().getWorkbenchConfigurer().getWorkbench().close();
            });
        }
    }
}
