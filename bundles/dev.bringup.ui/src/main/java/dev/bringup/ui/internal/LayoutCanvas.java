package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Severity;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.firmware.TableEditException;
import dev.bringup.model.Master;
import dev.bringup.model.Soc;
import dev.bringup.ui.internal.layout.AddressLayout;
import dev.bringup.ui.internal.layout.AddressLayout.Finding;
import dev.bringup.ui.internal.layout.AddressLayout.Link;
import dev.bringup.ui.internal.layout.Axis;
import dev.bringup.ui.internal.layout.Block;
import dev.bringup.ui.internal.layout.Block.Kind;
import dev.bringup.ui.internal.layout.Block.Lane;
import dev.bringup.ui.internal.layout.FirmwareBlocks;

/**
 * The address-space picture of the firmware layout editor, drawn with SWT GC: the processor's
 * device addresses (da) on the left, physical addresses (pa) on the right, bands between them for
 * the mappings. Zoom with Ctrl+wheel or +/-, scroll with the wheel, the scroll bar or the keys;
 * drag a resource-table entry to move it (its bottom edge to resize it), snapped to 4 KiB, or
 * select it with Tab and move it with Alt+Up/Down (Alt+Shift to resize). Only the visible range is
 * painted: the layout is computed once per change and queried by binary search.
 */
public final class LayoutCanvas extends Canvas {

    static final int HEADER = 38;
    private static final int MARGIN = 8;
    private static final int AXIS_LABELS = 86;

    private final FirmwareDocument doc;
    private @Nullable Soc soc;
    private AddressLayout layout;
    private List<Diagnostic> unplaced = List.of();
    private double zoom = 1;
    private int scrollY;
    private @Nullable Block selected;
    private @Nullable Block hover;
    private @Nullable Drag drag;
    private final Runnable onChange = this::relayout;
    private java.util.function.Consumer<String> statusListener = t -> {
    };

    /** Receives {@link #statusText()} whenever it changes. */
    public void setStatusListener(java.util.function.Consumer<String> listener) {
        statusListener = listener;
        listener.accept(statusText());
    }
    private final List<Color> colors = new ArrayList<>();
    private final Color[] kindFill = new Color[Kind.values().length];
    private final Color fg;
    private final Color grey;
    private final Color error;
    private final Color warning;
    private final Color band;
    private final Color gapFill;
    private final Color selection;

    private record Drag(Block block, boolean resize, int grabDy, long newStart, long newEnd) {
    }

