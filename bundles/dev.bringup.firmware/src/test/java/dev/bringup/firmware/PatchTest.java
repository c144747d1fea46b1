package dev.bringup.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;

/** Patched files differ from the input in exactly the bytes of the edit (a byte diff of the whole file). */
class PatchTest {

    @TempDir
    Path tmp = Path.of(""); // set by JUnit

    /** File offsets at which {@code a} and {@code b} differ (same length required). */
    static List<Long> diff(byte[] a, byte[] b) {
        assertEquals(a.length, b.length, "a patch never changes the file size");
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                at.add((long) i);
            }
        }
        return at;
    }

    private Path patch(String fixture, String... exprs) throws Exception {
        Path out = tmp.resolve("out-" + fixture);
        try (Firmware fw = Firmware.open(TestFixtures.fixture(fixture))) {
            FirmwarePatcher.patch(fw, List.of(exprs), List.of(), out);
        }
        return out;
    }

    @Test
    void vringAddressChangesOnlyItsFourBytes() throws Exception {
        Path in = TestFixtures.fixture("fw_v1_le.elf");
        Path out = patch("fw_v1_le.elf", "vdev[0].vrings[1].da=0x10042000");
        byte[] a = Files.readAllBytes(in);
        byte[] b = Files.readAllBytes(out);
        // .resource_table at file offset 0x3000; vdev entry at 0xc4; vring 1 da after 28 + 20 bytes
        long da = 0x3000 + 0xc4 + 28 + 20;
        List<Long> changed = diff(a, b);
        assertTrue(List.of(da, da + 1, da + 2).containsAll(changed) && !changed.isEmpty(), changed.toString());
        assertEquals(0x10042000, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt((int) da));
        try (Firmware fw = Firmware.open(out)) {
            assertEquals(0x10042000L, ((Vdev) fw.resourceTable().entries().get(3)).vrings().get(1).da());
            assertEquals(List.of(), fw.diagnostics());
        }
    }

    @Test
    void bigEndianFieldsAreWrittenBigEndian() throws Exception {
        Path out = patch("fw_v1_be.elf", "carveout[0].len=0x20000", "entry[1].da=0x40001000");
        byte[] a = Files.readAllBytes(TestFixtures.fixture("fw_v1_be.elf"));
        byte[] b = Files.readAllBytes(out);
        long table;
        try (ElfFile elf = ElfFile.open(out)) {
            table = elf.section(".resource_table").sh_offset();
        }
        long len = table + 0x24 + 12;
        long da = table + 0x5c + 4;
        for (long at : diff(a, b)) {
            assertTrue(at >= len && at < len + 4 || at >= da && at < da + 4, "unexpected change at " + at);
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        assertEquals(0x20000, bb.getInt((int) len));
        assertEquals(0x40001000, bb.getInt((int) da));
    }

    @Test
    void nameEditWritesTheNulPaddedName() throws Exception {
        Path out = patch("fw_v1_le.elf", "trace[0].name=trace1");
        byte[] a = Files.readAllBytes(TestFixtures.fixture("fw_v1_le.elf"));
        byte[] b = Files.readAllBytes(out);
        long name = 0x3000 + 0x94 + 16;
        assertEquals(List.of(name + 5), diff(a, b));
        try (Firmware fw = Firmware.open(out)) {
            assertEquals("trace1", ((Trace) fw.resourceTable().entries().get(2)).name().cString());
        }
    }

    @Test
    void fixingAMalformedFieldClearsItsDiagnostic() throws Exception {
        Path out = tmp.resolve("fixed.elf");
        try (Firmware fw = Firmware.open(TestFixtures.fixture("bad_VRING_NUM_ZERO.elf"))) {
            assertTrue(fw.hasErrors());
            FirmwarePatcher.patch(fw, List.of("vdev[0].vrings[0].num=16"), List.of(), out);
        }
        try (Firmware fw = Firmware.open(out)) {
            assertEquals(List.of(), fw.diagnostics());
        }
        assertArrayEquals(Files.readAllBytes(TestFixtures.fixture("fw_v1_le.elf")), Files.readAllBytes(out),
                "fixing the one field gives the well-formed firmware, byte for byte");
    }

    @Test
    void removingAnEntryRewritesOnlyTheTableSection() throws Exception {
        Path in = TestFixtures.fixture("fw_v1_le.elf");
        Path out = tmp.resolve("removed.elf");
        try (Firmware fw = Firmware.open(in)) {
            FirmwarePatcher.patch(fw, List.of(), List.of("trace[0]"), out);
        }
        for (long at : diff(Files.readAllBytes(in), Files.readAllBytes(out))) {
            assertTrue(at >= 0x3000 && at < 0x3000 + 0x11c, "change outside .resource_table at " + at);
        }
        try (Firmware fw = Firmware.open(out)) {
            ResourceTable t = fw.resourceTable();
            assertNotNull(t);
            assertEquals(4, t.num());
            assertEquals(List.of("carveout", "devmem", "vdev", "vendor"), t.entries().stream().map(ResourceEntry::kind).toList());
            assertEquals(List.of(), fw.diagnostics());
        }
    }

    @Test
    void aTableThatNoLongerFitsIsRefusedAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("grown.elf");
        Files.writeString(out, "previous content");
        try (Firmware fw = Firmware.open(TestFixtures.fixture("fw_v1_le.elf"))) {
            ResourceTable t = fw.resourceTable();
            ResourceTable bigger = TableEdits.add(t, new Trace(0, 0x10002000L, 256, 0, Bytes.text("trace1", 32)));
            TableEditException e = assertThrows(TableEditException.class, () -> FirmwarePatcher.write(fw, bigger, out));
            assertTrue(e.getMessage().contains("needs 336 bytes but .resource_table has 284"), e.getMessage());
        }
        assertEquals("previous content", Files.readString(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(out), s.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aFailedWriteLeavesNoOutput() throws Exception {
        Path out = tmp.resolve("no-such-folder/out.elf");
        try (Firmware fw = Firmware.open(TestFixtures.fixture("fw_v1_le.elf"))) {
            assertThrows(java.io.IOException.class, () -> FirmwarePatcher.patch(fw, List.of("carveout[0].len=0x1000"), List.of(), out));
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void patchingInPlaceReplacesTheFileAtomically() throws Exception {
        Path f = tmp.resolve("fw.elf");
        Files.copy(TestFixtures.fixture("fw_v1_le.elf"), f);
        try (Firmware fw = Firmware.open(f)) {
            FirmwarePatcher.patch(fw, List.of("carveout[0].flags=0x3"), List.of(), f);
        }
        try (Firmware fw = Firmware.open(f)) {
            assertEquals(3, ((ResourceEntry.Carveout) fw.resourceTable().entries().get(0)).flags());
        }
    }

    @Test
    void expressionErrorsSayWhatIsWrong() throws Exception {
        try (Firmware fw = Firmware.open(TestFixtures.fixture("fw_v1_le.elf"))) {
            ResourceTable t = fw.resourceTable();
            assertMessage(t, "vdev[1].id=1", "there is no vdev[1]; the table has 1 vdev entries");
            assertMessage(t, "carveout[0].size=1", "a carveout entry has no field 'size'");
            assertMessage(t, "carveout[0].len=0x100000000", "does not fit");
            assertMessage(t, "trace[0].name=" + "x".repeat(32), "at most 31 fit");
            assertMessage(t, "vdev[0].vrings[2].da=0", "the vdev has 2 vrings");
            assertMessage(t, "carveout[0].da", "not an edit");
            assertMessage(t, "carveout[0].da=banana", "is not a number");
            assertMessage(t, "bogus=1", "the table header has no field 'bogus'");
            assertEquals(2, TableEdits.set(t, "num=2").num());
            assertEquals(0x60L, TableEdits.set(t, "offset[1]=0x60").offsets().get(1));
        }
    }

    @Test
    void resizingAVdevLaysTheTableOutAnew() throws Exception {
        try (Firmware fw = Firmware.open(TestFixtures.fixture("fw_v1_le.elf"))) {
            ResourceTable t = TableEdits.set(java.util.Objects.requireNonNull(fw.resourceTable()), "vdev[0].config_len=0");
            Vdev v = (Vdev) t.entries().get(3);
            assertEquals(0, v.config_len());
            assertEquals(0x10cL - 4, t.offsets().get(4));
            ResourceTableCodec.Result back = ResourceTableCodec.decode(
                    ResourceTableCodec.encode(t, new byte[0], ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN, "t", 0);
            assertEquals(t, back.table());
            assertEquals(List.of(), back.diagnostics());
        }
    }

    private static void assertMessage(ResourceTable t, String expr, String part) {
        TableEditException e = assertThrows(TableEditException.class, () -> TableEdits.set(t, expr));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
