package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code iova.c}: top-down, size-aligned, cached nodes, the range caches, reservations. */
class IovaAllocatorTest {

    private static final long LIMIT32 = (1L << 20) - 1;

    @Test
    void allocatesTopDownAndSizeAligned() {
        IovaAllocator a = new IovaAllocator(4096, 1, false);
        assertEquals(LIMIT32, a.allocIova(1, LIMIT32, true, "a"));
        /* 3 frames aligned to 4: the highest multiple of 4 that fits below the first range */
        assertEquals(0xffffc, a.allocIova(3, LIMIT32, true, "b"));
        assertEquals(0xffff9, a.allocIova(3, LIMIT32, false, "c"), "without size alignment it packs");
        assertEquals(List.of("c", "b", "a"), a.allocations().stream().map(IovaAllocator.Allocation::owner).toList());
    }

    @Test
    void respectsTheLimitAndReportsNoSpace() {
        IovaAllocator a = new IovaAllocator(4096, 0x100, false);
        assertEquals(0x1f0, a.allocIova(0x10, 0x1ff, true, "x"));
        assertEquals(0x100, a.allocIova(0xf0, 0x1ef, false, "y"));
        assertEquals(0, a.allocIova(1, 0x1ff, true, "z"), "nothing left between start_pfn and the limit");
    }

    @Test
    void aFreedRangeAboveTheCachedNodeIsFoundAgain() {
        IovaAllocator a = new IovaAllocator(4096, 1, false);
        long first = a.allocIova(1, LIMIT32, true, "a");
        a.allocIova(1, LIMIT32, true, "b");
        a.allocIova(1, LIMIT32, true, "c");
        assertTrue(a.freeIova(first));
        assertEquals(first, a.allocIova(1, LIMIT32, true, "d"), "the cached node moved up on free");
    }

    @Test
    void theRangeCacheHandsBackTheLastFreedRangeAndKeepsItTaken() {
        IovaAllocator a = new IovaAllocator(4096, 1, true);
        long x = a.allocIovaFast(2, LIMIT32, true, "x");
        long y = a.allocIovaFast(2, LIMIT32, true, "y");
        assertTrue(a.freeIovaFast(x, 2));
        assertTrue(a.freeIovaFast(y, 2));
        assertEquals(IovaAllocator.Kind.CACHED, a.find(x).kind(), "cached ranges stay in the tree");
        assertEquals(y, a.allocIovaFast(2, LIMIT32, true, "z"), "last in, first out");
        assertEquals("z", a.find(y).owner());
        /* the magazine skips entries above the caller's limit */
        assertEquals(0, a.allocIovaFast(2, x - 1, false, "low") == x ? 1 : 0);
        a.flushRcaches();
        assertNull(a.find(x));
        /* sizes above 32 frames are never cached */
        long big = a.allocIovaFast(64, LIMIT32, true, "big");
        assertTrue(a.freeIovaFast(big, 64));
        assertNull(a.find(big));
        assertFalse(a.freeIovaFast(big, 64), "a range is freed once");
    }

    @Test
    void reserveFillsTheGapsAndOverlappingListsEveryRange() {
        IovaAllocator a = new IovaAllocator(4096, 1, false);
        long top = a.allocIova(0x10, LIMIT32, true, "top");
        a.reserve(top - 0x10, top + 0xf, "hole");
        List<IovaAllocator.Allocation> all = a.overlapping(top - 0x10, top + 0xf);
        assertEquals(2, all.size());
        assertEquals(IovaAllocator.Kind.RESERVED, all.get(0).kind());
        assertEquals(IovaAllocator.Kind.ALLOCATED, all.get(1).kind());
        assertEquals(top - 0x20, a.allocIova(0x10, LIMIT32, true, "next"), "allocation goes below the reservation");
    }

    @Test
    void aFailedAllocationBelowFourGigabytesRemembersTheSize() {
        IovaAllocator a = new IovaAllocator(4096, 0xffff0, false);
        assertEquals(0, a.allocIova(0x20, LIMIT32, true, "too big"));
        assertEquals(0, a.allocIova(0x40, LIMIT32, true, "bigger fails fast (max32_alloc_size)"));
        assertEquals(0xffff8, a.allocIova(8, LIMIT32, true, "small fits"));
    }
}
