package dev.bringup.loader.internal;

import dev.bringup.common.Hex;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;

/**
 * {@code rproc_handle_resources()} and the loading handlers of the version 1 table
 * ({@code rproc_handle_carveout}, {@code _devmem}, {@code _trace}, {@code _vdev}), reading the
 * cached table as the kernel does: {@code num} offsets, each entry's type word, and the bytes
 * available after it.
 */
final class Resources {

    private static final int RSC_CARVEOUT = 0;
    private static final int RSC_DEVMEM = 1;
    private static final int RSC_TRACE = 2;
    private static final int RSC_VDEV = 3;
    private static final int RSC_LAST = 4;
    private static final int RSC_VENDOR_START = 128;
    private static final int RSC_VENDOR_END = 512;
    private static final int MAX_VRINGS = 2;

    private Resources() {
    }

    /** Handles every entry of {@code rproc->table_ptr}; the first failing handler stops it. */
    static void handleAll(Rproc r) throws StepFailure {
        byte[] t = r.cachedTable();
        Kernel k = r.kernel();
        if (t == null) {
            return;
        }
        long num = RscTable.u32(t, 4);
        for (int i = 0; i < num; i++) {
            int offset = (int) RscTable.u32(t, RscTable.HEADER + 4 * i);
            int avail = t.length - offset - RscTable.HDR;
            if (avail < 0 || offset < 0) {
                r.err("rsc table is truncated");
                throw k.fail(-22, "offset[" + i + "] = " + Hex.of(offset & 0xFFFF_FFFFL) + " leaves no room for an entry in the "
                        + t.length + "-byte table", "fix offset[" + i + "] or the table's size");
            }
            long type = RscTable.u32(t, offset);
            int body = offset + RscTable.HDR;
            if (type >= RSC_VENDOR_START && type <= RSC_VENDOR_END) {
                int ret = r.driver().handleRsc(r, type, body, avail);
                if (ret == RprocDriver.RSC_HANDLED) {
                    k.note("vendor resource " + type + " handled by " + r.driver().driverName());
                    continue;
                }
                if (ret < 0) {
                    throw k.fail(ret, "the platform driver refused vendor resource " + type, null);
                }
                r.warn("unsupported vendor resource " + type);
                continue;
            }
            if (type >= RSC_LAST) {
                r.warn("unsupported resource " + type);
                continue;
            }
            switch ((int) type) {
            case RSC_CARVEOUT -> carveout(r, t, body, avail);
            case RSC_DEVMEM -> devmem(r, t, body, avail);
            case RSC_TRACE -> trace(r, t, body, avail);
            case RSC_VDEV -> vdev(r, t, body, avail);
            default -> throw new IllegalStateException("type " + type);
            }
        }
    }

    private static void carveout(Rproc r, byte[] t, int at, int avail) throws StepFailure {
        Kernel k = r.kernel();
        if (RscTable.CARVEOUT_SIZE > avail) {
            r.err("carveout rsc is truncated");
            throw k.fail(-22, "the carveout entry at " + Hex.of(at - 4) + " runs past the end of the table", null);
        }
        if (RscTable.u32(t, at + RscTable.C_RESERVED) != 0) {
            r.err("carveout rsc has non zero reserved bytes");
            throw k.fail(-22, "the carveout entry at " + Hex.of(at - 4) + " has reserved = "
                    + Hex.of(RscTable.u32(t, at + RscTable.C_RESERVED)), "set reserved to 0");
        }
        String name = RscTable.name(t, at + RscTable.C_NAME, 32);
        long da = RscTable.u32(t, at + RscTable.C_DA);
        long len = RscTable.u32(t, at + RscTable.C_LEN);
        int flags = (int) RscTable.u32(t, at + RscTable.C_FLAGS);
        MemEntry found = r.findCarveout(name);
        if (found != null) {
            if (found.rscOffset >= 0) {
                r.err("Carveout already associated to resource table");
                throw k.fail(-12, "two carveout entries are called " + name, "give every carveout its own name");
            }
            checkCarveoutDa(r, found, da, len);
            found.rscOffset = at;
            found.flags = flags;
            k.note("carveout " + name + " is the registered region " + found + "; the core allocates nothing for it");
            return;
        }
        MemEntry m = new MemEntry(name, -1, -1, len, da, Rproc::allocCarveoutCallback, Rproc::releaseCarveoutCallback,
                "resource table");
        m.flags = flags;
        m.rscOffset = at;
        r.addCarveout(m);
        k.note("carveout " + name + ": da " + Hex.of(da) + ", len " + Hex.of(len) + ", flags " + Hex.of(flags)
                + " registered; the core allocates it with dma_alloc_coherent");
    }

