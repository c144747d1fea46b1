package dev.bringup.ui.internal.trace;

import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.osgi.util.NLS;

/** User-visible strings of the trace log viewer (messages.properties beside this class). */
@NonNullByDefault({})
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.bringup.ui.internal.trace.messages"; //$NON-NLS-1$

    public static String Part_empty;
    public static String Filter_label;
    public static String Filter_tooltip;
    public static String Filter_message;
    public static String Highlight_label;
    public static String Highlight_tooltip;
    public static String Highlight_message;
    public static String GoTo_label;
    public static String GoTo_tooltip;
    public static String GoTo_message;
    public static String GoTo_invalid;
    public static String GoTo_noTime;
    public static String Delta_toggle;
    public static String Delta_tooltip;
    public static String Regex_invalid;
    public static String Column_step;
    public static String Status_lines;
    public static String Status_indexing;
    public static String Status_live;
    public static String Status_filtered;
    public static String Status_filtering;
    public static String Status_problem;
    public static String Status_keys;
    public static String Search_job;
    public static String Search_running;
    public static String Search_notFoundAfter;
    public static String Search_notFoundBefore;
    public static String Search_failed;
    public static String Tab_close;
    public static String Search_noPattern;
    public static String Search_cancelled;
    public static String Seek_job;
    public static String Bookmark_noneAfter;
    public static String Bookmark_noneBefore;
    public static String Bookmark_set;
    public static String Bookmark_cleared;
    public static String Step_none;
    public static String Open_failed;
    public static String Column_line;
    public static String Column_time;
    public static String Column_delta;
    public static String Column_deltaReference;
    public static String Column_source;
    public static String Column_level;
    public static String Column_message;
    public static String Level_label;
    public static String Level_tooltip;
    public static String Level_all;
    public static String Level_warning;
    public static String Level_error;
    public static String Source_label;
    public static String Source_tooltip;
    public static String Source_message;
    public static String Filter_describeRegex;
    public static String Filter_describeLevel;
    public static String Filter_describeSource;
    public static String Filter_describeAnd;
    public static String Search_pending;
    public static String Ring_note;
    public static String Ring_status;
    public static String Ring_statusWrapped;
    public static String Ring_wrapped;
    public static String Ring_unreadable;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
