package dev.bringup.examples.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware's trace writer (firmware/common/trace.c), compiled for this machine: lines go into
 * the ring with a NUL after the newest character, and writing wraps to offset 0 before that NUL
 * would fall past the last byte, leaving the older lap after it.
 */
class TraceRingTest {

    @Test
    void writesLinesWithATrailingNulAndWrapsToTheStart(@TempDir Path tmp) {
        FirmwareFiles.assumeTool("cc", "gcc");
        Path firmware = FirmwareFiles.firmwareDir();
        Path exe = tmp.resolve("trace_ring_check");
        FirmwareFiles.Run cc = FirmwareFiles.run(firmware, 120, "cc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                "-Icommon", "test/trace_ring_check.c", "common/trace.c", "-o", exe.toString());
        assertEquals(0, cc.exit(), cc::describe);

        // untouched bytes show as '.', the writer's NUL as '0'
        assertEquals("abc\ndefgh\n0..", ring(exe, 13, "abc", "defgh"));
        // 'abcdef\n' fills offsets 0..6 with the NUL on the last byte; "gh\n" wraps to 0
        assertEquals("gh\n0ef\n0", ring(exe, 8, "abcdef", "gh"));
        // a wrap in the middle of a line continues it at offset 0: the older lap after the NUL
        // ("\n1") then the newest text from 0 ("23\n") read back as "...line\n123\n"
        assertEquals("23\n0\n10", ring(exe, 7, "line", "123"));
        assertEquals("0x1234abcd0.....", ring(exe, 16));
    }

    private static String ring(Path exe, int size, String... lines) {
        String[] cmd = new String[lines.length + 2];
        cmd[0] = exe.toString();
        cmd[1] = Integer.toString(size);
        System.arraycopy(lines, 0, cmd, 2, lines.length);
        FirmwareFiles.Run run = FirmwareFiles.run(exe.getParent(), 60, cmd);
        assertEquals(0, run.exit(), run::describe);
        assertEquals(size, run.output().length, "the whole ring");
        return new String(run.output(), StandardCharsets.ISO_8859_1).replace('\0', '0');
    }
}
