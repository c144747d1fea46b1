package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.common.Diagnostic;

/** {@code /reserved-memory} placement and the pools it creates. */
class ReservedMemoryTest {

    private final PhysicalMemory mem = PhysicalMemory.builder()
            .region("dram", 0x4000_0000L, 0x4000_0000L, MemoryRegion.Kind.DRAM)
            .region("retram", 0x3800_0000L, 0x1_0000L, MemoryRegion.Kind.SRAM)
            .build();

    @Test
    void dynamicNodesArePlacedTopDownInsideTheirRanges() {
        ReservedMemory rm = ReservedMemory.resolve(mem, List.of(
                ReservedMemoryNode.fixed("mcuram@38000000", 0x3800_0000L, 0x1_0000L).withNoMap(),
                ReservedMemoryNode.dynamic("linux,cma", 0x1000_0000L).withReusable()
                        .withCompatible(ReservedMemoryNode.SHARED_DMA_POOL),
                ReservedMemoryNode.dynamic("vdev0buffer", 0x4_4000L).withNoMap()
                        .withCompatible(ReservedMemoryNode.SHARED_DMA_POOL).withAlignment(0x10_0000L)
                        .withAllocRanges(new AddressRange(0x4000_0000L, 0x1000_0000L)),
                ReservedMemoryNode.dynamic("fw", 0x20_0000L)));
        assertTrue(rm.diagnostics().isEmpty(), rm.diagnostics().toString());
        assertEquals(0x7000_0000L, rm.find("linux,cma").base(), "top of DRAM, 2 MiB aligned");
        assertEquals(0x4FF0_0000L, rm.find("vdev0buffer").base(), "top of its alloc-range, 1 MiB aligned");
        assertEquals(0x6FE0_0000L, rm.find("fw").base(), "below the CMA area");
        assertNotNull(rm.defaultCma());
        assertNotNull(rm.pool("vdev0buffer"));
        assertNull(rm.pool("fw"), "not a shared-dma-pool");
        ContiguousAllocator ram = rm.systemRam().get(0);
        assertEquals(List.of(new AddressRange(0x4000_0000L, 0xFF0_0000L), new AddressRange(0x4FF4_4000L, 0x1FEB_C000L)),
                ram.freeExtents(), "system RAM is DRAM minus the reservations");
    }

    @Test
    void problemsAreDiagnosticsWithTheNode() {
        ReservedMemory rm = ReservedMemory.resolve(mem, List.of(
                ReservedMemoryNode.fixed("a@40000000", 0x4000_0000L, 0x10_0000L),
                ReservedMemoryNode.fixed("b@40080000", 0x4008_0000L, 0x10_0000L),
                ReservedMemoryNode.dynamic("huge", 0x8000_0000L),
                ReservedMemoryNode.dynamic("cma-nomap", 0x40_0000L).withReusable().withNoMap(),
                ReservedMemoryNode.fixed("cma-odd@41000000", 0x4100_0000L, 0x10_0000L).withReusable()
                        .withCompatible(ReservedMemoryNode.SHARED_DMA_POOL)));
        List<String> codes = rm.diagnostics().stream().map(Diagnostic::code).toList();
        /* placement problems first (static, then dynamic nodes), then the pools: static nodes first */
        assertEquals(List.of("RMEM_OVERLAP", "RMEM_NO_SPACE", "RMEM_CMA_ALIGN", "RMEM_CMA_NOMAP"), codes);
        Diagnostic noSpace = rm.diagnostics().get(1);
        assertTrue(noSpace.isError());
        assertEquals("/reserved-memory/huge", noSpace.location().dtPath());
        assertTrue(noSpace.message().startsWith("failed to allocate memory for node 'huge': size 2048 MiB"));
    }

    @Test
    void cmaIsFirstFitAndFragments() throws Exception {
        ContiguousAllocator cma = new ContiguousAllocator("linux,cma", 0x6000_0000L, 0x80_0000L,
                ContiguousAllocator.Policy.CMA);
        long a = cma.allocate(0x10_0000L, "a");
        long b = cma.allocate(0x10_0000L, "b");
        long c = cma.allocate(0x10_0000L, "c");
        assertEquals(0x6000_0000L, a);
        assertEquals(0x6010_0000L, b);
        cma.free(b);
        /* 2 MiB does not fit the 1 MiB hole: it goes after c, aligned to 1 MiB (order 8 cap) */
        assertEquals(0x6030_0000L, cma.allocate(0x20_0000L, "d"));
        /* a 12 KiB allocation (aligned to 16 KiB) takes exactly three pages of the hole */
        assertEquals(0x6010_0000L, cma.allocate(0x3000, "e"));
        assertEquals(0x6010_3000L, cma.allocate(0x1000, "f"));
        IommuException e = assertThrows(IommuException.class, () -> cma.allocate(0x40_0000L, "g"));
        assertEquals(Errno.ENOMEM, e.errno());
        assertTrue(e.getMessage().startsWith("cma_alloc linux,cma: alloc failed, req-size: 1024 pages, ret: -12"),
                e.getMessage());
        assertTrue(e.getMessage().contains("@0x60500000"), e.getMessage());
        assertEquals(List.of(a, 0x6010_0000L, 0x6010_3000L, c, 0x6030_0000L),
                cma.allocations().stream().map(ContiguousAllocator.Block::pa).toList());
    }

    @Test
    void coherentPoolsHandOutNaturallyAlignedPowersOfTwo() throws Exception {
        ContiguousAllocator pool = new ContiguousAllocator("vdev0buffer", 0x4FE0_0000L, 0x4_4000L,
                ContiguousAllocator.Policy.POWER_OF_TWO);
        assertEquals(0x4FE0_0000L, pool.allocate(0x3000, "vring0"));
        assertEquals(0x4000, pool.usedBytes(), "12 KiB takes an order-2 block");
        assertEquals(0x4FE0_8000L, pool.allocate(0x8000, "vring1"));
        assertEquals(0x4FE1_0000L, pool.allocate(0x1_0000, "buffers"));
        assertThrows(IommuException.class, () -> pool.allocate(0x4_0000, "too big"));
    }

    @Test
    void aCoherentPoolAlignsWithinThePoolNotToPhysicalAddresses() throws Exception {
        // STM32MP157's vdev0buffer@10042000, 16 KiB: bitmap_find_free_region() counts from the
        // pool's first page, so the whole pool is one order-2 block although 0x10042000 is not
        // 16 KiB aligned; CMA, by contrast, aligns to physical addresses
        ContiguousAllocator pool = new ContiguousAllocator("vdev0buffer", 0x1004_2000L, 0x4000L,
                ContiguousAllocator.Policy.POWER_OF_TWO);
        assertEquals(0x1004_2000L, pool.allocate(0x4000, "virtio0"));
        ContiguousAllocator cma = new ContiguousAllocator("cma", 0x1004_2000L, 0x8000L,
                ContiguousAllocator.Policy.CMA);
        assertEquals(0x1004_4000L, cma.allocate(0x4000, "buffer"));
    }
}
