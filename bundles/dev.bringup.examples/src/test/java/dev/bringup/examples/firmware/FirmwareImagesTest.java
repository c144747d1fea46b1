package dev.bringup.examples.firmware;

import static dev.bringup.examples.firmware.FirmwareFiles.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.bringup.examples.firmware.ResourceTableDecoder.Carveout;
import dev.bringup.examples.firmware.ResourceTableDecoder.Entry;
import dev.bringup.examples.firmware.ResourceTableDecoder.Entry2011;
import dev.bringup.examples.firmware.ResourceTableDecoder.Trace;
import dev.bringup.examples.firmware.ResourceTableDecoder.Vdev;
import dev.bringup.examples.firmware.ResourceTableDecoder.Vring;

/**
 * Each committed firmware image of the examples is what firmware/README.md says: ELF class,
 * endianness and machine (readelf and the raw header agree), PT_LOAD addresses inside the memory
 * the resource table or the devicetree provides, and a .resource_table, inside a PT_LOAD, whose
 * bytes decode to the documented entries.
 */
class FirmwareImagesTest {

    private static final int EM_ARM = 40;
    private static final int EM_XTENSA = 94;
    private static final int EM_QDSP6 = 164;
    private static final long FW_RSC_ADDR_ANY = 0xffffffffL;

    @BeforeAll
    static void needReadelf() {
        FirmwareFiles.assumeTool("readelf", "binutils");
    }

    // ---------------------------------------------------------------------------------------------
    // 1, 2: TI OMAP4 IPU (Cortex-M3)
    // ---------------------------------------------------------------------------------------------

    private static final List<String> OMAP4_IPU_V1 = List.of(
            "CARVEOUT da 0x00000000 pa 0x00000000 len 0x00100000 flags 0x0 name IPU_MEM_TEXT",
            "CARVEOUT da 0x80000000 pa 0x00000000 len 0x00100000 flags 0x0 name IPU_MEM_DATA",
            "CARVEOUT da 0xa0000000 pa 0x00000000 len 0x00100000 flags 0x0 name IPU_MEM_IPC_VRING",
            "DEVMEM da 0xaa000000 pa 0x4a000000 len 0x01000000 flags 0x0 name IPU_PERIPHERAL_L4CFG",
            "DEVMEM da 0xa8000000 pa 0x48000000 len 0x01000000 flags 0x0 name IPU_PERIPHERAL_L4PER",
            "TRACE da 0x80001000 len 0x00008000 name trace:sysm3",
            "VDEV id 7 notifyid 0 dfeatures 0x1 gfeatures 0x0 config_len 0 status 0 num_of_vrings 2"
                    + "; vring da 0xa0000000 align 0x1000 num 256 notifyid 0 pa 0x00000000"
                    + "; vring da 0xa0004000 align 0x1000 num 256 notifyid 1 pa 0x00000000");

    @Test
    void omap4IpuCarriesTheClassicVersion1Table() {
        Path f = image("omap4-ipu.elf");
        Readelf elf = header(f, "ARM", EM_ARM);
        assertEntryIsThumbResetVector(f, elf);
        assertLoads(elf, 0x00000000L, 0x80000000L);

        List<Entry> table = ResourceTableDecoder.decodeV1(tableBytes(f, elf, 0x80000000L));
        assertEquals(OMAP4_IPU_V1, ResourceTableDecoder.lines(table));
        assertLoadsInsideCarveouts(elf, table);
        Trace trace = only(table, Trace.class);
        assertInsideDataLoad(elf, trace.da(), trace.len());
        assertVringsFit(only(table, Vdev.class), carveout(table, "IPU_MEM_IPC_VRING"));
    }

    private static final List<String> OMAP4_IPU_2011 = List.of(
            "CARVEOUT id 0 da 0x0000000000000000 pa 0x0000000000000000 len 0x100000 flags 0x0 name IPU_MEM_TEXT",
            "CARVEOUT id 1 da 0x0000000080000000 pa 0x0000000000000000 len 0x100000 flags 0x0 name IPU_MEM_DATA",
            "CARVEOUT id 2 da 0x00000000a0000000 pa 0x0000000000000000 len 0x100000 flags 0x0 name IPU_MEM_IPC_VRING",
            "DEVMEM id 0 da 0x00000000aa000000 pa 0x000000004a000000 len 0x1000000 flags 0x0 name IPU_PERIPHERAL_L4CFG",
            "DEVMEM id 1 da 0x00000000a8000000 pa 0x0000000048000000 len 0x1000000 flags 0x0 name IPU_PERIPHERAL_L4PER",
            "TRACE id 0 da 0x0000000080001000 pa 0x0000000000000000 len 0x8000 flags 0x0 name trace:sysm3",
            "VIRTIO_DEV id 0 da 0x0000000000000001 pa 0x0000000000000000 len 0x0 flags 0x7 name rpmsg",
            "VRING id 0 da 0x00000000a0000000 pa 0x0000000000000000 len 0x100 flags 0x0 name IPU_MEM_RPMSG_VRING0",
            "VRING id 1 da 0x00000000a0004000 pa 0x0000000000000000 len 0x100 flags 0x0 name IPU_MEM_RPMSG_VRING1");

