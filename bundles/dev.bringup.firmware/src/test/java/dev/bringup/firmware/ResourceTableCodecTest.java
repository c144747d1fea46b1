package dev.bringup.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bringup.common.Diagnostic;
import dev.bringup.firmware.ResourceEntry.Carveout;
import dev.bringup.firmware.ResourceEntry.Devmem;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vendor;
import dev.bringup.firmware.ResourceEntry.Vring;

class ResourceTableCodecTest {

    static List<Path> allFirmware() throws IOException {
        return TestFixtures.allFirmware();
    }

    /** The table fw_v1.c declares, decoded the same in little-endian ARM, big-endian ARM and RV64. */
    @ParameterizedTest
    @MethodSource("wellFormed")
    void decodesTheTableTheSourceDeclares(String name) throws Exception {
        try (Firmware fw = Firmware.open(TestFixtures.fixture(name))) {
            assertEquals(List.of(), fw.diagnostics(), name);
            ResourceTable t = fw.resourceTable();
            assertNotNull(t);
            assertEquals(TableFormat.V1, t.format());
            assertEquals(1, t.ver());
            assertEquals(5, t.num());
            assertEquals(List.of(0x24L, 0x5cL, 0x94L, 0xc4L, 0x10cL), t.offsets());
            assertEquals(0x11c, t.size());
            Carveout c = (Carveout) t.entries().get(0);
            assertEquals(0x10000000L, c.da());
            assertEquals(0x40000L, c.len());
            assertEquals("firmware", c.name().cString());
            Devmem d = (Devmem) t.entries().get(1);
            assertEquals(0x40000000L, d.pa());
            assertEquals("uart", d.name().cString());
            Trace tr = (Trace) t.entries().get(2);
            assertEquals(1024, tr.len());
            assertEquals("trace0", tr.name().cString());
            ElfSymbol buf = fw.elf().symbols().stream().filter(s -> s.name().equals("trace_buf")).findFirst().orElseThrow();
            assertEquals(name.contains("rv64") ? 0x10001000L : buf.st_value(), tr.da());
            Vdev v = (Vdev) t.entries().get(3);
            assertEquals(7, v.id());
            assertEquals(1, v.dfeatures());
            assertEquals(List.of(new Vring(0x10040000L, 4096, 16, 0, 0), new Vring(0x10041000L, 4096, 16, 1, 0)), v.vrings());
            assertEquals(Bytes.of(new byte[] { 1, 2, 3, 4 }), v.config());
            Vendor vendor = (Vendor) t.entries().get(4);
            assertEquals(128, vendor.type());
            assertEquals(16, vendor.len());
            assertEquals(8, vendor.data().length());
            ByteBuffer payload = ByteBuffer.wrap(vendor.data().toArray()).order(fw.elf().header().order());
            assertEquals(0xcafe0001, payload.getInt(0));
        }
    }

    static List<String> wellFormed() {
        return List.of("fw_v1_le.elf", "fw_v1_be.elf", "fw_v1_rv64.elf");
    }

