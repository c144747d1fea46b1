package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * The reserved memory of a boot, resolved as the kernel's {@code fdt_scan_reserved_mem()} and
 * {@code fdt_init_reserved_mem()} do: static nodes first, then dynamic nodes in order, each
 * placed top-down (memblock's default) inside its {@code alloc-ranges} and DRAM, aligned, away
 * from earlier reservations. Then the pools: {@code reusable} nodes become CMA areas, other
 * {@code shared-dma-pool} nodes per-device coherent pools, and the DRAM that is left is the
 * kernel's system RAM.
 */
public final class ReservedMemory {

    /** CMA_MIN_ALIGNMENT_BYTES on arm64 with 4 KiB pages: one pageblock, 2 MiB. */
    public static final long CMA_MIN_ALIGNMENT = 2L << 20;

    /**
     * Where a node ended up.
     *
     * @param node the node
     * @param base its first address
     * @param size its size
     */
    public record Reservation(ReservedMemoryNode node, long base, long size) {
        public AddressRange range() {
            return new AddressRange(base, size);
        }
    }

    private final List<Reservation> reservations = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<String, ContiguousAllocator> cmaAreas = new LinkedHashMap<>();
    private final Map<String, ContiguousAllocator> pools = new LinkedHashMap<>();
    private final List<ContiguousAllocator> systemRam = new ArrayList<>();
    private @Nullable ContiguousAllocator defaultCma;

    private ReservedMemory() {
    }

    /** Resolves {@code nodes} against the DRAM of {@code memory}; problems go to {@link #diagnostics()}. */
    public static ReservedMemory resolve(PhysicalMemory memory, List<ReservedMemoryNode> nodes) {
        ReservedMemory rm = new ReservedMemory();
        List<MemoryRegion> dram = memory.regions().stream().filter(r -> r.kind() == MemoryRegion.Kind.DRAM).toList();
        for (ReservedMemoryNode n : nodes) {
            if (n.isStatic()) {
                rm.addStatic(memory, n);
            }
        }
        for (ReservedMemoryNode n : nodes) {
            if (!n.isStatic()) {
                rm.addDynamic(dram, n);
            }
        }
        for (Reservation r : rm.reservations) {
            rm.makePool(r);
        }
        for (MemoryRegion d : dram) {
            ContiguousAllocator ram = new ContiguousAllocator(d.name() + " system RAM", d.base(), d.size(),
                    ContiguousAllocator.Policy.POWER_OF_TWO);
            for (Reservation r : rm.reservations) {
                ram.carveOut(r.base(), r.size());
            }
            rm.systemRam.add(ram);
        }
        return rm;
    }

    private static Location where(ReservedMemoryNode n, long base, long size) {
        return Location.node(n.dtPath()).withRange(base, size);
    }

    private void addStatic(PhysicalMemory memory, ReservedMemoryNode n) {
        for (Reservation r : reservations) {
            if (r.range().overlaps(n.base(), n.size())) {
                diagnostics.add(Diagnostic.warning("RMEM_OVERLAP", "OVERLAP DETECTED! " + n.name() + " ("
                        + new AddressRange(n.base(), n.size()) + ") overlaps with " + r.node().name() + " ("
                        + r.range() + ")", where(n, n.base(), n.size()),
                        "move one of the nodes; the kernel keeps both and they share memory"));
            }
        }
        if (!memory.isBacked(n.base(), n.size())) {
            diagnostics.add(Diagnostic.warning("RMEM_OUTSIDE", "reserved-memory node " + n.name() + " at "
                    + new AddressRange(n.base(), n.size()) + " is not inside the SoC's memory regions",
                    where(n, n.base(), n.size()), "check reg against the memory map (memory node, SRAM nodes)"));
        }
        reservations.add(new Reservation(n, n.base(), n.size()));
    }

    private void addDynamic(List<MemoryRegion> dram, ReservedMemoryNode n) {
        long align = Math.max(n.alignment(), 64);
        if (n.reusable() && n.isSharedDmaPool() && !n.noMap()) {
            align = Math.max(align, CMA_MIN_ALIGNMENT);
        }
        List<AddressRange> ranges = n.allocRanges();
        if (ranges.isEmpty()) {
            ranges = dram.stream().map(d -> new AddressRange(d.base(), d.size())).toList();
        }
        for (AddressRange range : ranges) {
            long base = topDown(dram, range, n.size(), align);
            if (base >= 0) {
                reservations.add(new Reservation(n, base, n.size()));
                return;
            }
        }
        diagnostics.add(Diagnostic.error("RMEM_NO_SPACE", "failed to allocate memory for node '" + n.name()
                + "': size " + (n.size() >> 20) + " MiB (" + Hex.of(n.size()) + ", alignment " + Hex.of(align)
                + ") in " + (n.allocRanges().isEmpty() ? "DRAM" : "alloc-ranges " + n.allocRanges()),
                Location.node(n.dtPath()), "make the node smaller, widen alloc-ranges, or move other reservations"));
    }

    /** Highest aligned base of {@code size} bytes in {@code range} ∩ DRAM, away from reservations; -1 if none. */
    private long topDown(List<MemoryRegion> dram, AddressRange range, long size, long align) {
        List<AddressRange> taken = new ArrayList<>(reservations.stream().map(Reservation::range).toList());
        taken.sort(Comparator.comparingLong(AddressRange::base).reversed());
        List<MemoryRegion> regions = new ArrayList<>(dram);
        regions.sort(Comparator.comparingLong(MemoryRegion::base).reversed());
        for (MemoryRegion d : regions) {
            long lo = Math.max(d.base(), range.base());
            long hi = Math.min(d.end(), range.end());
            while (hi - lo >= size) {
                long cand = (hi - size) & -align;
                if (cand < lo) {
                    break;
                }
                AddressRange clash = null;
                for (AddressRange t : taken) {
                    if (t.overlaps(cand, size)) {
                        clash = t;
                        break;
                    }
                }
                if (clash == null) {
                    return cand;
                }
                hi = clash.base();
            }
        }
        return -1;
    }

    private void makePool(Reservation r) {
        ReservedMemoryNode n = r.node();
        Location at = where(n, r.base(), r.size());
        boolean pageAligned = ((r.base() | r.size()) & 0xfff) == 0;
        if (n.reusable()) {
            if (n.noMap()) {
                diagnostics.add(Diagnostic.error("RMEM_CMA_NOMAP", "reserved-memory node " + n.name()
                        + " is reusable and no-map: the kernel refuses it as a CMA area (-EINVAL)", at,
                        "drop no-map (CMA memory must be mapped) or drop reusable"));
                return;
            }
            if (((r.base() | r.size()) & (CMA_MIN_ALIGNMENT - 1)) != 0) {
                diagnostics.add(Diagnostic.error("RMEM_CMA_ALIGN", "Reserved memory: incorrect alignment of CMA region "
                        + n.name() + " " + r.range() + " (needs " + Hex.of(CMA_MIN_ALIGNMENT) + ")", at,
                        "align base and size to 2 MiB"));
                return;
            }
            ContiguousAllocator cma = new ContiguousAllocator(n.name(), r.base(), r.size(),
                    ContiguousAllocator.Policy.CMA);
            cmaAreas.put(n.name(), cma);
            if (n.defaultCma() || defaultCma == null && n.name().equals("linux,cma")) {
                defaultCma = cma;
            }
        } else if (n.isSharedDmaPool()) {
            if (!pageAligned) {
                diagnostics.add(Diagnostic.error("RMEM_POOL_ALIGN", "shared-dma-pool " + n.name() + " " + r.range()
                        + " is not page aligned", at, "align base and size to 4 KiB"));
                return;
            }
            pools.put(n.name(), new ContiguousAllocator(n.name(), r.base(), r.size(),
                    ContiguousAllocator.Policy.POWER_OF_TWO));
        }
    }

    void setEvents(IommuEvents events) {
        cmaAreas.values().forEach(a -> a.setEvents(events));
        pools.values().forEach(a -> a.setEvents(events));
        systemRam.forEach(a -> a.setEvents(events));
    }

    /** Every node that got an address, static ones first. */
    public List<Reservation> reservations() {
        return List.copyOf(reservations);
    }

    /** The reservation of the node called {@code name}, or null. */
    public @Nullable Reservation find(String name) {
        for (Reservation r : reservations) {
            if (r.node().name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** Problems found while resolving (overlaps, no room, bad CMA nodes). */
    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    /** The CMA area of the {@code reusable} node {@code name}, or null. */
    public @Nullable ContiguousAllocator cma(String name) {
        return cmaAreas.get(name);
    }

    /** The default CMA area ({@code linux,cma-default} or the node {@code linux,cma}), or null. */
    public @Nullable ContiguousAllocator defaultCma() {
        return defaultCma;
    }

    /** The per-device coherent pool of the {@code shared-dma-pool} node {@code name}, or null. */
    public @Nullable ContiguousAllocator pool(String name) {
        return pools.get(name);
    }

    /** System RAM, one allocator per DRAM region, with every reservation carved out. */
    public List<ContiguousAllocator> systemRam() {
        return List.copyOf(systemRam);
    }
}