    @Test
    void omap4Ipu2011CarriesTheSameResourcesInFixedEntries() {
        Path f = image("omap4-ipu-2011.elf");
        Readelf elf = header(f, "ARM", EM_ARM);
        assertEntryIsThumbResetVector(f, elf);
        assertLoads(elf, 0x00000000L, 0x80000000L);

        List<Entry> table = ResourceTableDecoder.decode2011(tableBytes(f, elf, 0x80000000L));
        assertEquals(OMAP4_IPU_2011, ResourceTableDecoder.lines(table));
        assertLoadsInsideCarveouts(elf, table);
        assertInsideDataLoad(elf, 0x80001000L, 0x8000L);
    }

    // ---------------------------------------------------------------------------------------------
    // 3: STM32MP157 Cortex-M4
    // ---------------------------------------------------------------------------------------------

    private static final List<String> STM32MP157_M4 = List.of(
            "VDEV id 7 notifyid 0 dfeatures 0x1 gfeatures 0x0 config_len 0 status 0 num_of_vrings 2"
                    + "; vring da 0xffffffff align 0x10 num 16 notifyid 0 pa 0x00000000"
                    + "; vring da 0xffffffff align 0x10 num 16 notifyid 1 pa 0x00000000",
            "TRACE da 0x10001000 len 0x00000400 name cm4_log");

    @Test
    void stm32mp157M4UsesTheM4ViewAndLeavesTheVringsToTheHost() {
        Path f = image("stm32mp157-m4.elf");
        Readelf elf = header(f, "ARM", EM_ARM);
        assertEntryIsThumbResetVector(f, elf);
        assertLoads(elf, 0x00000000L, 0x10000000L);

        List<Entry> table = ResourceTableDecoder.decodeV1(tableBytes(f, elf, 0x10000000L));
        assertEquals(STM32MP157_M4, ResourceTableDecoder.lines(table));
        // RETRAM as the M4 sees it (64 KiB at 0), and mcuram2 (0x40000 at 0x10000000): below the
        // vdev0vring0/vdev0vring1/vdev0buffer regions the host uses from 0x10040000 on
        Readelf.ProgramHeader code = elf.loads().get(0);
        Readelf.ProgramHeader data = elf.loads().get(1);
        assertInside("code PT_LOAD", code.p_paddr(), code.p_memsz(), 0x00000000L, 0x10000L);
        assertInside("data PT_LOAD", data.p_paddr(), data.p_memsz(), 0x10000000L, 0x40000L);
        Trace trace = only(table, Trace.class);
        assertInsideDataLoad(elf, trace.da(), trace.len());
    }

    // ---------------------------------------------------------------------------------------------
    // 4: MediaTek MT8183 APU (Xtensa)
    // ---------------------------------------------------------------------------------------------

    private static final List<String> MT8183_APU = List.of(
            "CARVEOUT da 0x60000000 pa 0xffffffff len 0x00100000 flags 0x0 name apu_code",
            "CARVEOUT da 0x60100000 pa 0xffffffff len 0x00300000 flags 0x0 name apu_data",
            "CARVEOUT da 0x60400000 pa 0xffffffff len 0x00010000 flags 0x0 name apu_vring",
            "TRACE da 0x60101000 len 0x00001000 name apu_log",
            "VDEV id 7 notifyid 0 dfeatures 0x1 gfeatures 0x0 config_len 0 status 0 num_of_vrings 2"
                    + "; vring da 0x60400000 align 0x1000 num 64 notifyid 0 pa 0x00000000"
                    + "; vring da 0x60402000 align 0x1000 num 64 notifyid 1 pa 0x00000000");