    public LayoutCanvas(Composite parent, FirmwareDocument doc, @Nullable Soc soc) {
        super(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        this.doc = doc;
        this.soc = soc;
        int[][] rgb = { { 0xb8, 0xd4, 0xf0 }, { 0xd8, 0xe8, 0xc8 }, { 0xee, 0xee, 0xf6 }, { 0xf6, 0xc9, 0x8a },
                { 0xc9, 0xb8, 0xe8 }, { 0xf4, 0xe3, 0x8c }, { 0xa8, 0xe0, 0xd8 }, { 0xe0, 0xe0, 0xe0 }, { 0xcf, 0xe3, 0xcf },
                { 0xe9, 0xcf, 0xcf }, { 0xf6, 0xd9, 0xb0 } };
        for (Kind k : Kind.values()) {
            kindFill[k.ordinal()] = color(rgb[k.ordinal()]);
        }
        fg = color(new int[] { 0x20, 0x20, 0x20 });
        grey = color(new int[] { 0x80, 0x80, 0x80 });
        error = color(new int[] { 0xd0, 0x10, 0x10 });
        warning = color(new int[] { 0xe0, 0x80, 0x00 });
        band = color(new int[] { 0x60, 0x90, 0xd0 });
        gapFill = color(new int[] { 0xf4, 0xf4, 0xf4 });
        selection = color(new int[] { 0x10, 0x40, 0xc0 });
        layout = compute();
        doc.addListener(onChange);
        addPaintListener(e -> paint(e.gc, getClientArea().width, scrollY, getClientArea().height, true));
        addListener(SWT.Resize, e -> updateScrollBar());
        getVerticalBar().addListener(SWT.Selection, e -> {
            scrollY = getVerticalBar().getSelection();
            redraw();
        });
        addListener(SWT.MouseWheel, this::wheel);
        addListener(SWT.MouseDown, this::mouseDown);
        addListener(SWT.MouseMove, this::mouseMove);
        addListener(SWT.MouseUp, this::mouseUp);
        addListener(SWT.KeyDown, this::key);
        addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_TAB_NEXT || e.detail == SWT.TRAVERSE_TAB_PREVIOUS) {
                e.doit = false;
                cycleSelection(e.detail == SWT.TRAVERSE_TAB_NEXT ? 1 : -1);
            }
        });
        addListener(SWT.Dispose, e -> {
            doc.removeListener(onChange);
            colors.forEach(Color::dispose);
        });
        getAccessible();
    }

    private Color color(int[] c) {
        Color col = new Color(getDisplay(), new RGB(c[0], c[1], c[2]));
        colors.add(col);
        return col;
    }

    /** Shows the layout as the processor of {@code newSoc} that runs this firmware sees it. */
    public void setSoc(@Nullable Soc newSoc) {
        this.soc = newSoc;
        relayout();
    }

    private AddressLayout compute() {
        List<Block> blocks = new ArrayList<>(FirmwareBlocks.of(doc.firmware().elf(), doc.table(), doc.processor()));
        Soc s = soc;
        if (s != null && doc.processor() != null) {
            blocks.addAll(FirmwareBlocks.of(s, doc.processor()));
        }
        AddressLayout l = AddressLayout.compute(blocks, zoom, 0);
        unplaced = l.attach(doc.diagnostics());
        return l;
    }

    /** Computes the layout again (after an edit, a zoom or another SoC) and repaints. */
    public void relayout() {
        if (isDisposed()) {
            return;
        }
        Block sel = selected;
        layout = compute();
        selected = sel == null ? null : find(sel.entry(), sel.vring());
        hover = null;
        updateScrollBar();
        redraw();
        statusListener.accept(statusText());
    }

    private void updateScrollBar() {
        ScrollBar bar = getVerticalBar();
        int view = Math.max(1, getClientArea().height - HEADER);
        int total = (int) Math.ceil(layout.height()) + 2 * MARGIN;
        bar.setMaximum(Math.max(total, 1));
        bar.setThumb(Math.min(view, Math.max(total, 1)));
        bar.setPageIncrement(view);
        bar.setIncrement(24);
        scrollY = Math.max(0, Math.min(scrollY, Math.max(0, total - view)));
        bar.setSelection(scrollY);
    }

    public AddressLayout layoutModel() {
        return layout;
    }

    public double zoom() {
        return zoom;
    }

    /** Sets the zoom (0.25 .. 64), keeping the address at the top of the view in place. */
    public void setZoom(double z) {
        double nz = Math.max(0.25, Math.min(64, z));
        if (nz == zoom) {
            return;
        }
        long top = layout.axis(Lane.DA).addressAt(scrollY);
        zoom = nz;
        layout = compute();
        scrollY = (int) layout.axis(Lane.DA).yOf(top);
        updateScrollBar();
        redraw();
        statusListener.accept(statusText());
    }

    public int scrollY() {
        return scrollY;
    }

    public void scrollTo(int y) {
        scrollY = y;
        updateScrollBar();
        redraw();
    }

    public @Nullable Block selected() {
        return selected;
    }

    /** Selects the block of a resource-table entry (and vring, or -1) and scrolls it into view. */
    public boolean selectEntry(int entry, int vring) {
        Block b = find(entry, vring);
        if (b == null && vring < 0) {
            b = find(entry, 0);
        }
        selected = b;
        if (b != null) {
            reveal(b);
        }
        redraw();
        return b != null;
    }

    private @Nullable Block find(int entry, int vring) {
        for (Block b : layout.column(Lane.DA, Kind.CARVEOUT.column())) {
            if (b.entry() == entry && b.vring() == vring) {
                return b;
            }
        }
        return null;
    }

    private void reveal(Block b) {
        Axis axis = layout.axis(b.lane());
        int y0 = (int) axis.yOf(b.start());
        int view = getClientArea().height - HEADER - 2 * MARGIN;
        if (y0 < scrollY || y0 > scrollY + view) {
            scrollY = Math.max(0, y0 - view / 3);
            updateScrollBar();
        }
    }

    // ---- geometry

    /** Room between the lanes for the mapping bands. */
    private static final int BANDS = 36;

    private int laneX(Lane lane, int width) {
        return lane == Lane.DA ? AXIS_LABELS : AXIS_LABELS + laneWidth(Lane.DA, width) + BANDS + AXIS_LABELS;
    }

    /** The da lane has five columns, the pa lane three: 60 % and 40 % of the room left by the axes. */
    private int laneWidth(Lane lane, int width) {
        int room = Math.max(300, width - 2 * AXIS_LABELS - BANDS - MARGIN);
        return lane == Lane.DA ? room * 6 / 10 : room - room * 6 / 10;
    }

    private int laneWidth(int width) {
        return laneWidth(Lane.DA, width);
    }

    private static final double[] DA_COLS = { 0.09, 0.22, 0.24, 0.33, 0.12 };
    private static final double[] PA_COLS = { 0.30, 0.35, 0.35 };

    private int[] columnSpan(Lane lane, int column, int width) {
        double[] cols = lane == Lane.DA ? DA_COLS : PA_COLS;
        int x = laneX(lane, width);
        int w = laneWidth(lane, width);
        double from = 0;
        for (int i = 0; i < column; i++) {
            from += cols[i];
        }
        return new int[] { x + (int) (from * w), (int) (cols[column] * w) - 2 };
    }

    /** The block's rectangle in control coordinates (as currently scrolled). */
    public Rectangle bounds(Block b) {
        int width = getClientArea().width;
        Axis axis = layout.axis(b.lane());
        int[] span = columnSpan(b.lane(), b.kind().column(), width);
        int y0 = (int) Math.round(axis.yOf(b.start())) - scrollY + HEADER + MARGIN;
        int y1 = (int) Math.round(axis.yOf(b.end())) - scrollY + HEADER + MARGIN;
        return new Rectangle(span[0], y0, span[1], Math.max(2, y1 - y0));
    }

    /** The innermost block under a point in control coordinates, or null. */
    public @Nullable Block blockAt(int x, int y) {
        int width = getClientArea().width;
        double ay = y - HEADER - MARGIN + scrollY;
        for (Lane lane : Lane.values()) {
            for (int c = 0; c < Block.columns(lane); c++) {
                int[] span = columnSpan(lane, c, width);
                if (x < span[0] || x >= span[0] + span[1]) {
                    continue;
                }
                Block[] best = { null };
                layout.visible(lane, c, ay - 1, ay + 1, b -> {
                    Block cur = best[0];
                    if (cur == null || Long.compareUnsigned(b.size(), cur.size()) < 0) {
                        best[0] = b;
                    }
                });
                return best[0];
            }
        }
        return null;
    }

    // ---- painting

    /**
     * Paints the content rows {@code [top, top + height)} of the layout, plus the header when
     * {@code header} is set, onto {@code gc} whose origin is the control's origin.
     */
    private void paint(GC gc, int width, int top, int height, boolean header) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(0, 0, width, height + (header ? 0 : HEADER));
        gc.setForeground(fg);
        int fontH = gc.getFontMetrics().getHeight();
        int dy = HEADER + MARGIN - top;
        double vTop = top - MARGIN;
        double vBottom = top + height;
        gc.setAntialias(SWT.ON);
        for (Lane lane : Lane.values()) {
            paintGaps(gc, lane, width, dy, vTop, vBottom, fontH);
        }
        paintLinks(gc, width, dy, vTop, vBottom);
        for (Lane lane : Lane.values()) {
            for (int c = 0; c < Block.columns(lane); c++) {
                paintColumn(gc, lane, c, width, dy, vTop, vBottom, fontH);
            }
            paintAxisLabels(gc, lane, width, dy, vTop, vBottom, fontH);
        }
        Drag d = drag;
        if (d != null) {
            Axis axis = layout.axis(Lane.DA);
            int[] span = columnSpan(Lane.DA, d.block().kind().column(), width);
            int y0 = (int) axis.yOf(d.newStart()) + dy;
            int y1 = (int) axis.yOf(d.newEnd()) + dy;
            gc.setLineStyle(SWT.LINE_DASH);
            gc.setForeground(selection);
            gc.setLineWidth(2);
            gc.drawRectangle(span[0], y0, span[1], Math.max(2, y1 - y0));
            gc.drawText(Hex.of(d.newStart()) + " +" + Hex.of(d.newEnd() - d.newStart()), span[0] + 4, y0 + 2, false);
            gc.setLineStyle(SWT.LINE_SOLID);
            gc.setLineWidth(1);
        }
        if (header) {
            paintHeader(gc, width, fontH);
        }
    }

    private void paintHeader(GC gc, int width, int fontH) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(0, 0, width, HEADER);
        gc.setForeground(fg);
        Master m = doc.processor();
        String daTitle = m == null ? Messages.Layout_daTitleNone : Messages.bind(Messages.Layout_daTitle, m.getName());
        drawClipped(gc, daTitle, 4, 1, laneX(Lane.DA, width) + laneWidth(Lane.DA, width));
        drawClipped(gc, Messages.Layout_paTitle, laneX(Lane.PA, width) - AXIS_LABELS + 2, 1,
                laneWidth(Lane.PA, width) + AXIS_LABELS);
        String[] daCols = { Messages.Layout_colSegments, Messages.Layout_colSections, Messages.Layout_colSymbols,
                Messages.Layout_colResources, Messages.Layout_colIommu };
        String[] paCols = { Messages.Layout_colMemory, Messages.Layout_colReserved, Messages.Layout_colMapped };
        gc.setForeground(grey);
        for (int c = 0; c < daCols.length; c++) {
            int[] s = columnSpan(Lane.DA, c, width);
            drawClipped(gc, daCols[c], s[0], 2 + fontH, s[1]);
        }
        for (int c = 0; c < paCols.length; c++) {
            int[] s = columnSpan(Lane.PA, c, width);
            drawClipped(gc, paCols[c], s[0], 2 + fontH, s[1]);
        }
        gc.drawLine(0, HEADER - 1, width, HEADER - 1);
    }

    /** Entries whose da is FW_RSC_ADDR_ANY: the host places them at boot, so they are only in the table. */
    private int hostPlaced() {
        ResourceTable t = doc.table();
        int n = 0;
        if (t != null) {
            for (ResourceEntry e : t.entries()) {
                if (e instanceof ResourceEntry.MemoryEntry m && m.da() == ResourceEntry.FW_RSC_ADDR_ANY
                        || e instanceof ResourceEntry.Trace tr && tr.da() == ResourceEntry.FW_RSC_ADDR_ANY) {
                    n++;
                } else if (e instanceof ResourceEntry.Vdev v) {
                    n += (int) v.vrings().stream().filter(r -> r.da() == ResourceEntry.FW_RSC_ADDR_ANY).count();
                }
            }
        }
        return n;
    }

    /** The status line of the picture: zoom, and how many findings have no address. */
    public String statusText() {
        String z = Messages.bind(Messages.Layout_zoom, Math.round(zoom * 100));
        int anywhere = hostPlaced();
        if (anywhere > 0) {
            z = Messages.bind(Messages.Layout_hostPlaced, anywhere) + "   " + z; //$NON-NLS-1$
        }
        return unplaced.isEmpty() ? z : Messages.bind(Messages.Layout_unplaced, unplaced.size()) + "   " + z; //$NON-NLS-1$
    }

    private void paintGaps(GC gc, Lane lane, int width, int dy, double vTop, double vBottom, int fontH) {
        Axis axis = layout.axis(lane);
        int x = laneX(lane, width);
        int w = laneWidth(lane, width);
        for (int i = Math.max(0, axis.floorIndexForY(vTop)); i + 1 < axis.size(); i++) {
            if (axis.yOfPoint(i) > vBottom) {
                break;
            }
            if (!axis.isGap(i)) {
                continue;
            }
            double y0 = axis.yOfPoint(i);
            double y1 = axis.yOfPoint(i + 1);
            if (y1 < vTop || y0 > vBottom) {
                continue;
            }
            gc.setBackground(gapFill);
            gc.fillRectangle(x, (int) y0 + dy, w, (int) (y1 - y0));
            if (y1 - y0 >= fontH) {
                gc.setForeground(grey);
                gc.drawText(Messages.bind(Messages.Layout_gap, Hex.of(axis.point(i + 1) - axis.point(i))), x + 4,
                        (int) y0 + dy + (int) (y1 - y0 - fontH) / 2, true);
            }
        }
    }

    private void paintLinks(GC gc, int width, int dy, double vTop, double vBottom) {
        Axis da = layout.axis(Lane.DA);
        Axis pa = layout.axis(Lane.PA);
        int x0 = laneX(Lane.DA, width) + laneWidth(Lane.DA, width);
        int x1 = laneX(Lane.PA, width);
        gc.setAlpha(60);
        gc.setBackground(band);
        for (Link l : layout.links()) {
            Block b = l.from();
            double a0 = da.yOf(b.start());
            double a1 = da.yOf(b.end());
            double p0 = pa.yOf(l.pa());
            double p1 = pa.yOf(l.pa() + l.size());
            if (Math.max(a1, p1) < vTop || Math.min(a0, p0) > vBottom) {
                continue;
            }
            gc.fillPolygon(new int[] { x0, (int) a0 + dy, x1, (int) p0 + dy, x1, (int) Math.max(p1, p0 + 1) + dy, x0,
                    (int) Math.max(a1, a0 + 1) + dy });
        }
        gc.setAlpha(255);
    }

    private void paintColumn(GC gc, Lane lane, int column, int width, int dy, double vTop, double vBottom, int fontH) {
        Axis axis = layout.axis(lane);
        int[] span = columnSpan(lane, column, width);
        int[] lastLabelBottom = { Integer.MIN_VALUE };
        layout.visible(lane, column, vTop, vBottom, b -> {
            int y0 = (int) Math.round(axis.yOf(b.start())) + dy;
            int y1 = (int) Math.round(axis.yOf(b.end())) + dy;
            int h = Math.max(2, y1 - y0);
            gc.setBackground(kindFill[b.kind().ordinal()]);
            gc.fillRectangle(span[0], y0, span[1], h);
            List<Finding> fs = layout.findings(b);
            Severity worst = fs.stream().map(Finding::severity).min(Enum::compareTo).orElse(null);
            Block sel = selected;
            boolean isSel = sel != null && sel.entry() == b.entry() && sel.vring() == b.vring() && b.entry() >= 0
                    && b.lane() == Lane.DA;
            gc.setForeground(worst == Severity.ERROR ? error : worst == Severity.WARNING ? warning : isSel ? selection : grey);
            gc.setLineWidth(worst != null || isSel ? 2 : 1);
            gc.drawRectangle(span[0], y0, span[1], h);
            gc.setLineWidth(1);
            if (worst != null) {
                gc.setBackground(worst == Severity.ERROR ? error : warning);
                gc.fillOval(span[0] + span[1] - 9, y0 + 2, 7, 7);
            }
            if (b.lane() == Lane.DA && b.pa() == null && b.kind().isEditable() && !b.note().isEmpty() && h > 6) {
                gc.setForeground(warning);
                gc.drawText("?", span[0] + span[1] - 20, y0 + 1, true); // unmapped: pa unknown before boot
            }
            // labels: only where there is room, and not over the previous label of the column
            if (h >= fontH && y0 >= lastLabelBottom[0]) {
                gc.setForeground(fg);
                int ty = Math.max(y0 + 1, Math.min((int) vTop + dy, y1 - fontH));
                drawClipped(gc, b.name(), span[0] + 3, ty, span[1] - 14);
                lastLabelBottom[0] = ty + fontH;
                if (h >= 2 * fontH + 2 && (b.kind().column() >= 3 || b.lane() == Lane.PA || b.kind() == Kind.SEGMENT)) {
                    gc.setForeground(grey);
                    drawClipped(gc, Hex.of(b.start()) + " +" + Hex.of(b.size()), span[0] + 3, ty + fontH, span[1] - 6);
                    lastLabelBottom[0] = ty + 2 * fontH;
                }
            }
        });
    }

    private void paintAxisLabels(GC gc, Lane lane, int width, int dy, double vTop, double vBottom, int fontH) {
        Axis axis = layout.axis(lane);
        int x = lane == Lane.DA ? 2 : laneX(Lane.PA, width) - AXIS_LABELS + 2;
        int lastBottom = Integer.MIN_VALUE;
        gc.setForeground(grey);
        int from = Math.max(0, axis.floorIndexForY(vTop));
        for (int i = from; i < axis.size(); i++) {
            double y = axis.yOfPoint(i);
            if (y > vBottom) {
                break;
            }
            int ty = (int) y + dy - fontH / 2;
            if (ty >= lastBottom) {
                gc.drawText(Hex.of(axis.point(i), 8), x, ty, true);
                lastBottom = ty + fontH;
            }
        }
    }

    private static void drawClipped(GC gc, String text, int x, int y, int width) {
        if (width <= 4) {
            return;
        }
        String t = text;
        if (gc.textExtent(t).x > width) {
            int avg = Math.max(1, gc.getFontMetrics().getAverageCharacterWidth() > 0
                    ? (int) gc.getFontMetrics().getAverageCharacterWidth() : 7);
            int n = Math.max(0, width / avg - 1);
            if (n < 4) {
                return;
            }
            t = text.substring(0, Math.min(text.length(), n - 1)) + "\u2026";
        }
        gc.drawText(t, x, y, true);
    }

    // ---- tooltip text

    /** The tooltip of a block: what it is, where, where it maps, and every finding on it. */
    public String describe(Block b) {
        StringBuilder s = new StringBuilder();
        s.append(b.name()).append(" (").append(b.kind().name().toLowerCase(java.util.Locale.ROOT)).append(")\n");
        s.append(b.lane() == Lane.DA ? "da " : "pa ").append(Hex.of(b.start())).append(" .. ").append(Hex.of(b.end()))
                .append(", ").append(Hex.of(b.size())).append(" bytes");
        Long pa = b.pa();
        if (pa != null) {
            s.append("\npa ").append(Hex.of(pa));
        }
        if (!b.note().isEmpty()) {
            s.append('\n').append(b.note());
        }
        for (Finding f : layout.findings(b)) {
            s.append("\n\n").append(f.severity().label().toUpperCase(java.util.Locale.ROOT)).append(": ").append(f.message());
        }
        return s.toString();
    }

    // ---- input

    private void wheel(Event e) {
        if ((e.stateMask & SWT.MOD1) != 0) {
            setZoom(zoom * (e.count > 0 ? 1.25 : 0.8));
        } else {
            scrollTo(scrollY - e.count * 16);
        }
        e.doit = false;
    }

    private void key(Event e) {
        boolean alt = (e.stateMask & SWT.ALT) != 0;
        boolean shift = (e.stateMask & SWT.SHIFT) != 0;
        int view = getClientArea().height - HEADER;
        switch (e.keyCode) {
        case '+', '=', SWT.KEYPAD_ADD -> setZoom(zoom * 1.25);
        case '-', SWT.KEYPAD_SUBTRACT -> setZoom(zoom * 0.8);
        case '0' -> setZoom(1);
        case SWT.PAGE_DOWN -> scrollTo(scrollY + view);
        case SWT.PAGE_UP -> scrollTo(scrollY - view);
        case SWT.HOME -> scrollTo(0);
        case SWT.END -> scrollTo(Integer.MAX_VALUE / 2);
        case SWT.ARROW_UP, SWT.ARROW_DOWN -> {
            int dir = e.keyCode == SWT.ARROW_UP ? -1 : 1;
            Block sel = selected;
            if (alt && sel != null && sel.kind().isEditable()) {
                long step = dir * AddressLayout.PAGE;
                if (shift) {
                    commit(sel, sel.start(), Math.max(sel.start() + AddressLayout.PAGE, sel.end() + step), true);
                } else {
                    commit(sel, sel.start() + step, sel.end() + step, false);
                }
            } else {
                scrollTo(scrollY + dir * 24);
            }
        }
        default -> {
            return;
        }
        }
        e.doit = false;
    }

    private void cycleSelection(int dir) {
        Block[] col = layout.column(Lane.DA, Kind.CARVEOUT.column());
        if (col.length == 0) {
            return;
        }
        int at = -1;
        for (int i = 0; i < col.length; i++) {
            if (col[i] == selected) {
                at = i;
            }
        }
        selected = col[Math.floorMod(at + dir, col.length)];
        reveal(selected);
        setToolTipText(describe(selected));
        redraw();
    }

    private void mouseDown(Event e) {
        if (e.button != 1) {
            return;
        }
        setFocus();
        Block b = blockAt(e.x, e.y);
        selected = b != null && b.lane() == Lane.DA && b.entry() >= 0 ? b : selected;
        if (b != null && b.lane() == Lane.DA && b.kind().isEditable()) {
            Rectangle r = bounds(b);
            boolean resize = b.kind() != Kind.VRING && e.y >= r.y + r.height - 4 && r.height >= 8;
            drag = new Drag(b, resize, e.y - r.y, b.start(), b.end());
        }
        redraw();
    }

    private void mouseMove(Event e) {
        Drag d = drag;
        if (d == null) {
            Block b = blockAt(e.x, e.y);
            if (!Objects.equals(b, hover)) {
                hover = b;
                setToolTipText(b == null ? null : describe(b));
            }
            return;
        }
        Axis axis = layout.axis(Lane.DA);
        double contentY = e.y - HEADER - MARGIN + scrollY;
        Block b = d.block();
        Rectangle r = bounds(b);
        // the axis is logarithmic: where small sections crowd, many pixels are few bytes; a pointer
        // moved by 8 pixels or more always moves the edge by at least one page
        int pixels = d.resize() ? e.y - (r.y + r.height) : e.y - d.grabDy() - r.y;
        if (d.resize()) {
            long end = atLeastAPage(AddressLayout.snap(axis.addressAt(contentY)), b.end(), pixels);
            end = Long.compareUnsigned(end, b.start() + AddressLayout.PAGE) < 0 ? b.start() + AddressLayout.PAGE : end;
            drag = new Drag(b, true, d.grabDy(), b.start(), end);
        } else {
            long start = atLeastAPage(AddressLayout.snap(axis.addressAt(contentY - d.grabDy())), b.start(), pixels);
            drag = new Drag(b, false, d.grabDy(), start, start + b.size());
        }
        redraw();
    }

    private static long atLeastAPage(long snapped, long original, int pixels) {
        if (Math.abs(pixels) < 8 || snapped != AddressLayout.snap(original)) {
            return snapped;
        }
        long base = original & ~(AddressLayout.PAGE - 1);
        return pixels > 0 ? base + AddressLayout.PAGE : base == original ? base - AddressLayout.PAGE : base;
    }

    private void mouseUp(Event e) {
        Drag d = drag;
        drag = null;
        if (d == null) {
            return;
        }
        if (d.newStart() != d.block().start() || d.newEnd() != d.block().end()) {
            commit(d.block(), d.newStart(), d.newEnd(), d.resize());
        }
        redraw();
    }

    /** Moves or resizes an entry's block to {@code [start, end)} as one undoable edit. */
    public void commit(Block b, long start, long end, boolean resize) {
        String sel = "entry[" + b.entry() + "]" + (b.vring() >= 0 ? ".vrings[" + b.vring() + "]" : "");
        List<String> edits = new ArrayList<>();
        if (resize) {
            edits.add(sel + ".len=" + Hex.of(end - start));
        } else {
            edits.add(sel + ".da=" + Hex.of(start));
            Master m = doc.processor();
            Long pa = b.pa();
            if (pa != null && m != null && pa.equals(FirmwareBlocks.paOf(m, b.start())) && b.kind() != Kind.DEVMEM) {
                Long newPa = FirmwareBlocks.paOf(m, start);
                if (newPa != null) {
                    edits.add(sel + ".pa=" + Hex.of(newPa));
                }
            }
        }
        try {
            doc.edit(Messages.bind(resize ? Messages.Edit_resize : Messages.Edit_move, b.name()), edits);
        } catch (TableEditException ex) {
            Status.show(getShell(), Messages.Error_editTitle, ex.getMessage());
        }
    }

    /**
     * Writes the whole picture (at most 16,000 pixels high; else the visible part) to a PNG file.
     */
    public void exportPng(String file) {
        int width = Math.max(800, getClientArea().width);
        int contentH = (int) Math.ceil(layout.height()) + 2 * MARGIN;
        boolean whole = contentH <= 16_000;
        int top = whole ? 0 : scrollY;
        int h = whole ? contentH : Math.max(1, getClientArea().height - HEADER);
        Image image = new Image(getDisplay(), width, h + HEADER);
        GC gc = new GC(image);
        try {
            gc.setFont(getFont());
            paint(gc, width, top, h, true);
        } finally {
            gc.dispose();
        }
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file, SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
    }

    /** Diagnostics of the document that no block could show. */
    public List<Diagnostic> unplaced() {
        return unplaced;
    }
}
