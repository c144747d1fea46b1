package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.bringup.common.FormatException;

/**
 * Corrupt blobs (truncated, bad magic, offsets outside the blob, unterminated strings,
 * unbalanced or endless structure, deep nesting, random damage) give a
 * {@link FormatException} with a file offset, never another exception.
 */
class CorruptDtbTest {

    private static byte[] small() throws Exception {
        TestFiles.assumeDtc();
        return TestFiles.dtc(FdtVersionsTest.DTS);
    }

    private static FormatException reject(byte[] blob) {
        try {
            DeviceTree.read(blob, "bad.dtb");
        } catch (FormatException e) {
            assertEquals("bad.dtb", e.location().file());
            assertTrue(e.location().fileOffset() >= 0, "an offset is named: " + e.describe());
            assertTrue(e.fix() != null, "a fix is named");
            return e;
        } catch (RuntimeException e) {
            fail("not a FormatException: " + e, e);
        }
        fail("corrupt blob was accepted");
        throw new AssertionError();
    }

    private static void readOrReject(byte[] blob) {
        try {
            DeviceTree t = DeviceTree.read(blob, "bad.dtb");
            t.nodeCount();
        } catch (FormatException e) {
            assertTrue(e.location().fileOffset() >= 0, e.describe());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("not a FormatException: " + e, e);
        }
    }

