package dev.bringup.iommu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;

/**
 * The IOVA allocator of a DMA domain, as {@code drivers/iommu/iova.c} keeps it: a tree of
 * allocated ranges in page frames of {@code granule} bytes, searched top-down from the limit,
 * starting at the cached node ({@code cached_node}/{@code cached32_node}) and retrying from the
 * limit once; size-aligned ranges are aligned to their size rounded up to a power of two. Freed
 * ranges of up to 32 frames go to the per-size range caches ({@code iova_rcache}: a loaded and a
 * previous magazine of 127 entries, and a depot of up to 32 magazines; one CPU) and are handed
 * out again last-in first-out, so they stay allocated in the tree while cached.
 * <p>
 * Every range remembers who asked for it, so a collision can be explained.
 */
public final class IovaAllocator {

    /** What a range in the tree is. */
    public enum Kind {
        /** Handed out by {@code alloc_iova}. */
        ALLOCATED,
        /** Taken by {@code reserve_iova} (a reserved region, a fixed-address experiment). */
        RESERVED,
        /** Freed by its user but held in a range cache, so still taken. */
        CACHED
    }

    /**
     * One range of the tree.
     *
     * @param iova first address
     * @param size bytes
     * @param kind allocated, reserved or cached
     * @param owner who asked for it (device and purpose)
     */
    public record Allocation(long iova, long size, Kind kind, String owner) {
        public AddressRange range() {
            return new AddressRange(iova, size);
        }

        @Override
        public String toString() {
            return range() + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " by " + owner;
        }
    }

    /** {@code IOVA_RANGE_CACHE_MAX_SIZE}: sizes of up to 2^(6-1) frames are cached. */
    public static final int RANGE_CACHE_MAX_SIZE = 6;
    /** {@code IOVA_MAG_SIZE}. */
    public static final int MAG_SIZE = 127;
    /** {@code MAX_GLOBAL_MAGS}. */
    public static final int MAX_GLOBAL_MAGS = 32;

    private static final long ANCHOR = Long.MAX_VALUE;

    private static final class Iova {
        final long lo;
        final long hi;
        String owner;
        Kind kind;

        Iova(long lo, long hi, String owner, Kind kind) {
            this.lo = lo;
            this.hi = hi;
            this.owner = owner;
            this.kind = kind;
        }
    }

    private static final class Magazine {
        final long[] pfns = new long[MAG_SIZE];
        int size;
    }

    private static final class Rcache {
        Magazine loaded = new Magazine();
        Magazine prev = new Magazine();
        final ArrayDeque<Magazine> depot = new ArrayDeque<>();
    }

    private final long granule;
    private final int shift;
    private final long startPfn;
    private final long dma32Pfn;
    private final TreeMap<Long, Iova> tree = new TreeMap<>();
    private final Iova anchor = new Iova(ANCHOR, ANCHOR, "anchor", Kind.RESERVED);
    private final Rcache[] rcaches = new Rcache[RANGE_CACHE_MAX_SIZE];
    private final boolean useRcache;
    private Iova cached;
    private Iova cached32;
    private long max32AllocSize;
    private IommuEvents events = new IommuEvents();
    private String label = "iova";

    /**
     * {@code init_iova_domain(iovad, granule, start_pfn)}.
     *
     * @param granule the frame size, a power of two (the smallest page size of the domain)
     * @param startPfn the lowest frame that may be handed out (at least 1)
     * @param rangeCaches whether freed ranges go to the range caches (as Linux always does)
     */
    public IovaAllocator(long granule, long startPfn, boolean rangeCaches) {
        if (granule <= 0 || Long.bitCount(granule) != 1 || startPfn < 1) {
            throw new IllegalArgumentException("IOVA granule must be a power of two and start_pfn at least 1");
        }
        this.granule = granule;
        this.shift = Long.numberOfTrailingZeros(granule);
        this.startPfn = startPfn;
        this.dma32Pfn = 1L << (32 - shift);
        this.max32AllocSize = dma32Pfn;
        this.useRcache = rangeCaches;
        tree.put(ANCHOR, anchor);
        cached = anchor;
        cached32 = anchor;
        for (int i = 0; i < rcaches.length; i++) {
            rcaches[i] = new Rcache();
        }
    }