    /** {@code rproc_check_carveout_da()}. */
    static void checkCarveoutDa(Rproc r, MemEntry mem, long da, long len) throws StepFailure {
        Kernel k = r.kernel();
        if (len > mem.len) {
            r.err("Registered carveout doesn't fit len request");
            throw k.fail(-12, "the firmware asks for " + Hex.of(len) + " bytes of " + mem.name + " but the registered region"
                    + " has " + Hex.of(mem.len), "make the memory-region node larger or the entry smaller");
        }
        if (da != MemEntry.ADDR_ANY && mem.da == MemEntry.ADDR_ANY) {
            throw k.fail(-12, "the firmware wants " + mem.name + " at da " + Hex.of(da) + " but the registered region has no"
                    + " device address", null);
        }
        if (da != MemEntry.ADDR_ANY) {
            long delta = da - mem.da;
            if (delta < 0) {
                r.err("Registered carveout doesn't fit da request");
                throw k.fail(-12, "the firmware wants " + mem.name + " at da " + Hex.of(da) + ", below the registered region"
                        + " at da " + Hex.of(mem.da), "make the entry's da match the memory-region node's device address");
            }
            if (delta + len > mem.len) {
                r.err("Registered carveout doesn't fit len request");
                throw k.fail(-12, "the firmware wants " + Hex.of(len) + " bytes of " + mem.name + " at da " + Hex.of(da)
                        + ", past the end of the registered region " + mem, null);
            }
        }
    }

    private static void devmem(Rproc r, byte[] t, int at, int avail) throws StepFailure {
        Kernel k = r.kernel();
        IommuDomain d = r.domain;
        String name = RscTable.name(t, at + RscTable.C_NAME, 32);
        if (d == null) {
            throw k.fail(-22, "devmem entry " + name + " asks for an IOMMU mapping but the core has no IOMMU domain for "
                    + r.name() + " (no point in handling it without one: the kernel returns -EINVAL without a message)",
                    "remove the DEVMEM entry, or put the processor behind an IOMMU the core can program");
        }
        if (RscTable.CARVEOUT_SIZE > avail) {
            r.err("devmem rsc is truncated");
            throw k.fail(-22, "the devmem entry at " + Hex.of(at - 4) + " runs past the end of the table", null);
        }
        if (RscTable.u32(t, at + RscTable.C_RESERVED) != 0) {
            r.err("devmem rsc has non zero reserved bytes");
            throw k.fail(-22, "devmem " + name + " has a non-zero reserved field", "set reserved to 0");
        }
        long da = RscTable.u32(t, at + RscTable.C_DA);
        long pa = RscTable.u32(t, at + RscTable.C_PA);
        long len = RscTable.u32(t, at + RscTable.C_LEN);
        int flags = (int) RscTable.u32(t, at + RscTable.C_FLAGS);
        int prot = r.driver().mapProt(flags);
        try {
            k.sim().api().map(d, da, pa, len, prot);
        } catch (IommuException e) {
            r.err("failed to map devmem: " + e.errno().negated());
            throw k.fail(e.errno().negated(), "devmem " + name + " (pa " + Hex.of(pa) + " at da " + Hex.of(da) + ", "
                    + Hex.of(len) + " bytes): " + e.reason() + ((prot & RprocDriver.RW) == 0 ? ". Its flags " + Hex.of(flags)
                            + " give no IOMMU_READ/IOMMU_WRITE" : ""), e.fix());
        }
        r.addMapping(da, len);
        k.note("devmem " + name + ": pa " + Hex.of(pa) + " mapped at da " + Hex.of(da) + " (" + Hex.of(len) + " bytes)");
    }

