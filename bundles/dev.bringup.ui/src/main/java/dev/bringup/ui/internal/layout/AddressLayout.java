package dev.bringup.ui.internal.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Severity;
import dev.bringup.ui.internal.layout.Block.Kind;
import dev.bringup.ui.internal.layout.Block.Lane;

/**
 * The computed layout of the two lanes: one {@link Axis} per lane, the blocks of each column
 * sorted by address with a running maximum of their bottoms (so the visible ones are found by
 * binary search), the links from da to pa, and the findings. Computed once per change (edit or
 * zoom); painting only queries it.
 */
public final class AddressLayout {

    /** The page size edits snap to and alignment is checked against. */
    public static final long PAGE = 0x1000;

    /** A problem drawn on a block and explained in its tooltip. */
    public record Finding(Block block, Severity severity, String message) {
    }

    /** A band from a da range on the left to the pa range it maps to on the right. */
    public record Link(Block from, long pa, long size) {
    }

    /** A range drawn over a lane (a boot step's region): the axis gives it room like a block. */
    public record Range(Lane lane, long start, long size) {
    }

    private final List<Block> blocks;
    private final List<Block> allocatedAtBoot;
    private final double zoom;
    private final Axis daAxis;
    private final Axis paAxis;
    private final Block[][] daColumns;
    private final Block[][] paColumns;
    private final double[][] daMaxBottom;
    private final double[][] paMaxBottom;
    private final List<Link> links = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<Block, List<Finding>> findingsByBlock = new IdentityHashMap<>();

    private AddressLayout(List<Block> blocks, List<Block> allocatedAtBoot, List<Range> overlay, double zoom, double top) {
        this.blocks = List.copyOf(blocks);
        this.allocatedAtBoot = List.copyOf(allocatedAtBoot);
        this.zoom = zoom;
        List<Block> all = new ArrayList<>(this.blocks);
        for (Block b : this.blocks) {
            Long pa = b.pa();
            if (b.lane() == Lane.DA && pa != null && b.kind() != Kind.SECTION && b.kind() != Kind.SYMBOL) {
                links.add(new Link(b, pa, b.size()));
            }
        }
        this.daAxis = axis(all, overlay, Lane.DA, zoom, top);
        this.paAxis = axis(all, overlay, Lane.PA, zoom, top);
        this.daColumns = columns(all, Lane.DA);
        this.paColumns = columns(all, Lane.PA);
        this.daMaxBottom = maxBottoms(daColumns, daAxis);
        this.paMaxBottom = maxBottoms(paColumns, paAxis);
        // carveouts and devmem must not share memory; a trace buffer or vring inside a carveout is normal
        findOverlaps(memoryEntries(daColumns[Kind.CARVEOUT.column()]), "da");
        findOverlaps(memoryEntries(paColumns[Kind.MAPPED.column()]), "pa");
        findMisalignment();
    }

    /**
     * Lays out {@code blocks} at {@code zoom} (1 = default), the first address at y = {@code top}.
     * Blocks of kind {@link Kind#MAPPED} are added for every da block with a known pa.
     */
    public static AddressLayout compute(List<Block> blocks, double zoom, double top) {
        return compute(blocks, List.of(), zoom, top);
    }

    /**
     * Lays out {@code blocks} and gives room on the axes to the {@code overlay} ranges too (a boot
     * step's regions, drawn over the lanes). Resource-table entries at da
     * {@link #isAllocatedAtBoot FW_RSC_ADDR_ANY} have no place on the da axis: they are kept apart in
     * {@link #allocatedAtBoot()}.
     */
    public static AddressLayout compute(List<Block> blocks, List<Range> overlay, double zoom, double top) {
        List<Block> placed = new ArrayList<>();
        List<Block> allocated = new ArrayList<>();
        for (Block b : blocks) {
            (isAllocatedAtBoot(b) ? allocated : placed).add(b);
        }
        List<Block> withMapped = new ArrayList<>(placed);
        for (Block b : blocks) {
            Long pa = b.pa();
            if (b.lane() == Lane.DA && pa != null && (b.kind().isEditable() || b.kind() == Kind.SEGMENT)) {
                withMapped.add(new Block(Lane.PA, Kind.MAPPED, b.name(), pa, b.size(), b.entry(), b.vring(), null,
                        isAllocatedAtBoot(b) ? LayoutText.get("Layout_noteDaAtBoot") //$NON-NLS-1$
                                : LayoutText.get("Layout_noteDa", Hex.of(b.start())))); //$NON-NLS-1$
            }
        }
        return new AddressLayout(withMapped, allocated, overlay, zoom, top);
    }

    /**
     * Whether {@code b} is a resource-table entry whose da is {@code FW_RSC_ADDR_ANY}: the host
     * allocates its memory at boot and chooses the address (the da is a u32 field, so 0xffffffff is
     * always this marker).
     */
    public static boolean isAllocatedAtBoot(Block b) {
        return b.lane() == Lane.DA && b.kind().isEditable() && b.start() == ANY;
    }

