package dev.bringup.firmware;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.firmware.ResourceEntry.Carveout;
import dev.bringup.firmware.ResourceEntry.Devmem;
import dev.bringup.firmware.ResourceEntry.Legacy;
import dev.bringup.firmware.ResourceEntry.MemoryEntry;
import dev.bringup.firmware.ResourceEntry.Trace;
import dev.bringup.firmware.ResourceEntry.Vdev;
import dev.bringup.firmware.ResourceEntry.Vendor;
import dev.bringup.firmware.ResourceEntry.Vring;
import dev.bringup.firmware.internal.Findings;

/**
 * Decodes and encodes remoteproc resource tables: version 1 ({@code struct resource_table} with
 * carveout, devmem, trace, vdev and vendor entries) and the 2011 array of 96-byte entries (seed
 * 004). Decoding never throws on bad bytes: it returns what it could decode and the diagnostics
 * for everything the Linux kernel would reject or that would break a boot. The table's byte
 * order is the firmware's ({@code EI_DATA}).
 */
public final class ResourceTableCodec {

    /** Largest table decoded; the rest of a larger section is ignored (RSC_TOO_LARGE). */
    public static final int MAX_TABLE_SIZE = 16 << 20;
    /** Most entries decoded (RSC_TOO_LARGE). */
    public static final int MAX_ENTRIES = 4096;
    /** The number of vrings a Linux vdev supports ({@code RVDEV_NUM_VRINGS}). */
    public static final int MAX_VRINGS = 2;

