package dev.bringup.examples.firmware;

import static dev.bringup.examples.firmware.FirmwareFiles.image;
import static dev.bringup.examples.firmware.FirmwareImagesTest.assertInside;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The firmware and the examples' devicetree sources agree: every PT_LOAD lies in the memory the
 * example's reserved-memory gives the processor (after the processor's own view, where it has
 * one), and the regions the firmware relies on are declared where firmware/README.md says.
 */
class ExampleDevicetreesTest {

    @BeforeAll
    static void needReadelf() {
        FirmwareFiles.assumeTool("readelf", "binutils");
    }

    @Test
    void stm32mp157M4FitsRetramAndMcuram2AndLeavesTheVringRegionsFree() {
        Map<String, DtsRegions.Region> dt = regions("stm32mp157-m4.dts");
        DtsRegions.Region retram = region(dt, "retram@38000000", 0x38000000L, 0x10000L);
        DtsRegions.Region mcuram2 = region(dt, "mcuram2@10000000", 0x10000000L, 0x40000L);
        region(dt, "vdev0vring0@10040000", 0x10040000L, 0x1000L);
        region(dt, "vdev0vring1@10041000", 0x10041000L, 0x1000L);
        region(dt, "vdev0buffer@10042000", 0x10042000L, 0x4000L);

        List<Readelf.ProgramHeader> loads = Readelf.of(image("stm32mp157-m4.elf")).loads();
        // the M4 sees RETRAM (host 0x38000000) at 0: the code PT_LOAD is in the M4's view
        assertInside("code PT_LOAD (host view)", retram.address() + loads.get(0).p_paddr(), loads.get(0).p_memsz(),
                retram.address(), retram.size());
        assertInside("data PT_LOAD", loads.get(1).p_paddr(), loads.get(1).p_memsz(), mcuram2.address(),
                mcuram2.size());
    }

    @Test
    void sa8775pAdspLoadsInsidePilAdsp() {
        DtsRegions.Region pil = region(regions("sa8775p-adsp.dts"), "pil-adsp@95c00000", 0x95c00000L, 0x1e00000L);
        for (QcomPasImageTest.Phdr p : QcomPasImageTest.phdrs(FirmwareImagesTest.read(image("sa8775p-adsp.mbn")))) {
            if (p.p_type() == 1) {
                assertTrue(pil.contains(p.p_paddr(), p.p_memsz()), () -> p + " inside " + pil);
            }
        }
    }

    @Test
    void qcomAdspFastrpcCarveoutIsTheAdspslpiRegion() {
        DtsRegions.Region adspslpi = region(regions("qcom-adsp-fastrpc-iommu-map.dts"), "adspslpi@8a700000",
                0x8a700000L, 0x3c00000L);
        Path f = image("qcom-adsp-fastrpc.elf");
        Readelf elf = Readelf.of(f);
        for (Readelf.ProgramHeader p : elf.loads()) {
            assertTrue(adspslpi.contains(p.p_paddr(), p.p_memsz()), () -> p + " inside " + adspslpi);
        }
        ResourceTableDecoder.Carveout c = (ResourceTableDecoder.Carveout) ResourceTableDecoder
                .decodeV1(FirmwareImagesTest.tableBytes(f, elf, 0x8a800000L)).get(0);
        assertEquals("adspslpi", c.name(), "named like the reserved-memory node");
        assertEquals(adspslpi, new DtsRegions.Region(c.da(), c.len()), "carveout da/len = the node's reg");
    }

    @Test
    void mt8365ApuWindowHoldsEveryFixedAddressOfTheApuImage() {
        DtsRegions.Region window = region(regions("mt8365-apu.dts"), "apu-fw@60000000", 0x60000000L, 0x10000000L);
        Path f = image("mt8183-apu.elf");
        Readelf elf = Readelf.of(f);
        for (Readelf.ProgramHeader p : elf.loads()) {
            assertTrue(window.contains(p.p_paddr(), p.p_memsz()), () -> p + " inside " + window);
        }
        for (ResourceTableDecoder.Entry e : ResourceTableDecoder
                .decodeV1(FirmwareImagesTest.tableBytes(f, elf, 0x60100000L))) {
            if (e instanceof ResourceTableDecoder.Carveout c) {
                assertTrue(window.contains(c.da(), c.len()), () -> c + " inside " + window);
            }
        }
    }

    @Test
    void omap4IpuPoolHoldsTheCarveouts() {
        DtsRegions.Region pool = region(regions("omap4-ipu-dsp.dts"), "ipu-memory@98800000", 0x98800000L,
                0x7000000L);
        long carveouts = 3 * 0x100000L; // IPU_MEM_TEXT, IPU_MEM_DATA, IPU_MEM_IPC_VRING
        assertTrue(carveouts <= pool.size(), "the CMA pool can hold the IPU's carveouts");
    }

    private static Map<String, DtsRegions.Region> regions(String dtsName) {
        Path dts = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "main", "resources",
                "dev", "bringup", "examples", "dts", dtsName);
        assumeTrue(Files.isRegularFile(dts), () -> "no example devicetree " + dts + " yet: skipped");
        return DtsRegions.of(dts);
    }

    private static DtsRegions.Region region(Map<String, DtsRegions.Region> dt, String node, long address, long size) {
        DtsRegions.Region r = dt.get(node);
        assertNotNull(r, () -> "no " + node + " with a reg in the example devicetree (nodes: " + dt.keySet() + ")");
        assertEquals(new DtsRegions.Region(address, size), r, node);
        return r;
    }
}
