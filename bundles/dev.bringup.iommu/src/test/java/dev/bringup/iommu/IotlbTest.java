package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The IOTLB: LRU replacement, leaf-sized entries, invalidation, and its use by device accesses. */
class IotlbTest {

    @Test
    void leastRecentlyUsedEntriesAreReplaced() {
        Iotlb tlb = new Iotlb(2);
        tlb.insert(0, 0x1000, 0x1000, 0x8000_1000L, 3);
        tlb.insert(0, 0x2000, 0x1000, 0x8000_2000L, 3);
        assertEquals(0x8000_1234L, tlb.pa(tlb.lookup(0, 0x1234), 0x1234));
        tlb.insert(0, 0x3000, 0x1000, 0x8000_3000L, 3);
        assertEquals(-1, tlb.lookup(0, 0x2000));
        assertEquals(1, tlb.evictions());
        assertEquals(1, tlb.hits());
        assertEquals(1, tlb.misses());
        assertEquals(List.of(0x3000L, 0x1000L), tlb.entries().stream().map(Iotlb.Entry::iova).toList());
    }

    @Test
    void entriesCoverTheirLeafAndInvalidationDropsOverlaps() {
        Iotlb tlb = new Iotlb(64);
        tlb.insert(1, 0x20_0000, 0x20_0000, 0x8020_0000L, 3);
        tlb.insert(1, 0x1000, 0x1000, 0x9000_1000L, 1);
        tlb.insert(2, 0x1000, 0x1000, 0xa000_1000L, 3);
        assertEquals(0x8033_3333L, tlb.pa(tlb.lookup(1, 0x33_3333), 0x33_3333));
        tlb.invalidateRange(1, 0x3F_F000, 0x1000);
        assertEquals(-1, tlb.lookup(1, 0x20_0000), "the 2M entry overlapped the invalidated page");
        assertEquals(0xa000_1000L, tlb.pa(tlb.lookup(2, 0x1000), 0x1000), "other contexts stay");
        /* a large range takes the scan path */
        tlb.invalidateRange(1, 0, 1L << 40);
        assertEquals(-1, tlb.lookup(1, 0x1000));
        tlb.invalidateContext(2);
        assertEquals(0, tlb.size());
    }

    @Test
    void deviceAccessesFillTheIotlbAndUnmapInvalidatesIt() throws Exception {
        Simulation sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x1000_0000L, MemoryRegion.Kind.DRAM).build());
        ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config("smmu").iotlbEntries(4));
        Master m = sim.addMaster(Master.builder("dev").iommu(smmu).streamId(1));
        IommuDomain d = sim.api().domainAlloc(m);
        sim.api().attachDevice(d, m);
        sim.api().map(d, 0, 0x8000_0000L, 0x40_0000, IommuProt.RW);
        Iotlb tlb = smmu.iotlb();
        tlb.resetStatistics();
        for (int i = 0; i < 100; i++) {
            sim.access().translate(m, i * 0x1000L, false);
        }
        assertEquals(1, tlb.misses(), "one 2M block entry serves the first 400 KiB");
        assertEquals(99, tlb.hits());
        sim.api().unmap(d, 0, 0x20_0000);
        assertEquals(-1, sim.access().translate(m, 0x1000, false), "no stale translation after unmap");
        assertEquals(FaultRecord.Reason.TRANSLATION, sim.access().lastFault().reason());
    }
}
