package dev.bringup.trace.internal;

import java.nio.ByteBuffer;

/**
 * Byte searches eight bytes at a time ("SIMD within a register") over little-endian
 * {@link ByteBuffer}s, mapped or heap. Every mask has bit 7 of a byte set exactly where that
 * byte matches; there are no false positives (no borrow crosses bytes), so bits can be counted
 * and located with {@link Long#bitCount} and {@link Long#numberOfTrailingZeros}.
 */
public final class Swar {

    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = broadcast((byte) '\n');
    private static final long TABS = broadcast((byte) '\t');
    private static final long DELS = broadcast((byte) 0x7F);
    private static final long TOP3 = broadcast((byte) 0xE0);

    private Swar() {
    }

    /** The byte repeated in all eight lanes. */
    public static long broadcast(byte b) {
        return (b & 0xFFL) * ONES;
    }

    /** Bit 7 set in each lane of {@code x} that is zero. Exact. */
    public static long zeroLanes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    /** Bit 7 set in each lane of {@code word} equal to the lane of {@code pattern}. */
    public static long equalLanes(long word, long pattern) {
        return zeroLanes(word ^ pattern);
    }

    /** Bit 7 set in each lane that is a newline. */
    public static long newlines(long word) {
        return zeroLanes(word ^ NEWLINES);
    }

    /**
     * Bit 7 set in each lane that needs cleaning before a line can be shown: C0 control bytes
     * (NUL, ESC, CR, BS, ...) other than TAB, and DEL.
     */
    public static long controlLanes(long word) {
        return (zeroLanes(word & TOP3) & ~equalLanes(word, TABS)) | equalLanes(word, DELS);
    }

    /** Lane index (0..7) of the lowest set lane in a non-zero mask. */
    public static int firstLane(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }

    /** The offset of the first {@code '\n'} in {@code [from, to)}, or -1. */
    public static int indexOfNewline(ByteBuffer b, int from, int to) {
        int i = from;
        int lim = to - 7;
        for (; i < lim; i += 8) {
            long m = newlines(b.getLong(i));
            if (m != 0) {
                return i + firstLane(m);
            }
        }
        for (; i < to; i++) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The offset of the last {@code '\n'} in {@code [from, to)}, or -1. */
    public static int lastIndexOfNewline(ByteBuffer b, int from, int to) {
        int i = to;
        while (i - 8 >= from) {
            long m = newlines(b.getLong(i - 8));
            if (m != 0) {
                return i - 8 + (63 - Long.numberOfLeadingZeros(m)) / 8;
            }
            i -= 8;
        }
        for (i--; i >= from; i--) {
            if (b.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code [from, to)} holds a byte that {@link #controlLanes} flags. */
    public static boolean hasControl(ByteBuffer b, int from, int to) {
        int i = from;
        int lim = to - 7;
        for (; i < lim; i += 8) {
            if (controlLanes(b.getLong(i)) != 0) {
                return true;
            }
        }
        for (; i < to; i++) {
            int c = b.get(i) & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** The offset of the first occurrence of {@code needle} in {@code [from, to)}, or -1. */
    public static int indexOf(ByteBuffer b, int from, int to, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from <= to ? from : -1;
        }
        long first = broadcast(needle[0]);
        int last = to - n; // last possible start
        int i = from;
        while (i <= last) {
            int candidate = -1;
            if (i + 8 <= to) {
                long m = equalLanes(b.getLong(i), first);
                while (m != 0) {
                    int c = i + firstLane(m);
                    if (c > last) {
                        return -1;
                    }
                    if (matchesAt(b, c, needle)) {
                        return c;
                    }
                    m &= m - 1;
                }
                i += 8;
                continue;
            }
            for (; i <= last; i++) {
                if (b.get(i) == needle[0] && matchesAt(b, i, needle)) {
                    candidate = i;
                    break;
                }
            }
            return candidate;
        }
        return -1;
    }

    private static boolean matchesAt(ByteBuffer b, int at, byte[] needle) {
        for (int k = 1; k < needle.length; k++) {
            if (b.get(at + k) != needle[k]) {
                return false;
            }
        }
        return true;
    }
}