    void setEvents(IommuEvents events, String label) {
        this.events = events;
        this.label = label;
    }

    /** The frame size in bytes. */
    public long granule() {
        return granule;
    }

    /** {@code iova_shift()}. */
    public int shift() {
        return shift;
    }

    public long startPfn() {
        return startPfn;
    }

    private static int flsLong(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    private static int orderBase2(long n) {
        return n <= 1 ? 0 : flsLong(n - 1);
    }

    private Iova cachedNode(long limitPfn) {
        return limitPfn <= dma32Pfn ? cached32 : cached;
    }

    private @Nullable Iova prevNode(Iova n) {
        Map.Entry<Long, Iova> e = tree.lowerEntry(n.lo);
        return e == null ? null : e.getValue();
    }

    private Iova nextNode(Iova n) {
        Map.Entry<Long, Iova> e = tree.higherEntry(n.lo);
        return e == null ? anchor : e.getValue();
    }

    /** {@code iova_find_limit()}: the lowest range that ends at or above {@code limitPfn}. */
    private Iova findLimit(long limitPfn) {
        if (limitPfn > dma32Pfn) {
            return anchor;
        }
        Map.Entry<Long, Iova> f = tree.floorEntry(limitPfn);
        if (f != null && f.getValue().hi >= limitPfn) {
            return f.getValue();
        }
        Map.Entry<Long, Iova> c = tree.ceilingEntry(limitPfn);
        return c == null ? anchor : c.getValue();
    }

    /** {@code __alloc_and_insert_iova_range()}; {@code limitPfn} is exclusive. */
    private @Nullable Iova allocRange(long size, long limitPfn, boolean sizeAligned, String owner) {
        long alignMask = sizeAligned ? -1L << flsLong(size - 1) : -1L;
        long highPfn = limitPfn;
        long lowPfn = startPfn;
        if (limitPfn <= dma32Pfn && size >= max32AllocSize) {
            return null;
        }
        Iova curr = cachedNode(limitPfn);
        long retryPfn = curr.hi;
        long newPfn;
        while (true) {
            do {
                highPfn = Math.min(highPfn, curr.lo);
                newPfn = (highPfn - size) & alignMask;
                curr = prevNode(curr);
            } while (curr != null && newPfn <= curr.hi && newPfn >= lowPfn);
            if (highPfn < size || newPfn < lowPfn) {
                if (lowPfn == startPfn && retryPfn < limitPfn) {
                    highPfn = limitPfn;
                    lowPfn = retryPfn + 1;
                    curr = findLimit(limitPfn);
                    continue;
                }
                max32AllocSize = size;
                return null;
            }
            break;
        }
        Iova n = new Iova(newPfn, newPfn + size - 1, owner, Kind.ALLOCATED);
        tree.put(newPfn, n);
        if (n.hi < dma32Pfn) {
            cached32 = n;
        } else {
            cached = n;
        }
        return n;
    }

    /**
     * {@code alloc_iova()}: {@code size} frames at or below frame {@code limitPfn} (inclusive),
     * top-down; returns the first frame, or 0 when there is no room.
     */
    public long allocIova(long size, long limitPfn, boolean sizeAligned, String owner) {
        if (size <= 0) {
            return 0;
        }
        Iova n = allocRange(size, limitPfn + 1, sizeAligned, owner);
        emitAlloc(n, size, owner);
        return n == null ? 0 : n.lo;
    }

    /**
     * {@code alloc_iova_fast()}: a size-aligned range of {@code size} frames, from the range caches
     * when one holds a fitting entry, else from the tree (flushing the caches and retrying once
     * when {@code flushRcache}); returns the first frame, or 0.
     */
    public long allocIovaFast(long size, long limitPfn, boolean flushRcache, String owner) {
        if (size <= 0) {
            return 0;
        }
        long pfn = useRcache ? rcacheGet(size, limitPfn + 1) : 0;
        if (pfn != 0) {
            Iova n = tree.get(pfn);
            if (n != null) {
                n.kind = Kind.ALLOCATED;
                n.owner = owner;
                emitAlloc(n, size, owner);
                return pfn;
            }
        }
        boolean flush = flushRcache;
        while (true) {
            Iova n = allocRange(size, limitPfn + 1, true, owner);
            if (n != null || !flush) {
                emitAlloc(n, size, owner);
                return n == null ? 0 : n.lo;
            }
            flush = false;
            flushRcaches();
        }
    }

    private void emitAlloc(@Nullable Iova n, long size, String owner) {
        if (!events.active()) {
            return;
        }
        if (n == null) {
            events.emit(IommuEvent.Kind.IOVA_ALLOC, owner, label, -1, -1, size << shift, Errno.ENOMEM, 0,
                    "alloc_iova(" + label + ", " + size + " frames) for " + owner + " = 0 (no IOVA space)");
        } else {
            events.emit(IommuEvent.Kind.IOVA_ALLOC, owner, label, n.lo << shift, -1, (n.hi - n.lo + 1) << shift, null,
                    n.lo, "alloc_iova(" + label + ", " + size + " frames) for " + owner + " = "
                            + Hex.of(n.lo << shift) + ".." + Hex.of((n.hi + 1) << shift));
        }
    }

    /** {@code find_iova()}: the range that holds frame {@code pfn}, or null. */
    public @Nullable Allocation find(long pfn) {
        Iova n = findNode(pfn);
        return n == null ? null : toAllocation(n);
    }

    private @Nullable Iova findNode(long pfn) {
        Map.Entry<Long, Iova> e = tree.floorEntry(pfn);
        if (e == null || e.getValue() == anchor || e.getValue().hi < pfn) {
            return null;
        }
        return e.getValue();
    }

    private Allocation toAllocation(Iova n) {
        return new Allocation(n.lo << shift, (n.hi - n.lo + 1) << shift, n.kind, n.owner);
    }

    /** {@code free_iova()}: frees the range that holds frame {@code pfn}; false when there is none. */
    public boolean freeIova(long pfn) {
        Iova n = findNode(pfn);
        if (n == null) {
            return false;
        }
        removeNode(n);
        if (events.active()) {
            events.emit(IommuEvent.Kind.IOVA_FREE, n.owner, label, n.lo << shift, -1, (n.hi - n.lo + 1) << shift,
                    null, -1, "free_iova(" + label + ", " + Hex.of(n.lo << shift) + ") of " + n.owner);
        }
        return true;
    }

    private void removeNode(Iova free) {
        /* __cached_rbnode_delete_update() */
        if (free == cached32 || free.hi < dma32Pfn && free.lo >= cached32.lo) {
            cached32 = nextNode(free);
        }
        if (free.lo < dma32Pfn) {
            max32AllocSize = dma32Pfn;
        }
        if (free.lo >= cached.lo) {
            cached = nextNode(free);
        }
        tree.remove(free.lo);
    }

    /**
     * {@code free_iova_fast()}: returns the range that starts at {@code pfn} ({@code size} frames
     * as allocated) to a range cache, or to the tree when it is too large to cache; false when
     * {@code pfn} is not the start of an allocated range.
     */
    public boolean freeIovaFast(long pfn, long size) {
        Iova n = tree.get(pfn);
        if (n == null || n == anchor || n.kind != Kind.ALLOCATED) {
            return false;
        }
        if (useRcache && rcacheInsert(pfn, size)) {
            n.kind = Kind.CACHED;
            if (events.active()) {
                events.emit(IommuEvent.Kind.IOVA_FREE, n.owner, label, pfn << shift, -1, (n.hi - n.lo + 1) << shift,
                        null, -1, "free_iova_fast(" + label + ", " + Hex.of(pfn << shift) + ") of " + n.owner
                                + ": kept in the range cache");
            }
            return true;
        }
        return freeIova(pfn);
    }

    private long rcacheGet(long size, long limitPfn) {
        int log = orderBase2(size);
        if (log >= RANGE_CACHE_MAX_SIZE) {
            return 0;
        }
        Rcache rc = rcaches[log];
        if (rc.loaded.size == 0) {
            if (rc.prev.size != 0) {
                Magazine t = rc.loaded;
                rc.loaded = rc.prev;
                rc.prev = t;
            } else if (!rc.depot.isEmpty()) {
                rc.loaded = rc.depot.pop();
            } else {
                return 0;
            }
        }
        /* iova_magazine_pop(): the most recent entry at or below the limit */
        Magazine m = rc.loaded;
        long limit = limitPfn - size;
        int i = m.size - 1;
        while (m.pfns[i] > limit) {
            if (i == 0) {
                return 0;
            }
            i--;
        }
        long pfn = m.pfns[i];
        m.pfns[i] = m.pfns[--m.size];
        return pfn;
    }

    private boolean rcacheInsert(long pfn, long size) {
        int log = orderBase2(size);
        if (log >= RANGE_CACHE_MAX_SIZE) {
            return false;
        }
        Rcache rc = rcaches[log];
        Magazine toFree = null;
        if (rc.loaded.size == MAG_SIZE) {
            if (rc.prev.size != MAG_SIZE) {
                Magazine t = rc.loaded;
                rc.loaded = rc.prev;
                rc.prev = t;
            } else {
                if (rc.depot.size() < MAX_GLOBAL_MAGS) {
                    rc.depot.push(rc.loaded);
                } else {
                    toFree = rc.loaded;
                }
                rc.loaded = new Magazine();
            }
        }
        rc.loaded.pfns[rc.loaded.size++] = pfn;
        if (toFree != null) {
            freeMagazine(toFree);
        }
        return true;
    }

    private void freeMagazine(Magazine m) {
        for (int i = 0; i < m.size; i++) {
            Iova n = tree.get(m.pfns[i]);
            if (n != null) {
                removeNode(n);
            }
        }
        m.size = 0;
    }

    /** Empties every range cache back into the tree ({@code free_cpu_cached_iovas()} and the depot). */
    public void flushRcaches() {
        for (Rcache rc : rcaches) {
            freeMagazine(rc.loaded);
            freeMagazine(rc.prev);
            while (!rc.depot.isEmpty()) {
                freeMagazine(rc.depot.pop());
            }
        }
    }

    /**
     * {@code reserve_iova()}: takes frames {@code [pfnLo, pfnHi]} for {@code owner}, filling the
     * gaps between ranges already there (which stay as they are).
     */
    public void reserve(long pfnLo, long pfnHi, String owner) {
        long at = pfnLo;
        while (at <= pfnHi) {
            Iova n = findNode(at);
            if (n != null) {
                at = n.hi + 1;
                continue;
            }
            Map.Entry<Long, Iova> next = tree.higherEntry(at);
            long end = Math.min(pfnHi, next == null ? pfnHi : next.getValue().lo - 1);
            tree.put(at, new Iova(at, end, owner, Kind.RESERVED));
            at = end + 1;
        }
        if (events.active()) {
            events.emit(IommuEvent.Kind.IOVA_RESERVE, owner, label, pfnLo << shift, -1, (pfnHi - pfnLo + 1) << shift,
                    null, -1, "reserve_iova(" + label + ", " + Hex.of(pfnLo << shift) + ".."
                            + Hex.of((pfnHi + 1) << shift) + ") for " + owner);
        }
    }

    /** The ranges that share a frame with {@code [pfnLo, pfnHi]}, by address. */
    public List<Allocation> overlapping(long pfnLo, long pfnHi) {
        List<Allocation> out = new ArrayList<>();
        Map.Entry<Long, Iova> first = tree.floorEntry(pfnLo);
        long from = first != null && first.getValue().hi >= pfnLo ? first.getKey() : pfnLo;
        for (Iova n : tree.subMap(from, true, pfnHi, true).values()) {
            if (n != anchor) {
                out.add(toAllocation(n));
            }
        }
        return out;
    }

    /** Every range of the tree, by address. */
    public List<Allocation> allocations() {
        List<Allocation> out = new ArrayList<>(tree.size());
        for (Iova n : tree.values()) {
            if (n != anchor) {
                out.add(toAllocation(n));
            }
        }
        return out;
    }
}
