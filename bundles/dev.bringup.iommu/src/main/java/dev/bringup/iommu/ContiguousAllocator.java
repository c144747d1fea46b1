package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * A physically contiguous page allocator over one range, kept as a bitmap of 4 KiB pages the
 * way the kernel keeps its pools, so it fragments as they do:
 * <ul>
 * <li>{@link Policy#CMA}: {@code cma_alloc()} — first fit from the bottom of the area, aligned to
 * {@code min(get_order(size), CONFIG_CMA_ALIGNMENT = 8)} pages, exactly {@code size} pages.</li>
 * <li>{@link Policy#POWER_OF_TWO}: {@code bitmap_find_free_region()} as per-device coherent pools
 * ({@code dma_alloc_from_dev_coherent()}) use it — a naturally aligned block of
 * {@code 2^get_order(size)} pages; also used for system RAM, as a stand-in for the buddy
 * allocator.</li>
 * </ul>
 */
public final class ContiguousAllocator {

    /** How blocks are chosen. */
    public enum Policy {
        CMA,
        POWER_OF_TWO
    }

    /** CONFIG_CMA_ALIGNMENT: the largest alignment order CMA gives an allocation. */
    public static final int CMA_ALIGNMENT = 8;

    private static final int PAGE_SHIFT = 12;

    private final String name;
    private final long base;
    private final long pages;
    private final Policy policy;
    private final long[] bits;
    private final java.util.TreeMap<Long, Block> owners = new java.util.TreeMap<>();
    private long usedPages;
    private IommuEvents events = new IommuEvents();

    /** An allocator over {@code [base, base + size)}; both must be page aligned. */
    public ContiguousAllocator(String name, long base, long size, Policy policy) {
        if ((base | size) % (1 << PAGE_SHIFT) != 0 || size <= 0) {
            throw new IllegalArgumentException("pool " + name + " at " + Hex.of(base) + " size " + Hex.of(size)
                    + " must be page aligned and not empty");
        }
        this.name = name;
        this.base = base;
        this.pages = size >>> PAGE_SHIFT;
        this.policy = policy;
        this.bits = new long[(int) ((pages + 63) >>> 6)];
    }

    void setEvents(IommuEvents events) {
        this.events = events;
    }

    public String name() {
        return name;
    }

    public long base() {
        return base;
    }

    public long size() {
        return pages << PAGE_SHIFT;
    }

    public Policy policy() {
        return policy;
    }

    public long usedBytes() {
        return usedPages << PAGE_SHIFT;
    }

    private boolean isSet(long page) {
        return (bits[(int) (page >>> 6)] & (1L << page)) != 0;
    }

    private void set(long from, long count, boolean value) {
        for (long p = from; p < from + count; p++) {
            if (value) {
                bits[(int) (p >>> 6)] |= 1L << p;
            } else {
                bits[(int) (p >>> 6)] &= ~(1L << p);
            }
        }
    }

    /** First free page at or after {@code from}, or {@code pages}. */
    private long nextClear(long from) {
        long p = from;
        while (p < pages) {
            long word = ~bits[(int) (p >>> 6)] & (-1L << p);
            if (word != 0) {
                long found = (p & ~63L) + Long.numberOfTrailingZeros(word);
                return Math.min(found, pages);
            }
            p = (p & ~63L) + 64;
        }
        return pages;
    }

    /** First used page at or after {@code from}, or {@code pages}. */
    private long nextSet(long from) {
        long p = from;
        while (p < pages) {
            long word = bits[(int) (p >>> 6)] & (-1L << p);
            if (word != 0) {
                long found = (p & ~63L) + Long.numberOfTrailingZeros(word);
                return Math.min(found, pages);
            }
            p = (p & ~63L) + 64;
        }
        return pages;
    }

    private static int order(long pageCount) {
        return pageCount <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(pageCount - 1);
    }

    /**
     * Allocates {@code size} bytes (rounded up to pages) for {@code owner}; returns the physical
     * address.
     *
     * @throws IommuException {@link Errno#ENOMEM} naming the request and the free extents
     */
    public long allocate(long size, String owner) throws IommuException {
        if (size <= 0) {
            throw new IommuException(Errno.EINVAL, name + ": allocation of " + Hex.of(size) + " bytes", null);
        }
        long count = (size + (1 << PAGE_SHIFT) - 1) >>> PAGE_SHIFT;
        int alignOrder = policy == Policy.CMA ? Math.min(order(count), CMA_ALIGNMENT) : order(count);
        if (policy == Policy.POWER_OF_TWO) {
            count = 1L << alignOrder;
        }
        long align = 1L << alignOrder;
        /* CMA aligns to physical addresses (bitmap_find_next_zero_area_off() with the area's
           offset); a per-device coherent pool aligns within the pool (bitmap_find_free_region()
           counts from the pool's first page), so a 16 KiB buffer fits a pool at 0x10042000 */
        long offset = policy == Policy.CMA ? ((base >>> PAGE_SHIFT) & (align - 1)) : 0;
        long start = (align - offset) & (align - 1);
        while (start + count <= pages) {
            long used = nextSet(start);
            if (used >= start + count) {
                set(start, count, true);
                usedPages += count;
                long pa = base + (start << PAGE_SHIFT);
                owners.put(pa, new Block(pa, count << PAGE_SHIFT, owner));
                if (events.active()) {
                    events.emit(IommuEvent.Kind.PHYS_ALLOC, owner, null, -1, pa, count << PAGE_SHIFT, null, -1,
                            policyName() + " " + name + ": allocated " + Hex.of(count << PAGE_SHIFT) + " at pa "
                                    + Hex.of(pa) + " for " + owner);
                }
                return pa;
            }
            long next = nextClear(used);
            start = ((next + offset + align - 1) & -align) - offset;
        }
        String msg = policyName() + " " + name + ": alloc failed, req-size: " + count + " pages, ret: -12 (free: "
                + describeFree() + ")";
        if (events.active()) {
            events.emit(IommuEvent.Kind.PHYS_ALLOC, owner, null, -1, -1, count << PAGE_SHIFT, Errno.ENOMEM, -1, msg);
        }
        throw new IommuException(Errno.ENOMEM, msg, Location.range(base, size()),
                "free memory in " + name + ", make the pool larger, or ask for less (the largest free block is "
                        + Hex.of(largestFree()) + " bytes)");
    }

    private String policyName() {
        return policy == Policy.CMA ? "cma_alloc" : "pool";
    }

    /** Frees the block that starts at {@code pa}. */
    public void free(long pa) throws IommuException {
        Block rec = owners.remove(pa);
        if (rec == null) {
            throw new IommuException(Errno.ENOENT,
                    name + ": no allocation starts at pa " + Hex.of(pa), Location.range(pa, 0),
                    "free the address an allocation returned");
        }
        long count = rec.size() >>> PAGE_SHIFT;
        set((pa - base) >>> PAGE_SHIFT, count, false);
        usedPages -= count;
        if (events.active()) {
            events.emit(IommuEvent.Kind.PHYS_FREE, rec.owner(), null, -1, pa, count << PAGE_SHIFT, null, -1,
                    policyName() + " " + name + ": freed " + Hex.of(count << PAGE_SHIFT) + " at pa " + Hex.of(pa));
        }
    }

    /** Marks {@code [pa, pa + size)} as taken without an owner (a reservation carved out of the range). */
    void carveOut(long pa, long size) {
        long from = Math.max(pa, base);
        long to = Math.min(pa + size, base + size());
        if (from >= to) {
            return;
        }
        long first = (from - base) >>> PAGE_SHIFT;
        long last = (to - base + (1 << PAGE_SHIFT) - 1) >>> PAGE_SHIFT;
        for (long p = first; p < last; p++) {
            if (!isSet(p)) {
                set(p, 1, true);
                usedPages++;
            }
        }
    }

    /** The free extents, by address. */
    public List<AddressRange> freeExtents() {
        List<AddressRange> out = new ArrayList<>();
        long p = nextClear(0);
        while (p < pages) {
            long e = nextSet(p);
            out.add(new AddressRange(base + (p << PAGE_SHIFT), (e - p) << PAGE_SHIFT));
            p = nextClear(e);
        }
        return out;
    }

    /** The largest free extent in bytes. */
    public long largestFree() {
        long best = 0;
        for (AddressRange r : freeExtents()) {
            best = Math.max(best, r.size());
        }
        return best;
    }

    /** The blocks handed out: start address to owner. */
    public List<Block> allocations() {
        return List.copyOf(owners.values());
    }

    /**
     * One allocated block.
     *
     * @param pa first physical address
     * @param size bytes
     * @param owner who asked for it
     */
    public record Block(long pa, long size, String owner) {
    }

    private String describeFree() {
        List<AddressRange> free = freeExtents();
        if (free.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (AddressRange r : free) {
            if (shown++ == 8) {
                b.append(" +").append(free.size() - 8).append(" more");
                break;
            }
            b.append(b.isEmpty() ? "" : ", ").append(r.size() >>> PAGE_SHIFT).append('@')
                    .append(Hex.of(r.base()));
        }
        return b + " pages";
    }

    @Override
    public String toString() {
        return name + " " + new AddressRange(base, size()) + " " + policy + " used " + Hex.of(usedBytes());
    }
}
