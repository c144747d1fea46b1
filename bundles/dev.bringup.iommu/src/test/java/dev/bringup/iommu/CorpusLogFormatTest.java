package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The fault messages against real kernel output in the shared corpus ({@code corpus/logs}): the
 * arm-smmu context fault of a Qualcomm SA8775P fastrpc crash, reproduced field by field, and the
 * three mtk_iommu format strings (no real MediaTek capture exists; the file gives the formats).
 */
class CorpusLogFormatTest {

    private static Path corpus(String name) {
        Path p = Path.of(System.getProperty("bringup.shared", "/work/main/../shared"), "corpus", "logs", name);
        assumeTrue(Files.isRegularFile(p), "corpus file " + p + " is absent (set -Dbringup.shared); skipping");
        return p;
    }

    private static final Pattern UNHANDLED = Pattern.compile("arm-smmu (\\S+): Unhandled context fault: fsr=0x([0-9a-f]+),"
            + " iova=0x([0-9a-f]{8,}), fsynr=0x([0-9a-f]+), cbfrsynra=0x([0-9a-f]+), cb=(\\d+)");

    @Test
    void armSmmuContextFaultMatchesTheFastrpcCapture() throws Exception {
        String line = Files.readAllLines(corpus("arm-smmu_context_fault_fastrpc.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("Unhandled context fault")).findFirst().orElseThrow();
        Matcher real = UNHANDLED.matcher(line);
        assertTrue(real.find(), line);

        /* SA8775P: the ADSP's stream 0x19c3 in context bank 10 reads an unmapped page next to a mapped one */
        Simulation sim = Simulation.create(PhysicalMemory.builder()
                .region("dram", 0x8000_0000L, 0x1000_0000L, MemoryRegion.Kind.DRAM).build());
        ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config(real.group(1)).contextBanks(16));
        Master adsp = sim.addMaster(Master.builder("fastrpc-adsp-cb").iommu(smmu).streamId(0x19c3));
        for (int i = 1; i < 10; i++) {
            sim.api().domainAlloc(adsp);
        }
        IommuDomain cb10 = sim.api().domainAlloc(adsp);
        assertEquals(10, cb10.context());
        sim.api().attachDevice(cb10, adsp);
        sim.api().map(cb10, 0xfd7fe000L, 0x8000_0000L, 0x1000, IommuProt.RW);
        FaultRecord f = sim.access().read(adsp, 0xfd7ff000L, new byte[4]).fault();
        Matcher ours = UNHANDLED.matcher(f.kernelLog().get(0));
        assertTrue(ours.matches(), f.kernelLog().get(0));
        assertEquals(real.group(1), ours.group(1), "device");
        assertEquals(real.group(2), ours.group(2), "fsr: translation fault, AArch64 format");
        assertEquals(real.group(3), ours.group(3), "iova");
        assertEquals(Integer.parseInt(real.group(4), 16) & 3, Integer.parseInt(ours.group(4), 16) & 3,
                "FSYNR0.PLVL (the capture's S1CBNDX field comes from Qualcomm's implementation)");
        assertEquals(real.group(5), ours.group(5), "cbfrsynra: the stream ID");
        assertEquals(real.group(6), ours.group(6), "context bank");
    }

    /** printf format to regex, for the conversions mtk_iommu uses. */
    private static Pattern formatToRegex(String format) {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("%(llx|x|u|d|s)").matcher(format);
        int at = 0;
        while (m.find()) {
            b.append(Pattern.quote(format.substring(at, m.start())));
            b.append(switch (m.group(1)) {
                case "llx", "x" -> "[0-9a-f]+";
                case "u" -> "\\d+";
                case "d" -> "-?\\d+";
                default -> "(read|write)";
            });
            at = m.end();
        }
        b.append(Pattern.quote(format.substring(at)));
        return Pattern.compile(b.toString());
    }

    @Test
    void mtkIommuFaultMessagesFollowTheKernelFormats() throws IOException, IommuException {
        List<String> lines = Files.readAllLines(corpus("mtk-iommu_fault_format_strings.txt"), StandardCharsets.UTF_8);
        Pattern quoted = Pattern.compile("\"(.*)\\\\n\"");
        String[] formats = new String[3];
        for (String l : lines) {
            Matcher q = quoted.matcher(l);
            if (!q.find()) {
                continue;
            }
            if (l.contains("v5.x:")) {
                formats[0] = q.group(1);
            } else if (l.contains("later:")) {
                formats[1] = q.group(1);
            } else if (l.contains("proposal")) {
                formats[2] = q.group(1);
            }
        }
        MtkIommu.FaultFormat[] variants = { MtkIommu.FaultFormat.LARB_PORT, MtkIommu.FaultFormat.MASTER,
                MtkIommu.FaultFormat.BANK_PROPOSAL };
        for (int i = 0; i < 3; i++) {
            assertTrue(formats[i] != null, "format " + i + " not found in the corpus file");
            Simulation sim = Simulation.create(PhysicalMemory.builder()
                    .region("dram", 0x4000_0000L, 0x1000_0000L, MemoryRegion.Kind.DRAM).build());
            MtkIommu m4u = sim.addMtkIommu(MtkIommu.config("10205000.iommu").faultFormat(variants[i]));
            Master apu = sim.addMaster(Master.builder("19100000.apu").iommu(m4u).mtkPort(6, 1));
            FaultRecord f = sim.access().read(apu, 0x6000_0000L, new byte[4]).fault();
            String line = f.kernelLog().get(0);
            String prefix = "mtk-iommu 10205000.iommu: ";
            assertTrue(line.startsWith(prefix), line);
            assertTrue(formatToRegex(formats[i]).matcher(line.substring(prefix.length())).matches(),
                    variants[i] + ": '" + line + "' does not follow \"" + formats[i] + "\"");
        }
    }
}
