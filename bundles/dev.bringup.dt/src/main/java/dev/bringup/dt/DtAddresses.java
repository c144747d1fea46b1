package dev.bringup.dt;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;

/**
 * Devicetree addresses: {@code reg} decoded with the parent's {@code #address-cells} and
 * {@code #size-cells}, bus addresses translated to CPU physical addresses through the
 * {@code ranges} of every bus up to the root, and a device's own view of memory through
 * {@code dma-ranges}, as Linux's {@code of_translate_address} and {@code of_dma_get_range} do.
 * Addresses and sizes are unsigned 64-bit values held in {@code long}.
 */
public final class DtAddresses {

    /** One {@code reg} entry: an address in the parent bus's address space and a size. */
    public record Region(long address, long size) {
    }

    /** One {@code ranges} or {@code dma-ranges} entry: child-bus address, parent-bus address, size. */
    public record Range(long childAddress, long parentAddress, long size) {
    }

    /**
     * One window of a device's view of memory: device address {@code da} reaches CPU physical
     * address {@code pa} for {@code size} bytes.
     */
    public record DmaWindow(long da, long pa, long size) {
    }

    /** Default {@code #address-cells} when a node gives none (devicetree specification). */
    public static final int DEFAULT_ADDRESS_CELLS = 2;
    /** Default {@code #size-cells} when a node gives none. */
    public static final int DEFAULT_SIZE_CELLS = 1;

    private DtAddresses() {
    }

    /** {@code #address-cells} of {@code bus} (for its children), the default when absent. */
    public static int addressCells(@Nullable DtNode bus) throws FormatException {
        return cellsProperty(bus, "#address-cells", DEFAULT_ADDRESS_CELLS);
    }

    /** {@code #size-cells} of {@code bus} (for its children), the default when absent. */
    public static int sizeCells(@Nullable DtNode bus) throws FormatException {
        return cellsProperty(bus, "#size-cells", DEFAULT_SIZE_CELLS);
    }

    private static int cellsProperty(@Nullable DtNode bus, String name, int dflt) throws FormatException {
        DtProperty p = bus == null ? null : bus.property(name);
        if (p == null) {
            return dflt;
        }
        long v = p.u32();
        if (v > 4) {
            throw new FormatException(name + " of " + p.owner() + " is " + v + "; at most 4 cells are meaningful",
                    p.location(), "set " + name + " to 1 or 2");
        }
        return (int) v;
    }

    /** The {@code reg} entries of {@code node}, in its parent's address space (empty when it has no reg). */
    public static List<Region> reg(DtNode node) throws FormatException {
        return regions(node, "reg");
    }

    /** A property of {@code <address size>} pairs with the parent's cell sizes ({@code reg}, {@code alloc-ranges}). */
    public static List<Region> regions(DtNode node, String property) throws FormatException {
        DtProperty p = node.property(property);
        List<Region> r = new ArrayList<>();
        if (p == null) {
            return r;
        }
        int ac = addressCells(node.parent());
        int sc = sizeCells(node.parent());
        int n = p.cellCount();
        int entry = ac + sc;
        if (entry == 0 || n % entry != 0) {
            throw new FormatException("'" + property + "' of " + node.path() + " has " + n + " cells, not a multiple of "
                    + ac + " address + " + sc + " size cells", p.location(), "check #address-cells and #size-cells of "
                    + (node.parent() == null ? "/" : node.parent().path()));
        }
        for (int i = 0; i < n; i += entry) {
            r.add(new Region(p.number(i, ac), sc == 0 ? 0 : p.number(i + ac, sc)));
        }
        return r;
    }

