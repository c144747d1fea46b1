package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/**
 * The MT8183/MT8365 APU of seeds 000 and 001: firmware linked at 0x60000000-0x70000000, behind
 * an M4U whose single bank (and single IOVA region) is shared with the multimedia larbs, so the
 * bank is one IOMMU group. Every approach the thread tried, replayed, and the ones that work.
 * Device names and larb/port numbers are illustrative (the APU node never reached mainline).
 */
class MediatekApuTest {

    static final long FW_DA = 0x6000_0000L;
    static final long FW_SIZE = 0x1000_0000L;

    private final List<IommuEvent> events = new ArrayList<>();

    /** An M4U like MT8183's with the APU and three larb masters; {@code regions} adds IOVA regions. */
    private Simulation soc(MtkIommu.Config m4uConfig, boolean apuInOwnRegion, int apuBank) throws IommuException {
        PhysicalMemory mem = PhysicalMemory.builder()
                .region("dram", 0x4000_0000L, 0x8000_0000L, MemoryRegion.Kind.DRAM)
                .build();
        Simulation sim = Simulation.create(mem, List.of(
                ReservedMemoryNode.fixed("apu-fw@50000000", 0x5000_0000L, FW_SIZE).withNoMap()));
        sim.events().addListener(events::add);
        MtkIommu m4u = sim.addMtkIommu(m4uConfig);
        sim.addMaster(Master.builder("14008000.ovl").iommu(m4u).mtkPort(0, 0));
        sim.addMaster(Master.builder("16000000.vcodec").iommu(m4u).mtkPort(1, 0));
        sim.addMaster(Master.builder("1a000000.camsys").iommu(m4u).mtkPort(3, 2).dmaMask(31).coherentDmaMask(31));
        sim.addMaster(Master.builder("19100000.apu").iommu(m4u).mtkPort(6, 0).mtkBank(apuBank)
                .mtkRegion(apuInOwnRegion ? 1 : 0));
        return sim;
    }

    private static Master dev(Simulation sim, String name) {
        return Objects.requireNonNull(sim.master(name), name);
    }

    private Simulation mt8183() throws IommuException {
        return soc(MtkIommu.config("10205000.iommu").format(PageTableFormat.mediatekV7s(32, 33)), false, 0);
    }

    @Test
    void theApuSharesOneGroupWithTheLarbs() throws Exception {
        Simulation sim = mt8183();
        Master apu = dev(sim, "19100000.apu");
        IommuGroup g = apu.group();
        assertEquals(4, g.devices().size());
        assertSame(g, dev(sim, "14008000.ovl").group());
        assertEquals(DomainType.DMA, g.defaultDomain().type());
        assertTrue(g.description().contains("bank 0, IOVA region 0"), g.description());
    }

    /** Acceptance: an unmanaged domain for a device that is not alone in its group is refused with -EINVAL. */
    @Test
    void attachingAnUnmanagedDomainToTheApuFailsWithEinvalNamingTheGroupAndItsMembers() throws Exception {
        Simulation sim = mt8183();
        Master apu = dev(sim, "19100000.apu");
        IommuDomain d = sim.api().domainAlloc(apu);
        IommuException e = assertThrows(IommuException.class, () -> sim.api().attachDevice(d, apu));
        assertEquals(Errno.EINVAL, e.errno());
        String msg = e.getMessage();
        assertTrue(msg.contains("iommu group 0"), msg);
        assertTrue(msg.contains("10205000.iommu"), msg);
        assertTrue(msg.contains("bank 0, IOVA region 0"), msg);
        for (String member : List.of("14008000.ovl (larb 0 port 0)", "16000000.vcodec (larb 1 port 0)",
                "1a000000.camsys (larb 3 port 2)", "19100000.apu (larb 6 port 0)")) {
            assertTrue(msg.contains(member), member + " missing from: " + msg);
        }
        assertTrue(e.fix().contains("bank or IOVA region"), e.fix());
        /* the group keeps its default domain, and the failure is an event with the errno */
        assertSame(apu.group().defaultDomain(), sim.api().getDomainForDev(apu));
        IommuEvent last = events.get(events.size() - 1);
        assertEquals(IommuEvent.Kind.ATTACH, last.kind());
        assertEquals(Errno.EINVAL, last.error());
        assertEquals("19100000.apu", last.device());
    }

