package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.iommu.IommuGroup;
import dev.bringup.iommu.Master;
import dev.bringup.model.BootStrategy;

/**
 * Seeds 000/001 replayed: the MT8183 APU, whose firmware is fixed at 0x60000000, behind the M4U's
 * only bank. Each approach of the thread fails for the reason the simulation shows (group
 * membership, the DMA API's addresses, a mapping behind the IOVA allocator's back that the camera's
 * DMA later collides with); a group or a reserved range of the APU's own works.
 */
class Mt8183ApuTest {

    private static final String APU = "19100000.apu";

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BootStrategy.class, names = { "UNMANAGED_DOMAIN", "LINUX_DEFAULT" })
    void aDomainOfItsOwnFailsAtAttachBecauseTheGroupIsShared(BootStrategy strategy) throws Exception {
        try (BootSession s = TestFiles.run("mt8183-apu", strategy)) {
            BootError e = s.error();
            assertNotNull(e);
            assertEquals("rproc_enable_iommu", e.step());
            assertEquals(-22, e.errno());
            assertEquals("can't enable iommu: -22", e.message());
            String d = e.diagnosis();
            assertTrue(d.contains("not alone in its group") && d.contains("iommu group 0") && d.contains("5 devices"), d);
            for (String member : List.of("14008000.ovl", "1400b000.rdma", "16020000.video-codec", "1a000000.camsys", APU)) {
                assertTrue(d.contains(member), member + " is named in: " + d);
            }
            assertTrue(TestFiles.lines(s).contains("mtk-apu " + APU + ": can't attach iommu device: -22"));
            assertEquals(RprocState.OFFLINE, s.state());
            assertEquals(0, s.remoteproc().power(), "a failed boot gives its power reference back");
            IommuGroup g = s.simulation().master(APU).group();
            assertEquals(5, g.devices().size(), "the bank's group holds the multimedia masters too");
        }
    }

    @Test
    void theDevicesDmaDomainHandedToTheCoreGetsIovasMappedAsPhysicalAddresses() throws Exception {
        try (BootSession s = TestFiles.run("mt8183-apu", BootStrategy.PLATFORM_DOMAIN)) {
            BootError e = s.error();
            assertNotNull(e);
            assertEquals("rproc_alloc_registered_carveouts", e.step());
            assertEquals(-12, e.errno());
            // the carveout flags (0) are the prot of iommu_map, and dma_alloc_coherent's handle is an IOVA
            assertTrue(e.diagnosis().contains("neither IOMMU_READ nor IOMMU_WRITE"), e.diagnosis());
            assertTrue(e.diagnosis().contains("an IOVA of the device's DMA domain"), e.diagnosis());
            assertTrue(TestFiles.lines(s).contains("remoteproc remoteproc1: iommu_map failed: -22"));
        }
    }

    @Test
    void mappingBehindTheAllocatorsBackCollidesWhenTheCameraMaps() throws Exception {
        try (BootSession s = TestFiles.run("mt8183-apu", BootStrategy.DRIVER_IOMMU_API)) {
            assertEquals(RprocState.RUNNING, s.state(), "the boot itself works");
            BootStep fetch = s.steps().stream().filter(st -> st.name().equals("remote: fetch")).findFirst().orElseThrow();
            assertNull(fetch.error(), "the APU runs its code");
            BootError e = s.error();
            assertNotNull(e);
            assertEquals("dma: map", e.step());
            assertEquals(-17, e.errno(), "-EEXIST from iommu_map");
            assertTrue(e.diagnosis().contains("apu_code") && e.diagnosis().contains("behind the allocator's back"),
                    e.diagnosis());
            // the allocator handed the camera 0x60000000: a real collision, not a rule
            assertTrue(e.diagnosis().contains("[0x60000000..0x64000000)"), e.diagnosis());
        }
    }

    @Test
    void theDmaApiChoosesAddressesTheFirmwareDoesNotUse() throws Exception {
        try (BootSession s = TestFiles.run("mt8183-apu", BootStrategy.DMA_API)) {
            assertTrue(TestFiles.lines(s).contains("mtk-apu " + APU + ": Allocated carveout doesn't fit device address request"));
            BootError e = s.error();
            assertNotNull(e);
            assertEquals("remote: fetch", e.step());
            assertEquals(-14, e.errno());
            assertTrue(e.diagnosis().contains("translation fault") && e.diagnosis().contains("0x60000000"), e.diagnosis());
            assertTrue(TestFiles.lines(s).stream().anyMatch(l -> l.startsWith("mtk-iommu 10205000.iommu: fault type=0x1"
                    + " iova=0x60000000")), "the M4U reports the fault in its own words");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BootStrategy.class, names = { "DMA_FIXED_IOVA", "DEDICATED_BANK", "DEDICATED_IOVA_REGION",
            "RESERVED_REGION" })
    void aRangeOrAGroupOfItsOwnWorks(BootStrategy strategy) throws Exception {
        try (BootSession s = TestFiles.run("mt8183-apu", strategy);
                ElfFile elf = ElfFile.open(TestFiles.exampleImage("mt8183-apu.elf"))) {
            assertNull(s.error(), () -> BootText.render(s));
            assertEquals(RprocState.RUNNING, s.state());
            for (ElfProgramHeader p : TestFiles.loadSegments(elf)) {
                if (p.p_filesz() == 0 || p.p_paddr() == 0x60100000L) {
                    continue; // the data segment starts with the table the host filled in
                }
                assertArrayEquals(elf.segmentBytes(p, (int) p.p_filesz()), s.readDa(p.p_paddr(), (int) p.p_filesz()),
                        "segment " + p.index() + " through the APU's IOMMU");
            }
            BootStep map = s.steps().stream().filter(st -> st.name().equals("dma: map")).findFirst().orElseThrow();
            assertNull(map.error(), "the camera's 48 buffers fit beside the APU's addresses");
            Master apu = s.simulation().master(APU);
            switch (strategy) {
            case DEDICATED_BANK, DEDICATED_IOVA_REGION -> assertEquals(1, apu.group().devices().size(),
                    "the APU is alone in its group");
            case RESERVED_REGION -> assertEquals(0x60000000L, s.simulation().api().iovaToPhys(
                    java.util.Objects.requireNonNull(s.simulation().api().getDomainForDev(apu)), 0x60000000L),
                    "mapped 1:1 before attach");
            default -> assertEquals(5, apu.group().devices().size(), "still the shared group");
            }
        }
    }
}