    /**
     * The entries of {@code ranges} or {@code dma-ranges} of {@code bus}; null when the property
     * is absent, an empty list when it is empty (identity).
     */
    public static @Nullable List<Range> ranges(DtNode bus, String property) throws FormatException {
        DtProperty p = bus.property(property);
        if (p == null) {
            return null;
        }
        List<Range> r = new ArrayList<>();
        int childAc = addressCells(bus);
        int parentAc = addressCells(bus.parent());
        int sc = sizeCells(bus);
        int n = p.cellCount();
        int entry = childAc + parentAc + sc;
        if (n == 0) {
            return r;
        }
        if (entry == 0 || n % entry != 0) {
            throw new FormatException("'" + property + "' of " + bus.path() + " has " + n + " cells, not a multiple of "
                    + childAc + " child + " + parentAc + " parent address + " + sc + " size cells", p.location(),
                    "check #address-cells and #size-cells of " + bus.path() + " and of its parent");
        }
        for (int i = 0; i < n; i += entry) {
            r.add(new Range(p.number(i, childAc), p.number(i + childAc, parentAc), p.number(i + childAc + parentAc, sc)));
        }
        return r;
    }

    /**
     * Translates an address in the address space of {@code bus}'s children (for a {@code reg}
     * of node N, {@code bus} is N's parent) to a CPU physical address through the
     * {@code ranges} of every bus up to the root. Empty when a bus on the way has no
     * {@code ranges} (its children are not memory-mapped) or no entry covers the address.
     */
    public static OptionalLong toCpu(@Nullable DtNode bus, long address) throws FormatException {
        long a = address;
        for (DtNode n = bus; n != null && n.parent() != null; n = n.parent()) {
            List<Range> ranges = ranges(n, "ranges");
            if (ranges == null) {
                return OptionalLong.empty();
            }
            if (ranges.isEmpty()) {
                continue;
            }
            Long t = translate(ranges, a);
            if (t == null) {
                return OptionalLong.empty();
            }
            a = t;
        }
        return OptionalLong.of(a);
    }

    /** {@code reg} entry {@code index} of {@code node} as a CPU physical address, empty when not translatable. */
    public static OptionalLong cpuAddress(DtNode node, Region region) throws FormatException {
        return toCpu(node.parent(), region.address());
    }

    private static @Nullable Long translate(List<Range> ranges, long a) {
        for (Range r : ranges) {
            if (Long.compareUnsigned(a, r.childAddress()) >= 0 && Long.compareUnsigned(a - r.childAddress(), r.size()) < 0) {
                return r.parentAddress() + (a - r.childAddress());
            }
        }
        return null;
    }

    /**
     * The view of memory that {@code device} has as a bus master. The nearest non-empty
     * {@code dma-ranges} at or above the device gives the windows (child-bus address = device
     * address); their parent addresses are translated up to the CPU through the
     * {@code dma-ranges} of the buses above (missing or empty ones translate 1:1). An empty
     * list means the device sees memory at the CPU's physical addresses (no {@code dma-ranges}).
     */
    public static List<DmaWindow> dmaView(DtNode device) throws FormatException {
        DtNode level = device;
        List<Range> ranges = null;
        while (level != null && level.parent() != null) {
            List<Range> r = ranges(level, "dma-ranges");
            if (r != null && !r.isEmpty()) {
                ranges = r;
                break;
            }
            level = level.parent();
        }
        List<DmaWindow> view = new ArrayList<>();
        if (ranges == null || level == null) {
            return view;
        }
        for (Range r : ranges) {
            long pa = r.parentAddress();
            boolean ok = true;
            for (DtNode up = level.parent(); up != null && up.parent() != null; up = up.parent()) {
                List<Range> upper = ranges(up, "dma-ranges");
                if (upper == null || upper.isEmpty()) {
                    continue;
                }
                Long t = translate(upper, pa);
                if (t == null) {
                    ok = false;
                    break;
                }
                pa = t;
            }
            if (ok) {
                view.add(new DmaWindow(r.childAddress(), pa, r.size()));
            }
        }
        return view;
    }

    /** The device address at which a device with {@code view} sees CPU physical address {@code pa}; empty when it cannot. */
    public static OptionalLong paToDa(List<DmaWindow> view, long pa) {
        if (view.isEmpty()) {
            return OptionalLong.of(pa);
        }
        for (DmaWindow w : view) {
            if (Long.compareUnsigned(pa, w.pa()) >= 0 && Long.compareUnsigned(pa - w.pa(), w.size()) < 0) {
                return OptionalLong.of(w.da() + (pa - w.pa()));
            }
        }
        return OptionalLong.empty();
    }
}
