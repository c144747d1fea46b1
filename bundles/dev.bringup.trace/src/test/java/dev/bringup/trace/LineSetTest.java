package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link LineSet} answers like a sorted list of the same lines. */
class LineSetTest {

    private static void compare(LineSet set, List<Long> ref, SplittableRandom r, long maxLine) {
        long[] sorted = ref.stream().mapToLong(Long::longValue).toArray();
        assertEquals(sorted.length, set.size());
        for (int i = 0; i < sorted.length; i += Math.max(1, sorted.length / 500)) {
            assertEquals(sorted[i], set.get(i), "get(" + i + ")");
        }
        for (int k = 0; k < 2000; k++) {
            long line = r.nextLong(-2, maxLine + 3);
            int at = Arrays.binarySearch(sorted, line);
            boolean contained = at >= 0;
            int rank = contained ? at : -at - 1; // members below line
            assertEquals(rank, set.rank(line), "rank(" + line + ")");
            assertEquals(contained, set.contains(line), "contains(" + line + ")");
            long ceiling = rank < sorted.length ? sorted[rank] : -1;
            long floor = contained ? line : rank > 0 ? sorted[rank - 1] : -1;
            assertEquals(ceiling, set.ceiling(line), "ceiling(" + line + ")");
            assertEquals(floor, set.floor(line), "floor(" + line + ")");
        }
        int from = sorted.length == 0 ? 0 : r.nextInt(sorted.length);
        long[] expected = Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + 300));
        assertArrayEquals(expected, set.lines(from, 300));
    }

    @Test
    void denseSparseAndClustered() {
        SplittableRandom r = new SplittableRandom(11);
        for (double density : new double[] { 0.9, 0.3, 0.01, 0.00002 }) {
            LineSet set = new LineSet();
            List<Long> ref = new ArrayList<>();
            long line = -1;
            long max = 3_000_000;
            while (true) {
                line += 1 + (long) (-Math.log(1 - r.nextDouble()) / density);
                if (r.nextInt(1000) == 0) {
                    line += 5_000_000; // a long gap: chunks in between stay unallocated
                    max += 5_000_000;
                }
                if (line >= max) {
                    break;
                }
                set.add(line);
                ref.add(line);
            }
            compare(set, ref, r, max);
        }
    }

    @Test
    void edges() {
        LineSet set = new LineSet();
        assertEquals(0, set.rank(5));
        assertEquals(-1, set.ceiling(0));
        assertThrows(IndexOutOfBoundsException.class, () -> set.get(0));
        for (long l : new long[] { 0, 63, 64, 511, 512, 513, 262_143, 262_144, 10_000_000_000L }) {
            set.add(l);
        }
        assertEquals(9, set.size());
        assertEquals(10_000_000_000L, set.get(8));
        assertEquals(8, set.rank(10_000_000_000L));
        assertArrayEquals(new long[] { 63, 64, 511 }, set.lines(1, 3));
        assertThrows(IllegalArgumentException.class, () -> set.add(5));
    }
}
