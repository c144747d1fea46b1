package dev.bringup.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bringup.common.FormatException;

class ElfFileTest {

    @TempDir
    Path tmp = Path.of(""); // set by JUnit

    static List<Path> allFirmware() throws IOException {
        return TestFixtures.allFirmware();
    }

    /** Segments and sections agree with GNU readelf, on every fixture and corpus file. */
    @ParameterizedTest
    @MethodSource("allFirmware")
    void agreesWithReadelf(Path file) throws Exception {
        TestReadelf.Output ref = TestReadelf.run(file);
        try (ElfFile elf = ElfFile.open(file)) {
            assertEquals(ref.segments().size(), elf.programHeaders().size(), "segment count of " + file);
            for (int i = 0; i < ref.segments().size(); i++) {
                TestReadelf.Segment r = ref.segments().get(i);
                ElfProgramHeader p = elf.programHeaders().get(i);
                assertEquals(r.type(), p.typeName(elf.header().e_machine()), file + " segment " + i + " type");
                assertEquals(r.offset(), p.p_offset(), file + " segment " + i + " p_offset");
                assertEquals(r.vaddr(), p.p_vaddr(), file + " segment " + i + " p_vaddr");
                assertEquals(r.paddr(), p.p_paddr(), file + " segment " + i + " p_paddr");
                assertEquals(r.filesz(), p.p_filesz(), file + " segment " + i + " p_filesz");
                assertEquals(r.memsz(), p.p_memsz(), file + " segment " + i + " p_memsz");
            }
            assertEquals(ref.sections().size(), elf.sections().size(), "section count of " + file);
            for (int i = 0; i < ref.sections().size(); i++) {
                TestReadelf.Section r = ref.sections().get(i);
                ElfSection s = elf.sections().get(i);
                assertEquals(r.name(), s.name(), file + " section " + i + " name");
                assertEquals(r.type(), s.typeName(elf.header().e_machine()), file + " section " + i + " type");
                assertEquals(r.addr(), s.sh_addr(), file + " section " + i + " sh_addr");
                assertEquals(r.offset(), s.sh_offset(), file + " section " + i + " sh_offset");
                assertEquals(r.size(), s.sh_size(), file + " section " + i + " sh_size");
            }
        }
    }

    @Test
    void readsClassEndiannessAndMachineOfEachFixture() throws Exception {
        try (ElfFile le = ElfFile.open(TestFixtures.fixture("fw_v1_le.elf"));
                ElfFile be = ElfFile.open(TestFixtures.fixture("fw_v1_be.elf"));
                ElfFile rv = ElfFile.open(TestFixtures.fixture("fw_v1_rv64.elf"))) {
            assertEquals("ELF32", le.header().className());
            assertEquals("little", le.header().endian());
            assertEquals("ARM", le.header().machineName());
            assertEquals("ELF32", be.header().className());
            assertEquals("big", be.header().endian());
            assertEquals(ByteOrder.BIG_ENDIAN, be.header().order());
            assertEquals("ELF64", rv.header().className());
            assertEquals("RISC-V", rv.header().machineName());
        }
    }

    @Test
    void namesAddressesWithSymbols() throws Exception {
        try (ElfFile elf = ElfFile.open(TestFixtures.fixture("fw_v1_le.elf"))) {
            ElfSymbol start = elf.symbols().stream().filter(s -> s.name().equals("_start")).findFirst().orElseThrow();
            assertEquals("_start", elf.symbolAt(start.st_value() + 2).name());
            ElfSection table = elf.section(".resource_table");
            assertNotNull(table);
            assertEquals("resource_table", elf.symbolAt(table.sh_addr() + 0x30).name());
            assertEquals(ElfSymbol.STT_OBJECT, elf.symbolAt(table.sh_addr()).type());
        }
    }

    @Test
    void readsNotesInBothByteOrders() throws Exception {
        for (String f : List.of("fw_v1_le.elf", "fw_v1_be.elf", "fw_v1_rv64.elf")) {
            try (ElfFile elf = ElfFile.open(TestFixtures.fixture(f))) {
                List<ElfNote> notes = elf.notes();
                assertEquals(1, notes.size(), f);
                assertEquals("BringUp", notes.get(0).name());
                assertEquals(1, notes.get(0).n_type());
                ByteBuffer desc = ByteBuffer.wrap(notes.get(0).desc().toArray()).order(elf.header().order());
                assertEquals(0x00010002, desc.getInt(0), f);
                assertEquals(3, desc.getInt(4), f);
            }
        }
    }

    /** A split image reads the same segment bytes as the ELF it was split from. */
    @Test
    void splitImageReadsSegmentsFromItsPartFiles() throws Exception {
        try (ElfFile whole = ElfFile.open(TestFixtures.fixture("fw_v1_le.elf"));
                ElfFile split = ElfFile.open(TestFixtures.fixture("fw_split.mdt"))) {
            assertTrue(split.isSplit());
            assertFalse(whole.isSplit());
            assertEquals(whole.header().e_entry(), split.header().e_entry());
            assertEquals(0, split.sections().size());
            assertEquals(whole.programHeaders(), split.programHeaders());
            for (ElfProgramHeader p : whole.programHeaders()) {
                assertArrayEquals(whole.segmentBytes(p, 1 << 20), split.segmentBytes(p, 1 << 20), "segment " + p.index());
            }
        }
    }

    @Test
    void splitImageWithoutItsPartFileSaysWhichFileIsMissing() throws Exception {
        for (String n : List.of("fw_split.mdt", "fw_split.b00", "fw_split.b01")) {
            Files.copy(TestFixtures.fixture(n), tmp.resolve(n));
        }
        try (ElfFile split = ElfFile.open(tmp.resolve("fw_split.mdt"))) {
            ElfProgramHeader last = split.programHeaders().get(2);
            FormatException e = assertThrows(FormatException.class, () -> split.segmentBytes(last, 100));
            assertTrue(e.getMessage().contains("fw_split.b02"), e.getMessage());
        }
    }

