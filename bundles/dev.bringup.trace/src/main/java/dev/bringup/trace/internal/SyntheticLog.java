package dev.bringup.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A SYNTHETIC kernel log for tests and benchmarks: dmesg lines of a remoteproc bring-up
 * ({@code [ 1234.567890] remoteproc remoteproc0: ...}, rpmsg channels, arm-smmu and mtk-iommu
 * faults, other drivers), made from a seed. Any line can be made on its own ({@link #line}), so a
 * test can check line 9 999 999 of a file without keeping the file's text; {@link #write} makes a
 * file of them quickly (the bytes are formatted by hand into a large buffer). Times increase
 * strictly: line {@code i} is at {@code i * 250 us} plus less than 200 us.
 */
public final class SyntheticLog {

    /** Kinds of line, in the order of {@link #kind}. */
    public static final int REMOTEPROC = 0;
    public static final int VDEV = 1;
    public static final int RPMSG = 2;
    public static final int OTHER = 3;
    public static final int SMMU_FAULT = 4;
    public static final int MTK_FAULT = 5;
    public static final int WARNING = 6;

    private static final String[] REMOTEPROC_TEXT = { "powering up dsp0", "Booting fw image rproc-dsp-fw, size 197920",
        "remote processor dsp0 is now up", "stopped remote processor dsp0", "attaching to 5000000.dsp" };
    private static final String[] OTHER_TEXT = {
        "usb 1-1: new high-speed USB device number 2 using xhci-hcd",
        "mmc0: new HS200 MMC card at address 0001",
        "platform 5000000.dsp: configured DSP for remoteproc mode, reserved memory node dsp-dma-memory@9cb00000",
        "EXT4-fs (mmcblk0p2): mounted filesystem with ordered data mode. Quota mode: none.",
        "cpufreq: cpufreq_online: CPU0: Running at unlisted initial frequency: 1200000 KHz, changing to: 1250000 KHz" };

    private final long seed;

    public SyntheticLog(long seed) {
        this.seed = seed;
    }

    /** A 64-bit hash of the line number under this seed (SplitMix64's finaliser). */
    private long hash(long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The kind of line {@code i}: 1 % arm-smmu faults, 1 % mtk-iommu faults, 2 % warnings, the rest info. */
    public int kind(long i) {
        int r = (int) Long.remainderUnsigned(hash(i), 100);
        if (r < 20) {
            return REMOTEPROC;
        }
        if (r < 35) {
            return VDEV;
        }
        if (r < 70) {
            return RPMSG;
        }
        if (r < 96) {
            return OTHER;
        }
        if (r < 97) {
            return SMMU_FAULT;
        }
        if (r < 98) {
            return MTK_FAULT;
        }
        return WARNING;
    }

    /** The time of line {@code i} in microseconds. */
    public long micros(long i) {
        return i * 250 + Long.remainderUnsigned(hash(i) >>> 8, 200);
    }

    /** Line {@code i} without its newline. */
    public String line(long i) {
        byte[] b = new byte[512];
        int n = render(i, b, 0);
        return new String(b, 0, n - 1, StandardCharsets.US_ASCII);
    }

    /** Writes line {@code i} with its newline into {@code b} at {@code at}; returns the end. At most 400 bytes. */
    public int render(long i, byte[] b, int at) {
        long h = hash(i);
        int p = at;
        long us = micros(i);
        b[p++] = '[';
        p = padded(b, p, us / 1_000_000, 5, (byte) ' ');
        b[p++] = '.';
        p = padded(b, p, us % 1_000_000, 6, (byte) '0');
        b[p++] = ']';
        b[p++] = ' ';
        int unit = (int) ((h >>> 20) & 3);
        switch (kind(i)) {
            case REMOTEPROC -> {
                p = put(b, p, "remoteproc remoteproc");
                p = decimal(b, p, unit);
                p = put(b, p, ": ");
                p = put(b, p, REMOTEPROC_TEXT[(int) Long.remainderUnsigned(h >>> 24, REMOTEPROC_TEXT.length)]);
            }
            case VDEV -> {
                p = put(b, p, " remoteproc");
                p = decimal(b, p, unit);
                p = put(b, p, "#vdev0buffer: registered virtio");
                p = decimal(b, p, unit);
                p = put(b, p, " (type 7), assigned reserved memory node vdev0buffer@");
                p = hexDigits(b, p, 0x9cb00000L + ((h >>> 32) & 0xFF) * 0x1000);
            }
            case RPMSG -> {
                p = put(b, p, "virtio_rpmsg_bus virtio");
                p = decimal(b, p, unit);
                p = put(b, p, ": creating channel rpmsg-client-sample addr 0x");
                p = hexDigits(b, p, 0x400 + ((h >>> 28) & 0x3FF));
                p = put(b, p, " src 0x");
                p = hexDigits(b, p, (h >>> 40) & 0xFFF);
            }
            case OTHER -> p = put(b, p, OTHER_TEXT[(int) Long.remainderUnsigned(h >>> 24, OTHER_TEXT.length)]);
            case SMMU_FAULT -> {
                p = put(b, p, "arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0x");
                p = hexDigits(b, p, (h >>> 16) & 0xFFFFF000L);
                p = put(b, p, ", fsynr=0x540003, cbfrsynra=0x19c3, cb=");
                p = decimal(b, p, (h >>> 8) & 15);
            }
            case MTK_FAULT -> {
                p = put(b, p, "mtk-iommu 10205000.iommu: fault type=0x5 iova=0x");
                p = hexDigits(b, p, 0x60000000L + ((h >>> 16) & 0x0FFFF000L));
                p = put(b, p, " pa=0x0 master=0x");
                p = hexDigits(b, p, (h >>> 12) & 0xFFFF);
                p = put(b, p, "(larb=");
                p = decimal(b, p, (h >>> 4) & 7);
                p = put(b, p, " port=");
                p = decimal(b, p, (h >>> 40) & 31);
                p = put(b, p, ") layer=0 ");
                p = put(b, p, (h & 1) == 0 ? "write" : "read");
            }
            default -> {
                p = put(b, p, "remoteproc remoteproc");
                p = decimal(b, p, unit);
                p = put(b, p, ": timed out waiting for the firmware's ready message, retrying in ");
                p = decimal(b, p, 10 + ((h >>> 16) & 63));
                p = put(b, p, " ms");
            }
        }
        b[p++] = '\n';
        return p;
    }

    /**
     * Writes lines {@code [0, lines)} to {@code file} (replacing it); returns the bytes written.
     * Formats into a 4 MiB buffer and writes it with one call per buffer.
     */
    public long write(Path file, long lines) throws IOException {
        byte[] buf = new byte[4 << 20];
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int p = 0;
            for (long i = 0; i < lines; i++) {
                if (p > buf.length - 512) {
                    total += writeFully(ch, buf, p);
                    p = 0;
                }
                p = render(i, buf, p);
            }
            total += writeFully(ch, buf, p);
        }
        return total;
    }

    private static int writeFully(FileChannel ch, byte[] buf, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
        return n;
    }

    private static int put(byte[] b, int p, String s) {
        for (int k = 0; k < s.length(); k++) {
            b[p + k] = (byte) s.charAt(k);
        }
        return p + s.length();
    }

    private static int decimal(byte[] b, int p, long v) {
        if (v >= 10) {
            p = decimal(b, p, v / 10);
        }
        b[p] = (byte) ('0' + v % 10);
        return p + 1;
    }

    private static int padded(byte[] b, int p, long v, int width, byte pad) {
        for (int k = width - 1; k >= 0; k--) {
            b[p + k] = v == 0 && k < width - 1 ? pad : (byte) ('0' + v % 10);
            v /= 10;
        }
        return p + width;
    }

    private static int hexDigits(byte[] b, int p, long v) {
        if (v >= 16) {
            p = hexDigits(b, p, v >>> 4);
        }
        b[p] = (byte) "0123456789abcdef".charAt((int) (v & 15));
        return p + 1;
    }
}
