package dev.bringup.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ISharedImages;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;
import dev.bringup.ui.BringupUi;
import dev.bringup.ui.internal.BringupSession.Source;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Bring-up Problems: the diagnostics of every layer (firmware files, the devicetree import, model
 * validation), worst first. Double-click (or Enter) goes to the place: the entry in the firmware
 * layout editor, or the node in the SoC explorer.
 */
public class ProblemsPart {

    @Inject
    private BringupSession session;
    private @Nullable TableViewer viewer;
    private @Nullable Label summary;
    private @Nullable Label details;
    private final Runnable listener = this::asyncRefresh;

    @PostConstruct
    public void createControls(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Label s = new Label(parent, SWT.NONE);
        s.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        summary = s;
        TableViewer v = new TableViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        v.getTable().setHeaderVisible(true);
        v.getTable().setLinesVisible(true);
        v.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        // the selected problem written out whole (the Message column cuts a long one)
        Label dl = new Label(parent, SWT.WRAP);
        GridData dd = new GridData(SWT.FILL, SWT.TOP, true, false);
        dd.widthHint = 100;
        dl.setLayoutData(dd);
        details = dl;
        v.addSelectionChangedListener(e -> showDetails());
        column(v, Messages.Column_severity, 80, e -> e.getValue().severity().label(), e -> image(e.getValue().severity()));
        column(v, Messages.Column_code, 170, e -> e.getValue().code(), null);
        column(v, Messages.Column_message, 520, ProblemsPart::message, null);
        column(v, Messages.Column_where, 200, e -> where(e.getValue().location()), null);
        column(v, Messages.Column_layer, 200, e -> layer(e.getKey()), null);
        v.getTable().addListener(SWT.Resize, e -> fitColumns());
        v.setContentProvider(ArrayContentProvider.getInstance());
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(v);
        v.addOpenListener(e -> {
            Object o = ((IStructuredSelection) e.getSelection()).getFirstElement();
            if (o instanceof Map.Entry<?, ?> entry && entry.getKey() instanceof Source src
                    && entry.getValue() instanceof Diagnostic d) {
                goTo(src, d);
            }
        });
        viewer = v;
        session.register(this);
        session.addListener(listener);
        refresh();
    }

    private static String message(Map.Entry<Source, Diagnostic> e) {
        Diagnostic d = e.getValue();
        return d.fix() == null ? d.message() : Messages.bind(Messages.Problems_messageFix, d.message(), d.fix());
    }

    /** Column indices. */
    private static final int SEVERITY = 0;
    private static final int CODE = 1;
    private static final int MESSAGE = 2;
    private static final int WHERE = 3;
    private static final int LAYER = 4;
    /** Room around a cell's text (the cell's padding and the sort/resize handle), and for an icon. */
    private static final int PAD = 16;
    private static final int ICON = 20;
    /** The least the Layer column gets (its kind and the start of the file name). */
    private static final int MIN_LAYER = 90;

