package dev.bringup.examples.firmware;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny, test-local decoder of the two resource-table formats the examples' firmware carries,
 * written from the layouts alone (Linux include/linux/remoteproc.h for version 1, seed 004 for
 * 2011) so that the tests check the committed bytes independently of the project's own reader.
 * Each entry renders as one canonical line, the form the firmware README's tables use.
 */
final class ResourceTableDecoder {

    /** One decoded entry. */
    sealed interface Entry permits Carveout, Trace, Vdev, Entry2011 {
    }

    /** A CARVEOUT or DEVMEM entry of a version 1 table. */
    record Carveout(String type, long da, long pa, long len, long flags, String name) implements Entry {
        boolean contains(long start, long size) {
            return start >= da && start + size <= da + len;
        }

        @Override
        public String toString() {
            return String.format("%s da 0x%08x pa 0x%08x len 0x%08x flags 0x%x name %s", type, da, pa, len, flags,
                    name);
        }
    }

    record Trace(long da, long len, String name) implements Entry {
        @Override
        public String toString() {
            return String.format("TRACE da 0x%08x len 0x%08x name %s", da, len, name);
        }
    }

    record Vring(long da, long align, long num, long notifyid, long pa) {
        @Override
        public String toString() {
            return String.format("vring da 0x%08x align 0x%x num %d notifyid %d pa 0x%08x", da, align, num, notifyid,
                    pa);
        }
    }

    record Vdev(long id, long notifyid, long dfeatures, long gfeatures, long configLen, int status,
            List<Vring> vrings) implements Entry {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(
                    "VDEV id %d notifyid %d dfeatures 0x%x gfeatures 0x%x config_len %d status %d num_of_vrings %d",
                    id, notifyid, dfeatures, gfeatures, configLen, status, vrings.size()));
            vrings.forEach(v -> sb.append("; ").append(v));
            return sb.toString();
        }
    }

    /** A fixed 96-byte entry of the 2011 table. */
    record Entry2011(String type, long id, long da, long pa, long len, long flags, String name) implements Entry {
        @Override
        public String toString() {
            return String.format("%s id %d da 0x%016x pa 0x%016x len 0x%x flags 0x%x name %s", type, id, da, pa, len,
                    flags, name);
        }
    }

    private static final String[] TYPES_2011 = { "CARVEOUT", "DEVMEM", "TRACE", "VRING", "VIRTIO_DEV",
            "VIRTIO_CFG" };

    private ResourceTableDecoder() {
    }

    /**
     * Decodes a version 1 table: header (ver 1, num, reserved 0), offsets, entries; fails with the
     * offset of the first byte that breaks the format.
     */
    static List<Entry> decodeV1(byte[] table) {
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        need(table, 0, 16, "header");
        check(b.getInt(0) == 1, 0, "ver is " + u32(b, 0) + ", not 1");
        long num = u32(b, 4);
        check(b.getInt(8) == 0 && b.getInt(12) == 0, 8, "reserved is not 0");
        check(16 + 4 * num <= table.length, 4, "num " + num + " offsets do not fit in " + table.length + " bytes");
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < num; i++) {
            int off = b.getInt(16 + 4 * i);
            need(table, off, 4, "entry " + i + " type");
            int type = b.getInt(off);
            int body = off + 4;
            switch (type) {
            case 0, 1 -> {
                need(table, body, 52, "entry " + i);
                check(b.getInt(body + 16) == 0, body + 16, "reserved of entry " + i + " is not 0");
                entries.add(new Carveout(type == 0 ? "CARVEOUT" : "DEVMEM", u32(b, body), u32(b, body + 4),
                        u32(b, body + 8), u32(b, body + 12), name(table, body + 20, 32)));
            }
            case 2 -> {
                need(table, body, 44, "entry " + i);
                check(b.getInt(body + 8) == 0, body + 8, "reserved of entry " + i + " is not 0");
                entries.add(new Trace(u32(b, body), u32(b, body + 4), name(table, body + 12, 32)));
            }
            case 3 -> {
                need(table, body, 24, "entry " + i);
                int nvrings = table[body + 21] & 0xff;
                long configLen = u32(b, body + 16);
                need(table, body + 24, 20 * nvrings + (int) configLen, "vrings and config of entry " + i);
                check(table[body + 22] == 0 && table[body + 23] == 0, body + 22, "reserved of entry " + i + " is not 0");
                List<Vring> vrings = new ArrayList<>();
                for (int v = 0; v < nvrings; v++) {
                    int at = body + 24 + 20 * v;
                    vrings.add(new Vring(u32(b, at), u32(b, at + 4), u32(b, at + 8), u32(b, at + 12), u32(b, at + 16)));
                }
                entries.add(new Vdev(u32(b, body), u32(b, body + 4), u32(b, body + 8), u32(b, body + 12), configLen,
                        table[body + 20] & 0xff, List.copyOf(vrings)));
            }
            default -> throw new IllegalArgumentException(
                    String.format("offset 0x%x: entry %d has type %d, not one of CARVEOUT, DEVMEM, TRACE, VDEV", off, i,
                            type));
            }
        }
        return entries;
    }

    /** Decodes a 2011 table: the whole section is an array of 96-byte entries. */
    static List<Entry> decode2011(byte[] table) {
        check(table.length % 96 == 0, 0, "size " + table.length + " is not a multiple of 96");
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> entries = new ArrayList<>();
        for (int off = 0; off < table.length; off += 96) {
            int type = b.getInt(off);
            check(type >= 0 && type < TYPES_2011.length, off, "type " + type + " is not a 2011 type (0..5)");
            for (int r = 0; r < 16; r++) {
                check(table[off + 32 + r] == 0, off + 32 + r, "reserved is not 0");
            }
            entries.add(new Entry2011(TYPES_2011[type], u32(b, off + 4), b.getLong(off + 8), b.getLong(off + 16),
                    u32(b, off + 24), u32(b, off + 28), name(table, off + 48, 48)));
        }
        return entries;
    }

    static List<String> lines(List<Entry> entries) {
        return entries.stream().map(Entry::toString).toList();
    }

    private static long u32(ByteBuffer b, int off) {
        return Integer.toUnsignedLong(b.getInt(off));
    }

    /** A NUL-terminated name in a fixed field; the field must hold a NUL. */
    private static String name(byte[] t, int off, int size) {
        int end = off;
        while (end < off + size && t[end] != 0) {
            end++;
        }
        check(end < off + size, off, "name is not NUL-terminated within " + size + " bytes");
        for (int i = end; i < off + size; i++) {
            check(t[i] == 0, i, "name is not padded with NULs");
        }
        return new String(t, off, end - off, StandardCharsets.US_ASCII);
    }

    private static void need(byte[] t, int off, int size, String what) {
        check(off >= 0 && off + size <= t.length, off, what + " (" + size + " bytes) ends past the table ("
                + t.length + " bytes)");
    }

    private static void check(boolean ok, int off, String message) {
        if (!ok) {
            throw new IllegalArgumentException(String.format("offset 0x%x: %s", off, message));
        }
    }
}