    /**
     * The outcome of decoding.
     *
     * @param table the table, or null when not even its header could be read
     * @param diagnostics what is wrong with it
     */
    public record Result(@Nullable ResourceTable table, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private ResourceTableCodec() {
    }

    /**
     * Decodes a table.
     *
     * @param table the table's bytes (the {@code .resource_table} section)
     * @param order the firmware's byte order
     * @param file the file name for diagnostics
     * @param fileOffset the file offset of {@code table[0]}, for diagnostics (-1 when unknown)
     */
    public static Result decode(byte[] table, ByteOrder order, String file, long fileOffset) {
        Findings f = new Findings(file, fileOffset);
        byte[] b = table;
        if (b.length > MAX_TABLE_SIZE) {
            f.add(DiagnosticCode.RSC_TOO_LARGE, 0, -1, "the table has " + b.length + " bytes; only the first "
                    + MAX_TABLE_SIZE + " are decoded", "a resource table is normally a few hundred bytes; check sh_size");
            b = Arrays.copyOf(b, MAX_TABLE_SIZE);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        if (b.length < ResourceTable.HEADER_SIZE) {
            f.add(DiagnosticCode.RSC_TRUNCATED, 0, -1, "the resource table has " + b.length
                    + " bytes, fewer than its 16-byte header (the kernel says \"header-less resource table\")",
                    "make sure the table variable is kept by the linker (KEEP(*(.resource_table)), __attribute__((used)))");
            return new Result(null, f.list());
        }
        // A 2011 table has no header: its first entry starts at byte 0. One that begins with
        // a carveout of id 0 at da 0 reads as "ver 0, num 0" in the version 1 layout, which is
        // an empty version 1 table only in name: take it as 2011 when every 96-byte entry has a
        // 2011 type.
        if (u32(buf, 0) != 1 && (u32(buf, 4) == 0 || !plausibleV1(buf)) && looks2011(buf)) {
            return new Result(decode2011(buf, f), f.list());
        }
        return new Result(decodeV1(buf, f), f.list());
    }

    private static boolean plausibleV1(ByteBuffer b) {
        long num = u32(b, 4);
        if (u32(b, 8) != 0 || u32(b, 12) != 0 || 16 + 4 * num > b.capacity()) {
            return false;
        }
        for (int i = 0; i < num; i++) {
            long off = u32(b, 16 + 4 * i);
            if (off < 16 + 4 * num || off + 4 > b.capacity()) {
                return false;
            }
        }
        return true;
    }

    private static boolean looks2011(ByteBuffer b) {
        int n = b.capacity();
        if (n < ResourceEntry.LEGACY_SIZE || n % ResourceEntry.LEGACY_SIZE != 0) {
            return false;
        }
        for (int at = 0; at < n; at += ResourceEntry.LEGACY_SIZE) {
            if (u32(b, at) > 5) {
                return false;
            }
        }
        return true;
    }

    private static ResourceTable decodeV1(ByteBuffer b, Findings f) {
        int n = b.capacity();
        long ver = u32(b, 0);
        long num = u32(b, 4);
        long r0 = u32(b, 8);
        long r1 = u32(b, 12);
        if (ver != 1) {
            f.add(DiagnosticCode.RSC_BAD_VERSION, 0, -1, "ver is " + ver + "; the kernel supports only version 1 "
                    + "(\"unsupported fw ver\")", "set ver to 1 and use the version 1 entry layouts");
        }
        if (r0 != 0 || r1 != 0) {
            f.add(DiagnosticCode.RSC_RESERVED_NONZERO, 8, -1, "reserved[] of the table header is " + Hex.of(r0) + ", "
                    + Hex.of(r1) + "; the kernel requires zeros (\"non zero reserved bytes\")", "set reserved[0] and reserved[1] to 0");
        }
        long fit = (n - ResourceTable.HEADER_SIZE) / 4;
        if (num > fit) {
            f.add(DiagnosticCode.RSC_TRUNCATED, 4, -1, "num is " + num + " but the table of " + n + " bytes holds at most "
                    + fit + " offsets (\"resource table incomplete\")",
                    "set num to the number of entries, or give the section its full size");
        }
        // The kernel refuses a table whose offset[] does not fit before it reads any entry: the
        // words past the table would only be decoded as garbage, so no entry is decoded then.
        int slots = (int) Math.min(num, fit);
        boolean decodeEntries = num <= fit;
        if (slots > MAX_ENTRIES) {
            f.add(DiagnosticCode.RSC_TOO_LARGE, 4, -1, "num is " + num + "; only the first " + MAX_ENTRIES
                    + " entries are decoded", "check num: real tables have a few entries");
            slots = MAX_ENTRIES;
        }
        long headerEnd = ResourceTable.HEADER_SIZE + 4L * num;
        long[] offs = new long[slots];
        for (int i = 0; i < slots; i++) {
            offs[i] = u32(b, ResourceTable.HEADER_SIZE + 4 * i);
        }
        long[] sorted = offs.clone();
        Arrays.sort(sorted);
        List<Long> offsets = new ArrayList<>(slots);
        List<ResourceEntry> entries = new ArrayList<>();
        List<Integer> entrySlots = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            long off = offs[i];
            offsets.add(off);
            if (decodeEntries && off > n - 4) {
                f.add(DiagnosticCode.RSC_OFFSET_OUT_OF_TABLE, ResourceTable.HEADER_SIZE + 4L * i, i, "offset[" + i + "] is "
                        + Hex.of(off) + ", outside the table of " + n + " bytes (\"rsc table is truncated\")",
                        "point offset[" + i + "] at its entry, or lower num");
                continue;
            }
            if (!decodeEntries) {
                continue;
            }
            ResourceEntry e = decodeEntry(b, (int) off, i, nextStart(sorted, off, n), f);
            if (e != null) {
                entries.add(e);
                entrySlots.add(i);
            }
        }
        checkOverlaps(entries, entrySlots, headerEnd, f);
        checkUnlistedOffsets(b, num, headerEnd, offs, f);
        return new ResourceTable(TableFormat.V1, ver, num, r0, r1, offsets, entries, n);
    }

    /** The smallest entry offset greater than {@code off}, or the table end. */
    private static int nextStart(long[] sorted, long off, int n) {
        for (long s : sorted) {
            if (s > off && s < n) {
                return (int) s;
            }
        }
        return n;
    }

    private static @Nullable ResourceEntry decodeEntry(ByteBuffer b, int off, int index, int next, Findings f) {
        int n = b.capacity();
        long type = u32(b, off);
        int body = off + 4;
        int avail = n - body;
        if (type == ResourceEntry.RSC_CARVEOUT || type == ResourceEntry.RSC_DEVMEM) {
            String kind = type == 0 ? "carveout" : "devmem";
            if (!fits(avail, Carveout.SIZE - 4, off, index, kind, f)) {
                return null;
            }
            long da = u32(b, body);
            long pa = u32(b, body + 4);
            long len = u32(b, body + 8);
            long flags = u32(b, body + 12);
            long reserved = u32(b, body + 16);
            Bytes name = bytes(b, body + 20, ResourceEntry.NAME_SIZE);
            MemoryEntry e = type == 0 ? new Carveout(off, da, pa, len, flags, reserved, name)
                    : new Devmem(off, da, pa, len, flags, reserved, name);
            checkReserved(reserved, off + 20, index, kind, f);
            checkName(name, off + 24, index, kind, f);
            return e;
        }
        if (type == ResourceEntry.RSC_TRACE) {
            if (!fits(avail, Trace.SIZE - 4, off, index, "trace", f)) {
                return null;
            }
            Trace t = new Trace(off, u32(b, body), u32(b, body + 4), u32(b, body + 8), bytes(b, body + 12,
                    ResourceEntry.NAME_SIZE));
            checkReserved(t.reserved(), off + 12, index, "trace", f);
            checkName(t.name(), off + 16, index, "trace", f);
            if (t.da() != ResourceEntry.FW_RSC_ADDR_ANY && (t.da() & 3) != 0) {
                f.add(DiagnosticCode.TRACE_MISALIGNED, off + 4, index, "trace buffer da " + Hex.of(t.da())
                        + " is not 4-byte aligned; the host reads the ring with word accesses",
                        "align the trace buffer: __attribute__((aligned(4))) or ALIGN(4) in the linker script");
            }
            return t;
        }
        if (type == ResourceEntry.RSC_VDEV) {
            return decodeVdev(b, off, index, f);
        }
        boolean vendor = type >= ResourceEntry.RSC_VENDOR_START && type <= ResourceEntry.RSC_VENDOR_END;
        if (!vendor) {
            f.add(DiagnosticCode.RSC_UNKNOWN_TYPE, off, index, "entry " + index + " has type " + type
                    + ", which the kernel does not know (\"unsupported resource\"); it is skipped",
                    "use type 0..3, or a vendor type 128..512 handled by the platform driver");
        }
        if (avail >= 4) {
            long len = u32(b, body);
            if (vendor && len >= 8 && len % 4 == 0 && len <= next - off) {
                return new Vendor(off, type, len, bytes(b, body + 4, (int) len - 8));
            }
        }
        return new Vendor(off, type, -1, bytes(b, body, Math.max(0, next - body)));
    }

    private static @Nullable Vdev decodeVdev(ByteBuffer b, int off, int index, Findings f) {
        int body = off + 4;
        int avail = b.capacity() - body;
        if (!fits(avail, Vdev.HEADER_SIZE - 4, off, index, "vdev", f)) {
            return null;
        }
        long id = u32(b, body);
        long notifyid = u32(b, body + 4);
        long dfeatures = u32(b, body + 8);
        long gfeatures = u32(b, body + 12);
        long configLen = u32(b, body + 16);
        int status = b.get(body + 20) & 0xff;
        int nvr = b.get(body + 21) & 0xff;
        int res0 = b.get(body + 22) & 0xff;
        int res1 = b.get(body + 23) & 0xff;
        long need = Vdev.HEADER_SIZE - 4 + (long) nvr * Vring.SIZE + configLen;
        if (need > avail) {
            f.add(DiagnosticCode.RSC_TRUNCATED, off, index, "vdev entry " + index + " needs " + need + " bytes ("
                    + nvr + " vrings, config_len " + configLen + ") but " + avail + " remain in the table (\"vdev rsc is truncated\")",
                    "check num_of_vrings and config_len, or make the table section larger");
            return null;
        }
        if (res0 != 0 || res1 != 0) {
            f.add(DiagnosticCode.RSC_RESERVED_NONZERO, off + 26, index, "vdev entry " + index + " has reserved[] "
                    + res0 + ", " + res1 + "; the kernel requires zeros", "set reserved[0] and reserved[1] of the vdev to 0");
        }
        if (nvr > MAX_VRINGS) {
            f.add(DiagnosticCode.VDEV_TOO_MANY_VRINGS, off + 25, index, "vdev entry " + index + " has " + nvr
                    + " vrings; Linux supports " + MAX_VRINGS + " (\"too many vrings\")", "use at most two vrings per vdev");
        }
        List<Vring> vrings = new ArrayList<>(nvr);
        for (int v = 0; v < nvr; v++) {
            int at = off + Vdev.HEADER_SIZE + v * Vring.SIZE;
            Vring r = new Vring(u32(b, at), u32(b, at + 4), u32(b, at + 8), u32(b, at + 12), u32(b, at + 16));
            vrings.add(r);
            String which = "vdev entry " + index + " vring " + v;
            if (r.num() == 0) {
                f.add(DiagnosticCode.VRING_NUM_ZERO, at + 8, index, which + " has num 0 (\"invalid qsz\")",
                        "set num to the number of buffers, a power of two such as 16");
            }
            if (r.align() == 0) {
                f.add(DiagnosticCode.VRING_ALIGN_ZERO, at + 4, index, which + " has align 0 (\"invalid alignment\")",
                        "set align, usually 4096 or 16");
            } else if (Long.bitCount(r.align()) != 1) {
                f.add(DiagnosticCode.VRING_MISALIGNED, at + 4, index, which + " has align " + Hex.of(r.align())
                        + ", not a power of two", "set align to a power of two such as 4096");
            } else if (r.da() != ResourceEntry.FW_RSC_ADDR_ANY && (r.da() & (r.align() - 1)) != 0) {
                f.add(DiagnosticCode.VRING_MISALIGNED, at, index, which + " da " + Hex.of(r.da())
                        + " is not a multiple of its align " + Hex.of(r.align())
                        + ": host and remote would compute different used-ring addresses",
                        "align da to " + Hex.of(r.align()) + " or use FW_RSC_ADDR_ANY (0xffffffff)");
            }
        }
        Bytes config = bytes(b, off + Vdev.HEADER_SIZE + nvr * Vring.SIZE, (int) configLen);
        return new Vdev(off, id, notifyid, dfeatures, gfeatures, status, res0, res1, vrings, config);
    }

    private static boolean fits(int avail, int need, int off, int index, String kind, Findings f) {
        if (avail < need) {
            f.add(DiagnosticCode.RSC_TRUNCATED, off, index, kind + " entry " + index + " at " + Hex.of(off) + " needs "
                    + need + " bytes after its type but " + Math.max(avail, 0) + " remain (\"" + kind + " rsc is truncated\")",
                    "give the .resource_table section its full size, or fix offset[" + index + "]");
            return false;
        }
        return true;
    }

    private static void checkReserved(long reserved, int at, int index, String kind, Findings f) {
        if (reserved != 0) {
            f.add(DiagnosticCode.RSC_RESERVED_NONZERO, at, index, kind + " entry " + index + " has reserved "
                    + Hex.of(reserved) + "; the kernel requires 0 (\"" + kind + " rsc has non zero reserved bytes\")",
                    "set reserved to 0");
        }
    }

    private static void checkName(Bytes name, int at, int index, String kind, Findings f) {
        if (name.indexOfNul() < 0) {
            f.add(DiagnosticCode.RSC_NAME_NOT_TERMINATED, at, index, kind + " entry " + index + " name has no NUL in its "
                    + name.length() + " bytes; the kernel reads past it when matching carveouts by name and printing",
                    "shorten the name to at most " + (name.length() - 1) + " characters");
        }
    }

    private static void checkOverlaps(List<ResourceEntry> entries, List<Integer> slots, long headerEnd, Findings f) {
        Integer[] order = new Integer[entries.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(entries.get(x).offset(), entries.get(y).offset()));
        int reach = -1;
        for (int k : order) {
            ResourceEntry e = entries.get(k);
            int index = slots.get(k);
            if (e.offset() < headerEnd) {
                if (e.offset() == 0) {
                    f.add(DiagnosticCode.RSC_NUM_MISMATCH, ResourceTable.HEADER_SIZE + 4L * index, index, "offset["
                            + index + "] is 0: num counts a slot that is not filled, and the kernel reads the table header "
                            + "as an entry of type " + e.type(), "lower num to the number of filled offsets");
                } else {
                    f.add(DiagnosticCode.RSC_ENTRIES_OVERLAP, e.offset(), index, e.kind() + " entry " + index + " at "
                            + Hex.of(e.offset()) + " lies inside the table header and offset[] (which end at "
                            + Hex.of(headerEnd) + ")", "move the entry after offset[], or fix offset[" + index + "]");
                }
            } else if (reach >= 0 && e.offset() < end(entries.get(reach))) {
                ResourceEntry r = entries.get(reach);
                f.add(DiagnosticCode.RSC_ENTRIES_OVERLAP, e.offset(), index, e.kind() + " entry " + index + " at "
                        + Hex.of(e.offset()) + " overlaps " + r.kind() + " entry " + slots.get(reach) + " at "
                        + Hex.of(r.offset()) + " (which ends at " + Hex.of(end(r)) + "); the host's writes to one corrupt "
                        + "the other", "give each entry its own bytes: fix offset[" + index + "]");
            }
            if (reach < 0 || end(e) > end(entries.get(reach))) {
                reach = k;
            }
        }
    }

    private static long end(ResourceEntry e) {
        return (long) e.offset() + e.size();
    }

    /** Offsets written after offset[num - 1] that point at real entries: the kernel never sees those entries. */
    private static void checkUnlistedOffsets(ByteBuffer b, long num, long headerEnd, long[] offs, Findings f) {
        int n = b.capacity();
        long firstEntry = n;
        for (long o : offs) {
            if (o >= headerEnd && o < firstEntry) {
                firstEntry = o;
            }
        }
        Set<Long> listed = new HashSet<>();
        for (long o : offs) {
            listed.add(o);
        }
        for (long slot = num; slot < num + 64; slot++) {
            long at = ResourceTable.HEADER_SIZE + 4 * slot;
            if (at + 4 > firstEntry || at + 4 > n) {
                break;
            }
            long w = u32(b, (int) at);
            if (w == 0 || w < at + 4 || w + 4 > n || (w & 3) != 0 || listed.contains(w)) {
                continue;
            }
            long type = u32(b, (int) w);
            if (type <= ResourceEntry.RSC_VDEV || type >= ResourceEntry.RSC_VENDOR_START && type <= ResourceEntry.RSC_VENDOR_END) {
                f.add(DiagnosticCode.RSC_NUM_MISMATCH, at, (int) slot, "num is " + num + " but the word after offset[]"
                        + " (slot " + slot + ") is " + Hex.of(w) + ", which points at an entry of type " + type
                        + "; the kernel handles only the first " + num + " entries",
                        "set num to " + (slot + 1) + " if that entry is meant to be used, or clear the slot");
            }
        }
    }

    private static ResourceTable decode2011(ByteBuffer b, Findings f) {
        int n = b.capacity();
        f.add(DiagnosticCode.RSC_FORMAT_2011, 0, -1, "this is a 2011-format table (fixed 96-byte entries); kernels "
                + "since 3.4 read its first word as ver and reject it", "rebuild the firmware with a version 1 resource table");
        int count = n / ResourceEntry.LEGACY_SIZE;
        if (n % ResourceEntry.LEGACY_SIZE != 0) {
            f.add(DiagnosticCode.RSC_TRUNCATED, (long) count * ResourceEntry.LEGACY_SIZE, count, "the last "
                    + n % ResourceEntry.LEGACY_SIZE + " bytes are not a whole 96-byte entry and are ignored",
                    "make the section size a multiple of 96");
        }
        if (count > MAX_ENTRIES) {
            f.add(DiagnosticCode.RSC_TOO_LARGE, 0, -1, "the table holds " + count + " entries; only the first "
                    + MAX_ENTRIES + " are decoded", "check the section size");
            count = MAX_ENTRIES;
        }
        List<Long> offsets = new ArrayList<>(count);
        List<ResourceEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = i * ResourceEntry.LEGACY_SIZE;
            Legacy e = new Legacy(at, u32(b, at), u32(b, at + 4), b.getLong(at + 8), b.getLong(at + 16), u32(b, at + 24),
                    u32(b, at + 28), bytes(b, at + 32, 16), bytes(b, at + 48, 48));
            offsets.add((long) at);
            entries.add(e);
            if (e.type() > 5) {
                f.add(DiagnosticCode.RSC_UNKNOWN_TYPE, at, i, "2011 entry " + i + " has type " + e.type()
                        + ", not one of 0..5", "use CARVEOUT 0, DEVMEM 1, TRACE 2, VRING 3, VIRTIO_DEV 4 or VIRTIO_CFG 5");
            }
            checkName(e.name(), at + 48, i, e.kind(), f);
        }
        return new ResourceTable(TableFormat.V2011, -1, count, 0, 0, offsets, entries, n);
    }