    @Test
    void mt8183ApuIsAnXtensaImageFixedInsideItsWindow() {
        Path f = image("mt8183-apu.elf");
        Readelf elf = header(f, "Tensilica Xtensa Processor", EM_XTENSA);
        assertEquals(0x60000000L, elf.entry, "e_entry: the reset code at the start of apu_code");
        assertLoads(elf, 0x60000000L, 0x60100000L);

        List<Entry> table = ResourceTableDecoder.decodeV1(tableBytes(f, elf, 0x60100000L));
        assertEquals(MT8183_APU, ResourceTableDecoder.lines(table));
        assertLoadsInsideCarveouts(elf, table);
        for (Entry e : table) {
            if (e instanceof Carveout c) {
                assertInside(c.name(), c.da(), c.len(), 0x60000000L, 0x10000000L);
            }
        }
        Trace trace = only(table, Trace.class);
        assertTrue(carveout(table, "apu_data").contains(trace.da(), trace.len()), "apu_log inside apu_data");
        assertInsideDataLoad(elf, trace.da(), trace.len());
        assertVringsFit(only(table, Vdev.class), carveout(table, "apu_vring"));
    }

    // ---------------------------------------------------------------------------------------------
    // 6: Qualcomm ADSP with a resource table (Hexagon)
    // ---------------------------------------------------------------------------------------------

    private static final List<String> QCOM_ADSP_FASTRPC = List.of(
            "CARVEOUT da 0x8a700000 pa 0xffffffff len 0x03c00000 flags 0x0 name adspslpi",
            "VDEV id 7 notifyid 0 dfeatures 0x1 gfeatures 0x0 config_len 0 status 0 num_of_vrings 2"
                    + "; vring da 0xffffffff align 0x1000 num 64 notifyid 0 pa 0x00000000"
                    + "; vring da 0xffffffff align 0x1000 num 64 notifyid 1 pa 0x00000000");

    @Test
    void qcomAdspFastrpcIsAHexagonImageInsideTheAdspslpiCarveout() {
        Path f = image("qcom-adsp-fastrpc.elf");
        Readelf elf = header(f, "QUALCOMM DSP6 Processor", EM_QDSP6);
        assertEquals(0x8a700000L, elf.entry, "e_entry: the start code at the start of adspslpi");
        assertLoads(elf, 0x8a700000L, 0x8a800000L);

        List<Entry> table = ResourceTableDecoder.decodeV1(tableBytes(f, elf, 0x8a800000L));
        assertEquals(QCOM_ADSP_FASTRPC, ResourceTableDecoder.lines(table));
        assertLoadsInsideCarveouts(elf, table);
    }

    // ---------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------

