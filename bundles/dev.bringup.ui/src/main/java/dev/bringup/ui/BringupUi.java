package dev.bringup.ui;

import java.util.List;

/** Identifiers of the workbench's perspective and parts, for menus, tests and other bundles. */
public final class BringupUi {

    public static final String PLUGIN_ID = "dev.bringup.ui";
    public static final String PERSPECTIVE_ID = "dev.bringup.ui.perspective";
    public static final String SOC_EXPLORER_ID = "dev.bringup.ui.socExplorer";
    public static final String PROBLEMS_ID = "dev.bringup.ui.problems";
    public static final String BOOT_DEBUGGER_ID = "dev.bringup.ui.bootDebugger";
    public static final String IOVA_MAP_ID = "dev.bringup.ui.iovaMap";
    public static final String TRACE_LOG_ID = "dev.bringup.ui.traceLog";

    /** The parts the Bring-up perspective opens, in the order the perspective places them. */
    public static final List<String> PERSPECTIVE_PARTS = List.of(SOC_EXPLORER_ID, BOOT_DEBUGGER_ID, IOVA_MAP_ID,
            PROBLEMS_ID, TRACE_LOG_ID);

    private BringupUi() {
    }
}
