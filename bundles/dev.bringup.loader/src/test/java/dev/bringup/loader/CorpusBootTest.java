package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.firmware.ElfSection;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.model.Soc;

/**
 * The corpus firmware made for an STM32MP or a Xilinx R5 boots on a SoC built from a devicetree
 * (the examples bundle's stm32mp215f-dk and kv260-r5), its log reads like a real board's
 * (am62x_m4f_r5f_boot.log), its vrings get their device addresses from the named carveouts, and
 * every byte it loaded is, seen through the processor's own view, the ELF's.
 */
class CorpusBootTest {

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf", "stm32mp215f-dk.dtb", "m33", true),
                Arguments.of("kv260_r5_rpmsg_multi_services.elf", "kv260-r5.dtb", "r5f_0", true),
                Arguments.of("kv260_split_rpu0.elf", "kv260-r5.dtb", "r5f_0", false),
                Arguments.of("hvl_zephyr_no_rsc_table.elf", "kv260-r5.dtb", "r5f_0", false));
    }

    private static BootSession boot(Path fw, String dtb, String rproc) throws Exception {
        Soc soc = TestFiles.exampleSoc(dtb);
        BootSession s = BootSession.open(BootRequest.builder(soc, rproc, new BootRequest.FromFile(fw)).build());
        s.resume();
        return s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void bootsAndLoadsEveryByteAsTheElfHasIt(String file, String dtb, String rproc, boolean rpmsg) throws Exception {
        Path fw = TestFiles.corpus("firmware/" + file);
        try (BootSession s = boot(fw, dtb, rproc); ElfFile elf = ElfFile.open(fw)) {
            assertEquals(RprocState.RUNNING, s.state(), () -> BootText.render(s));
            assertNull(s.error(), () -> BootText.render(s));
            ElfSection table = elf.section(Firmware.RESOURCE_TABLE_SECTION);
            long tableLo = table == null ? 0 : table.sh_addr();
            long tableHi = table == null ? 0 : table.sh_addr() + table.sh_size();
            int checked = 0;
            for (ElfProgramHeader p : TestFiles.loadSegments(elf)) {
                byte[] want = elf.segmentBytes(p, (int) p.p_filesz());
                byte[] got = s.readDa(p.p_paddr(), (int) p.p_memsz());
                for (int i = 0; i < p.p_memsz(); i++) {
                    long da = p.p_paddr() + i;
                    if (da >= tableLo && da < tableHi) {
                        continue; // the host filled the table in; checked below
                    }
                    byte expected = i < want.length ? want[i] : 0;
                    if (got[i] != expected) {
                        throw new AssertionError(file + ": byte at da 0x" + Long.toHexString(da) + " is " + got[i]
                                + " through " + rproc + "'s view, the ELF has " + expected);
                    }
                    checked++;
                }
            }
            assertTrue(checked > 0);
            if (rpmsg) {
                ResourceTable loaded = s.loadedResourceTable();
                assertNotNull(loaded);
                ResourceEntry.Vdev vdev = (ResourceEntry.Vdev) loaded.entriesOfKind("vdev").get(0);
                for (int i = 0; i < vdev.vrings().size(); i++) {
                    Carveout c = carveout(s, "vdev0vring" + i);
                    assertEquals(c.da(), vdev.vrings().get(i).da(), "vring" + i + " gets the da of carveout " + c.name());
                    assertEquals(i, vdev.vrings().get(i).notifyid());
                }
                assertEquals(7, vdev.status(), "ACKNOWLEDGE | DRIVER | DRIVER_OK");
                // everything but the fields the host fills in is the firmware's own table
                ResourceTable original = Firmware.of(ElfFile.open(fw)).resourceTable();
                assertNotNull(original);
                ResourceEntry.Vdev was = (ResourceEntry.Vdev) original.entriesOfKind("vdev").get(0);
                assertEquals(was.id(), vdev.id());
                assertEquals(was.dfeatures(), vdev.dfeatures());
                assertEquals(was.vrings().get(0).num(), vdev.vrings().get(0).num());
                assertEquals(was.vrings().get(1).align(), vdev.vrings().get(1).align());
                assertEquals(original.offsets(), loaded.offsets());
            }
        }
    }

    private static Carveout carveout(BootSession s, String name) {
        return s.carveouts().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no carveout " + name + " in " + s.carveouts()));
    }

    /** The lines of the AM62x capture that the remoteproc core and virtio print for the M4F, as patterns. */
    static List<Pattern> referencePatterns() throws Exception {
        Path log = TestFiles.corpus("logs/am62x_m4f_r5f_boot.log");
        List<Pattern> out = new ArrayList<>();
        for (String raw : Files.readAllLines(log)) {
            if (raw.startsWith("#")) {
                continue;
            }
            String line = raw.replaceFirst("^\\[\\s*[0-9.]+\\]\\s?", "");
            if (!(line.startsWith("remoteproc remoteproc0:") || line.startsWith(" remoteproc0#")
                    || line.startsWith("virtio_rpmsg_bus virtio0: rpmsg host"))) {
                continue;
            }
            // what varies between boards: numbers, the image's name and size, node and processor names
            String p = Pattern.quote(line);
            p = p.replaceAll("image \\S+, size \\d+", "image \\\\E\\\\S+, size \\\\d+\\\\Q")
                    .replaceAll("node \\S+", "node \\\\E\\\\S+\\\\Q")
                    .replaceAll("processor \\S+ is", "processor \\\\E\\\\S+\\\\Q is");
            out.add(Pattern.compile(p.replace("\\Q\\E", "")));
        }
        return out;
    }

    @Test
    void theLogReadsLikeTheAm62xCapture() throws Exception {
        List<Pattern> reference = referencePatterns();
        assertEquals(5, reference.size(), reference.toString());
        Path fw = TestFiles.corpus("firmware/kv260_r5_rpmsg_multi_services.elf");
        try (BootSession s = boot(fw, "kv260-r5.dtb", "r5f_0")) {
            List<String> ours = TestFiles.lines(s);
            int from = 0;
            for (Pattern p : reference) {
                int at = -1;
                for (int i = from; i < ours.size(); i++) {
                    if (p.matcher(ours.get(i)).matches()) {
                        at = i;
                        break;
                    }
                }
                int after = from;
                assertTrue(at >= 0, () -> "no line like '" + p + "' after line " + after + " in\n" + String.join("\n", ours));
                from = at + 1;
            }
            assertTrue(ours.contains("remoteproc remoteproc0: powering up ffe00000.r5f"), ours::toString);
            assertTrue(ours.contains("remoteproc remoteproc0: Booting fw image kv260-r5f0.elf, size " + Files.size(fw)));
            assertTrue(ours.contains(" remoteproc0#vdev0buffer: assigned reserved memory node vdev0buffer@3ed48000"));
        }
    }

    @Test
    void aZeroSizeTableIsReportedAndTheR5BootsWithoutIpc() throws Exception {
        Path fw = TestFiles.corpus("firmware/kv260_split_rpu0.elf");
        try (BootSession s = boot(fw, "kv260-r5.dtb", "r5f_0")) {
            List<String> log = TestFiles.lines(s);
            int headerless = log.indexOf("remoteproc remoteproc0: header-less resource table");
            int noTable = log.indexOf("remoteproc remoteproc0: no resource table found.");
            assertTrue(headerless >= 0 && noTable > headerless, log::toString);
            assertTrue(s.log().get(noTable).level() == LogLine.INFO, "zynqmp_r5 only informs");
            assertTrue(log.contains("remoteproc remoteproc0: remote processor ffe00000.r5f is now up"));
            assertNull(s.loadedResourceTable());
            assertTrue(s.channels().isEmpty());
            // its TCM and DDR segments are where the R5 sees them: ATCM at da 0 is pa 0xffe00000
            assertEquals(0xffe00000L, s.simulation().master("ffe00000.r5f").directPhys(0));
        }
    }

    @Test
    void withoutATableTheStm32DriverWarnsAndLoadsUntilASegmentHasNoMemory() throws Exception {
        Path fw = TestFiles.corpus("firmware/hvl_zephyr_no_rsc_table.elf");
        Soc soc = TestFiles.exampleSoc("stm32mp215f-dk.dtb");
        try (BootSession s = BootSession.open(BootRequest.builder(soc, "m33", new BootRequest.FromFile(fw)).build())) {
            s.resume();
            List<String> log = TestFiles.lines(s);
            assertTrue(log.contains("remoteproc remoteproc0: no resource table found for this firmware"), log::toString);
            assertEquals(RprocState.OFFLINE, s.state(), "its segments are linked for the R5's TCM, not the M33's memory");
            BootError e = s.error();
            assertNotNull(e);
            assertEquals("rproc_load_segments", e.step());
            assertEquals(-22, e.errno());
            assertTrue(log.contains("remoteproc remoteproc0: bad phdr da 0x0 mem 0x3c"), log::toString);
            assertTrue(log.contains("remoteproc remoteproc0: Failed to load program segments: -22"), log::toString);
        }
    }
}
