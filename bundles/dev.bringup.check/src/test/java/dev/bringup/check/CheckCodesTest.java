package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.common.FormatException;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.FirmwarePatcher;
import dev.bringup.model.Soc;

/**
 * Every check on a fixture that triggers it and on one that does not. Fixtures: this bundle's
 * DTS files ({@code src/test/resources/dts}, compiled by dtc at test time, edited copies at the
 * marked lines), the examples' firmware images and the firmware bundle's test firmware, or
 * copies of them patched with {@link FirmwarePatcher} in a temporary folder.
 */
class CheckCodesTest {

    @TempDir
    static Path tmp = Path.of("");

    private static Soc m4(String... replacements) throws IOException, FormatException {
        return variant("m4.dts", replacements);
    }

    private static Soc apu(String... replacements) throws IOException, FormatException {
        return variant("apu.dts", replacements);
    }

    /** A copy of a fixture DTS with {@code marker -> text} replacements (each marker must be there). */
    private static Soc variant(String name, String... replacements) throws IOException, FormatException {
        String text = Files.readString(TestInputs.DTS.resolve(name), StandardCharsets.UTF_8);
        for (int i = 0; i < replacements.length; i += 2) {
            assertTrue(text.contains(replacements[i]), name + " has no " + replacements[i]);
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        if (replacements.length == 0) {
            return TestInputs.dts(name);
        }
        Path out = Files.createTempDirectory(tmp, "dts").resolve(name);
        Files.writeString(out, text, StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.bringup.dt.DtsCompiler.isDtcAvailable(), "dtc is not installed");
        return TestInputs.load(out, List.of());
    }

    /** A patched copy of a firmware image. */
    private static Path patched(Path image, String... edits) throws Exception {
        Path out = Files.createTempDirectory(tmp, "fw").resolve(image.getFileName().toString());
        try (Firmware fw = Firmware.open(image)) {
            FirmwarePatcher.patch(fw, List.of(edits), List.of(), out);
        }
        return out;
    }

    private static void triggers(CheckCode code, List<Finding> findings) {
        assertTrue(TestInputs.codes(findings).contains(code.name()), code + " expected in " + findings);
        for (Finding f : findings) {
            if (f.diagnostic().code().equals(code.name())) {
                assertEquals(code.severity(), f.diagnostic().severity());
                assertFalse(f.diagnostic().message().isBlank());
                assertFalse(f.diagnostic().fix() == null || f.diagnostic().fix().isBlank(), "every finding says what fixes it");
            }
        }
    }

    private static void silent(CheckCode code, List<Finding> findings) {
        assertFalse(TestInputs.codes(findings).contains(code.name()), code + " not expected in " + findings);
    }

    private static Path stm32() {
        return TestInputs.image("stm32mp157-m4.elf");
    }

    private static Path apuImage() {
        return TestInputs.image("mt8183-apu.elf");
    }

    @Test
    void cleanM4FixtureHasNoFindings() throws Exception {
        assertEquals(List.of(), TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void daUnmapped() throws Exception {
        List<Finding> f = TestInputs.check(m4(), "m4", patched(stm32(), "trace[0].da=0x20000000"));
        triggers(CheckCode.CHK_DA_UNMAPPED, f);
        assertEquals(1, f.size(), f.toString());
        assertEquals(0x20000000L, f.get(0).diagnostic().location().address());
        assertTrue(f.get(0).diagnostic().location().fileOffset() > 0, "points at the table entry");
        silent(CheckCode.CHK_DA_UNMAPPED, TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void overlapOtherMaster() throws Exception {
        List<Finding> f = TestInputs.check(m4("<&retram>, <&mcuram2>, <&vdev0buffer>; /* M4_REGIONS */",
                "<&retram>, <&vdev0buffer>;", "/* OTHER_MASTER */",
                "dma@48000000 { compatible = \"st,stm32-dma\"; reg = <0x48000000 0x400>; memory-region = <&mcuram2>; };"),
                "m4", stm32());
        triggers(CheckCode.CHK_OVERLAP_OTHER_MASTER, f);
        silent(CheckCode.CHK_OVERLAP_RESERVED, f);
        silent(CheckCode.CHK_OVERLAP_OTHER_MASTER, TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void overlapUnownedReservedRegion() throws Exception {
        List<Finding> f = TestInputs.check(m4("<&retram>, <&mcuram2>, <&vdev0buffer>; /* M4_REGIONS */",
                "<&retram>, <&vdev0buffer>;"), "m4", stm32());
        triggers(CheckCode.CHK_OVERLAP_RESERVED, f);
        silent(CheckCode.CHK_OVERLAP_OTHER_MASTER, f);
        silent(CheckCode.CHK_OVERLAP_RESERVED, TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void overlapKernelMemory() throws Exception {
        List<Finding> f = TestInputs.check(m4("<&retram>, <&mcuram2>, <&vdev0buffer>; /* M4_REGIONS */",
                "<&retram>, <&vdev0buffer>;", "reg = <0x10000000 0x40000>; /* MCURAM2_REG */", "reg = <0x10080000 0x40000>;",
                "/* OTHER_MASTER */", "sysram@10000000 { device_type = \"memory\"; reg = <0x10000000 0x40000>; };"), "m4",
                stm32());
        triggers(CheckCode.CHK_OVERLAP_KERNEL_MEMORY, f);
        silent(CheckCode.CHK_OVERLAP_KERNEL_MEMORY, TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void iommuPageSize() throws Exception {
        List<Finding> f = TestInputs.check(apu(), "apu", patched(apuImage(), "carveout[2].len=0x10800"));
        triggers(CheckCode.CHK_IOMMU_PGSIZE, f);
        List<Finding> pg = f.stream().filter(x -> x.diagnostic().code().equals("CHK_IOMMU_PGSIZE")).toList();
        assertEquals(1, pg.size());
        // the error is the IOMMU simulation's iommu_map() answer
        assertTrue(pg.get(0).diagnostic().message().contains("-EINVAL (unaligned: iova 0x60400000")
                && pg.get(0).diagnostic().message().contains("min_pagesz 0x1000"), pg.get(0).diagnostic().message());
        // a KVM host maps its carveout 1:1: a region the page sizes cannot map is reported on the devicetree
        Path kvm = Files.createTempDirectory(tmp, "kvm");
        Files.writeString(kvm.resolve("kvm.dtso"), "/dts-v1/;\n/plugin/;\n&pil_adsp_mem { reg = <0 0x95c00000 0 0x1e00800>; };\n");
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.bringup.dt.DtsCompiler.isDtcAvailable(), "dtc is not installed");
        Path base = Path.of("../dev.bringup.examples/src/main/resources/dev/bringup/examples/dts/");
        Soc odd = TestInputs.load(base.resolve("sa8775p-adsp.dtb"), List.of(base.resolve("sa8775p-adsp-kvm.dtbo"),
                kvm.resolve("kvm.dtso")));
        List<Finding> region = TestInputs.check(odd, "adsp", TestInputs.image("sa8775p-adsp.mbn"));
        assertEquals(List.of("CHK_IOMMU_PGSIZE"), TestInputs.codes(region));
        assertEquals("/reserved-memory/pil-adsp@95c00000", region.get(0).diagnostic().location().dtPath());
        silent(CheckCode.CHK_IOMMU_PGSIZE, TestInputs.check(apu(), "apu", apuImage()));
    }

    @Test
    void fixedDaInSharedDmaWindow() throws Exception {
        List<Finding> shared = TestInputs.check(apu(), "apu", apuImage());
        triggers(CheckCode.CHK_FIXED_DA_IN_DMA_WINDOW, shared);
        assertEquals(List.of("CHK_FIXED_DA_IN_DMA_WINDOW", "CHK_FIXED_DA_IN_DMA_WINDOW", "CHK_FIXED_DA_IN_DMA_WINDOW"),
                TestInputs.codes(shared), "one per fixed carveout; segments, trace and vrings lie inside them");
        // alone in its group: the remoteproc core can allocate an unmanaged domain and map the fixed addresses
        List<Finding> alone = TestInputs.check(apu("iommus = <&iommu 0>; /* OVL_IOMMUS */", ""), "apu", apuImage());
        assertEquals(List.of(), alone);
    }

    @Test
    void fixedDaReservedByIommuAddressesIsNoClash() throws Exception {
        List<Finding> f = TestInputs.check(apu("/* APU_REGION */",
                "apu_fw: apu-fw@60000000 { reg = <0 0x60000000 0 0x10000000>; no-map; iommu-addresses = <&apu 0 0x60000000 0 0x10000000>; };",
                "/* APU_MEMORY_REGION */", "memory-region = <&apu_fw>;"), "apu", apuImage());
        silent(CheckCode.CHK_FIXED_DA_IN_DMA_WINDOW, f);
        silent(CheckCode.SEC_WIDE_MAPPING, f);
    }

    @Test
    void wideMapping() throws Exception {
        List<Finding> f = TestInputs.check(apu("/* APU_REGION */",
                "apu_fw: apu-fw@60000000 { reg = <0 0x60000000 0 0x10000000>; no-map; iommu-addresses = <&apu 0 0x60000000 0 0x30000000>; };",
                "/* APU_MEMORY_REGION */", "memory-region = <&apu_fw>;"), "apu", apuImage());
        triggers(CheckCode.SEC_WIDE_MAPPING, f);
        Finding w = f.stream().filter(x -> x.diagnostic().code().equals("SEC_WIDE_MAPPING")).findFirst().orElseThrow();
        assertEquals("/reserved-memory/apu-fw@60000000", w.diagnostic().location().dtPath());
    }

    @Test
    void devmemNormalRam() throws Exception {
        Soc omap = TestInputs.example("omap4-ipu-dsp");
        Path ipu = TestInputs.image("omap4-ipu.elf");
        triggers(CheckCode.SEC_DEVMEM_NORMAL_RAM, TestInputs.check(omap, "ipu", patched(ipu, "devmem[0].pa=0x90000000")));
        silent(CheckCode.SEC_DEVMEM_NORMAL_RAM, TestInputs.check(omap, "ipu", ipu));
    }

    @Test
    void noIommuDmaReach() throws Exception {
        List<Finding> f = TestInputs.check(m4("<0x10000000 0x10000000 0x60000>; /* DMA_RANGES */",
                "<0x10000000 0x10000000 0x60000>, <0xc0000000 0xc0000000 0x20000000>;"), "m4", stm32());
        triggers(CheckCode.SEC_NO_IOMMU_DMA_REACH, f);
        assertEquals(0xc0000000L, f.get(0).diagnostic().location().address());
        silent(CheckCode.SEC_NO_IOMMU_DMA_REACH, TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void sharedBufferNotDmaPool() throws Exception {
        List<Finding> f = TestInputs.check(m4("compatible = \"shared-dma-pool\"; /* VDEV_BUFFER_COMPATIBLE */", ""), "m4",
                stm32());
        triggers(CheckCode.SEC_SHARED_BUFFER_NOT_DMA_POOL, f);
        silent(CheckCode.SEC_SHARED_BUFFER_NOT_DMA_POOL, TestInputs.check(m4(), "m4", stm32()));
    }

    @Test
    void carveoutName() throws Exception {
        Soc soc = TestInputs.example("qcom-adsp-fastrpc-iommu-map");
        Path image = TestInputs.image("qcom-adsp-fastrpc.elf");
        triggers(CheckCode.CON_CARVEOUT_NAME, TestInputs.check(soc, "adsp", patched(image, "carveout[0].name=adsp_mem")));
        triggers(CheckCode.CON_CARVEOUT_NAME, TestInputs.check(soc, "adsp", patched(image, "carveout[0].len=0x4000000")));
        silent(CheckCode.CON_CARVEOUT_NAME, TestInputs.check(soc, "adsp", image));
    }

    @Test
    void elfMachine() throws Exception {
        List<Finding> f = TestInputs.check(m4(), "m4", apuImage());
        triggers(CheckCode.CON_ELF_MACHINE, f);
        assertEquals(0x12, f.get(0).diagnostic().location().fileOffset(), "points at e_machine");
        silent(CheckCode.CON_ELF_MACHINE, TestInputs.check(m4(), "m4", stm32()));
        silent(CheckCode.CON_ELF_MACHINE, TestInputs.check(apu(), "apu", apuImage()));
    }

    @Test
    void elfEndian() throws Exception {
        triggers(CheckCode.CON_ELF_ENDIAN, TestInputs.check(m4(), "m4", TestInputs.FIXTURES.resolve("fw_v1_be.elf")));
        silent(CheckCode.CON_ELF_ENDIAN, TestInputs.check(m4(), "m4", TestInputs.FIXTURES.resolve("fw_v1_le.elf")));
    }

    @Test
    void processorByNameLabelOrPath() throws Exception {
        Soc soc = m4();
        assertEquals("/ahb/m4@10000000", BringupCheck.findProcessor(soc, "m4", "m4.dts").getPath());
        assertEquals("/ahb/m4@10000000", BringupCheck.findProcessor(soc, "/ahb/m4@10000000", "m4.dts").getPath());
        assertEquals("/ahb/m4@10000000", BringupCheck.findProcessor(soc, "m4@10000000", "m4.dts").getPath());
        FormatException e = org.junit.jupiter.api.Assertions.assertThrows(FormatException.class,
                () -> BringupCheck.findProcessor(soc, "dsp", "m4.dts"));
        assertTrue(e.getMessage().contains("m4 (/ahb/m4@10000000"), e.getMessage());
    }

    /** The README's table lists exactly the codes, with their severities. */
    @Test
    void readmeDocumentsEveryCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^\\| `([A-Z_0-9]+)` \\| (error|warning|info) \\|", Pattern.MULTILINE).matcher(readme);
        java.util.Map<String, String> documented = new java.util.LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        for (CheckCode c : CheckCode.values()) {
            codes.put(c.name(), c.severity().label());
        }
        assertEquals(codes, documented);
    }
}
