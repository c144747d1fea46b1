package dev.bringup.iommu;

import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One child of {@code /reserved-memory}, with the properties the kernel's
 * {@code of_reserved_mem} code reads. Static nodes have {@code reg}; dynamic nodes have
 * {@code size} and optional {@code alignment} and {@code alloc-ranges}, and get their address
 * when the simulation starts. Build with {@link #fixed} or {@link #dynamic} and the
 * {@code with...} methods.
 *
 * @param name node name, such as {@code vdev0buffer@10042000} or {@code linux,cma}
 * @param base {@code reg} address (static nodes), or -1
 * @param size {@code reg} or {@code size}, in bytes
 * @param alignment {@code alignment} (dynamic nodes), or 0
 * @param allocRanges {@code alloc-ranges} (dynamic nodes), empty for "anywhere in DRAM"
 * @param noMap {@code no-map}: not in the kernel's linear map
 * @param reusable {@code reusable}: a CMA area the kernel may lend out
 * @param compatible {@code compatible}, such as {@code shared-dma-pool}, or null
 * @param defaultCma {@code linux,cma-default}: the default CMA area
 */
public record ReservedMemoryNode(String name, long base, long size, long alignment, List<AddressRange> allocRanges,
        boolean noMap, boolean reusable, @Nullable String compatible, boolean defaultCma) {

    /** {@code compatible = "shared-dma-pool"}. */
    public static final String SHARED_DMA_POOL = "shared-dma-pool";

    public ReservedMemoryNode {
        Objects.requireNonNull(name);
        allocRanges = List.copyOf(allocRanges);
        if (size <= 0) {
            throw new IllegalArgumentException("reserved-memory node " + name + " needs a size above 0");
        }
        if (alignment != 0 && Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("reserved-memory node " + name + ": alignment 0x"
                    + Long.toHexString(alignment) + " is not a power of two");
        }
    }

    /** A static node: {@code reg = <base size>}. */
    public static ReservedMemoryNode fixed(String name, long base, long size) {
        return new ReservedMemoryNode(name, base, size, 0, List.of(), false, false, null, false);
    }

    /** A dynamic node: {@code size = <size>}, placed by the kernel. */
    public static ReservedMemoryNode dynamic(String name, long size) {
        return new ReservedMemoryNode(name, -1, size, 0, List.of(), false, false, null, false);
    }

    /** Whether the node has {@code reg} (is static). */
    public boolean isStatic() {
        return base >= 0;
    }

    public ReservedMemoryNode withNoMap() {
        return new ReservedMemoryNode(name, base, size, alignment, allocRanges, true, reusable, compatible, defaultCma);
    }

    public ReservedMemoryNode withReusable() {
        return new ReservedMemoryNode(name, base, size, alignment, allocRanges, noMap, true, compatible, defaultCma);
    }

    public ReservedMemoryNode withAlignment(long align) {
        return new ReservedMemoryNode(name, base, size, align, allocRanges, noMap, reusable, compatible, defaultCma);
    }

    public ReservedMemoryNode withAllocRanges(AddressRange... ranges) {
        return new ReservedMemoryNode(name, base, size, alignment, List.of(ranges), noMap, reusable, compatible,
                defaultCma);
    }

    public ReservedMemoryNode withCompatible(String value) {
        return new ReservedMemoryNode(name, base, size, alignment, allocRanges, noMap, reusable, value, defaultCma);
    }

    /** Marks the node {@code linux,cma-default}. */
    public ReservedMemoryNode withDefaultCma() {
        return new ReservedMemoryNode(name, base, size, alignment, allocRanges, noMap, reusable, compatible, true);
    }

    /** Whether this is a {@code shared-dma-pool}. */
    public boolean isSharedDmaPool() {
        return SHARED_DMA_POOL.equals(compatible);
    }

    /** {@code /reserved-memory/<name>}. */
    public String dtPath() {
        return "/reserved-memory/" + name;
    }
}
