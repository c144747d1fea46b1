package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every log of the shared corpus, opened as a user would, parses into the right columns. */
class CorpusLogsTest {

    private static List<LogLine> all(Path file) throws Exception {
        try (TraceLog log = TraceLog.open(file)) {
            assertTrue(log.awaitIndex(30, TimeUnit.SECONDS));
            List<LogLine> lines = log.lines(0, (int) log.lineCount());
            assertEquals(Files.readAllLines(file, StandardCharsets.UTF_8).size(), lines.size());
            return lines;
        }
    }

    private static void assertLine(LogLine l, double time, String source, LogLevel level, String message) {
        assertEquals(time, l.time(), 1e-9, () -> "time of " + l);
        assertEquals(source, l.source(), () -> "source of " + l);
        assertEquals(level, l.level(), () -> "level of " + l);
        assertEquals(message, l.message(), () -> "message of " + l);
    }

    @Test
    void tiAm62xBootLog() throws Exception {
        List<LogLine> lines = all(Corpus.log("am62x_m4f_r5f_boot.log"));
        assertLine(lines.get(2), 4.733867, "remoteproc remoteproc0", LogLevel.INFO,
                "Booting fw image am62-mcu-m4f0_0-fw, size 78960");
        // a device without a driver is printed with a leading space
        assertLine(lines.get(3), 4.743671, "remoteproc0#vdev0buffer", LogLevel.INFO,
                "assigned reserved memory node m4f-dma-memory@9cb00000");
        assertLine(lines.get(5), 4.759092, "remoteproc remoteproc0", LogLevel.INFO,
                "remote processor 5000000.m4fss is now up");
        assertLine(lines.get(7), 4.832744, "virtio_rpmsg_bus virtio0", LogLevel.INFO,
                "creating channel ti.ipc4.ping-pong addr 0xd");
        // dev_warn in ti_k3_r5_remoteproc.c
        assertLine(lines.get(9), 4.934101, "platform 78000000.r5f", LogLevel.WARNING,
                "R5F core may have been powered on by a different host, programmed state (0) != actual state (1)");
        assertLine(lines.get(13), 4.989006, "remoteproc remoteproc1", LogLevel.INFO, "attaching to 78000000.r5f");
        // pr_fmt prefix
        assertLine(lines.get(14), 5.005591, "PVR_K", LogLevel.INFO, "221: Read BVNC 33.15.11.3 from HW device registers");
        assertLine(lines.get(18), 5.067058, "virtio_rpmsg_bus virtio1", LogLevel.INFO, "rpmsg host is online");
        for (LogLine l : lines.subList(2, lines.size())) {
            assertEquals(LogFormat.DMESG, l.format(), l::text);
            assertTrue(l.levelInferred());
            assertFalse(l.source().isEmpty(), l::text);
        }
        // the project's own comment lines have no time
        assertFalse(lines.get(0).hasTime());
        assertEquals(LogFormat.PLAIN, lines.get(0).format());
    }

    @Test
    void armSmmuContextFaultThenRemoteprocFatalError() throws Exception {
        List<LogLine> lines = all(Corpus.log("arm-smmu_context_fault_fastrpc.log"));
        assertLine(lines.get(1), 1263.468579, "arm-smmu 15000000.iommu", LogLevel.ERR,
                "Unhandled context fault: fsr=0x402, iova=0xfd7ff000, fsynr=0x540003, cbfrsynra=0x19c3, cb=10");
        assertLine(lines.get(2), 1263.480593, "arm-smmu 15000000.iommu", LogLevel.ERR,
                "FSR    = 00000402 [TF ], SID=0x19c3");
        assertLine(lines.get(3), 1263.480606, "qcom_q6v5_pas 26300000.remoteproc", LogLevel.ERR,
                "fatal error received: SFR Init: wdog or kernel error suspected.");
        assertLine(lines.get(4), 1263.487480, "arm-smmu 15000000.iommu", LogLevel.ERR,
                "soft iova-to-phys=0x0000000000000000");
        for (LogLine l : lines.subList(1, lines.size())) {
            assertEquals(LogFormat.ADDRESS_PREFIXED, l.format());
        }
        assertEquals(1263.480606 - 1263.468579, lines.get(3).secondsSince(lines.get(1)), 1e-9);
    }

    /**
     * The corpus has mtk_iommu's format strings, not a capture: fill in each variant (SYNTHETIC
     * values) under the device prefix of mt8183 and check the columns.
     */
    @Test
    void mtkIommuFaultFormatStrings() throws IOException {
        Path file = Corpus.log("mtk-iommu_fault_format_strings.txt");
        Matcher m = Pattern.compile("\"((?:bank\\(%u\\) )?fault type=[^\"]*)\\\\n\"")
                .matcher(Files.readString(file, StandardCharsets.UTF_8));
        List<String> formats = new ArrayList<>();
        while (m.find()) {
            formats.add(m.group(1));
        }
        assertEquals(3, formats.size(), "the corpus lists three variants");
        double t = 88.000100;
        for (String f : formats) {
            String message = fill(f);
            String line = String.format(java.util.Locale.ROOT, "[%12.6f] mtk-iommu 10205000.iommu: %s", t, message);
            LogLine l = LogLine.parse(line);
            assertLine(l, t, "mtk-iommu 10205000.iommu", LogLevel.ERR, message);
            assertTrue(l.levelInferred());
            t += 0.5;
        }
    }

    /** printf of the kernel's conversions (%x %llx %d %u %s) with fixed SYNTHETIC values. */
    private static String fill(String format) {
        long[] numbers = { 0x5, 0x60001000L, 0x0, 0x1a0, 4, 0, 0, 0 };
        StringBuilder out = new StringBuilder();
        int arg = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            while (format.charAt(j) == 'l') {
                j++;
            }
            switch (format.charAt(j)) {
                case 'x' -> out.append(Long.toHexString(numbers[arg++]));
                case 'd', 'u' -> out.append(numbers[arg++]);
                case 's' -> out.append("write");
                default -> throw new IllegalStateException("unexpected conversion in " + format);
            }
            i = j;
        }
        return out.toString();
    }
}