    @Test
    void a2011TableThatStartsWithACarveoutAtDaZeroIsNotAnEmptyVersion1Table() {
        // OMAP-era firmware: the first entry is a carveout, id 0, at da 0 (bytes 0..15 all
        // zero), which reads as "ver 0, num 0" in the version 1 layout.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 * ResourceEntry.LEGACY_SIZE)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0).putInt(4, 0).putLong(8, 0).putLong(16, 0).putInt(24, 0x100000);
        b.put(48, "IPU_MEM_TEXT".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int e1 = ResourceEntry.LEGACY_SIZE;
        b.putInt(e1, 2).putInt(e1 + 4, 0).putLong(e1 + 8, 0x80001000L).putInt(e1 + 24, 0x8000);
        b.put(e1 + 48, "trace:sysm3".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ResourceTableCodec.Result r = ResourceTableCodec.decode(b.array(), java.nio.ByteOrder.LITTLE_ENDIAN, "t", 0);
        ResourceTable t = r.table();
        assertNotNull(t);
        assertEquals(TableFormat.V2011, t.format());
        assertEquals(List.of("carveout", "trace"), t.entries().stream().map(ResourceEntry::kind).toList());
        assertEquals(0x100000L, ((Legacy) t.entries().get(0)).len());
        assertEquals(List.of("RSC_FORMAT_2011"), r.diagnostics().stream().map(Diagnostic::code).toList());
    }

    @Test
    void decodesThe2011Format() throws Exception {
        try (Firmware fw = Firmware.open(TestFixtures.fixture("fw_2011.elf"))) {
            ResourceTable t = fw.resourceTable();
            assertNotNull(t);
            assertEquals(TableFormat.V2011, t.format());
            assertEquals(6, t.entries().size());
            assertEquals(List.of("carveout", "devmem", "trace", "virtio_dev", "vring", "vring"),
                    t.entries().stream().map(ResourceEntry::kind).toList());
            Legacy devmem = (Legacy) t.entries().get(1);
            assertEquals(0x40000000L, devmem.da());
            assertEquals(0x4a000000L, devmem.pa());
            assertEquals("uart3", devmem.name().cString());
            Legacy vring1 = (Legacy) t.entries().get(5);
            assertEquals(1, vring1.id());
            assertEquals(0x10041000L, vring1.da());
            assertEquals(256, vring1.len());
            assertEquals(List.of("RSC_FORMAT_2011"), fw.diagnostics().stream().map(Diagnostic::code).toList());
        }
    }

    /** decode then encode over the original bytes gives the same bytes, for every table. */
    @ParameterizedTest
    @MethodSource("allFirmware")
    void roundTripsEveryTable(Path file) throws Exception {
        try (Firmware fw = Firmware.open(file)) {
            ResourceTable t = fw.resourceTable();
            if (t == null) {
                return;
            }
            byte[] original = fw.tableBytes();
            assertArrayEquals(original, ResourceTableCodec.encode(t, original, fw.elf().header().order()), file.toString());
        }
    }

    /** For the well-formed tables, encoding over zeros (no help from the original) also gives the bytes. */
    @Test
    void encodesWellFormedTablesFromTheRecordsAlone() throws Exception {
        for (String f : List.of("fw_v1_le.elf", "fw_v1_be.elf", "fw_v1_rv64.elf", "fw_2011.elf")) {
            try (Firmware fw = Firmware.open(TestFixtures.fixture(f))) {
                ResourceTable t = fw.resourceTable();
                assertNotNull(t);
                byte[] original = fw.tableBytes();
                ByteOrder order = fw.elf().header().order();
                assertArrayEquals(original, ResourceTableCodec.encode(t, new byte[0], order), f);
                ResourceTable fresh = t.format() == TableFormat.V1 ? ResourceTableCodec.layoutV1(t.entries(), 0, 0)
                        : ResourceTableCodec.layout2011(t.entries());
                assertEquals(t, fresh, f + ": laying the entries out anew reproduces the compiler's layout");
            }
        }
    }

    @Test
    void corpusTablesDecodeWithTheirKnownQuirks() throws Exception {
        try (Firmware stm = Firmware.open(TestFixtures.corpus("stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf"))) {
            ResourceTable t = stm.resourceTable();
            assertNotNull(t);
            assertEquals(1, t.num());
            Vdev v = (Vdev) t.entries().get(0);
            assertEquals(7, v.id());
            assertEquals(2, v.num_of_vrings());
            assertEquals(ResourceEntry.FW_RSC_ADDR_ANY, v.vrings().get(0).da());
            assertEquals(16, v.vrings().get(1).num());
            assertEquals(List.of("RSC_NUM_MISMATCH"), stm.diagnostics().stream().map(Diagnostic::code).toList());
            assertEquals(0x9014, stm.diagnostics().get(0).location().fileOffset());
            assertTrue(!stm.hasErrors());
        }
        try (Firmware kv = Firmware.open(TestFixtures.corpus("kv260_r5_rpmsg_multi_services.elf"))) {
            Vdev v = (Vdev) kv.resourceTable().entries().get(0);
            assertEquals(8, v.vrings().get(0).num());
            assertEquals(List.of(), kv.diagnostics());
        }
        try (Firmware split = Firmware.open(TestFixtures.corpus("kv260_split_rpu0.elf"))) {
            assertNull(split.resourceTable());
            assertTrue(split.hasErrors());
            assertEquals("RSC_TRUNCATED", split.diagnostics().get(0).code());
        }
        try (Firmware none = Firmware.open(TestFixtures.corpus("hvl_zephyr_no_rsc_table.elf"))) {
            assertNull(none.tableSection());
            assertNull(none.resourceTable());
            assertTrue(!none.hasErrors());
        }
    }

    @Test
    void vendorEntryWithoutLenRunsToTheNextEntry() {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 + 12 + 48).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 1).putInt(4, 2).putInt(16, 24).putInt(20, 36);
        b.putInt(24, 200).putInt(28, 3).putInt(32, 0x11223344); // vendor 200, first word 3: not a len
        b.putInt(36, 2).putInt(40, 0x2000).putInt(44, 64); // trace
        ResourceTableCodec.Result r = ResourceTableCodec.decode(b.array(), ByteOrder.LITTLE_ENDIAN, "t", 0);
        ResourceTable t = r.table();
        assertNotNull(t);
        Vendor v = (Vendor) t.entries().get(0);
        assertEquals(-1, v.len());
        assertEquals(8, v.data().length());
        assertArrayEquals(b.array(), ResourceTableCodec.encode(t, b.array(), ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void headerlessAndEmptyInputsAreTruncatedNotExceptions() {
        for (int n = 0; n < 16; n++) {
            ResourceTableCodec.Result r = ResourceTableCodec.decode(new byte[n], ByteOrder.LITTLE_ENDIAN, "t", 0x100);
            assertNull(r.table());
            assertEquals("RSC_TRUNCATED", r.diagnostics().get(0).code());
            assertEquals(0x100, r.diagnostics().get(0).location().fileOffset());
        }
    }
}
