package dev.bringup.trace;

import java.util.Arrays;

/**
 * A growing, ordered set of line numbers: the lines a filter kept. It answers the questions of a
 * virtual table over the set: how many ({@link #size()}), which line is row r ({@link #get}),
 * which row shows line n ({@link #rank}), and the next or previous kept line.
 * <p>
 * It is a bitmap with a count every 512 lines, so its size depends on the lines covered, not on
 * how many match: about 1.3 bits per line (16 MB for 100 million lines), and blocks of lines
 * without a match are never allocated. One thread adds, in increasing order; any thread reads,
 * seeing a consistent prefix.
 */
public final class LineSet {

    private static final int WORDS_PER_CHUNK = 1 << 12; // 262 144 lines
    private static final int CHUNK_SHIFT = 12;
    private static final int BLOCK_WORDS = 8; // 512 lines per count
    private static final int BLOCK_SHIFT = 9;

    private volatile long[][] chunks = new long[16][];
    /** counts[k] = members below line k * 512. */
    private volatile long[] counts = new long[64];
    private volatile long blocks;
    private volatile long size;
    private volatile long last = -1;

    /** The number of lines in the set. */
    public long size() {
        return size;
    }

    /** The largest line in the set, or -1. */
    public long last() {
        return last;
    }

    /**
     * Adds a line, which must be greater than every line in the set (one writer thread).
     *
     * @throws IllegalArgumentException when it is not
     */
    public void add(long line) {
        long prev = last;
        if (line <= prev) {
            throw new IllegalArgumentException("line " + line + " is not after " + prev);
        }
        long block = line >>> BLOCK_SHIFT;
        long n = size;
        long b = blocks;
        if (block >= b) {
            long[] cs = counts;
            if (block >= cs.length) {
                cs = Arrays.copyOf(cs, (int) Math.max(block + 1, cs.length * 2L));
            }
            for (long k = b; k <= block; k++) {
                cs[(int) k] = n;
            }
            counts = cs;
            blocks = block + 1;
        }
        long word = line >>> 6;
        int c = (int) (word >>> CHUNK_SHIFT);
        long[][] ch = chunks;
        if (c >= ch.length) {
            ch = Arrays.copyOf(ch, Math.max(c + 1, ch.length * 2));
            chunks = ch;
        }
        if (ch[c] == null) {
            ch[c] = new long[WORDS_PER_CHUNK];
        }
        ch[c][(int) (word & (WORDS_PER_CHUNK - 1))] |= 1L << (line & 63);
        last = line;
        size = n + 1;
    }

    private long word(long[][] ch, long w) {
        int c = (int) (w >>> CHUNK_SHIFT);
        if (c >= ch.length) {
            return 0;
        }
        long[] chunk = ch[c];
        return chunk == null ? 0 : chunk[(int) (w & (WORDS_PER_CHUNK - 1))];
    }

    /**
     * The line at position {@code rank} (0-based), that is, the line shown in row {@code rank} of a
     * table over this set.
     *
     * @throws IndexOutOfBoundsException when {@code rank >= size()}
     */
    public long get(long rank) {
        long n = size;
        if (rank < 0 || rank >= n) {
            throw new IndexOutOfBoundsException("rank " + rank + " of " + n);
        }
        long nb = blocks; // read before counts: the array read next covers these blocks
        long[] cs = counts;
        nb = Math.min(nb, cs.length);
        long lo = 0;
        long hi = nb - 1;
        while (lo < hi) { // last block whose count is <= rank
            long mid = (lo + hi + 1) >>> 1;
            if (cs[(int) mid] <= rank) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long remaining = rank - cs[(int) lo];
        long[][] ch = chunks;
        long w = lo * BLOCK_WORDS;
        while (true) {
            long bits = word(ch, w);
            int pc = Long.bitCount(bits);
            if (remaining < pc) {
                for (long k = remaining; k > 0; k--) {
                    bits &= bits - 1;
                }
                return w * 64 + Long.numberOfTrailingZeros(bits);
            }
            remaining -= pc;
            w++;
        }
    }

    /** How many lines of the set are below {@code line}: the row where {@code line} is or would be. */
    public long rank(long line) {
        long n = size;
        if (line > last) {
            return n;
        }
        if (line <= 0) {
            return 0;
        }
        long block = line >>> BLOCK_SHIFT;
        long r = counts[(int) block]; // counts is written before last, so it covers this block
        long[][] ch = chunks;
        long w = block * BLOCK_WORDS;
        long target = line >>> 6;
        for (; w < target; w++) {
            r += Long.bitCount(word(ch, w));
        }
        long mask = (1L << (line & 63)) - 1;
        return Math.min(n, r + Long.bitCount(word(ch, target) & mask));
    }

    /** Whether {@code line} is in the set. */
    public boolean contains(long line) {
        if (line < 0 || line > last) {
            return false;
        }
        return (word(chunks, line >>> 6) & (1L << (line & 63))) != 0;
    }

    /** The smallest line in the set that is {@code >= line}, or -1. */
    public long ceiling(long line) {
        long r = rank(Math.max(0, line));
        return r < size ? get(r) : -1;
    }

    /** The largest line in the set that is {@code <= line}, or -1. */
    public long floor(long line) {
        if (line < 0) {
            return -1;
        }
        long r = rank(line + 1);
        return r > 0 ? get(r - 1) : -1;
    }

    /** The lines {@code [fromRank, fromRank + count)} as an array (clipped to the size). */
    public long[] lines(long fromRank, int count) {
        long n = Math.max(0, Math.min(count, size - fromRank));
        long[] out = new long[(int) n];
        if (n == 0) {
            return out;
        }
        long line = get(fromRank);
        out[0] = line;
        long[][] ch = chunks;
        int k = 1;
        long w = line >>> 6;
        long bits = word(ch, w) & ~((2L << (line & 63)) - 1);
        if ((line & 63) == 63) {
            bits = 0;
        }
        while (k < n) {
            while (bits == 0) {
                bits = word(ch, ++w);
            }
            out[k++] = w * 64 + Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
        }
        return out;
    }
}
