package dev.bringup.check.internal;

import java.util.ArrayList;
import java.util.List;

import dev.bringup.common.Hex;

/**
 * An address range {@code [start, end)} compared as unsigned 64-bit values; an end past 2^64 is
 * clamped to 2^64 - 1. Used for device addresses and physical addresses alike.
 *
 * @param start first address
 * @param end first address after the range
 */
public record Span(long start, long end) {

    /** The range of {@code len} bytes from {@code start}, clamped at the top of the address space. */
    public static Span of(long start, long len) {
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) {
            end = -1L;
        }
        return new Span(start, end);
    }

    public long length() {
        return end - start;
    }

    public boolean isEmpty() {
        return Long.compareUnsigned(end, start) <= 0;
    }

    public boolean contains(Span inner) {
        return Long.compareUnsigned(inner.start, start) >= 0 && Long.compareUnsigned(inner.end, end) <= 0;
    }

    public boolean overlaps(Span o) {
        return Long.compareUnsigned(o.start, end) < 0 && Long.compareUnsigned(start, o.end) < 0;
    }

    /** The common part, or an empty span. */
    public Span intersect(Span o) {
        long s = Long.compareUnsigned(start, o.start) >= 0 ? start : o.start;
        long e = Long.compareUnsigned(end, o.end) <= 0 ? end : o.end;
        return Long.compareUnsigned(s, e) < 0 ? new Span(s, e) : new Span(s, s);
    }

    /** {@code spans} without the parts that {@code holes} cover, in order. */
    public static List<Span> subtract(List<Span> spans, List<Span> holes) {
        List<Span> cur = new ArrayList<>(spans);
        for (Span h : holes) {
            List<Span> next = new ArrayList<>();
            for (Span s : cur) {
                if (!s.overlaps(h)) {
                    next.add(s);
                    continue;
                }
                if (Long.compareUnsigned(s.start, h.start) < 0) {
                    next.add(new Span(s.start, h.start));
                }
                if (Long.compareUnsigned(h.end, s.end) < 0) {
                    next.add(new Span(h.end, s.end));
                }
            }
            cur = next;
        }
        return cur;
    }

    /** The parts of {@code spans} inside {@code window}, non-empty ones only. */
    public static List<Span> clip(List<Span> spans, Span window) {
        List<Span> r = new ArrayList<>();
        for (Span s : spans) {
            Span i = s.intersect(window);
            if (!i.isEmpty()) {
                r.add(i);
            }
        }
        return r;
    }

    /** {@code [0x60000000..0x60100000)}. */
    @Override
    public String toString() {
        return "[" + Hex.of(start) + ".." + Hex.of(end) + ")";
    }
}
