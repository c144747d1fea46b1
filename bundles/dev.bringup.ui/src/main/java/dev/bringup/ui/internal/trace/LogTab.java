package dev.bringup.ui.internal.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.eclipse.core.runtime.ICoreRunnable;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.nebula.widgets.nattable.NatTable;
import org.eclipse.nebula.widgets.nattable.config.AbstractRegistryConfiguration;
import org.eclipse.nebula.widgets.nattable.config.CellConfigAttributes;
import org.eclipse.nebula.widgets.nattable.config.DefaultNatTableStyleConfiguration;
import org.eclipse.nebula.widgets.nattable.config.IConfigRegistry;
import org.eclipse.nebula.widgets.nattable.coordinate.PositionCoordinate;
import org.eclipse.nebula.widgets.nattable.coordinate.Range;
import org.eclipse.nebula.widgets.nattable.data.IDataProvider;
import org.eclipse.nebula.widgets.nattable.grid.GridRegion;
import org.eclipse.nebula.widgets.nattable.grid.data.DefaultCornerDataProvider;
import org.eclipse.nebula.widgets.nattable.grid.layer.ColumnHeaderLayer;
import org.eclipse.nebula.widgets.nattable.grid.layer.CornerLayer;
import org.eclipse.nebula.widgets.nattable.grid.layer.DefaultColumnHeaderDataLayer;
import org.eclipse.nebula.widgets.nattable.grid.layer.DefaultRowHeaderDataLayer;
import org.eclipse.nebula.widgets.nattable.grid.layer.GridLayer;
import org.eclipse.nebula.widgets.nattable.grid.layer.RowHeaderLayer;
import org.eclipse.nebula.widgets.nattable.layer.DataLayer;
import org.eclipse.nebula.widgets.nattable.layer.LabelStack;
import org.eclipse.nebula.widgets.nattable.layer.event.RowInsertEvent;
import org.eclipse.nebula.widgets.nattable.layer.event.RowStructuralRefreshEvent;
import org.eclipse.nebula.widgets.nattable.painter.cell.TextPainter;
import org.eclipse.nebula.widgets.nattable.painter.cell.decorator.PaddingDecorator;
import org.eclipse.nebula.widgets.nattable.selection.SelectionLayer;
import org.eclipse.nebula.widgets.nattable.selection.command.SelectRowsCommand;
import org.eclipse.nebula.widgets.nattable.selection.config.RowOnlySelectionBindings;
import org.eclipse.nebula.widgets.nattable.selection.config.RowOnlySelectionConfiguration;
import org.eclipse.nebula.widgets.nattable.selection.event.ISelectionEvent;
import org.eclipse.nebula.widgets.nattable.style.CellStyleAttributes;
import org.eclipse.nebula.widgets.nattable.style.DisplayMode;
import org.eclipse.nebula.widgets.nattable.style.HorizontalAlignmentEnum;
import org.eclipse.nebula.widgets.nattable.style.SelectionStyleLabels;
import org.eclipse.nebula.widgets.nattable.style.Style;
import org.eclipse.nebula.widgets.nattable.ui.action.IKeyAction;
import org.eclipse.nebula.widgets.nattable.ui.binding.UiBindingRegistry;
import org.eclipse.nebula.widgets.nattable.ui.matcher.KeyEventMatcher;
import org.eclipse.nebula.widgets.nattable.ui.matcher.MouseEventMatcher;
import org.eclipse.nebula.widgets.nattable.util.GUIHelper;
import org.eclipse.nebula.widgets.nattable.viewport.ViewportLayer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

import dev.bringup.common.Diagnostic;
import dev.bringup.trace.FilterTask;
import dev.bringup.trace.LogColumn;
import dev.bringup.trace.LogFilter;
import dev.bringup.trace.LogLevel;
import dev.bringup.trace.LogLine;
import dev.bringup.trace.LogSource;
import dev.bringup.trace.LogTable;
import dev.bringup.trace.ScanProgress;
import dev.bringup.trace.ScanTask;
import dev.bringup.trace.TimeSeek;
import dev.bringup.trace.TraceLog;
import dev.bringup.ui.internal.BootLink;

/**
 * One open log in the trace log viewer: its fields (filter, highlight, go to, Δ toggle), a
 * NatTable over a {@link LogTable} (a row is read only when it is painted, so every row of a log of
 * 100 million lines is reachable at once), and a status line with the progress of indexing and
 * filtering. The row count follows the index and the filter on a UI timer, so a live source keeps
 * appending, and the table follows the tail while it is scrolled to the end.
 */
public final class LogTab {

    static final String LABEL_ERR = "levelErr"; //$NON-NLS-1$
    static final String LABEL_WARN = "levelWarn"; //$NON-NLS-1$
    static final String LABEL_HIT = "highlightHit"; //$NON-NLS-1$
    static final String LABEL_MARKED = "bookmarked"; //$NON-NLS-1$
    static final String LABEL_NUMBER = "number"; //$NON-NLS-1$
    private static final int TICK_MS = 150;
    private static final int FILTER_DELAY_MS = 300;
    private static final String MARK = "\u25C6 "; //$NON-NLS-1$
    private static final int MESSAGE_CHARS = 160;
    private static final int MIN_ROW_HEIGHT = 12;

    private final TraceLog log;
    private final LogTable table;
    private final @Nullable BootLink link;
    private final String title;
    private final CTabItem item;
    private final Display display;
    /** The columns shown: a column of the log table, or null for the boot step. */
    private final List<@Nullable LogColumn> columns = new ArrayList<>();

