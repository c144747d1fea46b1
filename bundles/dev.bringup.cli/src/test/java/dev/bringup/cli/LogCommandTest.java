package dev.bringup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bringup log} on a trace ring dump: unwrapped, in order, said on standard error. */
class LogCommandTest {


    /** A ring of {@code len} bytes written as remoteproc firmware writes its trace: a NUL after the newest text. */
    private static byte[] ring(int len, int lines) {
        byte[] ring = new byte[len];
        long written = 0;
        for (int i = 0; i < lines; i++) {
            for (byte b : ("[0." + i + "] dsp: tick " + i + "\n").getBytes(StandardCharsets.US_ASCII)) {
                ring[(int) (written++ % len)] = b;
            }
            ring[(int) (written % len)] = 0;
        }
        return ring;
    }

    @Test
    void aWrappedRingDumpIsPrintedOldestFirst(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("trace0.bin");
        Files.write(dump, ring(256, 40));
        MainTest.Result r = MainTest.run("log", dump.toString(), "--grep", "tick", "--message");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("a trace buffer dump, unwrapped") && r.err().contains("wrapped"), r.err());
        List<String> ticks = r.out().lines().map(l -> l.replaceAll(".*tick ", "")).toList();
        assertTrue(ticks.size() >= 8, r.out());
        assertEquals("39", ticks.get(ticks.size() - 1), "the newest line last: " + r.out());
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(Integer.parseInt(ticks.get(i - 1)) + 1, Integer.parseInt(ticks.get(i)), "in order: " + r.out());
        }
        assertTrue(!r.out().contains("\0"), "no NUL printed");
    }

    @Test
    void aPlainLogIsNotTakenForADump(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("dmesg.txt");
        Files.writeString(log, "[    0.100000] remoteproc remoteproc0: powering up dsp\n[    0.200000] remoteproc remoteproc0: remote processor dsp is now up\n");
        MainTest.Result r = MainTest.run("log", log.toString(), "--count");
        assertEquals(0, r.exit(), r.err());
        assertEquals("2", r.out().strip());
        assertEquals("", r.err());
    }
}
