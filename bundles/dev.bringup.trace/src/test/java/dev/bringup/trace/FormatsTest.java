package dev.bringup.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line forms of issue 8, in files the test writes, read back through {@link TraceLog}. */
class FormatsTest {

    private List<LogLine> read(Path dir, String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        try (TraceLog log = TraceLog.open(f)) {
            assertTrue(log.awaitIndex(10, TimeUnit.SECONDS));
            return log.lines(0, (int) log.lineCount());
        }
    }

    private List<LogLine> read(Path dir, String name, String text) throws Exception {
        return read(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertLine(LogLine l, double time, String source, LogLevel level, boolean inferred,
            String message, LogFormat format) {
        if (Double.isNaN(time)) {
            assertFalse(l.hasTime(), () -> "no time expected in " + l);
        } else {
            assertEquals(time, l.time(), 1e-6, () -> "time of " + l);
        }
        assertEquals(source, l.source(), () -> "source of " + l);
        assertEquals(level, l.level(), () -> "level of " + l);
        assertEquals(inferred, l.levelInferred(), () -> "level inferred in " + l);
        assertEquals(message, l.message(), () -> "message of " + l);
        assertEquals(format, l.format(), () -> "format of " + l);
    }

    @Test
    void dmesgWithTimestampsAndRawLevels(@TempDir Path dir) throws Exception {
        List<LogLine> l = read(dir, "dmesg-r.log", """
                <6>[    0.000000] Booting Linux on physical CPU 0x0000000000 [0x410fd034]
                <6>[    2.104512] remoteproc remoteproc0: powering up dsp0
                <3>[   12.345678] remoteproc remoteproc0: crash detected in dsp0: type mmufault
                <12>[   12.400001] rproc-virtio rproc-virtio.1.auto: assigned reserved memory node vdev0buffer@9cb00000
                <4>[   13.000000] platform 5000000.dsp: Direct firmware load for dsp.elf failed with error -2
                """);
        assertEquals(5, l.size());
        assertLine(l.get(0), 0.0, "", LogLevel.INFO, false, "Booting Linux on physical CPU 0x0000000000 [0x410fd034]",
                LogFormat.DMESG);
        assertLine(l.get(1), 2.104512, "remoteproc remoteproc0", LogLevel.INFO, false, "powering up dsp0", LogFormat.DMESG);
        assertLine(l.get(2), 12.345678, "remoteproc remoteproc0", LogLevel.ERR, false,
                "crash detected in dsp0: type mmufault", LogFormat.DMESG);
        // facility 1 (user) * 8 + level 4
        assertLine(l.get(3), 12.400001, "rproc-virtio rproc-virtio.1.auto", LogLevel.WARNING, false,
                "assigned reserved memory node vdev0buffer@9cb00000", LogFormat.DMESG);
        // the explicit level wins over the words ("failed" would infer err)
        assertEquals(LogLevel.WARNING, l.get(4).level());
    }

    @Test
    void dmesgWithoutTimestamps(@TempDir Path dir) throws Exception {
        List<LogLine> l = read(dir, "dmesg-t.log", """
                remoteproc remoteproc0: powering up dsp0
                remoteproc remoteproc0: Booting fw image rproc-dsp-fw, size 197920
                 remoteproc0#vdev0buffer: registered virtio0 (type 7)
                arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0xfd7ff000, fsynr=0x540003, cbfrsynra=0x19c3, cb=10
                rproc-virtio: probe of rproc-virtio.2.auto failed with error -12
                Freeing unused kernel memory: 2048K
                """);
        assertLine(l.get(0), Double.NaN, "remoteproc remoteproc0", LogLevel.INFO, true, "powering up dsp0", LogFormat.PLAIN);
        assertLine(l.get(2), Double.NaN, "remoteproc0#vdev0buffer", LogLevel.INFO, true, "registered virtio0 (type 7)",
                LogFormat.PLAIN);
        assertLine(l.get(3), Double.NaN, "arm-smmu 15000000.iommu", LogLevel.ERR, true,
                "Unhandled context fault: fsr=0x402, iova=0xfd7ff000, fsynr=0x540003, cbfrsynra=0x19c3, cb=10",
                LogFormat.PLAIN);
        assertLine(l.get(4), Double.NaN, "rproc-virtio", LogLevel.ERR, true,
                "probe of rproc-virtio.2.auto failed with error -12", LogFormat.PLAIN);
        // no device prefix: "Freeing unused kernel memory" is not a source
        assertLine(l.get(5), Double.NaN, "", LogLevel.INFO, true, "Freeing unused kernel memory: 2048K", LogFormat.PLAIN);
    }

    @Test
    void dmesgWallClockAndIsoAndDecodedAndKmsg(@TempDir Path dir) throws Exception {
        List<LogLine> l = read(dir, "mixed.log", """
                [Sat Nov 22 04:03:00 2025] remoteproc remoteproc0: powering up dsp0
                [Sun Nov  2 23:59:59 2025] remoteproc remoteproc0: remote processor dsp0 is now up
                2025-11-22T04:03:00,250000+01:00 remoteproc remoteproc0: stopped remote processor dsp0
                kern  :err   : [   12.500000] arm-smmu 15000000.iommu: FSR    = 00000402 [TF ], SID=0x19c3
                kern  :info  : [   12.600000] remoteproc remoteproc0: recovering dsp0
                3,1024,12345678,-;remoteproc remoteproc0: crash detected in dsp0: type watchdog
                6,1025,12400000,-,caller=T1;remoteproc remoteproc0: handling crash #1 in dsp0
                 SUBSYSTEM=platform
                """);
        double nov22 = Instant.parse("2025-11-22T04:03:00Z").getEpochSecond();
        assertLine(l.get(0), nov22, "remoteproc remoteproc0", LogLevel.INFO, true, "powering up dsp0",
                LogFormat.DMESG_WALLCLOCK);
        assertEquals(Instant.parse("2025-11-02T23:59:59Z").getEpochSecond(), l.get(1).time(), 1e-6);
        assertLine(l.get(2), nov22 - 3600 + 0.25, "remoteproc remoteproc0", LogLevel.INFO, true,
                "stopped remote processor dsp0", LogFormat.DMESG_WALLCLOCK);
        assertLine(l.get(3), 12.5, "arm-smmu 15000000.iommu", LogLevel.ERR, false, "FSR    = 00000402 [TF ], SID=0x19c3",
                LogFormat.DMESG);
        assertLine(l.get(4), 12.6, "remoteproc remoteproc0", LogLevel.INFO, false, "recovering dsp0", LogFormat.DMESG);
        assertLine(l.get(5), 12.345678, "remoteproc remoteproc0", LogLevel.ERR, false,
                "crash detected in dsp0: type watchdog", LogFormat.KMSG);
        assertLine(l.get(6), 12.4, "remoteproc remoteproc0", LogLevel.INFO, false, "handling crash #1 in dsp0",
                LogFormat.KMSG);
        // a /dev/kmsg dictionary line is not a device prefix
        assertLine(l.get(7), Double.NaN, "", LogLevel.INFO, true, " SUBSYSTEM=platform", LogFormat.PLAIN);
    }

    /** A serial console capture: ANSI colours, CR LF and CR CR LF, NULs, garbage bytes, overwrites, a cut line. */
    @Test
    void serialConsoleNoise(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("\u001b[0;32m[    1.000000] \u001b[0mremoteproc remoteproc0: powering up dsp0\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("\0\0\0[    1.100000] remoteproc remoteproc0: Booting fw image rproc-dsp-fw, size 197920\r\r\n".getBytes(StandardCharsets.UTF_8));
        b.write(0xff);
        b.write(0xfe);
        b.writeBytes("[    1.200000] virtio_rpmsg_bus virtio0: rpmsg host is online\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("ost is online\r\n".getBytes(StandardCharsets.UTF_8)); // the start was lost on the wire
        b.writeBytes("Loading dsp.elf   10%\rLoading dsp.elf  100%\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("U-Boot> booti\b\u001b[Km 0x80000000\r\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("[    1.3000\0\000000] arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0x60001000, fsynr=0x3, cbfrsynra=0x19c3, cb=2\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes("\u001b]0;minicom\u0007[    1.400000] remoteproc remoteproc0: crash detected in dsp0: type mmufault".getBytes(StandardCharsets.UTF_8));
        List<LogLine> l = read(dir, "serial.cap", b.toByteArray());
        assertEquals(8, l.size(), "the last line has no newline and still counts");
        assertLine(l.get(0), 1.0, "remoteproc remoteproc0", LogLevel.INFO, true, "powering up dsp0", LogFormat.DMESG);
        assertEquals("[    1.000000] remoteproc remoteproc0: powering up dsp0", l.get(0).text());
        assertLine(l.get(1), 1.1, "remoteproc remoteproc0", LogLevel.INFO, true, "Booting fw image rproc-dsp-fw, size 197920",
                LogFormat.DMESG);
        assertLine(l.get(2), 1.2, "virtio_rpmsg_bus virtio0", LogLevel.INFO, true, "rpmsg host is online", LogFormat.DMESG);
        assertEquals("\uFFFD\uFFFD[    1.200000] virtio_rpmsg_bus virtio0: rpmsg host is online", l.get(2).text());
        assertLine(l.get(3), Double.NaN, "", LogLevel.INFO, true, "ost is online", LogFormat.PLAIN);
        assertEquals("Loading dsp.elf  100%", l.get(4).message(), "a carriage return overwrites, as on the terminal");
        assertEquals("U-Boot> bootm 0x80000000", l.get(5).message(), "a backspace moves back, ESC [ K erases to the end");
        assertLine(l.get(6), 1.3, "arm-smmu 15000000.iommu", LogLevel.ERR, true,
                "Unhandled context fault: fsr=0x402, iova=0x60001000, fsynr=0x3, cbfrsynra=0x19c3, cb=2", LogFormat.DMESG);
        assertLine(l.get(7), 1.4, "remoteproc remoteproc0", LogLevel.ERR, true, "crash detected in dsp0: type mmufault",
                LogFormat.DMESG);
        assertEquals(1.4 - 1.3, l.get(7).secondsSince(l.get(6)), 1e-9);
    }

    @Test
    void simulatorEventLog(@TempDir Path dir) throws Exception {
        String text = SimEventLog.line(0.00125, LogLevel.INFO, "remoteproc remoteproc0",
                "loaded segment 0 at da 0x10000000 (4096 bytes)")
                + SimEventLog.line(0.004, LogLevel.ERR, "mtk-iommu 10205000.iommu", "fault iova=0x60001000 write\n(no mapping)")
                + SimEventLog.line(1234.5, LogLevel.DEBUG, "dsp0", "wfi");
        assertEquals("<6>[    0.001250] sim: remoteproc remoteproc0: loaded segment 0 at da 0x10000000 (4096 bytes)\n",
                text.substring(0, text.indexOf('\n') + 1));
        List<LogLine> l = read(dir, "sim-events.log", text);
        assertEquals(3, l.size());
        assertLine(l.get(0), 0.00125, "remoteproc remoteproc0", LogLevel.INFO, false,
                "loaded segment 0 at da 0x10000000 (4096 bytes)", LogFormat.SIM);
        assertLine(l.get(1), 0.004, "mtk-iommu 10205000.iommu", LogLevel.ERR, false,
                "fault iova=0x60001000 write (no mapping)", LogFormat.SIM);
        assertLine(l.get(2), 1234.5, "dsp0", LogLevel.DEBUG, false, "wfi", LogFormat.SIM);
        assertThrows(IllegalArgumentException.class, () -> SimEventLog.line(-1, LogLevel.INFO, "x", "y"));
    }

    /** A firmware trace ring that wrapped, read through a TraceLog like any other log. */
    @Test
    void wrappedTraceRing() throws Exception {
        byte[] ring = new byte[96];
        String newer = "[ 2.000] dsp: ipc ready\n[ 2.5";
        String older = "00] dsp: boot ok\n[ 1.750] dsp: heap 32K\n";
        byte[] n = newer.getBytes(StandardCharsets.US_ASCII);
        byte[] o = older.getBytes(StandardCharsets.US_ASCII);
        // newest text at 0..n, the write position at n, older text filling the rest of the ring
        System.arraycopy(n, 0, ring, 0, n.length);
        System.arraycopy(o, 0, ring, ring.length - o.length, o.length);
        TraceRing.Text t = TraceRing.unwrap(java.nio.ByteBuffer.wrap(ring), n.length);
        assertTrue(t.wrapped());
        try (TraceLog log = TraceLog.open(t.toSource("remoteproc0 trace0"))) {
            assertTrue(log.awaitIndex(10, TimeUnit.SECONDS));
            List<LogLine> l = log.lines(0, 10);
            assertEquals(4, l.size());
            assertEquals("00] dsp: boot ok", l.get(0).text(), "the oldest line lost its start");
            assertLine(l.get(1), 1.75, "dsp", LogLevel.INFO, true, "heap 32K", LogFormat.DMESG);
            assertLine(l.get(2), 2.0, "dsp", LogLevel.INFO, true, "ipc ready", LogFormat.DMESG);
            assertEquals("[ 2.5", l.get(3).text(), "the newest line is still being written");
        }
    }
}