    @Test
    void everyTruncationIsRejectedWithAnOffset() throws Exception {
        byte[] good = small();
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            reject(cut);
        }
    }

    @Test
    void badMagicAndByteSwappedBlobsAreNamed() throws Exception {
        byte[] b = small();
        b[0] = 0x12;
        assertTrue(reject(b).getMessage().contains("bad magic"));
        byte[] swapped = small();
        ByteBuffer.wrap(swapped).putInt(0, Integer.reverseBytes(0xd00dfeed));
        assertTrue(reject(swapped).fix().contains("byte-swapped"));
        byte[] dts = FdtVersionsTest.DTS.getBytes(StandardCharsets.UTF_8);
        assertTrue(reject(dts).fix().contains("DTS"));
    }

    @Test
    void headerOffsetsOutsideTheBlobAreRejected() throws Exception {
        for (int field : new int[] { 4, 8, 12, 16, 32, 36 }) {
            byte[] b = small();
            ByteBuffer.wrap(b).putInt(field, 0x7fff0000);
            FormatException e = reject(b);
            assertTrue(e.location().fileOffset() <= 40 || e.getMessage().contains("reservation"), e.describe());
        }
        byte[] v = small();
        ByteBuffer.wrap(v).putInt(20, 99).putInt(24, 99);
        assertTrue(reject(v).getMessage().contains("version 99"));
    }

    @Test
    void unterminatedStringsAreRejected() throws Exception {
        byte[] b = small();
        ByteBuffer bb = ByteBuffer.wrap(b);
        int strings = bb.getInt(12);
        int size = bb.getInt(32);
        for (int i = strings; i < strings + size; i++) {
            if (b[i] == 0) {
                b[i] = 'x';
            }
        }
        assertTrue(reject(b).getMessage().contains("NUL"));
        // a node name that runs to the end of the structure block
        byte[] n = small();
        ByteBuffer nb = ByteBuffer.wrap(n);
        int struct = nb.getInt(8);
        int structSize = nb.getInt(36);
        for (int i = struct + 8; i < struct + structSize; i++) {
            if (n[i] == 0) {
                n[i] = 'y';
            }
        }
        reject(n);
    }

    /** A hand-made blob: header + empty reservation map + the given structure tokens + strings. */
    static byte[] blob(int[] struct, String strings) {
        byte[] s = strings.getBytes(StandardCharsets.US_ASCII);
        int offRsv = 40;
        int offStruct = offRsv + 16;
        int offStrings = offStruct + struct.length * 4;
        int total = offStrings + s.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(0xd00dfeed).putInt(total).putInt(offStruct).putInt(offStrings).putInt(offRsv).putInt(17).putInt(16)
                .putInt(0).putInt(s.length).putInt(struct.length * 4);
        b.putLong(0).putLong(0);
        for (int t : struct) {
            b.putInt(t);
        }
        b.put(s);
        return b.array();
    }

    @Test
    void unbalancedAndEndlessStructuresAreRejected() {
        // root name "" is one zero word
        assertTrue(reject(blob(new int[] { 1, 0, 2, 2, 9 }, "")).getMessage().contains("FDT_END_NODE"));
        assertTrue(reject(blob(new int[] { 1, 0, 9 }, "")).getMessage().contains("still open"));
        assertTrue(reject(blob(new int[] { 1, 0, 4, 4, 4, 4 }, "")).getMessage().contains("without FDT_END"));
        assertTrue(reject(blob(new int[] { 9 }, "")).getMessage().contains("no root"));
        assertTrue(reject(blob(new int[] { 1, 0, 3, 0x7ffffff0, 0, 2, 9 }, "a\0")).getMessage().contains("length"));
        assertTrue(reject(blob(new int[] { 1, 0, 3, 0, 99, 2, 9 }, "a\0")).getMessage().contains("name offset"));
        assertTrue(reject(blob(new int[] { 1, 0, 0x77, 2, 9 }, "")).getMessage().contains("unknown structure token"));
        // two children with one name (dtc refuses such a tree too)
        int a = 0x61000000;
        assertTrue(reject(blob(new int[] { 1, 0, 1, a, 2, 1, a, 2, 2, 9 }, "")).getMessage().contains("two children"));
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        int depth = 100_000;
        int[] t = new int[2 + depth * 3 + 1];
        int i = 0;
        t[i++] = 1;
        t[i++] = 0;
        for (int d = 0; d < depth - 1; d++) {
            t[i++] = 1;
            t[i++] = 0x61000000; // "a"
        }
        FormatException e = reject(blob(java.util.Arrays.copyOf(t, i), ""));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void duplicatePhandlesAreReportedNotFatal() throws Exception {
        TestFiles.assumeDtc();
        byte[] b = TestFiles.dtc("""
                /dts-v1/;
                / { a { phandle = <0x77>; }; b { phandle = <0x78>; }; c { ref = <0x77>; }; };
                """);
        // dtc refuses duplicate phandles, so make one by hand: 0x78 -> 0x77
        for (int i = 0; i + 4 <= b.length; i += 4) {
            if (ByteBuffer.wrap(b).getInt(i) == 0x78) {
                ByteBuffer.wrap(b).putInt(i, 0x77);
            }
        }
        DeviceTree t = DeviceTree.read(b, "dup.dtb");
        assertEquals("/a", t.nodeByPhandle(0x77).path(), "the first node wins, as in Linux");
        var r = DtImport.importTree(t, "dup", java.util.List.of());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.code().equals("DT_DUPLICATE_PHANDLE")
                && d.location().dtPath().equals("/b")), r.diagnostics().toString());
    }

    @Test
    void randomDamageNeverEscapesAsAnotherException() throws Exception {
        Random r = new Random(20260101);
        byte[] good = small();
        for (int round = 0; round < 3000; round++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            readOrReject(b);
        }
    }

    @Test
    void randomDamageToARealBlobNeverEscapes() throws Exception {
        Path dir = TestFiles.corpusDtb();
        byte[] good = Files.readAllBytes(dir.resolve("mt8365-evk.dtb"));
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] b = good.clone();
            // damage the header and the first structure words, where offsets and lengths live
            int at = r.nextBoolean() ? r.nextInt(64) : r.nextInt(b.length);
            b[at] = (byte) r.nextInt(256);
            readOrReject(b);
        }
        assertThrows(FormatException.class, () -> DeviceTree.read(Path.of("/nonexistent/x.dtb")));
    }
}
