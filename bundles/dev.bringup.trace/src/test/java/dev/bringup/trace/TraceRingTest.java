package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Remoteproc trace rings: unwrapping with and without the write position, and following a live ring. */
class TraceRingTest {

    /** A simulated firmware writing text into a ring of {@code len} bytes, as its trace code would. */
    private static final class Firmware {
        final byte[] ring;
        long written;

        Firmware(int len) {
            ring = new byte[len];
        }

        void print(String s) {
            for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
                ring[(int) (written++ % ring.length)] = b;
            }
        }
    }

    @Test
    void notWrapped() {
        Firmware fw = new Firmware(64);
        fw.print("[0.001] boot\n[0.002] ready\n");
        TraceRing.Text t = TraceRing.unwrap(ByteBuffer.wrap(fw.ring));
        assertFalse(t.wrapped());
        assertEquals(List.of("[0.001] boot", "[0.002] ready"), t.lines());
        assertEquals(27, t.writeOffset());
        assertEquals(t.lines(), TraceRing.unwrap(ByteBuffer.wrap(fw.ring), fw.written).lines());
    }

    @Test
    void wrappedWithTheWritePosition() {
        Firmware fw = new Firmware(50);
        for (int i = 0; i < 9; i++) {
            fw.print("[0.00" + i + "] tick " + i + "\n"); // 15 bytes each: 135 bytes through 50
        }
        TraceRing.Text t = TraceRing.unwrap(ByteBuffer.wrap(fw.ring), fw.written);
        assertTrue(t.wrapped());
        assertEquals((int) (fw.written % 50), t.writeOffset());
        // the last 50 bytes: the end of tick 5 (partial), ticks 6, 7 and 8
        assertEquals(List.of("ck 5", "[0.006] tick 6", "[0.007] tick 7", "[0.008] tick 8"), t.lines());
    }

    @Test
    void wrappedWithoutTheWritePositionUsesTheFirstNul() {
        byte[] ring = new byte[40];
        byte[] newer = "ew line\n[0.3] ne".getBytes(StandardCharsets.US_ASCII);
        byte[] older = "[0.2] old\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(newer, 0, ring, 0, newer.length);
        System.arraycopy(older, 0, ring, 40 - older.length, older.length);
        TraceRing.Text t = TraceRing.unwrap(ByteBuffer.wrap(ring));
        assertTrue(t.wrapped());
        assertEquals(newer.length, t.writeOffset());
        assertEquals(List.of("[0.2] old", "ew line", "[0.3] ne"), t.lines());
        assertTrue(t.note().contains("first NUL"), t.note());
    }

    @Test
    void noNulAtAll() {
        byte[] ring = "line one\nline two\n".getBytes(StandardCharsets.US_ASCII);
        TraceRing.Text t = TraceRing.unwrap(ByteBuffer.wrap(ring));
        assertEquals(List.of("line one", "line two"), t.lines());
        assertTrue(t.note().contains("unknown"), t.note());
        assertEquals(0, TraceRing.unwrap(ByteBuffer.allocate(0)).bytes().length);
        assertThrows(IllegalArgumentException.class, () -> TraceRing.unwrap(ByteBuffer.wrap(ring), -1));
    }

    /** The project's firmware writer (examples' firmware/common/trace.c): a NUL after the newest character. */
    private static byte[] firmwareRing(int len, String... lines) {
        byte[] ring = new byte[len];
        int pos = 0;
        for (String l : lines) {
            for (byte c : (l + "\n").getBytes(StandardCharsets.US_ASCII)) {
                if (pos + 1 >= len) {
                    pos = 0;
                }
                ring[pos] = c;
                ring[pos + 1] = 0;
                pos++;
            }
        }
        return ring;
    }

    @Test
    void dumpsAreToldFromLogsByTheirNuls() {
        byte[] fresh = firmwareRing(256, "[0.1] dsp: boot", "[0.2] dsp: ready");
        assertTrue(TraceRing.looksLikeDump(ByteBuffer.wrap(fresh)), "text then NUL padding");
        String[] many = new String[30];
        for (int i = 0; i < many.length; i++) {
            many[i] = "[0." + i + "] dsp: tick " + i;
        }
        byte[] wrapped = firmwareRing(128, many);
        assertTrue(TraceRing.looksLikeDump(ByteBuffer.wrap(wrapped)), "newest text, NUL, older text, NUL at the end");
        TraceRing.Text t = TraceRing.unwrap(ByteBuffer.wrap(wrapped));
        assertTrue(t.wrapped());
        List<String> lines = t.lines();
        assertEquals("[0.29] dsp: tick 29", lines.get(lines.size() - 1));
        for (int i = 1; i < lines.size(); i++) {
            int n = Integer.parseInt(lines.get(i).replaceAll(".* tick ", ""));
            assertEquals(30 - lines.size() + i, n, "in order after the wrap: " + lines);
        }

        byte[] text = "[0.1] a\n[0.2] b\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(TraceRing.looksLikeDump(ByteBuffer.wrap(text)), "no NUL: a log (what debugfs trace0 gives)");
        byte[] serial = "[0.1] a\0\n[0.2]\0 b\n[0.3] c\0\n".getBytes(StandardCharsets.US_ASCII);
        assertFalse(TraceRing.looksLikeDump(ByteBuffer.wrap(serial)), "NULs strewn about: a serial capture");
        byte[] binary = new byte[4096];
        new java.util.SplittableRandom(3).nextBytes(binary);
        binary[100] = 0;
        assertFalse(TraceRing.looksLikeDump(ByteBuffer.wrap(binary)), "binary data");
        byte[] noLine = new byte[64];
        System.arraycopy(text, 0, noLine, 0, 5);
        assertFalse(TraceRing.looksLikeDump(ByteBuffer.wrap(noLine)), "no line at all");
        assertFalse(TraceRing.looksLikeDump(ByteBuffer.allocate(TraceRing.DUMP_MAX + 1)), "too large for a ring");
    }

    @Test
    void readDumpUnwrapsADumpFileAndLeavesALogAlone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        String[] many = new String[30];
        for (int i = 0; i < many.length; i++) {
            many[i] = "[0." + i + "] dsp: tick " + i;
        }
        java.nio.file.Path dump = java.nio.file.Files.write(dir.resolve("trace0.bin"), firmwareRing(128, many));
        TraceRing.Text t = TraceRing.readDump(dump);
        assertTrue(t != null && t.wrapped(), "a wrapped dump");
        assertEquals("[0.29] dsp: tick 29", t.lines().get(t.lines().size() - 1));
        java.nio.file.Path log = java.nio.file.Files.writeString(dir.resolve("dmesg.txt"), "[0.1] a\n[0.2] b\n");
        assertEquals(null, TraceRing.readDump(log), "a log is not a dump");
    }

    /** A ring inside a larger memory dump: the buffer's position and limit select it. */
    @Test
    void ringInsideADump() {
        byte[] dump = new byte[100];
        System.arraycopy("[1.0] in ring\n".getBytes(StandardCharsets.US_ASCII), 0, dump, 30, 14);
        dump[29] = 'X'; // just before the ring: not part of it
        ByteBuffer ring = ByteBuffer.wrap(dump, 30, 32);
        assertEquals(List.of("[1.0] in ring"), TraceRing.unwrap(ring).lines());
        assertEquals(30, ring.position(), "the buffer is not changed");
    }

    @Test
    void followingALiveRingIntoATraceLog() throws Exception {
        Firmware fw = new Firmware(64);
        MemoryLogSource sink = new MemoryLogSource("remoteproc0 trace0", 1 << 16);
        TraceRingFollower follower = new TraceRingFollower(sink);
        try (TraceLog log = TraceLog.open(sink)) {
            fw.print("[0.100] dsp: boot\n");
            follower.poll(ByteBuffer.wrap(fw.ring), fw.written);
            fw.print("[0.200] dsp: ipc ready\n[0.300] dsp: idle\n");
            follower.poll(ByteBuffer.wrap(fw.ring), fw.written);
            LineIndexTest.waitFor(() -> log.lineCount() == 3);
            assertEquals("idle", log.line(2).message());
            // 150 bytes before the next poll: 86 are overwritten unseen
            for (int i = 0; i < 10; i++) {
                fw.print("[0.40" + i + "] dsp: x\n");
            }
            follower.poll(ByteBuffer.wrap(fw.ring), fw.written);
            assertEquals(150 - 64, follower.lostBytes());
            sink.finish();
            assertTrue(log.awaitIndex(10, TimeUnit.SECONDS));
            List<LogLine> lines = log.lines(0, 100);
            assertTrue(lines.stream().anyMatch(l -> l.text().equals("-- trace ring overrun: 86 bytes lost --")));
            assertEquals("[0.409] dsp: x", lines.get(lines.size() - 1).text());
            assertThrows(IllegalArgumentException.class, () -> follower.poll(ByteBuffer.wrap(fw.ring), 3));
        }
    }
}
