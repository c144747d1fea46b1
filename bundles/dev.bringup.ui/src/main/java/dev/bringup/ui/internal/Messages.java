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
    public static String Layout_daTitleNone;
    public static String Problems_none;
    public static String Layout_daTitle;
    public static String Layout_paTitle;
    public static String Layout_colSegments;
    public static String Layout_colSections;
    public static String Layout_colSymbols;
    public static String Layout_colResources;
    public static String Layout_colIommu;
    public static String Layout_colMemory;
    public static String Layout_colReserved;
    public static String Layout_colMapped;
    public static String Layout_zoom;
    public static String Layout_unplaced;
    public static String Layout_gap;
    public static String Layout_noteDaAtBoot;
    public static String Layout_noteDa;
    public static String Layout_overlap;
    public static String Layout_misaligned;
    public static String Layout_diagnostic;
    public static String Layout_diagnosticFix;
    public static String Layout_noteAllocated;
    public static String Layout_noteNoProcessor;
    public static String Layout_noteBehindIommu;
    public static String Layout_noteNoWindow;
    public static String Layout_noteBank;
    public static String Layout_noPhysical;
    public static String Layout_stepHeader;
    public static String Layout_allocatedTitle;
    public static String Layout_allocatedSize;
    public static String Layout_changeAdded;
    public static String Layout_changeChanged;
    public static String Layout_changeRemoved;
    public static String Layout_changeUnchanged;
    public static String Layout_kindSegment;
    public static String Layout_kindSection;
    public static String Layout_kindSymbol;
    public static String Layout_kindCarveout;
    public static String Layout_kindDevmem;
    public static String Layout_kindTrace;
    public static String Layout_kindVring;
    public static String Layout_kindIommuWindow;
    public static String Layout_kindMemory;
    public static String Layout_kindReserved;
    public static String Layout_kindMapped;
    public static String Layout_tipTitle;
    public static String Layout_tipAllocated;
    public static String Layout_tipDaRange;
    public static String Layout_tipPaRange;
    public static String Layout_tipDaEmpty;
    public static String Layout_tipPaEmpty;
    public static String Layout_tipPa;
    public static String Layout_tipFinding;
    public static String Layout_tipRegion;
    public static String Edit_move;
    public static String Edit_resize;
    public static String Edit_cell;
    public static String Error_editTitle;
    public static String Error_openTitle;
    public static String Error_saveTitle;
    public static String Editor_noTable;
    public static String Editor_tabLayout;
    public static String Editor_tabTable;
    public static String Editor_processor;
    public static String Editor_noProcessor;
    public static String Editor_export;
    public static String Editor_exportTitle;
    public static String Editor_closeTitle;
    public static String Editor_tableHint;
    public static String Column_index;
    public static String Column_kind;
    public static String Column_name;
    public static String Column_da;
    public static String Column_pa;
    public static String Column_len;
    public static String Column_flags;
    public static String Column_findings;
    public static String Column_severity;
    public static String Column_code;
    public static String Column_message;
    public static String Column_where;
    public static String Column_layer;
    public static String Column_iova;
    public static String Column_size;
    public static String Column_pages;
    public static String Column_perms;
    public static String Column_change;
    public static String Open_label;
    public static String Open_tooltip;
    public static String Open_dialogTitle;
    public static String Open_progress;
    public static String Open_unknownType;
    public static String Open_notFound;
    public static String Open_recent;
    public static String Open_recentEmpty;
    public static String Explorer_noSoc;
    public static String Problems_layerFirmware;
    public static String Problems_layerDt;
    public static String Problems_layerModel;
    public static String Problems_summary;
    public static String Iova_domain;
    public static String Iova_noDomain;
    public static String Iova_walkLabel;
    public static String Iova_walkButton;
    public static String Iova_notMapped;
    public static String Iova_mapped;
    public static String Iova_badAddress;
    public static String Iova_compare;
    public static String Iova_added;
    public static String Iova_removed;
    public static String Iova_changed;
    public static String Iova_mappingTip;
    public static String Iova_changeTip;
    public static String Iova_mappingsTab;
    public static String Iova_diffTab;

    public static String Open_overlayNeedsBase;
    public static String Open_importFailed;
    public static String Open_fileError;
    public static String Open_unreadable;
    public static String Edit_undo;
    public static String Edit_redo;
    public static String Edit_undoLabel;
    public static String Edit_redoLabel;
    public static String Problems_messageFix;
    public static String Problems_whereEntry;
    public static String Problems_whereOffset;
    public static String Problems_tip;
    public static String Problems_tipFix;
    public static String Table_vring;
    public static String Table_vdev;
    public static String Table_vdevRpmsg;
    public static String Table_vringName;
    public static String Table_findingsOf;
    public static String Table_findingsMore;
    public static String Table_findingsOfTable;

    public static String Properties_rejectedTitle;
    public static String Properties_cannotSet;
    public static String Properties_badChoice;
    public static String Properties_badNumber;
    public static String Properties_tooLarge;
    public static String Properties_badValue;
    public static String Properties_readOnly;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