    private static final long ANY = 0xFFFF_FFFFL;

    private static Axis axis(List<Block> all, List<Range> overlay, Lane lane, double zoom, double top) {
        TreeSet<Long> pts = new TreeSet<>(Long::compareUnsigned);
        List<Block> inLane = new ArrayList<>();
        for (Block b : all) {
            if (b.lane() == lane) {
                pts.add(b.start());
                pts.add(b.end());
                inLane.add(b);
            }
        }
        for (Range r : overlay) {
            if (r.lane() == lane && r.size() > 0) {
                Block b = new Block(lane, lane == Lane.DA ? Kind.SEGMENT : Kind.MAPPED, "", r.start(), r.size(), -1, -1, null,
                        ""); // counts as covered, so the region gets room; never drawn as a block
                pts.add(b.start());
                pts.add(b.end());
                inLane.add(b);
            }
        }
        long[] points = new long[pts.size()];
        int n = 0;
        for (long p : pts) {
            points[n++] = p;
        }
        // coverage by a difference array over the breakpoints
        int[] delta = new int[points.length + 1];
        for (Block b : inLane) {
            int s = indexOf(points, b.start());
            int e = indexOf(points, b.end());
            delta[s]++;
            delta[e]--;
        }
        boolean[] gap = new boolean[points.length];
        int cover = 0;
        for (int i = 0; i < points.length; i++) {
            cover += delta[i];
            gap[i] = cover <= 0;
        }
        return new Axis(points, gap, zoom, top);
    }

    private static int indexOf(long[] points, long v) {
        int lo = 0;
        int hi = points.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(points[mid], v);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException("breakpoint missing: " + Hex.of(v));
    }

    private static Block[][] columns(List<Block> all, Lane lane) {
        int cols = Block.columns(lane);
        List<List<Block>> lists = new ArrayList<>();
        for (int i = 0; i < cols; i++) {
            lists.add(new ArrayList<>());
        }
        for (Block b : all) {
            if (b.lane() == lane) {
                lists.get(b.kind().column()).add(b);
            }
        }
        Block[][] out = new Block[cols][];
        Comparator<Block> byStart = (a, b) -> Long.compareUnsigned(a.start(), b.start());
        for (int i = 0; i < cols; i++) {
            List<Block> l = lists.get(i);
            l.sort(byStart);
            out[i] = l.toArray(new Block[0]);
        }
        return out;
    }

