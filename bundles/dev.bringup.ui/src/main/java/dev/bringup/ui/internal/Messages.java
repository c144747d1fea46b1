package dev.bringup.ui.internal;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.osgi.util.NLS;

/** User-visible strings of the workbench (messages.properties beside this class). NLS fills the fields. */
@NonNullByDefault({})
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.bringup.ui.internal.messages"; //$NON-NLS-1$

    public static String Window_title;
    public static String Menu_file;
    public static String Menu_edit;
    public static String Menu_window;
    public static String Menu_help;
    public static String Menu_showView;
    public static String Part_socExplorer_empty;
    public static String Part_problems_empty;
    public static String Part_bootDebugger_empty;
    public static String Part_iovaMap_empty;
    public static String Part_traceLog_empty;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
