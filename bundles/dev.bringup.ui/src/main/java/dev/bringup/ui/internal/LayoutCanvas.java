package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Severity;
import dev.bringup.firmware.TableEditException;
import dev.bringup.model.Master;
import dev.bringup.model.Soc;
import dev.bringup.ui.SelectedRange;
import dev.bringup.ui.StepState;
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

    private static final int MARGIN = 8;
    /** Room between the lanes for the mapping bands. */
    private static final int BANDS = 30;
    /** How far (pixels) from an empty block's line the pointer still finds it. */
    private static final int MARKER_REACH = 3;
    /** Widest a box of the allocated-at-boot strip gets. */
    private static final int ALLOC_BOX = 200;

    private final FirmwareDocument doc;
    private final BringupSession session;
    private @Nullable Soc soc;
    private AddressLayout layout;
    private List<Diagnostic> unplaced = List.of();
    private @Nullable StepState step;
    private double zoom = 1;
    private int scrollY;
    private @Nullable Block selected;
    private @Nullable String hoverText;
    private @Nullable Drag drag;
    private final Runnable onChange = this::relayout;
    private final Runnable onSession = this::sessionChanged;
    private java.util.function.Consumer<String> statusListener = t -> {
    };
    /** Line height and axis-label width of the control's font. */
    private final int fontH;
    private final int axisW;

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
    private final Color[] changeColor = new Color[StepState.Change.values().length];

    private record Drag(Block block, boolean resize, int grabDy, long newStart, long newEnd) {
    }

    public LayoutCanvas(Composite parent, FirmwareDocument doc, @Nullable Soc soc, BringupSession session) {
        super(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        this.doc = doc;
        this.soc = soc;
        this.session = session;
        this.step = ownStep();
        int[][] rgb = { { 0xb8, 0xd4, 0xf0 }, { 0xd8, 0xe8, 0xc8 }, { 0xee, 0xee, 0xf6 }, { 0xf6, 0xc9, 0x8a },
                { 0xc9, 0xb8, 0xe8 }, { 0xf4, 0xe3, 0x8c }, { 0xa8, 0xe0, 0xd8 }, { 0xe0, 0xe0, 0xe0 }, { 0xcf, 0xe3, 0xcf },
                { 0xe9, 0xcf, 0xcf }, { 0xf6, 0xd9, 0xb0 } };
        for (Kind k : Kind.values()) {
            kindFill[k.ordinal()] = color(rgb[k.ordinal()]);
        }
        fg = color(new int[] { 0x20, 0x20, 0x20 });
        grey = color(new int[] { 0x70, 0x70, 0x70 });
        error = color(new int[] { 0xd0, 0x10, 0x10 });
        warning = color(new int[] { 0xe0, 0x80, 0x00 });
        band = color(new int[] { 0x60, 0x90, 0xd0 });
        gapFill = color(new int[] { 0xf4, 0xf4, 0xf4 });
        selection = color(new int[] { 0x10, 0x40, 0xc0 });
        changeColor[StepState.Change.UNCHANGED.ordinal()] = color(new int[] { 0x90, 0x90, 0x90 });
        changeColor[StepState.Change.ADDED.ordinal()] = color(new int[] { 0x10, 0xa0, 0x30 });
        changeColor[StepState.Change.CHANGED.ordinal()] = color(new int[] { 0xe0, 0x90, 0x00 });
        changeColor[StepState.Change.REMOVED.ordinal()] = color(new int[] { 0xd0, 0x20, 0x20 });
        GC measure = new GC(this);
        try {
            fontH = measure.getFontMetrics().getHeight();
            axisW = measure.textExtent("0x00000000").x + 10; //$NON-NLS-1$
        } finally {
            measure.dispose();
        }
        layout = compute();
        doc.addListener(onChange);
        session.addListener(onSession);
        addPaintListener(e -> paint(e.gc, getClientArea().width, scrollY, getClientArea().height - header(), true));
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
            session.removeListener(onSession);
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

    /** The session's boot step when it boots this editor's firmware, else null. */
    private @Nullable StepState ownStep() {
        StepState st = session.stepState();
        return st != null && st.isFor(doc.path()) ? st : null;
    }

    /** The session changed: a new boot step to draw (from any thread). */
    private void sessionChanged() {
        if (isDisposed()) {
            return;
        }
        getDisplay().asyncExec(() -> {
            if (!isDisposed() && ownStep() != step) {
                relayout();
            }
        });
    }

    private AddressLayout compute() {
        List<Block> blocks = new ArrayList<>(FirmwareBlocks.of(doc.firmware().elf(), doc.table(), doc.processor()));
        Soc s = soc;
        if (s != null && doc.processor() != null) {
            blocks.addAll(FirmwareBlocks.of(s, doc.processor()));
        }
        step = ownStep();
        List<AddressLayout.Range> overlay = new ArrayList<>();
        StepState st = step;
        if (st != null) {
            for (StepState.Region r : st.regions()) {
                if (r.da() != -1 && r.size() > 0) {
                    overlay.add(new AddressLayout.Range(Lane.DA, r.da(), r.size()));
                }
                if (r.pa() != -1 && r.size() > 0) {
                    overlay.add(new AddressLayout.Range(Lane.PA, r.pa(), r.size()));
                }
            }
        }
        AddressLayout l = AddressLayout.compute(blocks, overlay, zoom, 0);
        unplaced = l.attach(doc.diagnostics());
        return l;
    }

    /** Computes the layout again (after an edit, a zoom, another SoC or boot step) and repaints. */
    public void relayout() {
        if (isDisposed()) {
            return;
        }
        Block sel = selected;
        layout = compute();
        selected = sel == null ? null : reselect(sel);
        hoverText = null;
        updateScrollBar();
        redraw();
        statusListener.accept(statusText());
    }

    private @Nullable Block reselect(Block sel) {
        if (sel.entry() >= 0 && sel.lane() == Lane.DA) {
            return layout.entryBlock(sel.entry(), sel.vring());
        }
        return layout.blocks().contains(sel) ? sel : null;
    }

    private void updateScrollBar() {
        ScrollBar bar = getVerticalBar();
        int view = Math.max(1, getClientArea().height - header());
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

    /** The boot step drawn over the lanes, or null. */
    public @Nullable StepState stepState() {
        return step;
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
        Block b = layout.entryBlock(entry, vring);
        if (b == null && vring < 0) {
            b = layout.entryBlock(entry, 0);
        }
        selected = b;
        if (b != null) {
            reveal(b);
        }
        redraw();
        return b != null;
    }

    /** Scrolls so that {@code b} is in view (blocks allocated at boot are always in view). */
    public void reveal(Block b) {
        if (AddressLayout.isAllocatedAtBoot(b)) {
            return;
        }
        Axis axis = layout.axis(b.lane());
        int y0 = (int) axis.yOf(b.start());
        int view = getClientArea().height - header() - 2 * MARGIN;
        if (y0 < scrollY || y0 > scrollY + view) {
            scrollY = Math.max(0, y0 - view / 3);
            updateScrollBar();
        }
    }

    // ---- geometry

    /** Relative widths of the columns; a column with no block gets none. */
    private static final double[] DA_WEIGHTS = { 0.95, 1, 1, 1.25, 0.8 };
    private static final double[] PA_WEIGHTS = { 0.75, 1.1, 1 };

    private double weight(Lane lane, int column) {
        if (layout.column(lane, column).length == 0 && !(lane == Lane.DA && column == Kind.CARVEOUT.column())) {
            return 0; // the resource column stays: entries are dragged there
        }
        return (lane == Lane.DA ? DA_WEIGHTS : PA_WEIGHTS)[column];
    }

    private double laneWeight(Lane lane) {
        double w = 0;
        for (int c = 0; c < Block.columns(lane); c++) {
            w += weight(lane, c);
        }
        return lane == Lane.PA && w == 0 ? 1.2 : w; // an empty physical view keeps room for its explanation
    }

    /** The room the lanes share: the width minus the two axes' labels, the bands and a margin. */
    private int room(int width) {
        return Math.max(300, width - 2 * axisW - BANDS - MARGIN);
    }

    private int laneX(Lane lane, int width) {
        return lane == Lane.DA ? axisW : axisW + laneWidth(Lane.DA, width) + BANDS + axisW;
    }

    private int laneWidth(Lane lane, int width) {
        double da = laneWeight(Lane.DA);
        double pa = laneWeight(Lane.PA);
        int daW = (int) (room(width) * da / (da + pa));
        return lane == Lane.DA ? daW : room(width) - daW;
    }

    private int[] columnSpan(Lane lane, int column, int width) {
        int x = laneX(lane, width);
        int w = laneWidth(lane, width);
        double total = laneWeight(lane);
        double from = 0;
        for (int i = 0; i < column; i++) {
            from += weight(lane, i);
        }
        return new int[] { x + (int) (from / total * w), Math.max(0, (int) (weight(lane, column) / total * w) - 2) };
    }

    /** Height of the header: titles, column names, the boot step's line, the allocated-at-boot strip. */
    public int header() {
        int h = 2 * fontH + 6;
        if (step != null) {
            h += fontH + 4;
        }
        if (!layout.allocatedAtBoot().isEmpty()) {
            h += allocStripHeight();
        }
        return h;
    }

    private int allocStripHeight() {
        return fontH + 2 * fontH + 12;
    }

    private int allocStripTop() {
        return 2 * fontH + 6 + (step != null ? fontH + 4 : 0);
    }

    /** The box of the i-th entry allocated at boot, in control coordinates. */
    private Rectangle allocBox(int i, int width) {
        int n = layout.allocatedAtBoot().size();
        int x = laneX(Lane.DA, width);
        int w = Math.min(ALLOC_BOX, laneWidth(Lane.DA, width) / Math.max(1, n));
        int y = allocStripTop() + fontH + 2;
        return new Rectangle(x + i * w, y, Math.max(4, w - 4), 2 * fontH + 4);
    }

    /** The block's rectangle in control coordinates (as currently scrolled). */
    public Rectangle bounds(Block b) {
        int width = getClientArea().width;
        int i = layout.allocatedAtBoot().indexOf(b);
        if (i >= 0) {
            return allocBox(i, width);
        }
        Axis axis = layout.axis(b.lane());
        int[] span = columnSpan(b.lane(), b.kind().column(), width);
        int y0 = (int) Math.round(axis.yOf(b.start())) - scrollY + header() + MARGIN;
        int y1 = (int) Math.round(axis.yOf(b.end())) - scrollY + header() + MARGIN;
        return new Rectangle(span[0], y0, span[1], Math.max(2, y1 - y0));
    }

    /** The innermost block under a point in control coordinates, or null. */
    public @Nullable Block blockAt(int x, int y) {
        int width = getClientArea().width;
        List<Block> allocated = layout.allocatedAtBoot();
        for (int i = 0; i < allocated.size(); i++) {
            if (allocBox(i, width).contains(x, y)) {
                return allocated.get(i);
            }
        }
        if (y < header()) {
            return null;
        }
        double ay = y - header() - MARGIN + scrollY;
        for (Lane lane : Lane.values()) {
            for (int c = 0; c < Block.columns(lane); c++) {
                int[] span = columnSpan(lane, c, width);
                if (x < span[0] || x >= span[0] + span[1]) {
                    continue;
                }
                // an empty block's line within MARKER_REACH pixels (the nearest), else the smallest block under
                // the pointer, else a block within a pixel of it (a thin one)
                Axis axis = layout.axis(lane);
                Block[] best = { null, null, null };
                double[] markerDistance = { Double.MAX_VALUE };
                layout.visible(lane, c, ay - MARKER_REACH, ay + MARKER_REACH, b -> {
                    double y0 = axis.yOf(b.start());
                    if (b.size() == 0) {
                        double d = Math.abs(y0 - ay);
                        if (d <= MARKER_REACH && d < markerDistance[0]) {
                            markerDistance[0] = d;
                            best[0] = b;
                        }
                        return;
                    }
                    double y1 = axis.yOf(b.end());
                    int i = y0 <= ay && ay < y1 ? 1 : y1 >= ay - 1 && y0 <= ay + 1 ? 2 : -1;
                    if (i > 0 && (best[i] == null || Long.compareUnsigned(b.size(), best[i].size()) < 0)) {
                        best[i] = b;
                    }
                });
                return best[0] != null ? best[0] : best[1] != null ? best[1] : best[2];
            }
        }
        return null;
    }

    /** The boot step's regions drawn under a point (over either lane), in the step's order. */
    public List<StepState.Region> regionsAt(int x, int y) {
        StepState st = step;
        if (st == null || y < header()) {
            return List.of();
        }
        int width = getClientArea().width;
        double ay = y - header() - MARGIN + scrollY;
        List<StepState.Region> out = new ArrayList<>();
        for (Lane lane : Lane.values()) {
            int lx = laneX(lane, width);
            if (x < lx || x >= lx + laneWidth(lane, width)) {
                continue;
            }
            Axis axis = layout.axis(lane);
            long address = axis.addressAt(ay);
            for (StepState.Region r : st.regions()) {
                long start = lane == Lane.DA ? r.da() : r.pa();
                if (start != -1 && r.size() > 0 && Long.compareUnsigned(address - start, r.size()) < 0
                        && Long.compareUnsigned(address, start) >= 0) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    // ---- painting

    /**
     * Paints the content rows {@code [top, top + height)} of the layout, plus the header when
     * {@code header} is set, onto {@code gc} whose origin is the control's origin.
     */
    private void paint(GC gc, int width, int top, int height, boolean header) {
        int head = header();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(0, 0, width, height + head);
        gc.setForeground(fg);
        int dy = head + MARGIN - top;
        double vTop = top - MARGIN;
        double vBottom = top + height;
        gc.setAntialias(SWT.ON);
        for (Lane lane : Lane.values()) {
            paintGaps(gc, lane, width, dy, vTop, vBottom);
        }
        paintLinks(gc, width, dy, vTop, vBottom);
        for (Lane lane : Lane.values()) {
            for (int c = 0; c < Block.columns(lane); c++) {
                if (weight(lane, c) > 0) {
                    paintColumn(gc, lane, c, width, dy, vTop, vBottom);
                }
            }
            paintAxisLabels(gc, lane, width, dy, vTop, vBottom);
        }
        if (laneWeight(Lane.PA) > 0 && Arrays.stream(new int[] { 0, 1, 2 }).allMatch(c -> weight(Lane.PA, c) == 0)) {
            gc.setForeground(grey);
            drawWrapped(gc, Messages.Layout_noPhysical, laneX(Lane.PA, width) + 4, head + MARGIN, laneWidth(Lane.PA, width) - 8);
        }
        paintStep(gc, width, dy, vTop, vBottom);
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
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.drawText(Hex.of(d.newStart()) + " +" + Hex.of(d.newEnd() - d.newStart()), span[0] + 4, y0 + 2, false); //$NON-NLS-1$
            gc.setLineStyle(SWT.LINE_SOLID);
            gc.setLineWidth(1);
        }
        if (header) {
            paintHeader(gc, width);
        }
    }

    private void paintHeader(GC gc, int width) {
        int head = header();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(0, 0, width, head);
        gc.setForeground(fg);
        Master m = doc.processor();
        String daTitle = m == null ? Messages.Layout_daTitleNone : Messages.bind(Messages.Layout_daTitle, m.getName());
        int paLeft = laneX(Lane.PA, width) - axisW + 2;
        drawClipped(gc, daTitle, 4, 1, paLeft - 12);
        drawClipped(gc, Messages.Layout_paTitle, paLeft, 1, width - paLeft - 2);
        String[] daCols = { Messages.Layout_colSegments, Messages.Layout_colSections, Messages.Layout_colSymbols,
                Messages.Layout_colResources, Messages.Layout_colIommu };
        String[] paCols = { Messages.Layout_colMemory, Messages.Layout_colReserved, Messages.Layout_colMapped };
        gc.setForeground(grey);
        for (Lane lane : Lane.values()) {
            String[] names = lane == Lane.DA ? daCols : paCols;
            for (int c = 0; c < names.length; c++) {
                if (weight(lane, c) > 0) {
                    int[] s = columnSpan(lane, c, width);
                    drawClipped(gc, names[c], s[0], 2 + fontH, s[1]);
                }
            }
        }
        StepState st = step;
        int y = 2 * fontH + 6;
        if (st != null) {
            gc.setForeground(fg);
            String title = Messages.bind(Messages.Layout_stepHeader, st.index(), st.name());
            int legendW = 0;
            StepState.Change[] changes = StepState.Change.values();
            for (StepState.Change c : changes) {
                legendW += 14 + gc.textExtent(changeLabel(c)).x + 10;
            }
            drawClipped(gc, title, 4, y, Math.max(0, width - legendW - 12));
            int x = Math.max(4 + gc.textExtent(title).x + 12, width - legendW);
            if (x + legendW <= width) {
                for (StepState.Change c : changes) {
                    gc.setForeground(changeColor[c.ordinal()]);
                    gc.setLineWidth(2);
                    gc.drawRectangle(x, y + fontH / 2 - 4, 9, 9);
                    gc.setLineWidth(1);
                    gc.setForeground(fg);
                    gc.drawText(changeLabel(c), x + 14, y, true);
                    x += 14 + gc.textExtent(changeLabel(c)).x + 10;
                }
            }
            y += fontH + 4;
        }
        List<Block> allocated = layout.allocatedAtBoot();
        if (!allocated.isEmpty()) {
            gc.setForeground(grey);
            drawClipped(gc, Messages.Layout_allocatedTitle, laneX(Lane.DA, width), y, width - laneX(Lane.DA, width) - 4);
            for (int i = 0; i < allocated.size(); i++) {
                Block b = allocated.get(i);
                Rectangle r = allocBox(i, width);
                gc.setBackground(kindFill[b.kind().ordinal()]);
                gc.fillRectangle(r);
                outline(gc, b, r);
                gc.setForeground(fg);
                drawClipped(gc, b.name(), r.x + 3, r.y + 2, r.width - 14);
                gc.setForeground(grey);
                drawIfFits(gc, Messages.bind(Messages.Layout_allocatedSize, Hex.of(b.size())), r.x + 3, r.y + 2 + fontH,
                        r.width - 6);
            }
        }
        gc.setForeground(grey);
        gc.drawLine(0, head - 1, width, head - 1);
    }

    private static String changeLabel(StepState.Change c) {
        return switch (c) {
        case ADDED -> Messages.Layout_changeAdded;
        case CHANGED -> Messages.Layout_changeChanged;
        case REMOVED -> Messages.Layout_changeRemoved;
        case UNCHANGED -> Messages.Layout_changeUnchanged;
        };
    }

    /** Draws the boot step's regions as outlines over the lanes: green added, amber changed, red removed. */
    private void paintStep(GC gc, int width, int dy, double vTop, double vBottom) {
        StepState st = step;
        if (st == null) {
            return;
        }
        for (StepState.Region r : st.regions()) {
            for (Lane lane : Lane.values()) {
                long start = lane == Lane.DA ? r.da() : r.pa();
                if (start == -1 || r.size() <= 0) {
                    continue;
                }
                Axis axis = layout.axis(lane);
                double y0 = axis.yOf(start);
                double y1 = axis.yOf(start + r.size());
                if (y1 < vTop || y0 > vBottom) {
                    continue;
                }
                gc.setForeground(changeColor[r.change().ordinal()]);
                gc.setLineWidth(r.change() == StepState.Change.UNCHANGED ? 1 : 3);
                gc.setLineStyle(r.change() == StepState.Change.REMOVED ? SWT.LINE_DASH
                        : r.change() == StepState.Change.UNCHANGED ? SWT.LINE_DOT : SWT.LINE_SOLID);
                gc.drawRectangle(laneX(lane, width) - 2, (int) y0 + dy - 1, laneWidth(lane, width) + 2,
                        Math.max(3, (int) (y1 - y0) + 2));
                gc.setLineStyle(SWT.LINE_SOLID);
                gc.setLineWidth(1);
            }
        }
    }

    /** The status line of the picture: zoom, and how many findings have no address. */
    public String statusText() {
        String z = Messages.bind(Messages.Layout_zoom, Math.round(zoom * 100));
        return unplaced.isEmpty() ? z : Messages.bind(Messages.Layout_unplaced, unplaced.size()) + "   " + z; //$NON-NLS-1$
    }

    private void paintGaps(GC gc, Lane lane, int width, int dy, double vTop, double vBottom) {
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
                drawIfFits(gc, Messages.bind(Messages.Layout_gap, Hex.of(axis.point(i + 1) - axis.point(i))), x + 4,
                        (int) y0 + dy + (int) (y1 - y0 - fontH) / 2, w - 8);
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
            if (AddressLayout.isAllocatedAtBoot(b)) {
                continue;
            }
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

    /** The border of a block: red or amber with its worst finding, blue when selected. */
    private void outline(GC gc, Block b, Rectangle r) {
        List<Finding> fs = layout.findings(b);
        Severity worst = fs.stream().map(Finding::severity).min(Enum::compareTo).orElse(null);
        boolean isSel = b.equals(selected);
        gc.setForeground(worst == Severity.ERROR ? error : worst == Severity.WARNING ? warning : isSel ? selection : grey);
        gc.setLineWidth(worst != null || isSel ? 2 : 1);
        gc.drawRectangle(r);
        gc.setLineWidth(1);
        if (worst != null) {
            gc.setBackground(worst == Severity.ERROR ? error : warning);
            gc.fillOval(r.x + r.width - 9, r.y + 2, 7, 7);
        }
    }

    private void paintColumn(GC gc, Lane lane, int column, int width, int dy, double vTop, double vBottom) {
        Axis axis = layout.axis(lane);
        int[] span = columnSpan(lane, column, width);
        List<Block> shown = new ArrayList<>();
        List<Block> empty = new ArrayList<>();
        layout.visible(lane, column, vTop, vBottom, b -> {
            if (b.size() == 0) {
                empty.add(b); // drawn over the fills, so a block starting at the same address does not hide it
                return;
            }
            shown.add(b);
            int y0 = (int) Math.round(axis.yOf(b.start())) + dy;
            int y1 = (int) Math.round(axis.yOf(b.end())) + dy;
            Rectangle r = new Rectangle(span[0], y0, span[1], Math.max(2, y1 - y0));
            gc.setBackground(kindFill[b.kind().ordinal()]);
            gc.fillRectangle(r);
            outline(gc, b, r);
            if (b.lane() == Lane.DA && b.pa() == null && b.kind().isEditable() && !b.note().isEmpty() && r.height > 6) {
                gc.setForeground(warning);
                gc.drawText("?", span[0] + span[1] - 20, y0 + 1, true); //$NON-NLS-1$ unmapped: pa unknown before boot
            }
        });
        for (Block b : empty) {
            paintEmpty(gc, b, span, (int) Math.round(axis.yOf(b.start())) + dy);
        }
        // labels after every fill (a block nested in another does not hide the outer one's label); a label
        // goes only where its block has the room and never over the column's previous label
        int lastLabelBottom = Integer.MIN_VALUE;
        for (Block b : shown) {
            int y0 = (int) Math.round(axis.yOf(b.start())) + dy;
            int y1 = (int) Math.round(axis.yOf(b.end())) + dy;
            int h = y1 - y0;
            int ty = Math.max(y0 + 1, Math.min((int) vTop + dy, y1 - fontH));
            if (h < fontH || ty < lastLabelBottom) {
                continue;
            }
            gc.setForeground(fg);
            int markers = layout.findings(b).isEmpty() ? 4 : 12;
            if (b.lane() == Lane.DA && b.pa() == null && b.kind().isEditable() && !b.note().isEmpty()) {
                markers = 22;
            }
            if (drawLabel(gc, b, span[0] + 3, ty, span[1] - 3 - markers)) {
                lastLabelBottom = ty + fontH;
            }
            if (h >= 2 * fontH + 2 && (b.kind().column() >= 3 || b.lane() == Lane.PA || b.kind() == Kind.SEGMENT)) {
                gc.setForeground(grey);
                if (drawIfFits(gc, Hex.of(b.start()) + " +" + Hex.of(b.size()), span[0] + 3, ty + fontH, span[1] - 6) //$NON-NLS-1$
                        || drawIfFits(gc, Hex.of(b.start()), span[0] + 3, ty + fontH, span[1] - 6)) {
                    lastLabelBottom = ty + 2 * fontH;
                }
            }
        }
    }

    /**
     * An empty block (a PT_LOAD of p_memsz 0, an empty section, an entry of len 0): a line across
     * its column at its address with a notch at the left, in the colour of its worst finding (blue
     * when selected); its name and address are in the tooltip.
     */
    private void paintEmpty(GC gc, Block b, int[] span, int y) {
        Severity worst = layout.findings(b).stream().map(Finding::severity).min(Enum::compareTo).orElse(null);
        Color c = worst == Severity.ERROR ? error : worst == Severity.WARNING ? warning : b.equals(selected) ? selection : fg;
        gc.setForeground(c);
        gc.setBackground(c);
        gc.setLineWidth(2);
        gc.setLineStyle(SWT.LINE_DOT);
        gc.drawLine(span[0], y, span[0] + span[1], y);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
        gc.fillPolygon(new int[] { span[0], y - 4, span[0] + 6, y, span[0], y + 4 });
    }

    private void paintAxisLabels(GC gc, Lane lane, int width, int dy, double vTop, double vBottom) {
        Axis axis = layout.axis(lane);
        int x = lane == Lane.DA ? 2 : laneX(Lane.PA, width) - axisW + 2;
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
                drawIfFits(gc, Hex.of(axis.point(i), 8), x, ty, axisW - 4);
                lastBottom = ty + fontH;
            }
        }
    }

    /**
     * Draws {@code text} in at most {@code width} pixels, cut with an ellipsis when it is longer;
     * draws nothing when not even three characters and the ellipsis fit. Returns whether it drew.
     */
    static boolean drawClipped(GC gc, String text, int x, int y, int width) {
        String t = elide(gc, text, width, false);
        if (t == null) {
            return false;
        }
        gc.drawText(t, x, y, true);
        return true;
    }

    /**
     * {@code text} cut with an ellipsis to fit {@code width} pixels, at its end or in its middle (the
     * head and the tail stay, so {@code vdev0vring0} and {@code vdev0vring1} stay apart), or null when
     * fewer than four of its characters would be left.
     */
    static @Nullable String elide(GC gc, String text, int width, boolean inTheMiddle) {
        if (width <= 4) {
            return null;
        }
        if (gc.textExtent(text).x <= width) {
            return text;
        }
        int lo = 0;
        int hi = text.length() - 1;
        while (lo < hi) { // the most characters kept that fit with the ellipsis
            int mid = (lo + hi + 1) >>> 1;
            if (gc.textExtent(cut(text, mid, inTheMiddle)).x <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo < Math.min(4, text.length()) ? null : cut(text, lo, inTheMiddle);
    }

    /** {@code kept} characters of {@code text} and an ellipsis: at the end, or in the middle (two fifths after it). */
    private static String cut(String text, int kept, boolean inTheMiddle) {
        int tail = inTheMiddle ? kept * 2 / 5 : 0;
        return text.substring(0, kept - tail) + "\u2026" + text.substring(text.length() - tail); //$NON-NLS-1$
    }

    /**
     * A block's name, or when it does not fit a shorter form ({@code LOAD[1] RW} is {@code [1] RW}, then
     * {@code [1]}; {@code vdev0buffer@10042000} is {@code vdev0buffer}), else cut in the middle with an
     * ellipsis; the tooltip always has the whole name.
     */
    private static boolean drawLabel(GC gc, Block b, int x, int y, int width) {
        String name = b.name();
        if ((b.kind() == Kind.SEGMENT || b.kind() == Kind.MAPPED) && gc.textExtent(name).x > width
                && name.startsWith("LOAD[")) { //$NON-NLS-1$
            String shorter = name.substring(4);
            if (!drawIfFits(gc, shorter, x, y, width)) {
                int space = shorter.indexOf(' ');
                return drawIfFits(gc, space < 0 ? shorter : shorter.substring(0, space), x, y, width);
            }
            return true;
        }
        if (gc.textExtent(name).x > width && name.indexOf('@') > 0) {
            name = name.substring(0, name.indexOf('@')); // the unit address is on the axis and in the tooltip
        }
        String t = elide(gc, name, width, true);
        if (t == null) {
            return false;
        }
        gc.drawText(t, x, y, true);
        return true;
    }

    /** Draws {@code text} only when it fits whole in {@code width} pixels. */
    private static boolean drawIfFits(GC gc, String text, int x, int y, int width) {
        if (gc.textExtent(text).x > width) {
            return false;
        }
        gc.drawText(text, x, y, true);
        return true;
    }

    private void drawWrapped(GC gc, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        int ty = y;
        for (String word : text.split(" ")) { //$NON-NLS-1$
            String next = line.length() == 0 ? word : line + " " + word; //$NON-NLS-1$
            if (gc.textExtent(next).x > width && line.length() > 0) {
                gc.drawText(line.toString(), x, ty, true);
                ty += fontH;
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (line.length() > 0) {
            drawClipped(gc, line.toString(), x, ty, width);
        }
    }

    // ---- tooltip text

    static String kindLabel(Kind k) {
        return switch (k) {
        case SEGMENT -> Messages.Layout_kindSegment;
        case SECTION -> Messages.Layout_kindSection;
        case SYMBOL -> Messages.Layout_kindSymbol;
        case CARVEOUT -> Messages.Layout_kindCarveout;
        case DEVMEM -> Messages.Layout_kindDevmem;
        case TRACE -> Messages.Layout_kindTrace;
        case VRING -> Messages.Layout_kindVring;
        case IOMMU_WINDOW -> Messages.Layout_kindIommuWindow;
        case MEMORY -> Messages.Layout_kindMemory;
        case RESERVED -> Messages.Layout_kindReserved;
        case MAPPED -> Messages.Layout_kindMapped;
        };
    }

    /** The tooltip of a block: what it is, where, where it maps, and every finding on it. */
    public String describe(Block b) {
        StringBuilder s = new StringBuilder();
        s.append(Messages.bind(Messages.Layout_tipTitle, b.name(), kindLabel(b.kind())));
        s.append('\n');
        if (AddressLayout.isAllocatedAtBoot(b)) {
            s.append(Messages.bind(Messages.Layout_tipAllocated, Hex.of(b.size())));
        } else if (b.size() == 0) {
            s.append(Messages.bind(b.lane() == Lane.DA ? Messages.Layout_tipDaEmpty : Messages.Layout_tipPaEmpty,
                    Hex.of(b.start())));
        } else {
            s.append(Messages.bind(b.lane() == Lane.DA ? Messages.Layout_tipDaRange : Messages.Layout_tipPaRange,
                    new Object[] { Hex.of(b.start()), Hex.of(b.end()), Hex.of(b.size()) }));
        }
        Long pa = b.pa();
        if (pa != null) {
            s.append('\n').append(Messages.bind(Messages.Layout_tipPa, Hex.of(pa)));
        }
        if (!b.note().isEmpty()) {
            s.append('\n').append(b.note());
        }
        for (Finding f : layout.findings(b)) {
            s.append("\n\n").append(Messages.bind(Messages.Layout_tipFinding, //$NON-NLS-1$
                    f.severity().label().toUpperCase(java.util.Locale.ROOT), f.message()));
        }
        return s.toString();
    }

    /** The tooltip at a point: the block under it and the boot step's regions there, or null. */
    public @Nullable String tooltipAt(int x, int y) {
        Block b = blockAt(x, y);
        List<StepState.Region> regions = AddressLayout.isAllocatedAtBoot(b == null ? NONE : b) ? List.of() : regionsAt(x, y);
        StringBuilder s = new StringBuilder(b == null ? "" : describe(b)); //$NON-NLS-1$
        StepState st = step;
        if (st != null && !regions.isEmpty()) {
            s.append(s.length() == 0 ? "" : "\n\n") //$NON-NLS-1$ //$NON-NLS-2$
                    .append(Messages.bind(Messages.Layout_stepHeader, st.index(), st.name()));
            for (StepState.Region r : regions) {
                s.append('\n').append(Messages.bind(Messages.Layout_tipRegion, new Object[] { changeLabel(r.change()),
                        r.label(), r.da() == -1 ? "-" : Hex.of(r.da()), r.pa() == -1 ? "-" : Hex.of(r.pa()), //$NON-NLS-1$ //$NON-NLS-2$
                        Hex.of(r.size()) }));
            }
        }
        return s.length() == 0 ? null : s.toString();
    }

    private static final Block NONE = new Block(Lane.DA, Kind.SECTION, "", 0, 0, -1, -1, null, ""); //$NON-NLS-1$ //$NON-NLS-2$

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
        int view = getClientArea().height - header();
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
            if (alt && sel != null && sel.kind().isEditable() && !AddressLayout.isAllocatedAtBoot(sel)) {
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

    /** Tab and Shift+Tab: the next resource-table entry (those on the axis by address, then those allocated at boot). */
    private void cycleSelection(int dir) {
        List<Block> entries = new ArrayList<>(Arrays.asList(layout.column(Lane.DA, Kind.CARVEOUT.column())));
        entries.addAll(layout.allocatedAtBoot());
        if (entries.isEmpty()) {
            return;
        }
        int at = entries.indexOf(selected);
        Block b = entries.get(Math.floorMod(at + dir, entries.size()));
        select(b);
        reveal(b);
        setToolTipText(describe(b));
        redraw();
    }

    /** Whether the user can select {@code b}: a segment, a resource-table entry, or where one is mapped. */
    private static boolean selectable(Block b) {
        return b.kind() == Kind.SEGMENT || b.entry() >= 0;
    }

    /**
     * Selects {@code b} and publishes its range to the session ({@link BringupSession#setSelectedRange}),
     * for the boot debugger to set a breakpoint on; an entry allocated at boot has no address to publish.
     */
    public void select(@Nullable Block b) {
        selected = b;
        if (b != null && !AddressLayout.isAllocatedAtBoot(b)) {
            session.setSelectedRange(new SelectedRange(Messages.bind(Messages.Layout_tipTitle, b.name(), kindLabel(b.kind())),
                    b.start(), b.size(), b.lane() == Lane.PA));
        }
        redraw();
    }

    private void mouseDown(Event e) {
        if (e.button != 1) {
            return;
        }
        setFocus();
        Block b = blockAt(e.x, e.y);
        if (b != null && selectable(b)) {
            select(b);
        }
        if (b != null && b.lane() == Lane.DA && b.kind().isEditable() && !AddressLayout.isAllocatedAtBoot(b)) {
            Rectangle r = bounds(b);
            boolean resize = b.kind() != Kind.VRING && e.y >= r.y + r.height - 4 && r.height >= 8;
            drag = new Drag(b, resize, e.y - r.y, b.start(), b.end());
        }
        redraw();
    }

    private void mouseMove(Event e) {
        Drag d = drag;
        if (d == null) {
            String tip = tooltipAt(e.x, e.y);
            if (!Objects.equals(tip, hoverText)) {
                hoverText = tip;
                setToolTipText(tip);
            }
            return;
        }
        Axis axis = layout.axis(Lane.DA);
        double contentY = e.y - header() - MARGIN + scrollY;
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
        String sel = "entry[" + b.entry() + "]" + (b.vring() >= 0 ? ".vrings[" + b.vring() + "]" : ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$ //$NON-NLS-5$
        List<String> edits = new ArrayList<>();
        if (resize) {
            edits.add(sel + ".len=" + Hex.of(end - start)); //$NON-NLS-1$
        } else {
            edits.add(sel + ".da=" + Hex.of(start)); //$NON-NLS-1$
            Master m = doc.processor();
            Long pa = b.pa();
            if (pa != null && m != null && pa.equals(FirmwareBlocks.paOf(m, b.start())) && b.kind() != Kind.DEVMEM) {
                Long newPa = FirmwareBlocks.paOf(m, start);
                if (newPa != null) {
                    edits.add(sel + ".pa=" + Hex.of(newPa)); //$NON-NLS-1$
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
        int h = whole ? contentH : Math.max(1, getClientArea().height - header());
        Image image = new Image(getDisplay(), width, h + header());
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
