package dev.bringup.trace.internal;

import java.util.Arrays;

/**
 * A growable list of longs in fixed-size chunks (no copying of the data when it grows), for one
 * writer thread and any number of reader threads. The writer publishes with the volatile
 * {@link #size()}; a reader that reads {@code size()} first sees every element below it.
 */
public final class LongChunks {

    private static final int SHIFT = 13;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private volatile long[][] chunks = new long[8][];
    private volatile long size;

    /** The number of elements published so far. */
    public long size() {
        return size;
    }

    /** Element {@code i}; {@code i} must be below a {@link #size()} this thread has read. */
    public long get(long i) {
        return chunks[(int) (i >>> SHIFT)][(int) (i & MASK)];
    }

    /** Appends and publishes one element (writer thread only). */
    public void add(long value) {
        long n = size;
        int c = (int) (n >>> SHIFT);
        long[][] cs = chunks;
        if (c == cs.length) {
            cs = Arrays.copyOf(cs, c * 2);
            chunks = cs;
        }
        if (cs[c] == null) {
            cs[c] = new long[CHUNK];
        }
        cs[c][(int) (n & MASK)] = value;
        size = n + 1;
    }

    /**
     * The index of the last element {@code <= key} among the first {@code n} elements, which
     * must be sorted ascending; -1 when every element is greater.
     */
    public long floorIndex(long key, long n) {
        long lo = 0;
        long hi = n - 1;
        long found = -1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            if (get(mid) <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Bytes held, for memory reports. */
    public long footprintBytes() {
        long[][] cs = chunks;
        long n = 16L + 8L * cs.length;
        for (long[] c : cs) {
            if (c != null) {
                n += 16L + 8L * c.length;
            }
        }
        return n;
    }
}