    /** readelf's header lines and the raw e_ident / e_machine bytes agree with what is expected. */
    static Readelf header(Path f, String machine, int eMachine) {
        Readelf elf = Readelf.of(f);
        assertEquals("ELF32", elf.elfClass, f + ": class");
        assertEquals("2's complement, little endian", elf.data, f + ": data");
        assertEquals(machine, elf.machine, f + ": machine");
        ByteBuffer b = ByteBuffer.wrap(read(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, b.get(4), f + ": EI_CLASS (ELFCLASS32)");
        assertEquals(1, b.get(5), f + ": EI_DATA (ELFDATA2LSB)");
        assertEquals(eMachine, b.getShort(18) & 0xffff, f + ": e_machine");
        assertTrue(Files.isRegularFile(f) && size(f) < 64 * 1024, f + " is smaller than 64 KiB");
        return elf;
    }

    /** Exactly these PT_LOADs, in this order: code (R E) then data (RW), p_vaddr = p_paddr. */
    static void assertLoads(Readelf elf, long codePaddr, long dataPaddr) {
        List<Readelf.ProgramHeader> loads = elf.loads();
        assertEquals(2, loads.size(), () -> "PT_LOADs: " + loads);
        assertEquals(codePaddr, loads.get(0).p_paddr(), () -> "code PT_LOAD: " + loads.get(0));
        assertEquals("RE", loads.get(0).flags(), () -> "code PT_LOAD: " + loads.get(0));
        assertEquals(dataPaddr, loads.get(1).p_paddr(), () -> "data PT_LOAD: " + loads.get(1));
        assertEquals("RW", loads.get(1).flags(), () -> "data PT_LOAD: " + loads.get(1));
        for (Readelf.ProgramHeader p : loads) {
            assertEquals(p.p_paddr(), p.p_vaddr(), () -> "p_vaddr = p_paddr: " + p);
            assertTrue(p.p_filesz() <= p.p_memsz(), () -> "p_filesz <= p_memsz: " + p);
        }
    }

    /** Cortex-M: e_entry is the reset vector (word 1 of the vector table at the code PT_LOAD), Thumb. */
    private static void assertEntryIsThumbResetVector(Path f, Readelf elf) {
        Readelf.ProgramHeader code = elf.loads().get(0);
        ByteBuffer b = ByteBuffer.wrap(read(f)).order(ByteOrder.LITTLE_ENDIAN);
        long initialSp = Integer.toUnsignedLong(b.getInt((int) code.p_offset()));
        long reset = Integer.toUnsignedLong(b.getInt((int) code.p_offset() + 4));
        assertEquals(reset, elf.entry, "e_entry = reset vector");
        assertEquals(1, elf.entry & 1, "Thumb bit of e_entry");
        Readelf.ProgramHeader data = elf.loads().get(1);
        assertTrue(initialSp > data.p_paddr() && initialSp <= data.p_paddr() + data.p_memsz(),
                () -> String.format("initial SP 0x%x inside the data PT_LOAD %s", initialSp, data));
    }

    /**
     * The bytes of .resource_table, after checking that it sits at {@code sh_addr} inside the
     * file-backed part of a PT_LOAD (so the host finds the loaded copy).
     */
    static byte[] tableBytes(Path f, Readelf elf, long shAddr) {
        Readelf.Section s = elf.section(".resource_table")
                .orElseThrow(() -> new AssertionError(f + " has no .resource_table section"));
        assertEquals(shAddr, s.sh_addr(), ".resource_table sh_addr");
        assertTrue(elf.loads().stream().anyMatch(p -> s.sh_addr() >= p.p_paddr()
                && s.sh_addr() + s.sh_size() <= p.p_paddr() + p.p_filesz()
                && s.sh_offset() - p.p_offset() == s.sh_addr() - p.p_paddr()),
                () -> ".resource_table " + s + " inside the file bytes of a PT_LOAD: " + elf.loads());
        return Arrays.copyOfRange(read(f), (int) s.sh_offset(), (int) (s.sh_offset() + s.sh_size()));
    }

    /** Every PT_LOAD lies inside one CARVEOUT of the table (v1 or 2011). */
    private static void assertLoadsInsideCarveouts(Readelf elf, List<Entry> table) {
        for (Readelf.ProgramHeader p : elf.loads()) {
            boolean covered = table.stream().anyMatch(e -> switch (e) {
            case Carveout c -> c.type().equals("CARVEOUT") && c.contains(p.p_paddr(), p.p_memsz());
            case Entry2011 c -> c.type().equals("CARVEOUT") && p.p_paddr() >= c.da()
                    && p.p_paddr() + p.p_memsz() <= c.da() + c.len();
            default -> false;
            });
            assertTrue(covered, () -> p + " is not inside a CARVEOUT of " + ResourceTableDecoder.lines(table));
        }
    }

    private static void assertInsideDataLoad(Readelf elf, long da, long len) {
        Readelf.ProgramHeader data = elf.loads().get(1);
        assertInside("trace buffer", da, len, data.p_paddr(), data.p_memsz());
    }

    static void assertInside(String what, long start, long size, long regionStart, long regionSize) {
        assertTrue(start >= regionStart && start + size <= regionStart + regionSize,
                () -> String.format("%s [0x%x, 0x%x) is not inside [0x%x, 0x%x)", what, start, start + size,
                        regionStart, regionStart + regionSize));
    }

    /** Fixed-da vrings fit their carveout and do not overlap (Linux's vring_size). */
    private static void assertVringsFit(Vdev vdev, Carveout region) {
        List<Vring> vrings = vdev.vrings();
        for (int i = 0; i < vrings.size(); i++) {
            Vring v = vrings.get(i);
            assertTrue(v.da() != FW_RSC_ADDR_ANY, "fixed vring da");
            long size = vringSize(v.num(), v.align());
            assertTrue(region.contains(v.da(), size), () -> v + " (" + size + " bytes) inside " + region);
            for (int j = i + 1; j < vrings.size(); j++) {
                Vring w = vrings.get(j);
                assertTrue(v.da() + size <= w.da() || w.da() + vringSize(w.num(), w.align()) <= v.da(),
                        () -> v + " and " + w + " overlap");
            }
        }
    }

    /** Bytes of a split virtqueue: descriptors and avail ring, aligned, then the used ring. */
    static long vringSize(long num, long align) {
        long descAndAvail = 16 * num + 2 * (3 + num);
        return ((descAndAvail + align - 1) & -align) + 2 * 3 + 8 * num;
    }

    private static Carveout carveout(List<Entry> table, String name) {
        return table.stream().filter(e -> e instanceof Carveout c && c.name().equals(name)).map(Carveout.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no carveout " + name));
    }

    private static <T extends Entry> T only(List<Entry> table, Class<T> type) {
        List<T> found = table.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), () -> "one " + type.getSimpleName() + " in " + table);
        return found.get(0);
    }

    static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + f, e);
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + f, e);
        }
    }
}
