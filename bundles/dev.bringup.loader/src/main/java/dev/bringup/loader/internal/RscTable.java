package dev.bringup.loader.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The field offsets of the version 1 resource table the kernel reads and writes in place
 * ({@code include/linux/remoteproc.h}), over a byte array in the host's byte order.
 */
public final class RscTable {

    /** {@code struct resource_table} header: ver, num, reserved[2]. */
    public static final int HEADER = 16;
    /** {@code struct fw_rsc_hdr}: the type word before every entry. */
    public static final int HDR = 4;
    /** {@code sizeof(struct fw_rsc_carveout)} (and devmem), without the type word. */
    public static final int CARVEOUT_SIZE = 52;
    /** {@code sizeof(struct fw_rsc_trace)}. */
    public static final int TRACE_SIZE = 44;
    /** {@code sizeof(struct fw_rsc_vdev)} without its vrings. */
    public static final int VDEV_SIZE = 24;
    /** {@code sizeof(struct fw_rsc_vdev_vring)}. */
    public static final int VRING_SIZE = 20;

    // fw_rsc_carveout / fw_rsc_devmem, from the body (after the type word)
    public static final int C_DA = 0;
    public static final int C_PA = 4;
    public static final int C_LEN = 8;
    public static final int C_FLAGS = 12;
    public static final int C_RESERVED = 16;
    public static final int C_NAME = 20;
    // fw_rsc_vdev
    public static final int V_ID = 0;
    public static final int V_NOTIFYID = 4;
    public static final int V_DFEATURES = 8;
    public static final int V_GFEATURES = 12;
    public static final int V_CONFIG_LEN = 16;
    public static final int V_STATUS = 20;
    public static final int V_NUM_OF_VRINGS = 21;
    public static final int V_RESERVED = 22;
    // fw_rsc_vdev_vring, from the vring's start
    public static final int R_DA = 0;
    public static final int R_ALIGN = 4;
    public static final int R_NUM = 8;
    public static final int R_NOTIFYID = 12;
    public static final int R_PA = 16;

    private RscTable() {
    }

    public static long u32(byte[] t, int at) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getInt(at));
    }

    public static int u8(byte[] t, int at) {
        return t[at] & 0xff;
    }

    public static void put32(byte[] t, int at, long v) {
        ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) v);
    }

    /** Whether {@code [at, at + len)} lies inside the table. */
    public static boolean inside(byte[] t, long at, long len) {
        return at >= 0 && len >= 0 && at + len <= t.length;
    }

    /** The NUL-terminated name of at most {@code max} bytes at {@code at}. */
    public static String name(byte[] t, int at, int max) {
        int n = 0;
        while (n < max && at + n < t.length && t[at + n] != 0) {
            n++;
        }
        return new String(t, at, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code vring_size(num, align)}: descriptors (16 bytes each), the available ring
     * ({@code 2 * (3 + num)} bytes) rounded up to {@code align}, then the used ring
     * ({@code 6 + 8 * num} bytes).
     */
    public static long vringSize(long num, long align) {
        long a = align == 0 ? 1 : align;
        return ((16 * num + 2 * (3 + num) + a - 1) & -a) + 2 * 3 + 8 * num;
    }

    /** {@code PAGE_ALIGN()} for 4 KiB pages. */
    public static long pageAlign(long v) {
        return (v + 0xfff) & ~0xfffL;
    }
}