    private final Composite root;
    private final Text filterField;
    private final Combo levelCombo;
    private final Text sourceField;
    private final Label filterError;
    private final Text highlightField;
    private final Text goToField;
    private final Button deltaToggle;
    private final Label status;
    private final ProgressBar progress;
    private final Label note;
    private final NatTable nat;
    private final DataLayer body;
    private final DataLayer rowHeaderData;
    private final SelectionLayer selection;
    private final ViewportLayer viewport;
    private final Consumer<dev.bringup.trace.Bookmarks> bookmarkListener;

    /** The row count the table knows (a snapshot: the index grows between ticks). */
    private int shownRows;
    private @Nullable FilterTask filterTask;
    private @Nullable Pattern highlight;
    private int highlightRow = -1;
    private boolean highlightHit;
    private boolean deltaToReference;
    private long pendingReveal = -1;
    private int filterGeneration;
    private @Nullable Job running;
    private String lastSeekText = ""; //$NON-NLS-1$
    private long lastSeekLine = -1;
    private boolean disposed;
    /** The filter fields as last applied. */
    private FilterKey appliedKey = new FilterKey("", null, ""); //$NON-NLS-1$ //$NON-NLS-2$
    /** What the status line always says about the source (a trace buffer that was unwrapped), or null. */
    private @Nullable String sourceNote;

    /** The minimum levels the level combo offers, in its order (null: all levels). */
    private static final @Nullable LogLevel[] LEVELS = { null, LogLevel.WARNING, LogLevel.ERR };

    /** The filter fields' contents: regex text, minimum level, source text. */
    private record FilterKey(String regex, @Nullable LogLevel level, String source) {
    }

