package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bringup.iommu.internal.LongIntMap;

/**
 * The IOTLB of one IOMMU: a fully associative cache of leaf translations with a fixed number of
 * entries and least-recently-used replacement, tagged by translation context (an SMMU context
 * bank, a MediaTek bank). Entries keep the leaf size, so one entry covers a whole 2M block.
 * Unmap invalidates the range (strict mode, as {@code iommu.strict=1}); a stale entry is only
 * possible if a caller changes a table without invalidating, which this simulation never does.
 */
public final class Iotlb {

    /**
     * One cached translation.
     *
     * @param context the translation context (context bank, bank) it belongs to
     * @param iova first IOVA of the leaf
     * @param size leaf size
     * @param pa physical address of the leaf
     * @param perms {@link IommuProt#READ} and {@link IommuProt#WRITE} granted
     */
    public record Entry(int context, long iova, long size, long pa, int perms) {
    }

    private final int capacity;
    private final LongIntMap index;
    private final long[] keys;
    private final long[] pas;
    private final int[] perms;
    private final int[] prev;
    private final int[] next;
    private final int[] shiftCount = new int[64];
    private long shiftMask;
    private int head = -1;
    private int tail = -1;
    private int size;

    private long hits;
    private long misses;
    private long evictions;
    private long invalidated;

    /** An IOTLB of {@code entries} entries (at least 1). */
    public Iotlb(int entries) {
        if (entries < 1 || entries > 1 << 20) {
            throw new IllegalArgumentException("IOTLB entries must be 1..1048576, not " + entries);
        }
        capacity = entries;
        index = new LongIntMap(entries);
        keys = new long[entries];
        pas = new long[entries];
        perms = new int[entries];
        prev = new int[entries];
        next = new int[entries];
    }

    private static long key(int context, long iova, int shift) {
        return ((long) context << 48) | ((iova >>> shift) << 6) | shift;
    }

    private static int shiftOf(long key) {
        return (int) (key & 63);
    }

    private static int contextOf(long key) {
        return (int) (key >>> 48);
    }

    /**
     * Looks {@code iova} up; returns the slot of the hit (and makes it most recent) or -1. Counts
     * the hit or the miss.
     */
    int lookup(int context, long iova) {
        long m = shiftMask;
        while (m != 0) {
            int s = Long.numberOfTrailingZeros(m);
            m &= m - 1;
            int slot = index.get(key(context, iova, s));
            if (slot >= 0) {
                hits++;
                touch(slot);
                return slot;
            }
        }
        misses++;
        return -1;
    }

    /** Physical address {@code iova} translates to through {@code slot}. */
    long pa(int slot, long iova) {
        return pas[slot] | (iova & ((1L << shiftOf(keys[slot])) - 1));
    }

    int perms(int slot) {
        return perms[slot];
    }

    /** Caches the leaf {@code [leafIova, leafIova + leafSize) -> leafPa}; evicts the least recent entry when full. */
    void insert(int context, long leafIova, long leafSize, long leafPa, int leafPerms) {
        int shift = Long.numberOfTrailingZeros(leafSize);
        long k = key(context, leafIova, shift);
        int slot = index.get(k);
        if (slot < 0) {
            if (size == capacity) {
                slot = tail;
                evictions++;
                drop(slot);
            } else {
                slot = size;
            }
            size++;
            keys[slot] = k;
            index.put(k, slot);
            if (shiftCount[shift]++ == 0) {
                shiftMask |= 1L << shift;
            }
            linkFront(slot);
        } else {
            touch(slot);
        }
        pas[slot] = leafPa;
        perms[slot] = leafPerms;
    }

    /** Removes {@code slot} from the index and the list; the caller reuses or compacts it. */
    private void drop(int slot) {
        long k = keys[slot];
        index.remove(k);
        int s = shiftOf(k);
        if (--shiftCount[s] == 0) {
            shiftMask &= ~(1L << s);
        }
        unlink(slot);
        size--;
    }