    @Test
    void splitPartOfTheWrongSizeIsRefused() throws Exception {
        for (String n : List.of("fw_split.mdt", "fw_split.b00", "fw_split.b01", "fw_split.b02")) {
            Files.copy(TestFixtures.fixture(n), tmp.resolve(n));
        }
        Files.write(tmp.resolve("fw_split.b02"), new byte[3]);
        try (ElfFile split = ElfFile.open(tmp.resolve("fw_split.mdt"))) {
            FormatException e = assertThrows(FormatException.class,
                    () -> split.segmentBytes(split.programHeaders().get(2), 100));
            assertTrue(e.getMessage().contains("p_filesz"), e.getMessage());
        }
    }

    @Test
    void mbnIsAPlainElf() throws Exception {
        Path mbn = tmp.resolve("modem.mbn");
        Files.copy(TestFixtures.fixture("fw_v1_le.elf"), mbn, StandardCopyOption.REPLACE_EXISTING);
        try (ElfFile elf = ElfFile.open(mbn)) {
            assertFalse(elf.isSplit());
            assertNotNull(elf.section(".resource_table"));
        }
    }

    @Test
    void badInputGivesFormatExceptionsWithTheOffset() throws Exception {
        byte[] good = Files.readAllBytes(TestFixtures.fixture("fw_v1_le.elf"));
        assertEquals(0, refuse(new byte[10]).location().fileOffset());
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertTrue(refuse(magic).getMessage().contains("bad magic"));
        byte[] cls = good.clone();
        cls[4] = 3;
        assertEquals(4, refuse(cls).location().fileOffset());
        assertEquals(0, refuse(Arrays.copyOf(good, 40)).location().fileOffset());
        // e_phoff far beyond the end of the file
        byte[] phoff = good.clone();
        ByteBuffer.wrap(phoff).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 0x7fff_fff0);
        FormatException e = refuse(phoff);
        assertEquals(0x7fff_fff0L, e.location().fileOffset());
        assertTrue(e.getMessage().contains("program header table"), e.getMessage());
        // section headers cut off by truncation
        FormatException t = refuse(Arrays.copyOf(good, good.length - 8));
        assertTrue(t.getMessage().contains("section header"), t.getMessage());
        // e_shstrndx outside the section table
        byte[] strndx = good.clone();
        ByteBuffer.wrap(strndx).order(ByteOrder.LITTLE_ENDIAN).putShort(50, (short) 200);
        assertEquals(50, refuse(strndx).location().fileOffset());
    }

    @Test
    void elf64OffsetsNearTwoToTheSixtyFourDoNotWrap() throws Exception {
        byte[] rv = Files.readAllBytes(TestFixtures.fixture("fw_v1_rv64.elf"));
        ByteBuffer.wrap(rv).order(ByteOrder.LITTLE_ENDIAN).putLong(40, -8L); // e_shoff = 2^64 - 8
        refuse(rv);
        byte[] ph = Files.readAllBytes(TestFixtures.fixture("fw_v1_rv64.elf"));
        ByteBuffer.wrap(ph).order(ByteOrder.LITTLE_ENDIAN).putLong(32, Long.MIN_VALUE + 1); // e_phoff
        refuse(ph);
    }

    @Test
    void aSegmentPastTheEndCannotBeRead() throws Exception {
        Path p = TestFixtures.patchPhdr32(TestFixtures.fixture("fw_v1_le.elf"), tmp.resolve("big.elf"), 1, 16, 0xffff_fff0L);
        try (ElfFile elf = ElfFile.open(p)) {
            assertThrows(FormatException.class, () -> elf.segmentBytes(elf.programHeaders().get(1), 1 << 20));
        }
    }

    /**
     * The section headers moved to just before 128 MiB in a sparse file, so that reading them crosses
     * two memory-mapped windows: the file reads the same as the fixture it was made from.
     */
    @Test
    void readsAcrossMappedWindowsOfALargeSparseFile() throws Exception {
        Path small = TestFixtures.fixture("fw_v1_le.elf");
        byte[] good = Files.readAllBytes(small);
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = b.getInt(32);
        int shbytes = 40 * Short.toUnsignedInt(b.getShort(48));
        long moved = (128L << 20) - 20;
        byte[] header = good.clone();
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(32, (int) moved);
        Path big = tmp.resolve("big.elf");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(header), 0);
            ch.write(ByteBuffer.wrap(good, shoff, shbytes), moved);
        }
        try (Firmware a = Firmware.open(small); Firmware c = Firmware.open(big)) {
            assertEquals(a.elf().sections().stream().map(s -> s.name() + "@" + s.sh_offset() + "+" + s.sh_size()).toList(),
                    c.elf().sections().stream().map(s -> s.name() + "@" + s.sh_offset() + "+" + s.sh_size()).toList());
            assertEquals(a.resourceTable(), c.resourceTable());
            assertEquals(List.of(), c.diagnostics());
            assertEquals(moved + 40, c.elf().sections().get(1).headerOffset());
        }
    }

    @Test
    void missingSectionIsNull() throws Exception {
        try (ElfFile elf = ElfFile.open(TestFixtures.fixture("fw_v1_le.elf"))) {
            assertNull(elf.section(".no_such_section"));
        }
    }

    private static FormatException refuse(byte[] data) {
        return assertThrows(FormatException.class, () -> ElfFile.of(data, "test.elf"));
    }
}
