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
    private @Nullable Text walkSteps;
    private List<String> walkLines = List.of();
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
        // one level a line, wrapped to the part's width (the right stack is narrow): no sideways scrolling
        Text steps = new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.V_SCROLL);
        steps.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.widthHint = 100;
        GC measure = new GC(steps);
        try { // room for four levels of a walk, each wrapped once in the narrow part
            sd.heightHint = measure.getFontMetrics().getHeight() * 8;
        } finally {
            measure.dispose();
        }
        steps.setLayoutData(sd);
        walkSteps = steps;
        showSteps(List.of());

        CTabFolder tabs = new CTabFolder(parent, SWT.BOTTOM | SWT.FLAT);
        tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        CTabItem mt = new CTabItem(tabs, SWT.NONE);
        mt.setText(Messages.Iova_mappingsTab.replace("&", "")); //$NON-NLS-1$ //$NON-NLS-2$
        TableViewer tv = viewer(tabs);
        Function<Object, String> mappingTip = m -> tip((Mapping) m);
        column(tv, Messages.Column_iova, true, m -> Hex.of(((Mapping) m).iova()), mappingTip);
        column(tv, Messages.Column_pa, true, m -> Hex.of(((Mapping) m).pa()), mappingTip);
        column(tv, Messages.Column_size, true, m -> size(((Mapping) m).size()), mappingTip);
        column(tv, Messages.Column_perms, false, m -> IommuProt.describe(((Mapping) m).perms()), mappingTip);
        column(tv, Messages.Column_pages, false, m -> pageSizes(((Mapping) m).pageSizes()), mappingTip);
        // narrow (the right stack): IOVA, PA and size; the rest in the row's tooltip; all when maximized
        ColumnFit.install(tv.getTable(), 4, 4, 3, 2);
        mt.setControl(tv.getControl());
        table = tv;
        CTabItem dt = new CTabItem(tabs, SWT.NONE);
        dt.setText(Messages.Iova_diffTab.replace("&", "")); //$NON-NLS-1$ //$NON-NLS-2$
        TableViewer dv = viewer(tabs);
        Function<Object, String> changeTip = o -> tip((IovaDiff.Change) o);
        column(dv, Messages.Column_change, false, o -> change((IovaDiff.Change) o), changeTip);
        column(dv, Messages.Column_iova, true, o -> Hex.of(((IovaDiff.Change) o).iova()), changeTip);
        column(dv, Messages.Column_pa, true, o -> side((IovaDiff.Change) o, Mapping::pa), changeTip);
        column(dv, Messages.Column_size, true, o -> side((IovaDiff.Change) o, Mapping::size), changeTip);
        column(dv, Messages.Column_perms, false, o -> perms((IovaDiff.Change) o), changeTip);
        ColumnFit.install(dv.getTable(), 2, 4, 3);
        dt.setControl(dv.getControl());
        diff = dv;
        tabs.setSelection(0);
        session.register(this);
        session.addListener(listener);
        refresh();
    }

    private static String change(IovaDiff.Change c) {
        return switch (c.kind()) {
        case ADDED -> Messages.Iova_added;
        case REMOVED -> Messages.Iova_removed;
        case CHANGED -> Messages.Iova_changed;
        };
    }

    private static String perms(IovaDiff.Change c) {
        Mapping m = c.after() != null ? c.after() : c.before();
        return m == null ? "" : IommuProt.describe(m.perms()); //$NON-NLS-1$
    }

    /** Every column of a mapping in one text: the tooltip of its row, whatever columns the width shows. */
    private static String tip(Mapping m) {
        return Messages.bind(Messages.Iova_mappingTip, new Object[] { Hex.of(m.iova()), Hex.of(m.pa()), Hex.of(m.size()),
                pageSizes(m.pageSizes()), IommuProt.describe(m.perms()) });
    }

    private static String tip(IovaDiff.Change c) {
        return Messages.bind(Messages.Iova_changeTip, new Object[] { change(c), Hex.of(c.iova()), side(c, Mapping::pa),
                side(c, Mapping::size), perms(c) });
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

    /** A size in few characters: {@code 2M}, {@code 12K}; hex when it is not a whole number of KiB (the tooltip has the hex). */
    static String size(long size) {
        if (size != 0 && size % (1L << 30) == 0) {
            return (size >>> 30) + "G"; //$NON-NLS-1$
        }
        if (size != 0 && size % (1L << 20) == 0) {
            return (size >>> 20) + "M"; //$NON-NLS-1$
        }
        if (size != 0 && size % (1L << 10) == 0) {
            return (size >>> 10) + "K"; //$NON-NLS-1$
        }
        return Hex.of(size);
    }

    static String pageSizes(long bitmap) {
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((bitmap & (1L << bit)) != 0) {
                s.append(s.length() == 0 ? "" : ", ").append(size(1L << bit)); //$NON-NLS-1$ //$NON-NLS-2$
            }
        }
        return s.toString();
    }

    private static TableViewer viewer(Composite parent) {
        TableViewer v = new TableViewer(parent, SWT.FULL_SELECTION | SWT.V_SCROLL);
        v.getTable().setHeaderVisible(true);
        v.getTable().setLinesVisible(true);
        v.setContentProvider(ArrayContentProvider.getInstance());
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(v);
        return v;
    }

    private static void column(TableViewer v, String title, boolean number, Function<Object, String> text,
            Function<Object, String> tip) {
        TableViewerColumn c = new TableViewerColumn(v, SWT.LEFT);
        c.getColumn().setText(title);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }

            @Override
            public org.eclipse.swt.graphics.@Nullable Font getFont(Object element) {
                return number ? org.eclipse.jface.resource.JFaceResources.getTextFont() : null;
            }

            @Override
            public String getToolTipText(Object element) {
                return tip.apply(element);
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
        Text steps = walkSteps;
        if (r == null || steps == null) {
            return;
        }
        showSteps(List.of());
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
        showSteps(w.steps().stream().map(Walk.Step::toString).toList());
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
            if (r != null) {
                r.setText(""); //$NON-NLS-1$
                showSteps(List.of());
            }
        }
        shown = in == null ? List.of() : in.mappings();
        t.setText(in == null ? Messages.Iova_noDomain
                : Messages.bind(Messages.Iova_domain, in.label())
                        + (base == null ? "" : "   " + Messages.bind(Messages.Iova_compare, base.label()))); //$NON-NLS-1$ //$NON-NLS-2$
        tv.setInput(shown);
        dv.setInput(in == null || base == null ? List.of() : IovaDiff.compare(base.mappings(), shown));
        ColumnFit.fit(tv.getTable(), 4, 4, 3, 2);
        ColumnFit.fit(dv.getTable(), 2, 4, 3);
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
        return (r == null ? "" : r.getText()) + "\n" + String.join("\n", walkLines); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
    }

    private void showSteps(List<String> lines) {
        walkLines = lines;
        Text s = walkSteps;
        if (s != null && !s.isDisposed()) {
            s.setText(String.join(System.lineSeparator(), lines));
            boolean show = !lines.isEmpty(); // no empty box before the first walk
            if (s.getVisible() != show) {
                s.setVisible(show);
                ((GridData) s.getLayoutData()).exclude = !show;
                s.getParent().layout();
            }
        }
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
