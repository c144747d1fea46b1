package dev.bringup.firmware;

import java.util.List;

/**
 * One decoded resource table entry: an immutable record per entry type, with the field names of
 * the Linux structures ({@code struct fw_rsc_carveout}, ...). These records are the one owner of
 * the decoded data; higher layers wrap them rather than copy them. {@code offset} is the offset
 * of the entry's {@code type} word from the start of the table.
 */
public sealed interface ResourceEntry {

    /** {@code RSC_CARVEOUT}, v1 and 2011. */
    int RSC_CARVEOUT = 0;
    /** {@code RSC_DEVMEM}, v1 and 2011. */
    int RSC_DEVMEM = 1;
    /** {@code RSC_TRACE}, v1 and 2011. */
    int RSC_TRACE = 2;
    /** {@code RSC_VDEV} in v1; {@code RSC_VRING} in 2011. */
    int RSC_VDEV = 3;
    /** First vendor-specific type (v1). */
    int RSC_VENDOR_START = 128;
    /** Last vendor-specific type (v1). */
    int RSC_VENDOR_END = 512;
    /** {@code FW_RSC_ADDR_ANY}: the host chooses the address. */
    long FW_RSC_ADDR_ANY = 0xFFFF_FFFFL;

    /** Offset of the entry's {@code type} word from the start of the table. */
    int offset();

    /** The {@code type} word. */
    long type();

    /**
     * The JSON and expression name of the entry type: {@code carveout}, {@code devmem}, {@code trace},
     * {@code vdev}, {@code vendor}, {@code unknown}; in 2011 tables also {@code vring},
     * {@code virtio_dev}, {@code virtio_cfg}.
     */
    String kind();

    /** Bytes the entry occupies in the table, its {@code type} word included. */
    int size();

    /** This entry moved to another offset (used when a table is laid out anew). */
    ResourceEntry at(int newOffset);

    /** The fields shared by carveout and devmem entries. */
    sealed interface MemoryEntry extends ResourceEntry {
        long da();

        long pa();

        long len();

        long flags();

        long reserved();

        /** {@code name[32]}, raw, NUL-padded. */
        Bytes name();
    }

    /** Size of {@code name[32]} in v1 entries. */
    int NAME_SIZE = 32;

    /** {@code struct fw_rsc_carveout}: physically contiguous memory the host allocates (and maps). */
    record Carveout(int offset, long da, long pa, long len, long flags, long reserved, Bytes name) implements MemoryEntry {
        /** Entry size with its type word. */
        public static final int SIZE = 4 + 20 + NAME_SIZE;

        @Override
        public long type() {
            return RSC_CARVEOUT;
        }

        @Override
        public String kind() {
            return "carveout";
        }

        @Override
        public int size() {
            return SIZE;
        }

        /** Declared explicitly: the JDT null analysis does not match an implicit accessor to {@link MemoryEntry#name()}. */
        @Override
        public Bytes name() {
            return name;
        }

        @Override
        public Carveout at(int newOffset) {
            return new Carveout(newOffset, da, pa, len, flags, reserved, name);
        }
    }

    /** {@code struct fw_rsc_devmem}: a peripheral the host maps at {@code da} through the IOMMU. */
    record Devmem(int offset, long da, long pa, long len, long flags, long reserved, Bytes name) implements MemoryEntry {
        /** Entry size with its type word. */
        public static final int SIZE = 4 + 20 + NAME_SIZE;

        @Override
        public long type() {
            return RSC_DEVMEM;
        }

        @Override
        public String kind() {
            return "devmem";
        }

        @Override
        public int size() {
            return SIZE;
        }

        /** Declared explicitly: the JDT null analysis does not match an implicit accessor to {@link MemoryEntry#name()}. */
        @Override
        public Bytes name() {
            return name;
        }

        @Override
        public Devmem at(int newOffset) {
            return new Devmem(newOffset, da, pa, len, flags, reserved, name);
        }
    }