    /**
     * Encodes {@code table} over a copy of {@code base} (the original table bytes, or zeros): the
     * header, {@code offset[]} and every entry are written at their offsets; bytes no entry covers
     * keep their value from {@code base}. The result has {@code table.size()} bytes.
     *
     * @throws IllegalArgumentException when an entry does not fit in {@code table.size()} bytes or a
     *         field does not fit its width
     */
    public static byte[] encode(ResourceTable table, byte[] base, ByteOrder order) {
        byte[] out = Arrays.copyOf(base, table.size());
        ByteBuffer b = ByteBuffer.wrap(out).order(order);
        if (table.format() == TableFormat.V1) {
            need(out, 0, ResourceTable.HEADER_SIZE + 4 * table.offsets().size(), "the header and offset[]");
            put32(b, 0, table.ver(), "ver");
            put32(b, 4, table.num(), "num");
            put32(b, 8, table.reserved0(), "reserved[0]");
            put32(b, 12, table.reserved1(), "reserved[1]");
            for (int i = 0; i < table.offsets().size(); i++) {
                put32(b, ResourceTable.HEADER_SIZE + 4 * i, table.offsets().get(i), "offset[" + i + "]");
            }
        }
        for (ResourceEntry e : table.entries()) {
            need(out, e.offset(), e.size(), e.kind() + " entry at " + Hex.of(e.offset()));
            writeEntry(b, e);
        }
        return out;
    }

