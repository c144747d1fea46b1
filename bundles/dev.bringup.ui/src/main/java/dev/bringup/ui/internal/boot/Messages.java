package dev.bringup.ui.internal.boot;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.osgi.util.NLS;

/** User-visible strings of the boot debugger (messages.properties beside this class). NLS fills the fields. */
@NonNullByDefault({})
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.bringup.ui.internal.boot.messages"; //$NON-NLS-1$

    public static String Boot_target;
    public static String Boot_strategy;
    public static String Boot_strategyTip;
    public static String Boot_default;
    public static String Boot_openProject;
    public static String Boot_openProjectTitle;
    public static String Boot_openProjectDescription;
    public static String Boot_noProject;
    public static String Boot_noFirmware;
    public static String Boot_noProcessor;
    public static String Boot_savedFile;
    public static String Boot_howTo;
    public static String Boot_actionBoot;
    public static String Boot_actionBootTip;
    public static String Boot_actionStep;
    public static String Boot_actionStepTip;
    public static String Boot_actionBack;
    public static String Boot_actionBackTip;
    public static String Boot_actionContinue;
    public static String Boot_actionContinueTip;
    public static String Boot_actionRunTo;
    public static String Boot_actionRunToTip;
    public static String Boot_actionReset;
    public static String Boot_actionResetTip;
    public static String Boot_actionKernelLog;
    public static String Boot_actionKernelLogTip;
    public static String Boot_actionTrace;
    public static String Boot_actionTraceTip;
    public static String Boot_tabDetails;
    public static String Boot_tabBreakpoints;
    public static String Boot_columnIndex;
    public static String Boot_columnStep;
    public static String Boot_columnResult;
    public static String Boot_resultOk;
    public static String Boot_resultPending;
    public static String Boot_resultStopped;
    public static String Boot_resultStoppedBefore;
    public static String Boot_pendingTip;
    public static String Boot_domain;
    public static String Boot_domainTip;
    public static String Boot_notStarted;
    public static String Boot_starting;
    public static String Boot_running;
    public static String Boot_cannotBoot;
    public static String Boot_statusLine;
    public static String Boot_statusFailed;
    public static String Boot_statusHit;
    public static String Boot_statusFinished;
    public static String Boot_internalError;
    public static String Boot_kernelLogTitle;
    public static String Boot_probe;
    public static String Boot_beforeBoot;
    public static String Boot_afterStep;
    public static String Boot_pendingHeading;
    public static String Boot_pendingHelp;
    public static String Boot_stoppedBy;
    public static String Boot_errorTitle;
    public static String Boot_errorWhat;
    public static String Boot_errorWhy;
    public static String Boot_errorFix;
    public static String Boot_result;
    public static String Boot_sectionLog;
    public static String Boot_sectionNotes;
    public static String Boot_sectionIommu;
    public static String Boot_sectionWrites;
    public static String Boot_sectionCarveouts;
    public static String Boot_sectionDriver;
    public static String Boot_noLogViewer;
    public static String Boot_noTraceBuffer;
    public static String Boot_traceFollowing;
    public static String Boot_traceMoved;
    public static String Boot_traceBadLength;
    public static String Boot_traceUnreadable;
    public static String Boot_traceNoNul;
    public static String Boot_traceWrappedBefore;
    public static String Boot_traceCleared;
    public static String Boot_traceOverrun;
    public static String Boot_bpAtStep;
    public static String Boot_bpOnMapIova;
    public static String Boot_bpOnMapPa;
    public static String Boot_bpOnWrite;
    public static String Boot_bpOnFault;
    public static String Boot_bpAdd;
    public static String Boot_bpRemove;
    public static String Boot_bpHit;
    public static String Boot_bpStepHint;
    public static String Boot_bpRangeHint;
    public static String Boot_bpBad;
    public static String Boot_bpSelectedRange;
    public static String Boot_bpSelectedRangeTip;
    public static String Boot_bpNoRange;
    public static String Boot_bpFromRange;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