    LogTab(CTabItem item, String title, TraceLog log, @Nullable BootLink link) {
        this.item = item;
        this.title = title;
        this.log = log;
        this.link = link;
        this.table = new LogTable(log);
        this.display = item.getDisplay();
        EclipseCollections.initialise();
        columns.add(LogColumn.TIME);
        columns.add(LogColumn.DELTA);
        columns.add(LogColumn.SOURCE);
        columns.add(LogColumn.LEVEL);
        if (link != null) {
            columns.add(null);
        }
        columns.add(LogColumn.MESSAGE);

        root = new Composite(item.getParent(), SWT.NONE);
        GridLayout rl = new GridLayout(1, false);
        rl.marginWidth = 0;
        rl.marginHeight = 2;
        rl.verticalSpacing = 2;
        root.setLayout(rl);

        Composite bar = new Composite(root, SWT.NONE);
        // two rows, so that every field keeps a usable width in a part of 700 px:
        // Filter, Level, Source / Highlight, Go to, delta toggle
        GridLayout bl = new GridLayout(6, false);
        bl.marginHeight = 0;
        bl.marginWidth = 4;
        bar.setLayout(bl);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        filterField = field(bar, Messages.Filter_label, Messages.Filter_message, Messages.Filter_tooltip, 3);
        Label levelLabel = new Label(bar, SWT.NONE);
        levelLabel.setText(Messages.Level_label);
        levelLabel.setToolTipText(Messages.Level_tooltip);
        levelCombo = new Combo(bar, SWT.READ_ONLY | SWT.DROP_DOWN);
        levelCombo.setItems(Messages.Level_all, Messages.Level_warning, Messages.Level_error);
        levelCombo.select(0);
        levelCombo.setToolTipText(Messages.Level_tooltip);
        levelCombo.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        sourceField = field(bar, Messages.Source_label, Messages.Source_message, Messages.Source_tooltip, 1);
        ((GridData) sourceField.getLayoutData()).widthHint = 140;
        ((GridData) sourceField.getLayoutData()).grabExcessHorizontalSpace = false;
        highlightField = field(bar, Messages.Highlight_label, Messages.Highlight_message, Messages.Highlight_tooltip, 3);
        goToField = field(bar, Messages.GoTo_label, Messages.GoTo_message, Messages.GoTo_tooltip, 1);
        ((GridData) goToField.getLayoutData()).widthHint = 140;
        ((GridData) goToField.getLayoutData()).grabExcessHorizontalSpace = false;
        deltaToggle = new Button(bar, SWT.CHECK);
        deltaToggle.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false, 2, 1));
        deltaToggle.setText(Messages.Delta_toggle);
        deltaToggle.setToolTipText(Messages.Delta_tooltip);
        deltaToggle.addListener(SWT.Selection, e -> setDeltaToSelected(deltaToggle.getSelection()));
        filterError = new Label(root, SWT.WRAP);
        filterError.setForeground(display.getSystemColor(SWT.COLOR_DARK_RED));
        GridData ed = new GridData(SWT.FILL, SWT.TOP, true, false);
        ed.exclude = true;
        filterError.setLayoutData(ed);
        filterError.setVisible(false);

        // ---- the table: body, headers, grid
        IDataProvider bodyData = readOnly(columns::size, () -> shownRows,
                (column, row) -> row < shownRows && column < columns.size() ? cell(column, row) : ""); //$NON-NLS-1$
        body = new DataLayer(bodyData);
        body.setConfigLabelAccumulator(this::bodyLabels);
        selection = new SelectionLayer(body);
        selection.addConfiguration(new RowOnlySelectionConfiguration());
        viewport = new ViewportLayer(selection);

        IDataProvider headerData = readOnly(columns::size, () -> 1, (column, row) -> header(column));
        DataLayer columnHeaderData = new DefaultColumnHeaderDataLayer(headerData);
        ColumnHeaderLayer columnHeader = new ColumnHeaderLayer(columnHeaderData, viewport, selection);

        IDataProvider rowHeaderProvider = readOnly(() -> 1, () -> shownRows, (column, row) -> {
            if (row >= shownRows) {
                return ""; //$NON-NLS-1$
            }
            long line = table.lineOf(row);
            return (log.bookmarks().contains(line) ? MARK : "") + (line + 1); //$NON-NLS-1$
        });
        rowHeaderData = new DefaultRowHeaderDataLayer(rowHeaderProvider);
        rowHeaderData.setConfigLabelAccumulator((labels, column, row) -> {
            if (row < shownRows && log.bookmarks().contains(table.lineOf(row))) {
                labels.addLabel(LABEL_MARKED);
            }
        });
        RowHeaderLayer rowHeader = new RowHeaderLayer(rowHeaderData, viewport, selection);
        CornerLayer corner = new CornerLayer(new DataLayer(new DefaultCornerDataProvider(headerData, rowHeaderProvider)),
                rowHeader, columnHeader);
        GridLayer grid = new GridLayer(viewport, columnHeader, rowHeader, corner);

        nat = new NatTable(root, SWT.NO_BACKGROUND | SWT.NO_REDRAW_RESIZE | SWT.DOUBLE_BUFFERED | SWT.V_SCROLL
                | SWT.H_SCROLL | SWT.BORDER, grid, false);
        nat.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        nat.addConfiguration(new DefaultNatTableStyleConfiguration());
        nat.addConfiguration(new RowOnlySelectionBindings());
        Font mono = JFaceResources.getTextFont();
        nat.addConfiguration(new Styles(mono));
        nat.configure();
        bindKeys(nat.getUiBindingRegistry());
        nat.addLayerListener(event -> {
            if (event instanceof ISelectionEvent) {
                selectionChanged();
            }
        });
        sizeColumns(mono);

        // ---- status line
        Composite foot = new Composite(root, SWT.NONE);
        GridLayout fl = new GridLayout(3, false);
        fl.marginHeight = 0;
        fl.marginWidth = 4;
        foot.setLayout(fl);
        foot.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        status = new Label(foot, SWT.NONE);
        status.setLayoutData(new GridData(SWT.BEGINNING, SWT.CENTER, false, false));
        progress = new ProgressBar(foot, SWT.SMOOTH | SWT.HORIZONTAL);
        progress.setMaximum(1000);
        GridData pd = new GridData(SWT.BEGINNING, SWT.CENTER, false, false);
        pd.widthHint = 140;
        pd.heightHint = 12;
        progress.setLayoutData(pd);
        note = new Label(foot, SWT.NONE);
        note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        note.setText(Messages.Status_keys);

        // ---- field behaviour
        filterField.addListener(SWT.Modify, e -> scheduleFilter());
        filterField.addListener(SWT.DefaultSelection, e -> applyFilter());
        sourceField.addListener(SWT.Modify, e -> scheduleFilter());
        sourceField.addListener(SWT.DefaultSelection, e -> applyFilter());
        levelCombo.addListener(SWT.Selection, e -> applyFilter());
        levelCombo.addListener(SWT.DefaultSelection, e -> nat.setFocus());
        highlightField.addListener(SWT.Modify, e -> applyHighlight());
        highlightField.addListener(SWT.DefaultSelection, e -> search(true));
        goToField.addListener(SWT.DefaultSelection, e -> goTo(goToField.getText()));
        for (Text t : List.of(filterField, sourceField, highlightField, goToField)) {
            t.addListener(SWT.KeyDown, this::fieldKey);
        }
        bookmarkListener = b -> {
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!disposed) {
                        nat.redraw();
                    }
                });
            }
        };
        log.bookmarks().addListener(bookmarkListener);

        item.setControl(root);
        item.setText(title);
        item.setToolTipText(log.source().path() != null ? String.valueOf(log.source().path()) : title);
        item.addDisposeListener(e -> dispose());
        tick();
    }

    /** A read-only NatTable data provider: its size and cells from functions, evaluated when painted. */
    private static IDataProvider readOnly(java.util.function.IntSupplier columnCount,
            java.util.function.IntSupplier rowCount, java.util.function.BiFunction<Integer, Integer, Object> cell) {
        return new IDataProvider() {
            @Override
            public Object getDataValue(int column, int row) {
                return cell.apply(column, row);
            }

            @Override
            public void setDataValue(int column, int row, @Nullable Object value) {
                // read-only
            }

            @Override
            public int getColumnCount() {
                return columnCount.getAsInt();
            }

            @Override
            public int getRowCount() {
                return rowCount.getAsInt();
            }
        };
    }

    private static Text field(Composite bar, String label, String message, String tooltip, int weight) {
        Label l = new Label(bar, SWT.NONE);
        l.setText(label);
        Text t = new Text(bar, SWT.BORDER | SWT.SINGLE | SWT.SEARCH | SWT.ICON_CANCEL);
        t.setMessage(message);
        t.setToolTipText(tooltip);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 90 * weight;
        d.minimumWidth = 80;
        t.setLayoutData(d);
        l.setToolTipText(tooltip);
        return t;
    }

    // ---- cells, labels, styles

    private Object cell(int column, int row) {
        LogColumn c = columns.get(column);
        if (c == null) {
            BootLink l = link;
            int step = l == null ? -1 : l.stepOf(table.lineOf(row));
            return step < 0 || l == null ? "" : l.stepName(step); //$NON-NLS-1$
        }
        if (c == LogColumn.DELTA && deltaToReference) {
            c = LogColumn.DELTA_REFERENCE;
        }
        return table.text(row, c);
    }

    private String header(int column) {
        LogColumn c = columns.get(column);
        if (c == null) {
            return Messages.Column_step;
        }
        return switch (c == LogColumn.DELTA && deltaToReference ? LogColumn.DELTA_REFERENCE : c) {
        case LINE -> Messages.Column_line;
        case TIME -> Messages.Column_time;
        case DELTA -> Messages.Column_delta;
        case DELTA_REFERENCE -> Messages.Column_deltaReference;
        case SOURCE -> Messages.Column_source;
        case LEVEL -> Messages.Column_level;
        case MESSAGE -> Messages.Column_message;
        };
    }

    private void bodyLabels(LabelStack labels, int column, int row) {
        if (row >= shownRows) {
            return;
        }
        LogColumn c = column < columns.size() ? columns.get(column) : null;
        if (c == LogColumn.TIME || c == LogColumn.DELTA) {
            labels.addLabel(LABEL_NUMBER);
        }
        LogLine l = table.row(row);
        if (l.level().isAtLeast(LogLevel.ERR)) {
            labels.addLabel(LABEL_ERR);
        } else if (l.level() == LogLevel.WARNING) {
            labels.addLabel(LABEL_WARN);
        }
        Pattern h = highlight;
        if (h != null) {
            if (highlightRow != row) {
                highlightRow = row;
                highlightHit = h.matcher(l.text()).find();
            }
            if (highlightHit) {
                labels.addLabel(LABEL_HIT);
            }
        }
    }

    /** Level colours, the highlight, the bookmark marker, the text font. */
    private static final class Styles extends AbstractRegistryConfiguration {
        private final Font mono;

        Styles(Font mono) {
            this.mono = mono;
        }

        @Override
        public void configureRegistry(@Nullable IConfigRegistry registry) {
            if (registry == null) {
                return;
            }
            Color err = GUIHelper.getColor(0xB0, 0x10, 0x20);
            Color warn = GUIHelper.getColor(0x9A, 0x5C, 0x00);
            Color hit = GUIHelper.getColor(0xFF, 0xF0, 0xA8);
            Color marked = GUIHelper.getColor(0xC6, 0xD9, 0xF4);
            for (DisplayMode mode : List.of(DisplayMode.NORMAL, DisplayMode.SELECT)) {
                Style font = new Style();
                font.setAttributeValue(CellStyleAttributes.FONT, mono);
                font.setAttributeValue(CellStyleAttributes.HORIZONTAL_ALIGNMENT, HorizontalAlignmentEnum.LEFT);
                registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, font, mode, GridRegion.BODY);
                Style e = new Style();
                e.setAttributeValue(CellStyleAttributes.FOREGROUND_COLOR, err);
                registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, e, mode, LABEL_ERR);
                Style w = new Style();
                w.setAttributeValue(CellStyleAttributes.FOREGROUND_COLOR, warn);
                registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, w, mode, LABEL_WARN);
                Style n = new Style();
                n.setAttributeValue(CellStyleAttributes.HORIZONTAL_ALIGNMENT, HorizontalAlignmentEnum.RIGHT);
                registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, n, mode, LABEL_NUMBER);
            }
            registry.registerConfigAttribute(CellConfigAttributes.CELL_PAINTER,
                    new PaddingDecorator(new TextPainter(), 0, 6, 0, 6), DisplayMode.NORMAL, GridRegion.BODY);
            Style left = new Style();
            left.setAttributeValue(CellStyleAttributes.HORIZONTAL_ALIGNMENT, HorizontalAlignmentEnum.LEFT);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, left, DisplayMode.NORMAL, GridRegion.COLUMN_HEADER);
            // the selected row: a soft blue with the row's own text colour; headers stay plain
            Color selected = GUIHelper.getColor(0xCC, 0xE0, 0xFA);
            Color ink = GUIHelper.getColor(0x10, 0x10, 0x10);
            Style row = new Style();
            row.setAttributeValue(CellStyleAttributes.BACKGROUND_COLOR, selected);
            row.setAttributeValue(CellStyleAttributes.FOREGROUND_COLOR, ink);
            row.setAttributeValue(CellStyleAttributes.FONT, mono);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, row, DisplayMode.SELECT, GridRegion.BODY);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, row, DisplayMode.SELECT,
                    SelectionStyleLabels.SELECTION_ANCHOR_STYLE);
            Style plainHeader = new Style();
            plainHeader.setAttributeValue(CellStyleAttributes.BACKGROUND_COLOR, GUIHelper.COLOR_WIDGET_BACKGROUND);
            plainHeader.setAttributeValue(CellStyleAttributes.FOREGROUND_COLOR, GUIHelper.COLOR_WIDGET_FOREGROUND);
            plainHeader.setAttributeValue(CellStyleAttributes.FONT, GUIHelper.DEFAULT_FONT);
            plainHeader.setAttributeValue(CellStyleAttributes.HORIZONTAL_ALIGNMENT, HorizontalAlignmentEnum.LEFT);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, plainHeader, DisplayMode.SELECT,
                    GridRegion.COLUMN_HEADER);
            Style h = new Style();
            h.setAttributeValue(CellStyleAttributes.BACKGROUND_COLOR, hit);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, h, DisplayMode.NORMAL, LABEL_HIT);
            Style m = new Style();
            m.setAttributeValue(CellStyleAttributes.BACKGROUND_COLOR, marked);
            m.setAttributeValue(CellStyleAttributes.HORIZONTAL_ALIGNMENT, HorizontalAlignmentEnum.RIGHT);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, m, DisplayMode.NORMAL, LABEL_MARKED);
            registry.registerConfigAttribute(CellConfigAttributes.CELL_STYLE, m, DisplayMode.SELECT, LABEL_MARKED);
        }
    }

    private int charWidth = 8;
    private int rowHeight = 20;

    private void sizeColumns(Font mono) {
        GC gc = new GC(nat);
        try {
            gc.setFont(mono);
            charWidth = Math.max(1, gc.textExtent("0000000000").x / 10); //$NON-NLS-1$
            rowHeight = gc.getFontMetrics().getHeight() + 5;
            body.setDefaultRowHeight(rowHeight);
            rowHeaderData.setDefaultRowHeight(rowHeight);
        } finally {
            gc.dispose();
        }
        for (int i = 0; i < columns.size(); i++) {
            LogColumn c = columns.get(i);
            int chars = c == null ? 26 : switch (c) {
            case TIME -> 12;
            case DELTA, DELTA_REFERENCE -> 10;
            case SOURCE -> 27;
            case LEVEL -> 7;
            default -> 0;
            };
            if (c != LogColumn.MESSAGE) {
                body.setColumnWidthByPosition(i, chars * charWidth + 12);
            }
        }
        rowHeaderData.setColumnWidthByPosition(0, rowHeaderWidth(1000));
        nat.addListener(SWT.Resize, e -> fitMessage());
        fitMessage();
    }

    /**
     * The message column takes the width the others leave, but at least {@value #MESSAGE_CHARS}
     * characters: a narrow view scrolls sideways rather than cutting messages short.
     */
    private void fitMessage() {
        int message = columns.indexOf(LogColumn.MESSAGE);
        int fixed = rowHeaderData.getColumnWidthByPosition(0);
        for (int i = 0; i < columns.size(); i++) {
            if (i != message) {
                fixed += body.getColumnWidthByPosition(i);
            }
        }
        int width = Math.max(nat.getClientArea().width - fixed - 2, MESSAGE_CHARS * charWidth);
        if (width != body.getColumnWidthByPosition(message)) {
            body.setColumnWidthByPosition(message, width);
        }
    }

    private int rowHeaderWidth(long lines) {
        return (Long.toString(lines).length() + 3) * charWidth + 10;
    }

    // ---- keys and mouse

    private void bindKeys(UiBindingRegistry keys) {
        bind(keys, SWT.NONE, SWT.F3, () -> search(true));
        bind(keys, SWT.SHIFT, SWT.F3, () -> search(false));
        bind(keys, SWT.MOD1, 'b', this::toggleBookmark);
        bind(keys, SWT.NONE, SWT.F2, () -> nextBookmark(true));
        bind(keys, SWT.SHIFT, SWT.F2, () -> nextBookmark(false));
        bind(keys, SWT.MOD1, 'l', this::focusGoTo);
        bind(keys, SWT.MOD1, 'f', () -> focus(filterField));
        bind(keys, SWT.MOD1, 'w', item::dispose);
        bind(keys, SWT.NONE, SWT.CR, () -> revealStep(selectedRow()));
        bind(keys, SWT.NONE, SWT.KEYPAD_CR, () -> revealStep(selectedRow()));
        bind(keys, SWT.NONE, SWT.ESC, this::cancelRunning);
        bind(keys, SWT.MOD1, SWT.END, () -> selectRow(shownRows - 1L));
        bind(keys, SWT.MOD1, SWT.HOME, () -> selectRow(0));
        keys.registerFirstDoubleClickBinding(MouseEventMatcher.bodyLeftClick(SWT.NONE), (table, event) -> {
            int position = table.getRowPositionByY(event.y);
            int row = table.getRowIndexByPosition(position);
            if (row >= 0) {
                revealStep(row);
            }
        });
    }

    private static void bind(UiBindingRegistry keys, int state, int key, Runnable action) {
        IKeyAction a = (table, event) -> action.run();
        keys.registerFirstKeyBinding(new KeyEventMatcher(state, key), a);
    }

    private void fieldKey(Event e) {
        int mods = e.stateMask & SWT.MODIFIER_MASK;
        if (e.keyCode == SWT.F3) {
            search(mods != SWT.SHIFT);
        } else if (e.keyCode == SWT.ESC) {
            Text t = (Text) e.widget;
            if (t == goToField) {
                nat.setFocus();
            } else {
                t.setText(""); //$NON-NLS-1$
                if (t == filterField || t == sourceField) {
                    applyFilter();
                }
            }
            e.doit = false;
        } else if (mods == SWT.MOD1 && (e.keyCode == 'l' || e.keyCode == 'L')) {
            focusGoTo();
            e.doit = false;
        } else if (mods == SWT.MOD1 && (e.keyCode == 'f' || e.keyCode == 'F')) {
            focus(filterField);
            e.doit = false;
        } else if (e.keyCode == SWT.ARROW_DOWN && mods == 0) {
            nat.setFocus();
        }
    }

    private void focusGoTo() {
        focus(goToField);
    }

    private static void focus(Text t) {
        t.setFocus();
        t.selectAll();
    }

    // ---- the row count, the status line, follow-tail

    /** Runs on the UI thread every {@value #TICK_MS} ms while the tab is open. */
    private void tick() {
        if (disposed || nat.isDisposed()) {
            return;
        }
        updateRows();
        updateStatus();
        display.timerExec(TICK_MS, this::tick);
    }

    private void updateRows() {
        int n = (int) Math.min(Integer.MAX_VALUE - 1L, table.rowCount());
        if (n != shownRows) {
            boolean follow = shownRows > 0 && isAtEnd();
            int old = shownRows;
            fitRowHeight(n);
            shownRows = n;
            if (n > old) {
                body.fireLayerEvent(new RowInsertEvent(body, new Range(old, n)));
            } else {
                body.fireLayerEvent(new RowStructuralRefreshEvent(body));
            }
            int width = rowHeaderWidth(log.lineCount());
            if (width > rowHeaderData.getColumnWidthByPosition(0)) {
                rowHeaderData.setColumnWidthByPosition(0, width);
                fitMessage();
            }
            if (follow && n > 0) {
                viewport.moveRowPositionIntoViewport(n - 1);
            }
        }
        long want = pendingReveal;
        if (want >= 0) {
            FilterTask f = filterTask;
            if (f == null || f.isDone() || f.linesScanned() > want) {
                pendingReveal = -1;
                long row = table.rowOf(want);
                if (row < shownRows) {
                    selectRow(row);
                }
            }
        }
    }

    /**
     * NatTable measures in int pixels: rows times row height must stay below 2^31, so a log of
     * about 100 million lines gets slightly lower rows (never below {@value #MIN_ROW_HEIGHT} px).
     */
    private void fitRowHeight(int rows) {
        int fits = (int) Math.max(MIN_ROW_HEIGHT, Math.min(rowHeight, (Integer.MAX_VALUE - (1L << 20)) / Math.max(1, rows)));
        if (fits != body.getDefaultRowHeight()) {
            body.setDefaultRowHeight(fits);
            rowHeaderData.setDefaultRowHeight(fits);
        }
    }

    /** Whether the last row is on screen (then the table follows new lines). */
    private boolean isAtEnd() {
        int visible = viewport.getRowCount();
        if (visible <= 0) {
            return true;
        }
        return viewport.getRowIndexByPosition(visible - 1) >= shownRows - 1;
    }

    private void updateStatus() {
        long lines = log.lineCount();
        ScanTask indexing = log.indexing();
        String text;
        double fraction = -1;
        FilterTask f = filterTask;
        if (f != null) {
            String what = describe(f.filter());
            if (f.isDone() || (log.source().isLive() && f.linesScanned() >= lines)) {
                text = Messages.bind(Messages.Status_filtered, new Object[] { count(f.matches().size()), count(lines), what });
            } else {
                fraction = lines == 0 ? 0 : (double) f.linesScanned() / lines;
                text = Messages.bind(Messages.Status_filtering, new Object[] { count(f.matches().size()), count(lines), what,
                        Long.toString(Math.round(fraction * 100)) });
            }
        } else if (!indexing.isDone() && !log.source().isLive()) {
            fraction = indexing.bytesTotal() == 0 ? 0 : (double) indexing.bytesDone() / indexing.bytesTotal();
            text = Messages.bind(Messages.Status_indexing, new Object[] { count(lines), Long.toString(Math.round(fraction * 100)),
                    bytes(indexing.bytesDone()), bytes(indexing.bytesTotal()) });
        } else if (log.source().isLive()) {
            text = Messages.bind(Messages.Status_live, count(lines), bytes(indexing.bytesTotal()));
        } else {
            text = Messages.bind(Messages.Status_lines, count(lines));
        }
        String about = sourceNote;
        if (about != null) {
            text += "  " + about; //$NON-NLS-1$
        }
        Diagnostic problem = log.problem() != null ? log.problem() : table.problem();
        if (problem != null) {
            text += "  " + Messages.bind(Messages.Status_problem, problem.message()); //$NON-NLS-1$
        }
        if (!text.equals(status.getText())) {
            status.setText(text);
            status.getParent().layout(true);
        }
        boolean show = fraction >= 0;
        if (show) {
            progress.setSelection((int) Math.round(Math.min(1, fraction) * 1000));
        }
        if (progress.getVisible() != show) {
            progress.setVisible(show);
        }
    }

    /** A filter's conditions in words, for the status line. */
    static String describe(LogFilter f) {
        List<String> parts = new ArrayList<>();
        Pattern p = f.pattern();
        if (p != null) {
            parts.add(Messages.bind(Messages.Filter_describeRegex, p.pattern()));
        }
        LogLevel level = f.level();
        if (level != null) {
            parts.add(Messages.bind(Messages.Filter_describeLevel, level.label()));
        }
        String source = f.source();
        if (source != null) {
            parts.add(Messages.bind(Messages.Filter_describeSource, source));
        }
        return String.join(Messages.Filter_describeAnd, parts);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n); //$NON-NLS-1$
    }

    static String bytes(long n) {
        if (n < 1 << 10) {
            return n + " B"; //$NON-NLS-1$
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" }; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]); //$NON-NLS-1$ //$NON-NLS-2$
    }

    private void setNote(String text) {
        if (!note.isDisposed()) {
            note.setText(text);
            note.setToolTipText(text);
        }
    }

    // ---- filter and highlight

    private void scheduleFilter() {
        int generation = ++filterGeneration;
        display.timerExec(FILTER_DELAY_MS, () -> {
            if (!disposed && generation == filterGeneration) {
                applyFilter();
            }
        });
    }

    /**
     * Shows only the lines that pass the filter fields: the regular expression (anywhere in the
     * line), the minimum level and the source text (all lines when they are empty). The filter
     * runs in the background; its matches stream into the table.
     */
    public void applyFilter() {
        filterGeneration++;
        String text = filterField.getText();
        String source = sourceField.getText().strip();
        int index = levelCombo.getSelectionIndex();
        LogLevel level = index > 0 && index < LEVELS.length ? LEVELS[index] : null;
        FilterKey key = new FilterKey(text, level, source);
        Pattern p = null;
        if (!text.isEmpty()) {
            p = compile(text);
            if (p == null) {
                return; // the error is shown; the filter stays as it was
            }
        } else {
            showRegexError(null);
        }
        if (key.equals(appliedKey)) {
            return;
        }
        appliedKey = key;
        LogFilter filter = LogFilter.ALL.withLevel(level).withSource(source.isEmpty() ? null : source);
        if (p != null) {
            filter = filter.withPattern(p, LogFilter.Scope.LINE);
        }
        FilterTask current = filterTask;
        long keep = selectedLine();
        FilterTask next = filter.isAll() ? null : log.filter(filter);
        if (current != null) {
            current.cancel();
        }
        filterTask = next;
        table.setFilter(next);
        highlightRow = -1;
        shownRows = (int) Math.min(Integer.MAX_VALUE - 1L, table.rowCount());
        selection.clear(false);
        body.fireLayerEvent(new RowStructuralRefreshEvent(body));
        viewport.moveRowPositionIntoViewport(0);
        pendingReveal = keep;
        updateStatus();
    }

    private void applyHighlight() {
        String text = highlightField.getText();
        if (text.isEmpty()) {
            highlight = null;
            showRegexError(null);
        } else {
            Pattern p = compile(text);
            if (p == null) {
                return;
            }
            highlight = p;
        }
        highlightRow = -1;
        nat.redraw();
    }

    /** The pattern, or null after showing where it is invalid. */
    private @Nullable Pattern compile(String text) {
        try {
            Pattern p = Pattern.compile(text);
            showRegexError(null);
            return p;
        } catch (PatternSyntaxException e) {
            showRegexError(Messages.bind(Messages.Regex_invalid, Integer.toString(Math.max(0, e.getIndex()) + 1),
                    e.getDescription()));
            return null;
        }
    }

    private void showRegexError(@Nullable String message) {
        boolean show = message != null;
        filterError.setText(show ? message : ""); //$NON-NLS-1$
        if (filterError.getVisible() != show) {
            filterError.setVisible(show);
            ((GridData) filterError.getLayoutData()).exclude = !show;
            root.layout(true);
        }
    }

    private void setDeltaToSelected(boolean on) {
        deltaToReference = on;
        table.setReferenceLine(on ? selectedLine() : -1);
        nat.refresh(false);
    }

    private void selectionChanged() {
        if (deltaToReference) {
            table.setReferenceLine(selectedLine());
            nat.redraw();
        }
    }

    // ---- selection and navigation

    /** The selected row, or -1. */
    public int selectedRow() {
        PositionCoordinate anchor = selection.getSelectionAnchor();
        int row = anchor == null ? -1 : anchor.getRowPosition();
        return row >= 0 && row < shownRows ? row : -1;
    }

    /** The line of the selected row (0-based), or -1. */
    public long selectedLine() {
        int row = selectedRow();
        return row < 0 ? -1 : table.lineOf(row);
    }

    /** Selects a row and scrolls it into view. */
    public void selectRow(long row) {
        if (row < 0 || row >= shownRows) {
            return;
        }
        int r = (int) row;
        selection.doCommand(new SelectRowsCommand(selection, 0, r, false, false));
        viewport.moveRowPositionIntoViewport(r);
    }

    /** Selects the row of a line (or, when the filter hides it, the next row). */
    public void selectLine(long line) {
        long row = table.rowOf(line);
        selectRow(Math.min(row, shownRows - 1L));
    }

    private void toggleBookmark() {
        long line = selectedLine();
        if (line < 0) {
            return;
        }
        boolean on = log.bookmarks().toggle(line);
        setNote(on ? Messages.bind(Messages.Bookmark_set, line + 1, log.bookmarks().size())
                : Messages.bind(Messages.Bookmark_cleared, line + 1));
        nat.redraw();
    }

    private void nextBookmark(boolean forward) {
        long from = selectedLine();
        if (from < 0) {
            from = forward ? -1 : Long.MAX_VALUE;
        }
        long at = from;
        do {
            at = forward ? log.bookmarks().next(at) : log.bookmarks().previous(at);
        } while (at >= 0 && !table.shows(at));
        if (at < 0) {
            long shown = from < 0 || from == Long.MAX_VALUE ? 0 : from + 1;
            setNote(Messages.bind(forward ? Messages.Bookmark_noneAfter : Messages.Bookmark_noneBefore, shown));
        } else {
            selectLine(at);
        }
    }

    private void revealStep(int row) {
        BootLink l = link;
        if (l == null || row < 0 || row >= shownRows) {
            return;
        }
        long line = table.lineOf(row);
        int step = l.stepOf(line);
        if (step < 0) {
            setNote(Messages.bind(Messages.Step_none, line + 1));
        } else {
            l.reveal(step);
        }
    }

    // ---- background work: search, go to time

    /**
     * Search next / previous for the highlight's expression (else the filter's), in a job. With a
     * filter on, the search finds the next line that passes both: the filter's conditions are
     * applied to each line in the search itself, so a line the background filter has not reached
     * yet is found all the same and selected as soon as the filter shows it.
     */
    public void search(boolean forward) {
        Pattern p = highlight;
        FilterTask shownBy = filterTask;
        if (p == null && shownBy != null) {
            p = shownBy.filter().pattern();
        }
        if (p == null) {
            setNote(Messages.Search_noPattern);
            return;
        }
        cancelRunning();
        long selected = selectedLine();
        long from = selected >= 0 ? selected : forward ? -1 : log.lineCount();
        LogFilter f = LogFilter.ALL.withPattern(p, LogFilter.Scope.LINE);
        LogFilter within = shownBy == null ? LogFilter.ALL : shownBy.filter();
        String what = p.pattern();
        setNote(Messages.bind(Messages.Search_running, what));
        run(Messages.bind(Messages.Search_job, title), monitor -> {
            long found;
            try {
                found = log.find(f, within, from, forward, progress(monitor));
            } catch (IOException e) {
                String why = String.valueOf(e.getMessage());
                return () -> setNote(Messages.bind(Messages.Search_failed, why));
            }
            long result = found;
            boolean cancelled = monitor.isCanceled();
            return () -> {
                if (cancelled) {
                    setNote(Messages.Search_cancelled);
                } else if (result < 0) {
                    setNote(Messages.bind(forward ? Messages.Search_notFoundAfter : Messages.Search_notFoundBefore, what,
                            from < 0 ? 0 : Math.min(from + 1, log.lineCount())));
                } else {
                    // selected now, or as soon as the filter (and the row count) have reached it
                    pendingReveal = result;
                    updateRows();
                    setNote(pendingReveal == result ? Messages.bind(Messages.Search_pending, result + 1) : ""); //$NON-NLS-1$
                }
            };
        });
    }

    /** Goes to a line number or a time (the go-to field's syntax). */
    public void goTo(String text) {
        GoToTarget target = GoToTarget.parse(text);
        if (target == null) {
            setNote(Messages.bind(Messages.GoTo_invalid, text));
            return;
        }
        if (!target.isTime()) {
            long last = log.lineCount() - 1;
            selectLine(Math.min(target.line(), Math.max(0, last)));
            nat.setFocus();
            return;
        }
        cancelRunning();
        long from = text.equals(lastSeekText) && lastSeekLine >= 0 ? lastSeekLine + 1 : 0;
        double seconds = target.seconds();
        run(Messages.bind(Messages.Seek_job, Double.toString(seconds), title), monitor -> {
            TimeSeek seek;
            try {
                seek = log.seekTime(seconds, from, progress(monitor));
            } catch (IOException e) {
                String why = String.valueOf(e.getMessage());
                return () -> setNote(Messages.bind(Messages.Search_failed, why));
            }
            TimeSeek s = seek;
            return () -> {
                lastSeekText = text;
                lastSeekLine = s.line();
                if (s.line() < 0) {
                    setNote(Messages.bind(Messages.GoTo_noTime, Double.toString(seconds), s.note()));
                } else {
                    setNote(s.note());
                    selectLine(s.line());
                    nat.setFocus();
                }
            };
        });
    }

    private interface Work {
        /** Runs in the job; returns what to do on the UI thread. */
        Runnable run(IProgressMonitor monitor);
    }

    private void run(String name, Work work) {
        Job job = Job.create(name, (ICoreRunnable) monitor -> {
            monitor.beginTask(name, 1000);
            Runnable then;
            try {
                then = work.run(monitor);
            } catch (RuntimeException e) { // the log was closed underneath: say so, never a stack trace
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                then = () -> setNote(Messages.bind(Messages.Search_failed, why));
            }
            monitor.done();
            Runnable result = then;
            if (!display.isDisposed()) {
                display.asyncExec(() -> {
                    if (!disposed) {
                        result.run();
                    }
                });
            }
        });
        job.setSystem(false);
        job.setUser(false);
        running = job;
        job.schedule();
    }

    private static ScanProgress progress(IProgressMonitor monitor) {
        return new ScanProgress() {
            private int reported;

            @Override
            public void worked(long done, long total) {
                int now = total <= 0 ? 0 : (int) Math.min(1000, done * 1000 / total);
                if (now > reported) {
                    monitor.worked(now - reported);
                    reported = now;
                }
            }

            @Override
            public boolean isCancelled() {
                return monitor.isCanceled();
            }
        };
    }

    /** Cancels a running search or go-to-time (Esc in the table). */
    public void cancelRunning() {
        Job j = running;
        if (j != null) {
            j.cancel();
            running = null;
        }
    }

    /** Whether a search or go-to-time is running. */
    public boolean isBusy() {
        Job j = running;
        return j != null && j.getState() != Job.NONE;
    }

    // ---- for the part and the tests

    public TraceLog log() {
        return log;
    }

    public LogTable table() {
        return table;
    }

    public NatTable natTable() {
        return nat;
    }

    CTabItem item() {
        return item;
    }

    public String title() {
        return title;
    }

    public @Nullable BootLink link() {
        return link;
    }

    /** Whether the last row is on screen, so that new lines scroll into view (follow-tail). */
    public boolean followsTail() {
        return isAtEnd();
    }

    /** The rows the table shows now. */
    public int rowCount() {
        return shownRows;
    }

    /** The headers of the body columns, in order. */
    public List<String> headers() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            out.add(header(i));
        }
        return out;
    }

    /** The text the table shows in a body cell. */
    public String cellText(int column, int row) {
        return String.valueOf(body.getDataValueByPosition(column, row));
    }

    /** The text the row header shows for a row (the line number, with the bookmark marker). */
    public String rowHeaderText(int row) {
        return String.valueOf(rowHeaderData.getDataValueByPosition(0, row));
    }

    /** The config labels of a body cell (level colours, highlight), as the painter sees them. */
    public List<String> cellLabels(int column, int row) {
        return body.getConfigLabelsByPosition(column, row).getLabels();
    }

    public Text filterField() {
        return filterField;
    }

    /** The level filter: all levels, warning and worse, error and worse. */
    public Combo levelCombo() {
        return levelCombo;
    }

    /** The source filter (a substring of the source column, ignoring case). */
    public Text sourceField() {
        return sourceField;
    }

    /**
     * Sets what the status line always says about the source, after the line count (for a
     * trace buffer dump: that it was unwrapped and where the write position was taken to be),
     * with a longer explanation in the status line's and the tab's tooltip.
     */
    public void setSourceNote(String text, String detail) {
        sourceNote = text;
        status.setToolTipText(detail);
        item.setToolTipText(item.getToolTipText() + "\n" + detail); //$NON-NLS-1$
        updateStatus();
    }

    public Text highlightField() {
        return highlightField;
    }

    public Text goToField() {
        return goToField;
    }

    public Button deltaToggle() {
        return deltaToggle;
    }

    /** The inline error under the fields (empty when the expressions are valid). */
    public String regexError() {
        return filterError.getVisible() ? filterError.getText() : ""; //$NON-NLS-1$
    }

    public String statusText() {
        return status.getText();
    }

    /** The status line's tooltip: the longer explanation of {@link #setSourceNote}, or empty. */
    public String statusDetail() {
        String t = status.getToolTipText();
        return t == null ? "" : t; //$NON-NLS-1$
    }

    public String noteText() {
        return note.getText();
    }

    public @Nullable FilterTask filterTask() {
        return filterTask;
    }

    public Control control() {
        return root;
    }

    boolean shows(LogSource source) {
        if (log.source() == source) {
            return true;
        }
        return source.path() != null && source.path().equals(log.source().path());
    }

    private void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        cancelRunning();
        log.bookmarks().removeListener(bookmarkListener);
        FilterTask f = filterTask;
        if (f != null) {
            f.cancel();
        }
        try {
            log.close();
        } catch (IOException e) {
            // closing a read-only source: nothing the user could act on
        }
        if (!root.isDisposed()) {
            root.dispose();
        }
    }
}