    /**
     * A version 1 table laid out anew from {@code entries}: header, {@code offset[]}, then the
     * entries one after another, each at a 4-byte aligned offset; {@code num} is the entry count.
     */
    public static ResourceTable layoutV1(List<ResourceEntry> entries, long reserved0, long reserved1) {
        int at = ResourceTable.HEADER_SIZE + 4 * entries.size();
        List<Long> offsets = new ArrayList<>();
        List<ResourceEntry> moved = new ArrayList<>();
        for (ResourceEntry e : entries) {
            if (e instanceof Legacy) {
                throw new IllegalArgumentException("a 2011 entry cannot be placed in a version 1 table");
            }
            offsets.add((long) at);
            moved.add(e.at(at));
            at = (at + e.size() + 3) & ~3;
        }
        return new ResourceTable(TableFormat.V1, 1, entries.size(), reserved0, reserved1, offsets, moved, at);
    }

    /** A 2011 table laid out anew: the entries one after another, 96 bytes each. */
    public static ResourceTable layout2011(List<ResourceEntry> entries) {
        List<Long> offsets = new ArrayList<>();
        List<ResourceEntry> moved = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Legacy)) {
                throw new IllegalArgumentException("only 2011 entries can be placed in a 2011 table");
            }
            offsets.add((long) i * ResourceEntry.LEGACY_SIZE);
            moved.add(entries.get(i).at(i * ResourceEntry.LEGACY_SIZE));
        }
        return new ResourceTable(TableFormat.V2011, -1, entries.size(), 0, 0, offsets, moved,
                entries.size() * ResourceEntry.LEGACY_SIZE);
    }

    private static void writeEntry(ByteBuffer b, ResourceEntry e) {
        int off = e.offset();
        put32(b, off, e.type(), "type");
        int body = off + 4;
        switch (e) {
            case MemoryEntry m -> {
                put32(b, body, m.da(), "da");
                put32(b, body + 4, m.pa(), "pa");
                put32(b, body + 8, m.len(), "len");
                put32(b, body + 12, m.flags(), "flags");
                put32(b, body + 16, m.reserved(), "reserved");
                putBytes(b, body + 20, m.name(), ResourceEntry.NAME_SIZE, "name");
            }
            case Trace t -> {
                put32(b, body, t.da(), "da");
                put32(b, body + 4, t.len(), "len");
                put32(b, body + 8, t.reserved(), "reserved");
                putBytes(b, body + 12, t.name(), ResourceEntry.NAME_SIZE, "name");
            }
            case Vdev v -> {
                if (v.vrings().size() > 255) {
                    throw new IllegalArgumentException("a vdev holds at most 255 vrings");
                }
                put32(b, body, v.id(), "id");
                put32(b, body + 4, v.notifyid(), "notifyid");
                put32(b, body + 8, v.dfeatures(), "dfeatures");
                put32(b, body + 12, v.gfeatures(), "gfeatures");
                put32(b, body + 16, v.config_len(), "config_len");
                put8(b, body + 20, v.status(), "status");
                put8(b, body + 21, v.num_of_vrings(), "num_of_vrings");
                put8(b, body + 22, v.reserved0(), "reserved[0]");
                put8(b, body + 23, v.reserved1(), "reserved[1]");
                int at = off + Vdev.HEADER_SIZE;
                for (Vring r : v.vrings()) {
                    put32(b, at, r.da(), "da");
                    put32(b, at + 4, r.align(), "align");
                    put32(b, at + 8, r.num(), "num");
                    put32(b, at + 12, r.notifyid(), "notifyid");
                    put32(b, at + 16, r.pa(), "pa");
                    at += Vring.SIZE;
                }
                putBytes(b, at, v.config(), v.config().length(), "config");
            }
            case Vendor v -> {
                int at = body;
                if (v.selfSized()) {
                    put32(b, body, v.len(), "len");
                    at += 4;
                }
                putBytes(b, at, v.data(), v.data().length(), "data");
            }
            case Legacy l -> {
                put32(b, off + 4, l.id(), "id");
                b.putLong(off + 8, l.da());
                b.putLong(off + 16, l.pa());
                put32(b, off + 24, l.len(), "len");
                put32(b, off + 28, l.flags(), "flags");
                putBytes(b, off + 32, l.reserved(), 16, "reserved");
                putBytes(b, off + 48, l.name(), 48, "name");
            }
        }
    }

    private static void need(byte[] out, long at, long len, String what) {
        if (at < 0 || at + len > out.length) {
            throw new IllegalArgumentException(what + " (" + len + " bytes at " + Hex.of(at) + ") does not fit in the table of "
                    + out.length + " bytes");
        }
    }

    private static void put32(ByteBuffer b, int at, long v, String field) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " " + Hex.of(v) + " does not fit in 32 bits");
        }
        b.putInt(at, (int) v);
    }

    private static void put8(ByteBuffer b, int at, int v, String field) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(field + " " + v + " does not fit in 8 bits");
        }
        b.put(at, (byte) v);
    }

    private static void putBytes(ByteBuffer b, int at, Bytes v, int size, String field) {
        if (v.length() != size) {
            throw new IllegalArgumentException(field + " must have " + size + " bytes, not " + v.length());
        }
        b.put(at, v.toArray());
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static Bytes bytes(ByteBuffer b, int at, int len) {
        byte[] d = new byte[len];
        b.get(at, d);
        return Bytes.of(d);
    }
}
