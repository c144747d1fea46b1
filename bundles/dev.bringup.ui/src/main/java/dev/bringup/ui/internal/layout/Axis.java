package dev.bringup.ui.internal.layout;

import java.util.Arrays;

/**
 * A piecewise-linear address axis: the addresses where blocks start or end are breakpoints; each
 * interval between two breakpoints gets a height that grows with the logarithm of its size
 * (covered intervals) or a fixed height (gaps), times the zoom. So a 16-byte symbol and a 256 MiB
 * carveout are both visible, gaps of gigabytes take one band, and the axis stays monotone, which
 * lets address-to-y and y-to-address use binary search.
 */
public final class Axis {

    /** Height of a gap band at zoom 1. */
    public static final double GAP_HEIGHT = 22;

    private final long[] points; // sorted unsigned
    private final double[] y; // y[i] = top of points[i]
    private final boolean[] gap; // gap[i]: interval [points[i], points[i+1]) is covered by no block

    Axis(long[] sortedPoints, boolean[] gapAfter, double zoom, double top) {
        this.points = sortedPoints;
        this.gap = gapAfter;
        this.y = new double[points.length];
        double at = top;
        for (int i = 0; i < points.length; i++) {
            y[i] = at;
            if (i + 1 < points.length) {
                at += zoom * (gap[i] ? GAP_HEIGHT : coveredHeight(points[i + 1] - points[i]));
            }
        }
    }

    /** Height at zoom 1 of a covered interval of {@code size} bytes (unsigned). */
    static double coveredHeight(long size) {
        double s = size < 0 ? Math.pow(2, 64) + size : size;
        return 6 + 3.2 * (Math.log(s / 16.0 + 1) / Math.log(2));
    }

    /** The number of breakpoints. */
    public int size() {
        return points.length;
    }

    /** The i-th breakpoint. */
    public long point(int i) {
        return points[i];
    }

    /** The y of the i-th breakpoint. */
    public double yOfPoint(int i) {
        return y[i];
    }

    /** Whether the interval after breakpoint i is a gap (no block covers it). */
    public boolean isGap(int i) {
        return gap[i];
    }

    /** The total height. */
    public double height() {
        return points.length == 0 ? 0 : y[y.length - 1];
    }

    /** The y at which {@code address} is drawn (clamped to the axis). */
    public double yOf(long address) {
        if (points.length == 0) {
            return 0;
        }
        int i = floorIndex(address);
        if (i < 0) {
            return y[0];
        }
        if (i >= points.length - 1) {
            return y[points.length - 1];
        }
        double f = unsignedFraction(address - points[i], points[i + 1] - points[i]);
        return y[i] + f * (y[i + 1] - y[i]);
    }

    /** The address drawn at {@code yy} (inverse of {@link #yOf}; clamped to the axis). */
    public long addressAt(double yy) {
        if (points.length == 0) {
            return 0;
        }
        int i = Arrays.binarySearch(y, yy);
        if (i >= 0) {
            return points[i];
        }
        i = -i - 2;
        if (i < 0) {
            return points[0];
        }
        if (i >= points.length - 1) {
            return points[points.length - 1];
        }
        double f = (yy - y[i]) / (y[i + 1] - y[i]);
        long span = points[i + 1] - points[i];
        double spanD = span < 0 ? Math.pow(2, 64) + span : span;
        return points[i] + (long) (f * spanD);
    }

    /** Index of the last breakpoint whose y is {@code <= yy}, or -1. */
    public int floorIndexForY(double yy) {
        int i = Arrays.binarySearch(y, yy);
        return i >= 0 ? i : -i - 2;
    }

    /** Index of the last breakpoint {@code <= address} (unsigned), or -1. */
    int floorIndex(long address) {
        int lo = 0;
        int hi = points.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(points[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static double unsignedFraction(long part, long whole) {
        double p = part < 0 ? Math.pow(2, 64) + part : part;
        double w = whole < 0 ? Math.pow(2, 64) + whole : whole;
        return w == 0 ? 0 : p / w;
    }
}
