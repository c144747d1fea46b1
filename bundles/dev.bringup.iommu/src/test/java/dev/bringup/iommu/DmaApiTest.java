package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/** The DMA API over default domains, per-device pools and dma-direct. */
class DmaApiTest {

    private final Simulation sim;
    private final ArmSmmu smmu;
    private final List<IommuEvent> events = new ArrayList<>();

    DmaApiTest() {
        sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x4000_0000L, MemoryRegion.Kind.DRAM).build(), List.of(
                        ReservedMemoryNode.fixed("vdev0buffer@9cb00000", 0x9CB0_0000L, 0x10_0000L).withNoMap()
                                .withCompatible(ReservedMemoryNode.SHARED_DMA_POOL),
                        ReservedMemoryNode.dynamic("linux,cma", 0x200_0000L).withReusable()
                                .withCompatible(ReservedMemoryNode.SHARED_DMA_POOL).withDefaultCma()));
        sim.events().addListener(events::add);
        smmu = sim.addArmSmmu(ArmSmmu.config("15000000.iommu"));
    }

    static IommuDomain defaultDomain(Master m) {
        return Objects.requireNonNull(Objects.requireNonNull(m.group()).defaultDomain());
    }

    @Test
    void coherentBuffersGetTopDownSizeAlignedIovas() throws Exception {
        Master gpu = sim.addMaster(Master.builder("gpu").iommu(smmu).streamId(1));
        DmaApi dma = sim.dma();
        DmaApi.DmaBuffer a = dma.allocCoherent(gpu, 0x1000);
        assertEquals(0xFFFF_F000L, a.dmaHandle());
        assertEquals(DmaApi.Origin.IOMMU, a.origin());
        DmaApi.DmaBuffer b = dma.allocCoherent(gpu, 0x3000);
        assertEquals(0xFFFF_8000L, b.dmaHandle(), "three pages round up to four, aligned to four");
        assertEquals(b.pa(), sim.api().iovaToPhys(defaultDomain(gpu), b.dmaHandle()));
        sim.memory().write(b.pa() + 0x10, new byte[] { 5 });
        byte[] seen = new byte[1];
        assertTrue(sim.access().read(gpu, b.dmaHandle() + 0x10, seen).ok());
        assertEquals(5, seen[0]);
        dma.freeCoherent(b);
        assertEquals(-1, sim.access().translate(gpu, b.dmaHandle(), false), "unmapped on free");
        DmaApi.DmaBuffer c = dma.allocCoherent(gpu, 0x4000);
        assertEquals(b.dmaHandle(), c.dmaHandle(), "the range cache hands the freed IOVA back");
        assertEquals(Errno.EINVAL, assertThrows(IommuException.class, () -> dma.freeCoherent(b)).errno(),
                "freeing b again hits c, which has the same handle but another size");
        dma.freeCoherent(c);
        assertEquals(Errno.ENOENT, assertThrows(IommuException.class, () -> dma.freeCoherent(c)).errno());
        assertTrue(events.stream().anyMatch(e -> e.kind() == IommuEvent.Kind.DMA_ALLOC
                && e.text().equals("dma_alloc_coherent(gpu, 0x1000) = dma 0xfffff000, pa " + dev.bringup.common.Hex.of(a.pa())
                        + " (pages from dram system RAM mapped through the default DMA domain)")));
    }

    @Test
    void streamingMappingsKeepTheOffsetAndTheDirection() throws Exception {
        Master dsp = sim.addMaster(Master.builder("dsp").iommu(smmu).streamId(2).dmaMask(32));
        DmaApi dma = sim.dma();
        long handle = dma.mapSingle(dsp, 0x8000_0123L, 0x100, DmaApi.Direction.TO_DEVICE);
        assertEquals(0x123, handle & 0xfff);
        assertEquals(0x8000_0123L, sim.access().translate(dsp, handle, false));
        /* DMA_TO_DEVICE maps read-only: the device may not write */
        assertEquals(-1, sim.access().translate(dsp, handle, true));
        assertEquals(FaultRecord.Reason.PERMISSION, sim.access().lastFault().reason());
        IommuException wrongSize = assertThrows(IommuException.class,
                () -> dma.unmapSingle(dsp, handle, 0x80, DmaApi.Direction.TO_DEVICE));
        assertEquals(Errno.EINVAL, wrongSize.errno());
        assertTrue(wrongSize.getMessage().contains("frees DMA memory with a different size"), wrongSize.getMessage());
        dma.unmapSingle(dsp, handle, 0x100, DmaApi.Direction.TO_DEVICE);
        assertEquals(Errno.ENOENT, assertThrows(IommuException.class,
                () -> dma.unmapSingle(dsp, handle, 0x100, DmaApi.Direction.TO_DEVICE)).errno());
        assertTrue(dma.mappings(dsp).isEmpty());
    }

    @Test
    void aPerDevicePoolAnswersWithoutTheIommu() throws Exception {
        Master rproc = sim.addMaster(Master.builder("5000000.m4fss").iommu(smmu).streamId(3)
                .coherentPool("vdev0buffer@9cb00000"));
        DmaApi.DmaBuffer vring = sim.dma().allocCoherent(rproc, 0x8000);
        assertEquals(DmaApi.Origin.DEVICE_POOL, vring.origin());
        assertEquals(0x9CB0_0000L, vring.pa());
        assertEquals(vring.pa(), vring.dmaHandle(), "the handle is the pool's address, not an IOVA");
        assertEquals(0, sim.api().iovaToPhys(defaultDomain(rproc), vring.dmaHandle()));
        sim.dma().allocCoherent(rproc, 0x8_0000);
        IommuException full = assertThrows(IommuException.class, () -> sim.dma().allocCoherent(rproc, 0x8_0000));
        assertEquals(Errno.ENOMEM, full.errno(), "a device with a pool does not fall back");
    }

    @Test
    void withoutAnIommuBuffersComeFromCmaAtBusAddresses() throws Exception {
        Master m4 = sim.addMaster(Master.builder("m4").dmaRange(0x0, 0x8000_0000L, 0x4000_0000L));
        DmaApi.DmaBuffer buf = sim.dma().allocCoherent(m4, 0x10_0000);
        assertEquals(DmaApi.Origin.DIRECT, buf.origin());
        assertEquals("linux,cma", buf.pool());
        assertEquals(buf.pa() - 0x8000_0000L, buf.dmaHandle(), "dma-ranges translate the physical address");
        assertEquals(buf.pa(), sim.access().translate(m4, buf.dmaHandle(), true));
    }

    @Test
    void theDmaApiUsesTheDefaultDomainEvenWhenAnotherIsAttached() throws Exception {
        Master rproc = sim.addMaster(Master.builder("rproc").iommu(smmu).streamId(4));
        IommuDomain own = sim.api().domainAlloc(rproc);
        sim.api().attachDevice(own, rproc);
        DmaApi.DmaBuffer buf = sim.dma().allocCoherent(rproc, 0x1000);
        assertTrue(events.stream().anyMatch(e -> e.kind() == IommuEvent.Kind.WARNING
                && e.text().contains("the device cannot reach this buffer")));
        assertEquals(-1, sim.access().translate(rproc, buf.dmaHandle(), false));
        assertSame(own, sim.api().getDomainForDev(rproc));
    }

    @Test
    void iovaSpaceRunsOut() throws Exception {
        Master tiny = sim.addMaster(Master.builder("tiny").iommu(smmu).streamId(5).coherentDmaMask(20));
        sim.dma().allocCoherent(tiny, 0x8_0000);
        IommuException e = assertThrows(IommuException.class, () -> sim.dma().allocCoherent(tiny, 0x10_0000));
        assertEquals(Errno.ENOMEM, e.errno());
        assertTrue(e.getMessage().startsWith("no IOVA space for 0x100000 bytes"), e.getMessage());
        assertFalse(sim.dma().buffers(tiny).isEmpty());
    }
}
