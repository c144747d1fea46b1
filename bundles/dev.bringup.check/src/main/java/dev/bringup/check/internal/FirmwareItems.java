package dev.bringup.check.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Location;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.firmware.ElfSection;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.ResourceEntry;
import dev.bringup.firmware.ResourceTable;

/**
 * What a firmware image places in the processor's address space: its PT_LOAD segments and the
 * resource-table entries with a device address (carveouts, devmem, trace buffers, vrings with a
 * fixed {@code da}), v1 and 2011 tables alike, each with where it is in the file.
 */
public final class FirmwareItems {

    /** What an item is. */
    public enum Kind {
        SEGMENT, CARVEOUT, DEVMEM, TRACE, VRING, VDEV
    }

    /**
     * One placed item.
     *
     * @param kind what it is
     * @param label how messages name it: {@code PT_LOAD 1}, {@code carveout "apu_code"}, {@code vdev[0].vrings[1]}
     * @param name the entry's name (empty for segments and vrings)
     * @param da device address, {@link ResourceEntry#FW_RSC_ADDR_ANY} when the host chooses
     * @param len bytes
     * @param pa the physical address the entry asks for (devmem), or -1
     * @param fileOffset file offset of the program header or table entry
     * @param byteLength bytes of that header or entry
     * @param index program-header index or table-entry index
     */
    public record Item(Kind kind, String label, String name, long da, long len, long pa, long fileOffset, int byteLength,
            int index) {

        public boolean fixedDa() {
            return da != ResourceEntry.FW_RSC_ADDR_ANY;
        }

        public Span span() {
            return Span.of(da, len);
        }

        /** The item's place in the firmware file, with its device-address range. */
        public Location location(String file) {
            return new Location(file, fileOffset, index, null, fixedDa() ? da : -1, fixedDa() ? len : 0);
        }

        /** {@code PT_LOAD 1 at da [0x10000000..0x10001c10)}. */
        public String describe() {
            return label + " at da " + Span.of(da, len);
        }
    }

    private static final long PAGE_SIZE = 4096;

    private FirmwareItems() {
    }

    /** Every placed item, segments first (in program-header order), then table entries in table order. */
    public static List<Item> of(Firmware fw) {
        List<Item> items = new ArrayList<>();
        int phentsize = fw.elf().header().e_phentsize();
        for (ElfProgramHeader ph : fw.elf().programHeaders()) {
            if (ph.isLoad() && ph.p_memsz() > 0) {
                items.add(new Item(Kind.SEGMENT, "PT_LOAD " + ph.index(), "", ph.p_paddr(), ph.p_memsz(), -1,
                        ph.headerOffset(), phentsize, ph.index()));
            }
        }
        ResourceTable table = fw.resourceTable();
        ElfSection section = fw.tableSection();
        if (table == null || section == null) {
            return items;
        }
        long base = section.sh_offset();
        List<ResourceEntry> entries = table.entries();
        int vdevs = 0;
        for (int i = 0; i < entries.size(); i++) {
            ResourceEntry e = entries.get(i);
            long off = base + e.offset();
            switch (e) {
            case ResourceEntry.Carveout c -> items.add(new Item(Kind.CARVEOUT, "carveout \"" + c.name().cString() + "\"",
                    c.name().cString(), c.da(), c.len(), -1, off, e.size(), i));
            case ResourceEntry.Devmem d -> items.add(new Item(Kind.DEVMEM, "devmem \"" + d.name().cString() + "\"",
                    d.name().cString(), d.da(), d.len(), d.pa(), off, e.size(), i));
            case ResourceEntry.Trace t -> items.add(new Item(Kind.TRACE, "trace \"" + t.name().cString() + "\"",
                    t.name().cString(), t.da(), t.len(), -1, off, e.size(), i));
            case ResourceEntry.Vdev v -> {
                String vdev = "vdev[" + vdevs++ + "]";
                items.add(new Item(Kind.VDEV, vdev + " (id " + v.id() + ")", "", ResourceEntry.FW_RSC_ADDR_ANY, 0, -1, off,
                        e.size(), i));
                for (int k = 0; k < v.vrings().size(); k++) {
                    ResourceEntry.Vring r = v.vrings().get(k);
                    items.add(new Item(Kind.VRING, vdev + ".vrings[" + k + "]", "", r.da(), vringBytes(r.num(), r.align()), -1,
                            off + ResourceEntry.Vdev.HEADER_SIZE + (long) k * ResourceEntry.Vring.SIZE, ResourceEntry.Vring.SIZE,
                            i));
                }
            }
            case ResourceEntry.Legacy l -> {
                Kind k = legacyKind(l.type());
                if (k != null) {
                    items.add(new Item(k, "2011 " + l.kind() + " \"" + l.name().cString() + "\"", l.name().cString(), l.da(),
                            l.len(), k == Kind.DEVMEM ? l.pa() : -1, off, e.size(), i));
                }
            }
            default -> {
                // vendor and unknown entries place nothing the host knows about
            }
            }
        }
        return items;
    }

    private static @Nullable Kind legacyKind(long type) {
        return switch ((int) Math.min(type, 6)) {
            case 0 -> Kind.CARVEOUT;
            case 1 -> Kind.DEVMEM;
            case 2 -> Kind.TRACE;
            case 3 -> Kind.VRING;
            default -> null;
        };
    }

    /**
     * The bytes the host allocates for a vring: {@code PAGE_ALIGN(vring_size(num, align))}, as
     * {@code rproc_alloc_vring} does (descriptors, avail ring, padding to {@code align}, used ring).
     */
    public static long vringBytes(long num, long align) {
        if (num <= 0 || num > 0x10000 || align <= 0 || Long.bitCount(align) != 1) {
            return PAGE_SIZE;
        }
        long first = 16 * num + 2 * (3 + num);
        long size = ((first + align - 1) & -align) + 2 * 3 + 8 * num;
        return (size + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
