package dev.bringup.examples.firmware;

import static dev.bringup.examples.firmware.FirmwareFiles.image;
import static dev.bringup.examples.firmware.FirmwareImagesTest.assertInside;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SA8775P ADSP image for PAS: a Hexagon ELF without sections, with Qualcomm's two PT_NULL
 * program headers (the header placeholder and the hash segment, whose SHA-384s match the
 * segments), PT_LOADs inside pil-adsp@95c00000, and its split form (.mdt + .bNN) holding exactly
 * the bytes Linux's qcom_mdt_loader expects in each file.
 */
class QcomPasImageTest {

    private static final long PIL_ADSP = 0x95c00000L;
    private static final long PIL_ADSP_SIZE = 0x1e00000L;
    private static final int QCOM_MDT_TYPE_MASK = 7 << 24;
    private static final int QCOM_MDT_RELOCATABLE = 1 << 27;

    /** One raw ELF32 program header. */
    record Phdr(int p_type, long p_offset, long p_vaddr, long p_paddr, long p_filesz, long p_memsz, int p_flags) {
    }

    @BeforeAll
    static void needReadelf() {
        FirmwareFiles.assumeTool("readelf", "binutils");
    }

    @Test
    void mbnIsAHexagonElfWithQualcommProgramHeadersInsidePilAdsp() {
        Path mbn = image("sa8775p-adsp.mbn");
        Readelf elf = FirmwareImagesTest.header(mbn, "QUALCOMM DSP6 Processor", 164);
        assertTrue(elf.sections.isEmpty(), "no section headers, as Qualcomm ships its images");
        assertEquals(PIL_ADSP, elf.entry, "e_entry: start of the code segment");

        byte[] bytes = FirmwareImagesTest.read(mbn);
        List<Phdr> ph = phdrs(bytes);
        assertEquals(4, ph.size());
        // 0: placeholder covering the ELF header and the program headers
        assertEquals(new Phdr(0, 0, 0, 0, 52 + 4 * 32, 0, 0x07000000), ph.get(0));
        // 1: the hash segment, inside pil-adsp too (never loaded: PT_NULL)
        assertEquals(0, ph.get(1).p_type());
        assertEquals(0x02200000, ph.get(1).p_flags());
        assertEquals(2 << 24, ph.get(1).p_flags() & QCOM_MDT_TYPE_MASK, "QCOM_MDT_TYPE_HASH");
        assertEquals(0x95e00000L, ph.get(1).p_paddr());
        assertEquals(48 + 120 + 4 * 48, ph.get(1).p_filesz());
        // 2, 3: code and data, at fixed addresses (no QCOM_MDT_RELOCATABLE)
        assertEquals(1, ph.get(2).p_type());
        assertEquals(0x95c00000L, ph.get(2).p_paddr());
        assertEquals(5, ph.get(2).p_flags());
        assertEquals(1, ph.get(3).p_type());
        assertEquals(0x95d00000L, ph.get(3).p_paddr());
        assertEquals(6, ph.get(3).p_flags());
        for (Phdr p : ph.subList(1, 4)) {
            assertEquals(0, p.p_flags() & QCOM_MDT_RELOCATABLE, "not relocatable");
            assertInside("segment " + ph.indexOf(p), p.p_paddr(), p.p_memsz(), PIL_ADSP, PIL_ADSP_SIZE);
        }
        assertEquals(List.of(0x95c00000L, 0x95d00000L), elf.loads().stream().map(Readelf.ProgramHeader::p_paddr).toList(),
                "readelf sees the same PT_LOADs");
    }