    /** {@code struct fw_rsc_trace}: a text ring buffer the firmware writes. */
    record Trace(int offset, long da, long len, long reserved, Bytes name) implements ResourceEntry {
        /** Entry size with its type word. */
        public static final int SIZE = 4 + 12 + NAME_SIZE;

        @Override
        public long type() {
            return RSC_TRACE;
        }

        @Override
        public String kind() {
            return "trace";
        }

        @Override
        public int size() {
            return SIZE;
        }

        @Override
        public Trace at(int newOffset) {
            return new Trace(newOffset, da, len, reserved, name);
        }
    }

    /** {@code struct fw_rsc_vdev_vring}. */
    record Vring(long da, long align, long num, long notifyid, long pa) {
        /** Size of one vring descriptor. */
        public static final int SIZE = 20;
    }

    /**
     * {@code struct fw_rsc_vdev} with its vrings and config space. {@code num_of_vrings} and
     * {@code config_len} are the sizes of {@code vrings} and {@code config}.
     */
    record Vdev(int offset, long id, long notifyid, long dfeatures, long gfeatures, int status, int reserved0,
            int reserved1, List<Vring> vrings, Bytes config) implements ResourceEntry {
        /** Size of the fixed part with its type word. */
        public static final int HEADER_SIZE = 4 + 24;

        public Vdev {
            vrings = List.copyOf(vrings);
        }

        public int num_of_vrings() {
            return vrings.size();
        }

        public long config_len() {
            return config.length();
        }

        @Override
        public long type() {
            return RSC_VDEV;
        }

        @Override
        public String kind() {
            return "vdev";
        }

        @Override
        public int size() {
            return HEADER_SIZE + vrings.size() * Vring.SIZE + config.length();
        }

        @Override
        public Vdev at(int newOffset) {
            return new Vdev(newOffset, id, notifyid, dfeatures, gfeatures, status, reserved0, reserved1, vrings, config);
        }
    }

    /**
     * An entry the kernel hands to the platform driver (vendor types 128..512) or skips (other
     * unknown types). When {@code len >= 0} the entry is OpenAMP's self-sized
     * {@code struct fw_rsc_vendor}: {@code len} is the size of the whole entry with its type and len
     * words, and {@code data} are the bytes after the len word. Otherwise ({@code len == -1})
     * {@code data} are the bytes after the type word up to the next entry or the table end.
     */
    record Vendor(int offset, long type, long len, Bytes data) implements ResourceEntry {

        /** Whether the entry carries OpenAMP's {@code len} word. */
        public boolean selfSized() {
            return len >= 0;
        }

        @Override
        public String kind() {
            return type >= RSC_VENDOR_START && type <= RSC_VENDOR_END ? "vendor" : "unknown";
        }

        @Override
        public int size() {
            return (selfSized() ? 8 : 4) + data.length();
        }

        @Override
        public Vendor at(int newOffset) {
            return new Vendor(newOffset, type, len, data);
        }
    }

    /** Size of one 2011 entry. */
    int LEGACY_SIZE = 96;

    /**
     * One 2011 {@code struct fw_resource}: {@code u32 type, u32 id, u64 da, u64 pa, u32 len,
     * u32 flags, u8 reserved[16], u8 name[48]}; types CARVEOUT 0, DEVMEM 1, TRACE 2, VRING 3,
     * VIRTIO_DEV 4, VIRTIO_CFG 5.
     */
    record Legacy(int offset, long type, long id, long da, long pa, long len, long flags, Bytes reserved, Bytes name)
            implements ResourceEntry {

        @Override
        public String kind() {
            return switch ((int) Math.min(type, 6)) {
                case 0 -> "carveout";
                case 1 -> "devmem";
                case 2 -> "trace";
                case 3 -> "vring";
                case 4 -> "virtio_dev";
                case 5 -> "virtio_cfg";
                default -> "unknown";
            };
        }

        @Override
        public int size() {
            return LEGACY_SIZE;
        }

        @Override
        public Legacy at(int newOffset) {
            return new Legacy(newOffset, type, id, da, pa, len, flags, reserved, name);
        }
    }
}