    /**
     * Sizes the columns to the table's width so it never scrolls sideways: Severity, Code and Where
     * as wide as their widest cell (or heading), Message the most of the rest, Layer what is left.
     */
    private void fitColumns() {
        TableViewer v = viewer;
        if (v == null || v.getControl().isDisposed()) {
            return;
        }
        org.eclipse.swt.widgets.Table t = v.getTable();
        int width = t.getClientArea().width - 1; // a pixel short of the edge: no horizontal scroll bar
        if (width <= 0) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Map.Entry<Source, Diagnostic>> rows = v.getInput() instanceof List<?> l ? (List<Map.Entry<Source, Diagnostic>>) l
                : List.of();
        int[] w = new int[t.getColumnCount()];
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(t);
        try {
            for (int c = 0; c < w.length; c++) {
                w[c] = gc.textExtent(t.getColumn(c).getText()).x + PAD;
            }
            for (Map.Entry<Source, Diagnostic> e : rows) {
                Diagnostic d = e.getValue();
                w[SEVERITY] = Math.max(w[SEVERITY], gc.textExtent(d.severity().label()).x + ICON + PAD);
                w[CODE] = Math.max(w[CODE], gc.textExtent(d.code()).x + PAD);
                w[WHERE] = Math.max(w[WHERE], gc.textExtent(where(d.location())).x + PAD);
                w[LAYER] = Math.max(w[LAYER], gc.textExtent(layer(e.getKey())).x + PAD);
            }
        } finally {
            gc.dispose();
        }
        // Severity and Code whole; Where whole up to a third of the rest; Message at least half of the
        // rest; Layer what is left (at least MIN_LAYER; its tooltip, like every cell's, has the whole text)
        int room = width - w[SEVERITY] - w[CODE];
        w[WHERE] = Math.min(w[WHERE], room / 3);
        w[LAYER] = Math.min(w[LAYER], Math.max(MIN_LAYER, room - w[WHERE] - room / 2));
        w[MESSAGE] = Math.max(MIN_LAYER, room - w[WHERE] - w[LAYER]);
        t.setRedraw(false);
        try {
            for (int c = 0; c < w.length; c++) {
                if (t.getColumn(c).getWidth() != w[c]) {
                    t.getColumn(c).setWidth(w[c]);
                }
            }
        } finally {
            t.setRedraw(true);
        }
    }

    private static String layer(Source s) {
        String l = switch (s.layer()) {
        case FIRMWARE -> Messages.Problems_layerFirmware;
        case DEVICETREE -> Messages.Problems_layerDt;
        case MODEL -> Messages.Problems_layerModel;
        };
        return l + ": " + Path.of(s.name()).getFileName(); //$NON-NLS-1$
    }

    static String where(Location l) {
        List<String> parts = new ArrayList<>();
        if (l.dtPath() != null) {
            parts.add(l.dtPath());
        }
        if (l.entryIndex() >= 0) {
            parts.add(Messages.bind(Messages.Problems_whereEntry, l.entryIndex()));
        }
        if (l.address() != -1) {
            parts.add(Hex.of(l.address()) + (l.length() > 0 ? " +" + Hex.of(l.length()) : "")); //$NON-NLS-1$ //$NON-NLS-2$
        }
        if (l.fileOffset() >= 0) {
            parts.add(Messages.bind(Messages.Problems_whereOffset, Hex.of(l.fileOffset())));
        }
        return String.join(", ", parts); //$NON-NLS-1$
    }