    /** Removes {@code slot} and moves the last slot into its place to keep slots dense. */
    private void evict(int slot) {
        drop(slot);
        invalidated++;
        int last = size;
        if (slot != last) {
            keys[slot] = keys[last];
            pas[slot] = pas[last];
            perms[slot] = perms[last];
            index.put(keys[slot], slot);
            int p = prev[last];
            int n = next[last];
            prev[slot] = p;
            next[slot] = n;
            if (p >= 0) {
                next[p] = slot;
            } else {
                head = slot;
            }
            if (n >= 0) {
                prev[n] = slot;
            } else {
                tail = slot;
            }
        }
    }

    private void linkFront(int slot) {
        prev[slot] = -1;
        next[slot] = head;
        if (head >= 0) {
            prev[head] = slot;
        }
        head = slot;
        if (tail < 0) {
            tail = slot;
        }
    }

    private void unlink(int slot) {
        int p = prev[slot];
        int n = next[slot];
        if (p >= 0) {
            next[p] = n;
        } else {
            head = n;
        }
        if (n >= 0) {
            prev[n] = p;
        } else {
            tail = p;
        }
    }

    private void touch(int slot) {
        if (head != slot) {
            unlink(slot);
            linkFront(slot);
        }
    }

    /** {@code TLBIALL}: drops every entry. */
    public void invalidateAll() {
        invalidated += size;
        index.clear();
        Arrays.fill(shiftCount, 0);
        shiftMask = 0;
        head = -1;
        tail = -1;
        size = 0;
    }

    /** {@code TLBIASID}/context invalidation: drops every entry of {@code context}. */
    public void invalidateContext(int context) {
        for (int slot = size - 1; slot >= 0; slot--) {
            if (contextOf(keys[slot]) == context) {
                evict(slot);
            }
        }
    }

    /** {@code TLBIVA} over a range: drops the entries of {@code context} that overlap {@code [iova, iova + size)}. */
    public void invalidateRange(int context, long iova, long length) {
        if (size == 0 || length <= 0) {
            return;
        }
        long end = iova + length - 1;
        long probes = 0;
        for (long m = shiftMask; m != 0; m &= m - 1) {
            int s = Long.numberOfTrailingZeros(m);
            probes += (end >>> s) - (iova >>> s) + 1;
        }
        if (probes <= size) {
            for (long m = shiftMask; m != 0; m &= m - 1) {
                int s = Long.numberOfTrailingZeros(m);
                for (long vpn = iova >>> s; vpn <= end >>> s; vpn++) {
                    int slot = index.get(key(context, vpn << s, s));
                    if (slot >= 0) {
                        evict(slot);
                    }
                }
            }
            return;
        }
        for (int slot = size - 1; slot >= 0; slot--) {
            long k = keys[slot];
            if (contextOf(k) != context) {
                continue;
            }
            int s = shiftOf(k);
            long start = ((k >>> 6) & ((1L << 42) - 1)) << s;
            if (start <= end && start + (1L << s) - 1 >= iova) {
                evict(slot);
            }
        }
    }

    /** Number of entries. */
    public int capacity() {
        return capacity;
    }

    /** Entries in use. */
    public int size() {
        return size;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    /** Entries replaced because the IOTLB was full. */
    public long evictions() {
        return evictions;
    }

    /** Entries dropped by invalidation. */
    public long invalidations() {
        return invalidated;
    }

    public void resetStatistics() {
        hits = 0;
        misses = 0;
        evictions = 0;
        invalidated = 0;
    }

    /** The cached translations, most recently used first. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size);
        for (int slot = head; slot >= 0; slot = next[slot]) {
            long k = keys[slot];
            int s = shiftOf(k);
            out.add(new Entry(contextOf(k), ((k >>> 6) & ((1L << 42) - 1)) << s, 1L << s, pas[slot], perms[slot]));
        }
        return out;
    }
}
