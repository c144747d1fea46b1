package dev.bringup.ui.internal;

import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

import dev.bringup.ui.BringupUi;

/** Opens every window on the Bring-up perspective and remembers the layout between runs. */
class BringupWorkbenchAdvisor extends WorkbenchAdvisor {

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        super.initialize(configurer);
        configurer.setSaveAndRestore(true);
        publishSession(configurer.getWorkbench());
    }

    /**
     * Puts the session into the workbench's (the application's) context, before any window and its
     * parts exist, so that every e4 part gets it by {@code @Inject}.
     */
    static void publishSession(org.eclipse.ui.IWorkbench workbench) {
        org.eclipse.e4.core.contexts.IEclipseContext context = workbench.getService(
                org.eclipse.e4.core.contexts.IEclipseContext.class);
        if (context == null) {
            org.eclipse.e4.ui.model.application.MApplication app = workbench
                    .getService(org.eclipse.e4.ui.model.application.MApplication.class);
            context = app == null ? null : app.getContext();
        }
        if (context != null) {
            context.set(BringupSession.class, BringupSession.get());
        }
    }

    /**
     * Opens the files named on the command line ({@code ./bringup fw.elf soc.dtb}), or the
     * embedded demo when there are none.
     */
    @Override
    public void postStartup() {
        org.eclipse.ui.IWorkbenchWindow window = getWorkbenchConfigurer().getWorkbench().getActiveWorkbenchWindow();
        if (window == null || Boolean.getBoolean("bringup.startupProbe")) { //$NON-NLS-1$
            return;
        }
        java.util.List<java.nio.file.Path> files = Opener.filesFromArgs(org.eclipse.core.runtime.Platform.getApplicationArgs());
        if (files.isEmpty()) {
            Opener.openDemo(window);
        } else {
            Opener.openAll(window, files);
        }
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return BringupUi.PERSPECTIVE_ID;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new BringupWindowAdvisor(configurer);
    }
}
