package dev.bringup.ui.internal;

import java.util.List;
import java.util.function.Function;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import org.eclipse.swt.widgets.Text;

import dev.bringup.common.Hex;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.Walk;
import dev.bringup.ui.IovaMapInput;
import dev.bringup.ui.IovaMapInput.Mapping;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The IOVA map: the mappings of an IOMMU domain (IOVA to PA, size, page sizes, permissions) as a
 * table and as a bar, the page-table walk of a typed address level by level, and the difference
 * to a baseline mapping list. Fed through {@link BringupSession#setIovaMap}.
 */
public class IovaMapPart {

    @Inject
    private BringupSession session;
    private final Runnable listener = this::asyncRefresh;
    private @Nullable Label title;
    private @Nullable Canvas bar;
    private @Nullable TableViewer table;
    private @Nullable TableViewer diff;
    private @Nullable Text address;
    private org.eclipse.swt.widgets.@Nullable List walkSteps;
    private @Nullable Label walkResult;
    private List<Mapping> shown = List.of();
    private @Nullable IovaMapInput shownInput;

    @PostConstruct
    public void createControls(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Label t = new Label(parent, SWT.WRAP);
        t.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        title = t;
        Canvas c = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        GridData bd = new GridData(SWT.FILL, SWT.TOP, true, false);
        bd.heightHint = 28;
        c.setLayoutData(bd);
        c.addPaintListener(e -> paintBar(e.gc, c.getClientArea().width, c.getClientArea().height));
        bar = c;

        Composite walkRow = new Composite(parent, SWT.NONE);
        walkRow.setLayout(new GridLayout(3, false));
        walkRow.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(walkRow, SWT.NONE).setText(Messages.Iova_walkLabel);
        Text a = new Text(walkRow, SWT.BORDER | SWT.SINGLE);
        a.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        a.addListener(SWT.DefaultSelection, e -> walk(a.getText()));
        address = a;
        Button go = new Button(walkRow, SWT.PUSH);
        go.setText(Messages.Iova_walkButton);
        go.addListener(SWT.Selection, e -> walk(a.getText()));
        Label wr = new Label(parent, SWT.WRAP);
        wr.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        walkResult = wr;
        org.eclipse.swt.widgets.List steps = new org.eclipse.swt.widgets.List(parent, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.heightHint = 64;
        steps.setLayoutData(sd);
        walkSteps = steps;

        CTabFolder tabs = new CTabFolder(parent, SWT.BOTTOM | SWT.FLAT);
        tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        CTabItem mt = new CTabItem(tabs, SWT.NONE);
        mt.setText(Messages.Iova_mappingsTab.replace("&", "")); //$NON-NLS-1$ //$NON-NLS-2$
        TableViewer tv = viewer(tabs);
        column(tv, Messages.Column_iova, 96, m -> Hex.of(((Mapping) m).iova()));
        column(tv, Messages.Column_pa, 96, m -> Hex.of(((Mapping) m).pa()));
        column(tv, Messages.Column_size, 76, m -> Hex.of(((Mapping) m).size()));
        column(tv, Messages.Column_pages, 70, m -> pageSizes(((Mapping) m).pageSizes()));
        column(tv, Messages.Column_perms, 70, m -> IommuProt.describe(((Mapping) m).perms()));
        mt.setControl(tv.getControl());
        table = tv;
        CTabItem dt = new CTabItem(tabs, SWT.NONE);
        dt.setText(Messages.Iova_diffTab.replace("&", "")); //$NON-NLS-1$ //$NON-NLS-2$
        TableViewer dv = viewer(tabs);
        column(dv, Messages.Column_change, 80, o -> switch (((IovaDiff.Change) o).kind()) {
        case ADDED -> Messages.Iova_added;
        case REMOVED -> Messages.Iova_removed;
        case CHANGED -> Messages.Iova_changed;
        });
        column(dv, Messages.Column_iova, 110, o -> Hex.of(((IovaDiff.Change) o).iova()));
        column(dv, Messages.Column_pa, 200, o -> side((IovaDiff.Change) o, Mapping::pa));
        column(dv, Messages.Column_size, 160, o -> side((IovaDiff.Change) o, Mapping::size));
        column(dv, Messages.Column_perms, 120, o -> {
            IovaDiff.Change ch = (IovaDiff.Change) o;
            Mapping m = ch.after() != null ? ch.after() : ch.before();
            return m == null ? "" : IommuProt.describe(m.perms()); //$NON-NLS-1$
        });
        dt.setControl(dv.getControl());
        diff = dv;
        tabs.setSelection(0);
        session.register(this);
        session.addListener(listener);
        refresh();
    }

    private static String side(IovaDiff.Change c, Function<Mapping, Long> f) {
        Mapping b = c.before();
        Mapping a = c.after();
        if (b != null && a != null) {
            return Hex.of(f.apply(b)) + " -> " + Hex.of(f.apply(a)); //$NON-NLS-1$
        }
        Mapping m = a != null ? a : b;
        return m == null ? "" : Hex.of(f.apply(m)); //$NON-NLS-1$
    }

    static String pageSizes(long bitmap) {
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((bitmap & (1L << bit)) != 0) {
                long size = 1L << bit;
                String t = size >= 1L << 30 ? (size >> 30) + "G" : size >= 1L << 20 ? (size >> 20) + "M" : (size >> 10) + "K"; //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
                s.append(s.length() == 0 ? "" : ", ").append(t); //$NON-NLS-1$ //$NON-NLS-2$
            }
        }
        return s.toString();
    }

    private static TableViewer viewer(Composite parent) {
        TableViewer v = new TableViewer(parent, SWT.FULL_SELECTION | SWT.V_SCROLL);
        v.getTable().setHeaderVisible(true);
        v.getTable().setLinesVisible(true);
        v.setContentProvider(ArrayContentProvider.getInstance());
        return v;
    }

    private static void column(TableViewer v, String title, int width, Function<Object, String> text) {
        TableViewerColumn c = new TableViewerColumn(v, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }
        });
    }

    private void paintBar(GC gc, int width, int height) {
        gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
        gc.fillRectangle(0, 0, width, height);
        if (shown.isEmpty()) {
            return;
        }
        double lo = unsigned(shown.get(0).iova());
        double hi = unsigned(shown.get(shown.size() - 1).iovaEnd());
        double span = Math.max(1, hi - lo);
        Color fill = new Color(gc.getDevice(), 0x60, 0x90, 0xd0);
        try {
            gc.setBackground(fill);
            for (Mapping m : shown) {
                int x0 = (int) ((unsigned(m.iova()) - lo) / span * (width - 2));
                int x1 = (int) ((unsigned(m.iovaEnd()) - lo) / span * (width - 2));
                gc.fillRectangle(1 + x0, 4, Math.max(2, x1 - x0), height - 8);
            }
            gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText(Hex.of(shown.get(0).iova()), 3, (height - gc.getFontMetrics().getHeight()) / 2, true);
            String end = Hex.of(shown.get(shown.size() - 1).iovaEnd());
            gc.drawText(end, width - gc.textExtent(end).x - 3, (height - gc.getFontMetrics().getHeight()) / 2, true);
        } finally {
            fill.dispose();
        }
    }

    private static double unsigned(long v) {
        return v < 0 ? Math.pow(2, 64) + v : v;
    }

    /** Walks the typed address and shows each level. */
    public void walk(String text) {
        Label r = walkResult;
        org.eclipse.swt.widgets.List steps = walkSteps;
        if (r == null || steps == null) {
            return;
        }
        steps.removeAll();
        IovaMapInput in = session.iovaMap();
        if (in == null) {
            r.setText(Messages.Iova_noDomain);
            return;
        }
        long iova;
        try {
            iova = Hex.parse(text.trim());
        } catch (IllegalArgumentException e) {
            r.setText(Messages.bind(Messages.Iova_badAddress, text));
            return;
        }
        Walk w = in.walk(iova);
        if (w == null) {
            r.setText(Messages.Iova_noDomain);
            return;
        }
        for (Walk.Step s : w.steps()) {
            steps.add(s.toString());
        }
        r.setText(w.mapped()
                ? Messages.bind(Messages.Iova_mapped, new Object[] { Hex.of(iova), Hex.of(w.pa()), Hex.of(w.leafSize()),
                        IommuProt.describe(w.perms()) })
                : Messages.bind(Messages.Iova_notMapped, Hex.of(iova), w.faultLevel()));
        r.getParent().layout();
    }

    private void asyncRefresh() {
        Label t = title;
        if (t != null && !t.isDisposed()) {
            t.getDisplay().asyncExec(this::refresh);
        }
    }

    /** Reads the session's input again (mappings of a live domain change as it is mapped). */
    public void refresh() {
        Label t = title;
        TableViewer tv = table;
        TableViewer dv = diff;
        Canvas c = bar;
        if (t == null || tv == null || dv == null || c == null || t.isDisposed()) {
            return;
        }
        IovaMapInput in = session.iovaMap();
        IovaMapInput base = session.iovaBaseline();
        if (in != shownInput) {
            shownInput = in;
            Label r = walkResult;
            org.eclipse.swt.widgets.List steps = walkSteps;
            if (r != null && steps != null) {
                r.setText(""); //$NON-NLS-1$
                steps.removeAll();
            }
        }
        shown = in == null ? List.of() : in.mappings();
        t.setText(in == null ? Messages.Iova_noDomain
                : Messages.bind(Messages.Iova_domain, in.label())
                        + (base == null ? "" : "   " + Messages.bind(Messages.Iova_compare, base.label()))); //$NON-NLS-1$ //$NON-NLS-2$
        tv.setInput(shown);
        dv.setInput(in == null || base == null ? List.of() : IovaDiff.compare(base.mappings(), shown));
        for (TableViewer v : List.of(tv, dv)) { // the view is narrow: columns as wide as their content, no wider
            for (org.eclipse.swt.widgets.TableColumn col : v.getTable().getColumns()) {
                col.pack();
                col.setWidth(Math.max(col.getWidth(), 56));
            }
        }
        c.redraw();
        t.getParent().layout();
    }

    public @Nullable TableViewer mappingsViewer() {
        return table;
    }

    public @Nullable TableViewer diffViewer() {
        return diff;
    }

    /** The walk's result line and steps, for tests. */
    public String walkText() {
        Label r = walkResult;
        org.eclipse.swt.widgets.List s = walkSteps;
        return (r == null ? "" : r.getText()) + (s == null ? "" : "\n" + String.join("\n", s.getItems())); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
    }

    @Focus
    public void setFocus() {
        Text a = address;
        if (a != null && !a.isDisposed()) {
            a.setFocus();
        }
    }

    @PreDestroy
    public void dispose() {
        session.unregister(this);
        session.removeListener(listener);
    }
}