    private static void column(TableViewer v, String title, int width, Function<Map.Entry<Source, Diagnostic>, String> text,
            @Nullable Function<Map.Entry<Source, Diagnostic>, Image> image) {
        TableViewerColumn c = new TableViewerColumn(v, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @SuppressWarnings("unchecked")
            @Override
            public String getText(Object element) {
                return text.apply((Map.Entry<Source, Diagnostic>) element);
            }

            @SuppressWarnings("unchecked")
            @Override
            public String getToolTipText(Object element) {
                return whole((Map.Entry<Source, Diagnostic>) element, "\n"); //$NON-NLS-1$
            }

            @SuppressWarnings("unchecked")
            @Override
            public @Nullable Image getImage(Object element) {
                return image == null ? null : image.apply((Map.Entry<Source, Diagnostic>) element);
            }
        });
    }

    private void asyncRefresh() {
        TableViewer v = viewer;
        if (v != null && !v.getControl().isDisposed()) {
            v.getControl().getDisplay().asyncExec(this::refresh);
        }
    }

    /** A problem whole: code, message, fix, where and layer, the parts after the first joined by {@code sep}. */
    private static String whole(Map.Entry<Source, Diagnostic> e, String sep) {
        Diagnostic d = e.getValue();
        String where = where(d.location());
        String tip = d.fix() == null ? Messages.bind(Messages.Problems_tip, d.code(), d.message())
                : Messages.bind(Messages.Problems_tipFix, new Object[] { d.code(), d.message(), d.fix() });
        if (!sep.equals("\n")) { //$NON-NLS-1$
            tip = tip.replace("\n", sep); //$NON-NLS-1$
        }
        return tip + (where.isEmpty() ? "" : sep + where) + sep + layer(e.getKey()); //$NON-NLS-1$
    }

    private void showDetails() {
        TableViewer v = viewer;
        Label dl = details;
        if (v == null || dl == null || dl.isDisposed()) {
            return;
        }
        Object o = v.getStructuredSelection().getFirstElement();
        @SuppressWarnings("unchecked")
        String text = o instanceof Map.Entry<?, ?> e ? whole((Map.Entry<Source, Diagnostic>) e, " \u2014 ") : ""; //$NON-NLS-1$ //$NON-NLS-2$
        if (!text.equals(dl.getText())) {
            dl.setText(text);
            dl.getParent().layout();
        }
    }

    /** The selected problem written out under the table ("" when none is selected), for tests. */
    public String details() {
        Label dl = details;
        return dl == null ? "" : dl.getText(); //$NON-NLS-1$
    }

    private void refresh() {
        TableViewer v = viewer;
        Label s = summary;
        if (v == null || s == null || v.getControl().isDisposed()) {
            return;
        }
        List<Map.Entry<Source, Diagnostic>> all = new ArrayList<>(session.allDiagnostics());
        all.sort(Comparator.comparing((Map.Entry<Source, Diagnostic> e) -> e.getValue().severity()));
        v.setInput(all);
        fitColumns();
        showDetails();
        long errors = all.stream().filter(e -> e.getValue().severity() == Severity.ERROR).count();
        long warnings = all.stream().filter(e -> e.getValue().severity() == Severity.WARNING).count();
        s.setText(all.isEmpty() ? (session.diagnostics().isEmpty() ? Messages.Part_problems_empty : Messages.Problems_none)
                : Messages.bind(Messages.Problems_summary, new Object[] { errors, warnings, all.size() - errors - warnings }));
    }

    /** Goes to the place of a diagnostic: the firmware entry, or the devicetree node. */
    public static void goTo(Source src, Diagnostic d) {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window.getActivePage();
        if (src.layer() == BringupSession.Layer.FIRMWARE) {
            IEditorPart editor = Opener.openFirmware(page, Path.of(src.name()));
            if (editor instanceof FirmwareEditor fe && d.location().entryIndex() >= 0 && isEntryCode(d.code())) {
                fe.reveal(d.location().entryIndex());
            }
            return;
        }
        String path = d.location().dtPath();
        if (path != null) {
            try {
                page.showView(BringupUi.SOC_EXPLORER_ID);
                SocExplorerPart part = BringupSession.get().part(SocExplorerPart.class);
                if (part != null) {
                    part.selectPath(path);
                }
            } catch (PartInitException e) {
                Status.show(window.getShell(), Messages.Error_openTitle, e.getMessage());
            }
        }
    }

    /** Whether a finding is about the resource table (its entries, vrings, trace buffers). */
    static boolean isEntryCode(String code) {
        return code.startsWith("RSC") || code.startsWith("VRING") || code.startsWith("TRACE") || code.startsWith("VDEV"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
    }

    public @Nullable TableViewer viewer() {
        return viewer;
    }

    @Focus
    public void setFocus() {
        TableViewer v = viewer;
        if (v != null && !v.getControl().isDisposed()) {
            v.getControl().setFocus();
        }
    }

    @PreDestroy
    public void dispose() {
        session.unregister(this);
        session.removeListener(listener);
    }

    /** The workbench's shared icon for a severity (also the glyph of the resource table's findings). */
    static org.eclipse.swt.graphics.Image image(dev.bringup.common.Severity severity) {
        return PlatformUI.getWorkbench().getSharedImages().getImage(switch (severity) {
        case ERROR -> ISharedImages.IMG_OBJS_ERROR_TSK;
        case WARNING -> ISharedImages.IMG_OBJS_WARN_TSK;
        case INFO -> ISharedImages.IMG_OBJS_INFO_TSK;
        });
    }
}