    @Test
    void theFiveDotXDriverHasNoUnmanagedDomainsAtAll() throws Exception {
        Simulation sim = soc(MtkIommu.config("10205000.iommu").unmanagedDomains(false), false, 0);
        IommuException e = assertThrows(IommuException.class,
                () -> sim.api().domainAlloc(dev(sim, "19100000.apu")));
        assertEquals(Errno.EOPNOTSUPP, e.errno());
    }

    /**
     * Workaround 1 (rejected): the platform driver hands the core the device's own DMA domain. The
     * map succeeds, but behind the back of the IOVA allocator the larbs share: a later DMA
     * allocation lands on the firmware's addresses and fails.
     */
    @Test
    void mappingTheFirmwareIntoTheSharedDmaDomainCollidesWithTheDmaApiLater() throws Exception {
        Simulation sim = mt8183();
        Master apu = dev(sim, "19100000.apu");
        IommuDomain shared = sim.api().getDomainForDev(apu);
        sim.api().map(shared, FW_DA, 0x5000_0000L, FW_SIZE, IommuProt.RW);
        assertTrue(events.stream().anyMatch(e -> e.kind() == IommuEvent.Kind.WARNING
                && e.text().contains("IOVA allocator has not handed out")), "no warning about the allocator");
        /* the APU sees its firmware */
        sim.memory().write(0x5000_0000L, new byte[] { 1, 2, 3, 4 });
        byte[] got = new byte[4];
        assertTrue(sim.access().read(apu, FW_DA, got).ok());
        assertArrayEquals(new byte[] { 1, 2, 3, 4 }, got);
        /* the allocator works top-down from the camera's 31-bit limit: the second buffer lands on 0x60000000 */
        Master cam = dev(sim, "1a000000.camsys");
        assertEquals(0x7000_0000L, sim.dma().allocCoherent(cam, 0x1000_0000L).dmaHandle());
        IommuException e = assertThrows(IommuException.class, () -> sim.dma().allocCoherent(cam, 0x1000_0000L));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().contains("0x60000000"), e.getMessage());
    }

    /** The proposed "allocate at a fixed device address" call: works while nobody is there, collides otherwise. */
    @Test
    void allocatingAtAFixedDeviceAddressTakesTheRangeOrShowsTheCollision() throws Exception {
        Simulation sim = mt8183();
        Master apu = dev(sim, "19100000.apu");
        DmaApi.DmaBuffer fw = sim.experimental().dmaAllocAtFixedDeviceAddress(apu, FW_DA, FW_SIZE);
        assertEquals(FW_DA, fw.dmaHandle());
        IovaAllocator iovad = apu.group().defaultDomain().iovaAllocator();
        assertEquals(FW_DA, iovad.find(FW_DA >>> 12).iova());
        sim.experimental().dmaFreeAtFixedDeviceAddress(fw);
        assertNull(iovad.find(FW_DA >>> 12));

        /* the camera gets there first (a 31-bit device: its buffers go just below 2 GiB) */
        Simulation sim2 = soc(MtkIommu.config("10205000.iommu"), false, 0);
        Master cam = dev(sim2, "1a000000.camsys");
        assertEquals(0x7000_0000L, sim2.dma().allocCoherent(cam, 0x1000_0000L).dmaHandle());
        assertEquals(0x6000_0000L, sim2.dma().allocCoherent(cam, 0x0800_0000L).dmaHandle() & ~0x0FFF_FFFFL);
        List<Experimental.Collision> taken = sim2.experimental().collisions(dev(sim2, "19100000.apu"), FW_DA,
                FW_SIZE);
        assertFalse(taken.isEmpty());
        IommuException e = assertThrows(IommuException.class, () -> sim2.experimental()
                .dmaAllocAtFixedDeviceAddress(dev(sim2, "19100000.apu"), FW_DA, FW_SIZE));
        assertEquals(Errno.EBUSY, e.errno());
        assertTrue(e.getMessage().contains("allocated by 1a000000.camsys (dma_alloc_coherent)"), e.getMessage());
        assertTrue(e.getMessage().contains("14008000.ovl"), "the message names who shares the domain");
    }

    /** What works: an IOVA region of its own makes the APU a group of its own. */
    @Test
    void anIovaRegionOfItsOwnLetsTheApuHaveAnUnmanagedDomain() throws Exception {
        Simulation sim = soc(MtkIommu.config("10205000.iommu").iovaRegion(0, 1L << 32).iovaRegion(FW_DA, FW_SIZE),
                true, 0);
        Master apu = dev(sim, "19100000.apu");
        Master ovl = dev(sim, "14008000.ovl");
        assertNotEquals(ovl.group(), apu.group());
        assertEquals(1, apu.group().devices().size());
        /* the other devices' DMA domain has the APU's region as a hole */
        List<ReservedRegion> holes = sim.api().getResvRegions(ovl);
        assertEquals(1, holes.size());
        assertEquals(ReservedRegion.Type.RESERVED, holes.get(0).type());
        assertEquals(FW_DA, holes.get(0).start());
        IovaAllocator.Allocation hole = ovl.group().defaultDomain().iovaAllocator().find(FW_DA >>> 12);
        assertEquals(IovaAllocator.Kind.RESERVED, hole.kind());

        IommuDomain rproc = sim.api().domainAlloc(apu);
        List<Long> faults = new ArrayList<>();
        sim.api().setFaultHandler(rproc, (dom, dev, iova, flags) -> {
            faults.add(iova);
            return Errno.ENOSYS.negated();
        });
        sim.api().attachDevice(rproc, apu);
        sim.api().map(rproc, FW_DA, 0x5000_0000L, FW_SIZE, IommuProt.RW);
        sim.memory().write(0x5000_1000L, new byte[] { 42 });
        byte[] b = new byte[1];
        assertTrue(sim.access().read(apu, FW_DA + 0x1000, b).ok());
        assertEquals(42, b[0]);
        /* the bank shares one page table: the larbs' DMA domain sees the same table */
        assertSame(rproc.pageTable(), ovl.group().defaultDomain().pageTable());

        /* a fault goes to the bank's first domain (bank->m4u_dom), not to the remoteproc handler */
        DeviceAccess.Result r = sim.access().write(apu, FW_DA + FW_SIZE + 0x10, new byte[4]);
        assertFalse(r.ok());
        assertTrue(faults.isEmpty());
        FaultRecord f = r.fault();
        assertEquals(ovl.group().defaultDomain().label(), f.domain());
        assertEquals(Errno.ENOSYS.negated(), f.handlerResult());
        assertEquals(List.of("mtk-iommu 10205000.iommu: fault type=0x1 iova=0x70000002 pa=0x0 master=0x300(larb=6 port=0)"
                + " layer=0 write"), f.kernelLog());
    }

    /** What also works: a bank of its own (one page table per bank). */
    @Test
    void aBankOfItsOwnGivesTheApuItsOwnGroupAndPageTable() throws Exception {
        Simulation sim = soc(MtkIommu.config("10205000.iommu").banks(2), false, 1);
        Master apu = dev(sim, "19100000.apu");
        Master ovl = dev(sim, "14008000.ovl");
        assertEquals(1, apu.group().devices().size());
        IommuDomain rproc = sim.api().domainAlloc(apu);
        sim.api().attachDevice(rproc, apu);
        sim.api().map(rproc, FW_DA, 0x5000_0000L, FW_SIZE, IommuProt.RW);
        assertNotEquals(rproc.pageTable(), ovl.group().defaultDomain().pageTable());
        assertEquals(0x5000_0000L, sim.api().iovaToPhys(rproc, FW_DA));
        assertEquals(0, sim.api().iovaToPhys(DmaApiTest.defaultDomain(ovl), FW_DA));
        /* the larbs fault at the firmware's address: it is not in their bank's table */
        DeviceAccess.Result r = sim.access().read(ovl, FW_DA, new byte[1]);
        assertNotNull(r.fault());
        assertEquals(FaultRecord.Reason.TRANSLATION, r.fault().reason());
    }
}