    @Test
    void hashSegmentHoldsAnMbnV6HeaderAndTheSha384OfEverySegment() throws NoSuchAlgorithmException {
        byte[] bytes = FirmwareImagesTest.read(image("sa8775p-adsp.mbn"));
        List<Phdr> ph = phdrs(bytes);
        Phdr hash = ph.get(1);
        ByteBuffer h = ByteBuffer.wrap(bytes, (int) hash.p_offset(), (int) hash.p_filesz()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        int[] header = new int[12];
        for (int i = 0; i < 12; i++) {
            header[i] = h.getInt(4 * i);
        }
        // image_id, version, signature_size_qcom, cert_chain_size_qcom, total_size, hash_size,
        // signature_addr, signature_size, cert_chain_addr, cert_chain_size, metadata_size_qcom, metadata_size
        assertArrayEquals(new int[] { 0, 6, 0, 0, 120 + 4 * 48, 4 * 48, -1, 0, -1, 0, 0, 120 }, header);
        for (int i = 48; i < 48 + 120; i++) {
            assertEquals(0, h.get(i), "metadata byte " + i);
        }
        for (int i = 0; i < ph.size(); i++) {
            Phdr p = ph.get(i);
            byte[] expected = (i == 1 || p.p_filesz() == 0) ? new byte[48]
                    : MessageDigest.getInstance("SHA-384").digest(segment(bytes, p));
            byte[] actual = new byte[48];
            h.get(48 + 120 + 48 * i, actual);
            assertArrayEquals(expected, actual, "SHA-384 of segment " + i);
        }
    }

    @Test
    void splitImageIsTheHeaderAndHashInTheMdtAndEachSegmentInItsBnn() throws IOException {
        byte[] mbn = FirmwareImagesTest.read(image("sa8775p-adsp.mbn"));
        List<Phdr> ph = phdrs(mbn);
        byte[] mdt = FirmwareImagesTest.read(image("sa8775p-adsp.mdt"));
        byte[] expectedMdt = concat(segment(mbn, ph.get(0)), segment(mbn, ph.get(1)));
        assertArrayEquals(expectedMdt, mdt, ".mdt = ELF header + program headers + hash segment");
        assertEquals(ph.get(0).p_filesz() + ph.get(1).p_filesz(), mdt.length,
                "the size Linux recognises as 'hash packed after the ELF header'");
        for (int i = 0; i < ph.size(); i++) {
            Path bnn = FirmwareFiles.imagesDir().resolve(String.format("sa8775p-adsp.b%02d", i));
            if (ph.get(i).p_filesz() == 0) {
                assertFalse(Files.exists(bnn), bnn + " for a segment without file bytes");
            } else {
                assertArrayEquals(segment(mbn, ph.get(i)), FirmwareImagesTest.read(bnn), bnn.toString());
            }
        }
        try (Stream<Path> files = Files.list(FirmwareFiles.imagesDir())) {
            long split = files.filter(p -> p.getFileName().toString().matches("sa8775p-adsp\\.b\\d\\d")).count();
            assertEquals(ph.stream().filter(p -> p.p_filesz() > 0).count(), split, "one .bNN per segment with bytes");
        }
    }

    @Test
    void pilAdspIsWhereTheSa8775pRideDevicetreeReservesIt() {
        Path dts = Path.of(System.getProperty("bringup.shared", "/work/main/../shared"), "corpus", "dtb",
                "sa8775p-ride.dts");
        assumeTrue(Files.isRegularFile(dts),
                () -> dts + " is absent (the shared corpus is not beside this checkout): skipped");
        DtsRegions.Region pil = DtsRegions.of(dts).get("pil-adsp@95c00000");
        assertEquals(new DtsRegions.Region(PIL_ADSP, PIL_ADSP_SIZE), pil, "pil-adsp reg in " + dts);
    }

    static List<Phdr> phdrs(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = b.getInt(28);
        int phentsize = b.getShort(42) & 0xffff;
        int phnum = b.getShort(44) & 0xffff;
        assertEquals(32, phentsize, "e_phentsize");
        Phdr[] out = new Phdr[phnum];
        for (int i = 0; i < phnum; i++) {
            int at = phoff + i * phentsize;
            out[i] = new Phdr(b.getInt(at), u32(b, at + 4), u32(b, at + 8), u32(b, at + 12), u32(b, at + 16),
                    u32(b, at + 20), b.getInt(at + 24));
        }
        return List.of(out);
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static byte[] segment(byte[] elf, Phdr p) {
        assertTrue(p.p_offset() + p.p_filesz() <= elf.length, "segment inside the file: " + p);
        return Arrays.copyOfRange(elf, (int) p.p_offset(), (int) (p.p_offset() + p.p_filesz()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