    private static double[][] maxBottoms(Block[][] cols, Axis axis) {
        double[][] out = new double[cols.length][];
        for (int c = 0; c < cols.length; c++) {
            double[] m = new double[cols[c].length];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m.length; i++) {
                max = Math.max(max, axis.yOf(cols[c][i].end()));
                m[i] = max;
            }
            out[c] = m;
        }
        return out;
    }

    private Block[] memoryEntries(Block[] sorted) {
        List<Block> out = new ArrayList<>();
        for (Block b : sorted) {
            Kind k = kindOfEntry(b);
            if (k == Kind.CARVEOUT || k == Kind.DEVMEM) {
                out.add(b);
            }
        }
        return out.toArray(new Block[0]);
    }

    /** The kind of the resource-table entry a block stands for (MAPPED blocks take their da block's kind). */
    private Kind kindOfEntry(Block b) {
        if (b.kind() != Kind.MAPPED) {
            return b.kind();
        }
        if (b.entry() < 0) {
            return Kind.SEGMENT;
        }
        Block d = entryBlock(b.entry(), b.vring());
        return d == null ? Kind.MAPPED : d.kind();
    }

    private void findOverlaps(Block[] sorted, String space) {
        Block reach = null;
        for (Block b : sorted) {
            if (b.size() == 0) {
                continue;
            }
            if (reach != null && Long.compareUnsigned(b.start(), reach.end()) < 0) {
                String text = LayoutText.get("Layout_overlap", b.name(), Hex.of(b.start()), Hex.of(b.end()), reach.name(), //$NON-NLS-1$
                        Hex.of(reach.start()), Hex.of(reach.end()), space);
                add(new Finding(b, Severity.ERROR, text));
                add(new Finding(reach, Severity.ERROR, text));
            }
            if (reach == null || Long.compareUnsigned(b.end(), reach.end()) > 0) {
                reach = b;
            }
        }
    }

    private void findMisalignment() {
        List<Block> all = new ArrayList<>(blocks);
        all.addAll(allocatedAtBoot);
        for (Block b : all) {
            if (b.kind() != Kind.CARVEOUT && b.kind() != Kind.DEVMEM) {
                continue;
            }
            List<String> bad = new ArrayList<>();
            if (b.start() != -1L && !isAllocatedAtBoot(b) && b.start() % PAGE != 0) {
                bad.add("da " + Hex.of(b.start()));
            }
            Long pa = b.pa();
            if (pa != null && pa % PAGE != 0) {
                bad.add("pa " + Hex.of(pa));
            }
            if (b.size() % PAGE != 0) {
                bad.add("len " + Hex.of(b.size()));
            }
            if (!bad.isEmpty()) {
                add(new Finding(b, Severity.WARNING, LayoutText.get("Layout_misaligned", b.name(), String.join(", ", bad)))); //$NON-NLS-1$
            }
        }
    }

    private void add(Finding f) {
        findings.add(f);
        findingsByBlock.computeIfAbsent(f.block(), k -> new ArrayList<>()).add(f);
    }

    /**
     * Attaches diagnostics (of the firmware, say) to the blocks they are about: by resource-table
     * entry index when they have one, else by the da range. Those that fit no block are returned.
     */
    public List<Diagnostic> attach(List<Diagnostic> diagnostics) {
        List<Diagnostic> unplaced = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            Block target = null;
            int entry = d.location().entryIndex();
            if (entry >= 0 && (d.code().startsWith("RSC") || d.code().startsWith("VRING") || d.code().startsWith("TRACE")
                    || d.code().startsWith("VDEV"))) {
                target = entryBlock(entry, -1);
                if (target == null) {
                    target = entryBlock(entry, 0);
                }
            }
            if (target == null && d.location().address() != -1) {
                target = firstAt(Lane.DA, d.location().address());
            }
            if (target == null) {
                unplaced.add(d);
            } else {
                add(new Finding(target, d.severity(), d.fix() == null ? LayoutText.get("Layout_diagnostic", d.code(), d.message()) //$NON-NLS-1$
                        : LayoutText.get("Layout_diagnosticFix", d.code(), d.message(), d.fix()))); //$NON-NLS-1$
            }
        }
        return unplaced;
    }

    /**
     * The block of a resource-table entry (and vring, or -1), placed on the da axis or allocated at
     * boot, or null.
     */
    public @Nullable Block entryBlock(int entry, int vring) {
        for (Block b : daColumns[Kind.CARVEOUT.column()]) {
            if (b.entry() == entry && b.vring() == vring) {
                return b;
            }
        }
        for (Block b : allocatedAtBoot) {
            if (b.entry() == entry && b.vring() == vring) {
                return b;
            }
        }
        return null;
    }

    /**
     * The resource-table entries at da FW_RSC_ADDR_ANY, in table order: the host allocates them at
     * boot, so they have a size but no place on the da axis.
     */
    public List<Block> allocatedAtBoot() {
        return allocatedAtBoot;
    }

    /** The first block in a lane (columns left to right) that contains {@code address}, or null. */
    public @Nullable Block firstAt(Lane lane, long address) {
        Block[][] cols = lane == Lane.DA ? daColumns : paColumns;
        for (int c = cols.length - 1; c >= 0; c--) {
            for (Block b : cols[c]) {
                if (b.contains(address)) {
                    return b;
                }
            }
        }
        return null;
    }

    public Axis axis(Lane lane) {
        return lane == Lane.DA ? daAxis : paAxis;
    }

    public double zoom() {
        return zoom;
    }

    public double height() {
        return Math.max(daAxis.height(), paAxis.height());
    }

    /** The blocks placed on the axes (not those {@linkplain #allocatedAtBoot() allocated at boot}). */
    public List<Block> blocks() {
        return blocks;
    }

    public List<Link> links() {
        return links;
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<Finding> findings(Block b) {
        return findingsByBlock.getOrDefault(b, List.of());
    }

    /** The blocks of one column, sorted by start. */
    public Block[] column(Lane lane, int column) {
        return (lane == Lane.DA ? daColumns : paColumns)[column];
    }

    /**
     * Visits the blocks of a column that intersect {@code [top, bottom]} in y: binary search for the
     * first whose running bottom reaches {@code top}, then forward until one starts below
     * {@code bottom}. Cost O(log n + visible).
     */
    public void visible(Lane lane, int column, double top, double bottom, java.util.function.Consumer<Block> visitor) {
        Block[] col = column(lane, column);
        double[] maxBottom = (lane == Lane.DA ? daMaxBottom : paMaxBottom)[column];
        Axis axis = axis(lane);
        int lo = 0;
        int hi = col.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (maxBottom[mid] < top) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < col.length; i++) {
            Block b = col[i];
            if (axis.yOf(b.start()) > bottom) {
                break;
            }
            if (axis.yOf(b.end()) >= top) {
                visitor.accept(b);
            }
        }
    }

    /** Snaps an address to the page grid (nearest page boundary). */
    public static long snap(long address) {
        return (address + PAGE / 2) & ~(PAGE - 1);
    }
}
