package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The tables hold the architecture's descriptors: values worked out by hand from the Arm ARM and
 * {@code io-pgtable-arm*.c}, levels and start levels, and the walk report.
 */
class PageTableLayoutTest {

    private static IommuDomain lpaeDomain(PageTableFormat f) throws IommuException {
        Simulation sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x4000_0000L, MemoryRegion.Kind.DRAM).build());
        ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config("smmu").format(f));
        Master m = sim.addMaster(Master.builder("dev").iommu(smmu).streamId(0x10));
        return sim.api().domainAlloc(m);
    }

    private static IommuDomain v7sDomain(PageTableFormat f) throws IommuException {
        Simulation sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x4000_0000L, 0x4000_0000L, MemoryRegion.Kind.DRAM).build());
        MtkIommu m4u = sim.addMtkIommu(MtkIommu.config("m4u").format(f));
        Master m = sim.addMaster(Master.builder("dev").iommu(m4u).mtkPort(0, 0));
        return DmaApiTest.defaultDomain(m);
    }

    @Test
    void lpaeStage1PageDescriptorsCarryTheArchitectureBits() throws Exception {
        IommuDomain d = lpaeDomain(PageTableFormat.lpaeStage1(4096, 48, 48));
        IommuApi api = d.iommu().sim.api();
        api.map(d, 0x1000, 0x8000_0000L, 0x1000, IommuProt.RW);
        api.map(d, 0x2000, 0x8000_1000L, 0x1000, IommuProt.READ);
        api.map(d, 0x3000, 0x8000_2000L, 0x1000, IommuProt.RW | IommuProt.CACHE);
        Walk w = d.pageTable().walk(0x1234);
        assertTrue(w.mapped());
        assertEquals(0x8000_0234L, w.pa());
        assertEquals(4, w.steps().size());
        assertEquals(List.of(0, 1, 2, 3), w.steps().stream().map(Walk.Step::level).toList());
        assertEquals(d.pageTable().ttbr(), w.steps().get(0).tableAddress());
        assertEquals(DescriptorKind.TABLE, w.steps().get(0).kind());
        /* a table descriptor: next table's address | 0b11 */
        assertEquals(w.steps().get(1).tableAddress() | 3, w.steps().get(0).descriptor());
        /* nG | AF | SH=outer | AP[1]=unprivileged | page */
        assertEquals(0x8000_0E43L, w.steps().get(3).descriptor());
        assertEquals(DescriptorKind.PAGE, w.last().kind());
        assertEquals(1, w.steps().get(3).index());
        /* read-only adds AP[2] */
        assertEquals(0x8000_1EC3L, d.pageTable().walk(0x2000).last().descriptor());
        /* IOMMU_CACHE: inner shareable, MAIR index 1 */
        assertEquals(0x8000_2F47L, d.pageTable().walk(0x3000).last().descriptor());
        assertEquals(IommuProt.READ, d.pageTable().walk(0x2000).perms());
    }

    @Test
    void blocksAreUsedWhenAlignmentAndSizeAllow() throws Exception {
        IommuDomain d = lpaeDomain(PageTableFormat.lpaeStage1(4096, 48, 48));
        IommuApi api = d.iommu().sim.api();
        api.map(d, 0x4000_0000L, 0x8000_0000L, 1L << 30, IommuProt.RW);
        assertEquals(1, d.pageTable().leafDescriptors(), "one 1G block");
        Walk w = d.pageTable().walk(0x4123_4567L);
        assertEquals(2, w.steps().size());
        assertEquals(DescriptorKind.BLOCK, w.last().kind());
        assertEquals(1L << 30, w.leafSize());
        /* a block: type 0b01 at level 1 */
        assertEquals(0x8000_0E41L, w.last().descriptor());
        /* 2M-aligned but not 1G-aligned: 2M blocks, then 4K pages for the tail */
        api.map(d, 0x1_0020_0000L, 0x8020_0000L, (4L << 20) + 0x3000, IommuProt.RW);
        assertEquals(1 + 2 + 3, d.pageTable().leafDescriptors());
        assertEquals(2L << 20, d.pageTable().walk(0x1_0020_0000L).leafSize());
        assertEquals(0x1000, d.pageTable().walk(0x1_0060_2000L).leafSize());
    }

    @Test
    void startLevelsFollowIasGranuleAndConcatenation() throws Exception {
        assertEquals(0, lpaeDomain(PageTableFormat.lpaeStage1(4096, 48, 48)).pageTable().startLevel());
        assertEquals(1, lpaeDomain(PageTableFormat.lpaeStage1(4096, 39, 48)).pageTable().startLevel());
        assertEquals(1, lpaeDomain(PageTableFormat.lpaeStage1(4096, 32, 40)).pageTable().startLevel());
        assertEquals(0, lpaeDomain(PageTableFormat.lpaeStage1(16384, 48, 48)).pageTable().startLevel());
        assertEquals(1, lpaeDomain(PageTableFormat.lpaeStage1(65536, 48, 48)).pageTable().startLevel());
        /* stage 2: R_DXBSH (16K, 48 bits) and R_SRKBC (4K, 40-bit PA) concatenate the PGD */
        assertEquals(1, lpaeDomain(PageTableFormat.lpaeStage2(16384, 48, 48)).pageTable().startLevel());
        assertEquals(1, lpaeDomain(PageTableFormat.lpaeStage2(4096, 40, 40)).pageTable().startLevel());
        assertEquals(2, lpaeDomain(PageTableFormat.lpaeStage2(16384, 40, 40)).pageTable().startLevel());
    }

    @Test
    void stage2DescriptorsUseHapAndMemattr() throws Exception {
        IommuDomain d = lpaeDomain(PageTableFormat.lpaeStage2(4096, 40, 40));
        IommuApi api = d.iommu().sim.api();
        api.map(d, 0x1000, 0x8000_0000L, 0x1000, IommuProt.RW);
        api.map(d, 0x2000, 0x8000_1000L, 0x1000, IommuProt.WRITE);
        /* HAP read|write, MemAttr normal non-cacheable, SH outer, AF, page */
        assertEquals(0x8000_06D7L, d.pageTable().walk(0x1000).last().descriptor());
        assertEquals(IommuProt.WRITE, d.pageTable().walk(0x2000).perms(), "stage 2 can be write-only");
        /* level 1 is the first level: a 1024-entry concatenated PGD */
        assertEquals(1, d.pageTable().walk(0x1000).steps().get(0).level());
    }

    @Test
    void pgsizeBitmapsPerGranule() {
        assertEquals((1L << 12) | (1L << 21) | (1L << 30), PageTableFormat.lpaeStage1(4096, 48, 48).pgsizeBitmap());
        assertEquals((1L << 14) | (1L << 25), PageTableFormat.lpaeStage1(16384, 48, 48).pgsizeBitmap());
        assertEquals((1L << 16) | (1L << 29), PageTableFormat.lpaeStage1(65536, 48, 48).pgsizeBitmap());
        assertEquals((1L << 16) | (1L << 29) | (1L << 42), PageTableFormat.lpaeStage1(65536, 52, 52).pgsizeBitmap());
        assertEquals((1L << 12) | (1L << 16) | (1L << 20) | (1L << 24), PageTableFormat.v7s().pgsizeBitmap());
        assertThrows(IllegalArgumentException.class, () -> PageTableFormat.lpaeStage1(8192, 48, 48));
        assertThrows(IllegalArgumentException.class, () -> PageTableFormat.lpaeStage1(4096, 52, 48));
    }

    @Test
    void mediatekV7sDescriptorsKeepPhysicalAddressBits32To34() throws Exception {
        IommuDomain d = v7sDomain(PageTableFormat.mediatekV7s(32, 35));
        IommuApi api = d.iommu().sim.api();
        api.map(d, 0x1000, 0x1_4000_0000L, 0x1000, IommuProt.RW);
        Walk w = d.pageTable().walk(0x1000);
        assertEquals(2, w.steps().size());
        /* level 1: pointer to a 1 KiB level-2 table, NS_TABLE */
        assertEquals(w.steps().get(1).tableAddress() | 0x9, w.steps().get(0).descriptor());
        /* small page: nG | S | TEX=1 at bits 11:4, no AP (NO_PERMS), PA bit 32 in bit 9 */
        assertEquals(0x4000_0E42L, w.last().descriptor());
        assertEquals(DescriptorKind.SMALL_PAGE, w.last().kind());
        assertEquals(0x1_4000_0000L, w.pa());
        assertEquals(IommuProt.RW, w.perms(), "NO_PERMS: a read-only map is writable");
        api.map(d, 0x10_0000, 0x5000_0000L, 0x10_0000, IommuProt.READ);
        assertEquals(0x500B_1002L, d.pageTable().walk(0x10_0000).last().descriptor(), "section with NS");
        api.map(d, 0x100_0000, 0x6000_0000L, 0x100_0000, IommuProt.RW);
        Walk ss = d.pageTable().walk(0x1ab_cdefL);
        assertEquals(DescriptorKind.SUPERSECTION, ss.last().kind());
        assertEquals(0x600F_1002L, ss.last().descriptor());
        assertEquals(0x60ab_cdefL, ss.pa());
        api.map(d, 0x20_0000, 0x7001_0000L, 0x1_0000, IommuProt.RW);
        Walk lp = d.pageTable().walk(0x20_5000);
        assertEquals(DescriptorKind.LARGE_PAGE, lp.last().kind());
        assertEquals(0x7001_1C01L, lp.last().descriptor());
        assertEquals(0x7001_5000L, lp.pa());
        /* 16 entries each for the supersection and the large page */
        assertEquals(1 + 1 + 16 + 16, d.pageTable().leafDescriptors());
        List<Long> leaves = new ArrayList<>();
        d.pageTable().forEachMapping(0, 1L << 32, (iova, pa, size, perms, kind) -> leaves.add(size));
        assertEquals(List.of(0x1000L, 0x10_0000L, 0x1_0000L, 0x100_0000L), leaves);
    }

    @Test
    void plainV7sHasAccessPermissions() throws Exception {
        IommuDomain d = v7sDomain(PageTableFormat.v7s());
        IommuApi api = d.iommu().sim.api();
        api.map(d, 0x1000, 0x4000_0000L, 0x1000, IommuProt.RW);
        api.map(d, 0x2000, 0x4000_1000L, 0x1000, IommuProt.READ);
        /* AF and AP[1] (unprivileged) set; AP[2] for read-only */
        assertEquals(0x4000_0C72L, d.pageTable().walk(0x1000).last().descriptor());
        assertEquals(0x4000_1E72L, d.pageTable().walk(0x2000).last().descriptor());
        assertEquals(IommuProt.READ, d.pageTable().walk(0x2000).perms());
        IommuException e = assertThrows(IommuException.class, () -> api.map(d, 0x3000, 0x1_0000_0000L, 0x1000,
                IommuProt.RW));
        assertEquals(Errno.ERANGE, e.errno());
    }

    @Test
    void aWalkOfAnUnmappedAddressStopsAtTheInvalidDescriptor() throws Exception {
        IommuDomain d = lpaeDomain(PageTableFormat.lpaeStage1(4096, 48, 48));
        d.iommu().sim.api().map(d, 0x1000, 0x8000_0000L, 0x1000, IommuProt.RW);
        Walk w = d.pageTable().walk(0x5000);
        assertFalse(w.mapped());
        assertEquals(3, w.faultLevel());
        assertEquals(DescriptorKind.INVALID, w.last().kind());
        assertEquals(0, w.pa());
        Walk far = d.pageTable().walk(1L << 40);
        assertEquals(0, far.faultLevel(), "nothing mapped under this level-0 entry");
    }

    @Test
    void aSmallTableArenaRunsOutWithEnomemAndTheMapIsUnrolled() throws Exception {
        Simulation sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x4000_0000L, MemoryRegion.Kind.DRAM).build());
        ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config("smmu").tableArena(0xF0_0000_0000L, 4));
        Master m = sim.addMaster(Master.builder("dev").iommu(smmu).streamId(1).defaultDomainType(DomainType.IDENTITY));
        IommuDomain d = sim.api().domainAlloc(m);
        /* pgd + 3 tables map the first 2M; the page at 0x400000 needs a fifth table */
        sim.api().map(d, 0, 0x8000_0000L, 0x1000, IommuProt.RW);
        IommuException e = assertThrows(IommuException.class,
                () -> sim.api().map(d, 0x1000, 0x8000_1000L, 0x40_0000, IommuProt.RW));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(1, d.pageTable().leafDescriptors(), "the partial map was unrolled");
    }
}