    private static void trace(Rproc r, byte[] t, int at, int avail) throws StepFailure {
        Kernel k = r.kernel();
        if (RscTable.TRACE_SIZE > avail) {
            r.err("trace rsc is truncated");
            throw k.fail(-22, "the trace entry at " + Hex.of(at - 4) + " runs past the end of the table", null);
        }
        if (RscTable.u32(t, at + 8) != 0) {
            r.err("trace rsc has non zero reserved bytes");
            throw k.fail(-22, "the trace entry has a non-zero reserved field", "set reserved to 0");
        }
        long da = RscTable.u32(t, at);
        long len = RscTable.u32(t, at + 4);
        r.addTrace(da, len);
        k.note("trace" + (r.traces().size() - 1) + ": da " + Hex.of(da) + ", " + len + " bytes ("
                + RscTable.name(t, at + 12, 32) + ")");
    }

    private static void vdev(Rproc r, byte[] t, int at, int avail) throws StepFailure {
        Kernel k = r.kernel();
        if (avail < RscTable.VDEV_SIZE) {
            r.err("vdev rsc is truncated");
            throw k.fail(-22, "the vdev entry at " + Hex.of(at - 4) + " runs past the end of the table", null);
        }
        int nvrings = RscTable.u8(t, at + RscTable.V_NUM_OF_VRINGS);
        long configLen = RscTable.u32(t, at + RscTable.V_CONFIG_LEN);
        if (RscTable.VDEV_SIZE + (long) nvrings * RscTable.VRING_SIZE + configLen > avail) {
            r.err("vdev rsc is truncated");
            throw k.fail(-22, "the vdev entry with " + nvrings + " vrings and " + configLen + " bytes of config space runs"
                    + " past the end of the table", null);
        }
        if (RscTable.u8(t, at + RscTable.V_RESERVED) != 0 || RscTable.u8(t, at + RscTable.V_RESERVED + 1) != 0) {
            r.err("vdev rsc has non zero reserved bytes");
            throw k.fail(-22, "the vdev entry has non-zero reserved bytes", "set reserved[0] and reserved[1] to 0");
        }
        if (nvrings > MAX_VRINGS) {
            r.err("too many vrings: " + nvrings);
            throw k.fail(-22, "the vdev has " + nvrings + " vrings; Linux supports two per vdev", "use two vrings");
        }
        Rvdev v = new Rvdev(r, r.nbVdev++, (int) RscTable.u32(t, at + RscTable.V_ID), at);
        for (int i = 0; i < nvrings; i++) {
            int ring = at + RscTable.VDEV_SIZE + i * RscTable.VRING_SIZE;
            long num = RscTable.u32(t, ring + RscTable.R_NUM);
            long align = RscTable.u32(t, ring + RscTable.R_ALIGN);
            if (num == 0 || align == 0) {
                r.err("invalid qsz (" + num + ") or alignment (" + align + ")");
                throw k.fail(-22, "vring" + i + " has num " + num + " and align " + align, "give every vring a size and an"
                        + " alignment (num >= 1, align a power of two)");
            }
            v.addVring(num, align);
        }
        for (int i = 0; i < nvrings; i++) {
            v.allocVring(i);
        }
        r.addRvdev(v);
        k.note("vdev" + v.index() + ": virtio id " + v.id() + ", " + nvrings + " vrings");
    }
}
