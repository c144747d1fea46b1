package dev.bringup.iommu;

import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.iommu.internal.PageTable;

/**
 * The accesses a master makes by device address: through its IOMMU (the IOTLB, then a
 * page-table walk on a miss) to simulated physical memory. An unmapped address or a write to a
 * read-only leaf is a fault, reported through the domain's handler and printed with the IOMMU
 * driver's messages; the access stops there.
 */
public final class DeviceAccess {

    /**
     * The outcome of one access.
     *
     * @param da the device address of the first byte
     * @param length bytes asked for
     * @param completed bytes transferred before a fault
     * @param fault the fault, or null when the access completed
     */
    public record Result(long da, int length, int completed, @Nullable FaultRecord fault) {
        public boolean ok() {
            return fault == null;
        }
    }

    private static final int PAGE = 4096;

    private final Simulation sim;
    private final IommuEvents events;
    private @Nullable FaultRecord lastFault;

    DeviceAccess(Simulation sim) {
        this.sim = sim;
        this.events = sim.events();
    }

    /** The master reads {@code len} bytes at device address {@code da} into {@code dst}. */
    public Result read(Master m, long da, byte[] dst, int off, int len) {
        return access(m, da, dst, off, len, false);
    }

    /** The master writes {@code len} bytes of {@code src} at device address {@code da}. */
    public Result write(Master m, long da, byte[] src, int off, int len) {
        return access(m, da, src, off, len, true);
    }

    /** The master reads {@code dst.length} bytes at {@code da}. */
    public Result read(Master m, long da, byte[] dst) {
        return read(m, da, dst, 0, dst.length);
    }

    /** The master writes all of {@code src} at {@code da}. */
    public Result write(Master m, long da, byte[] src) {
        return write(m, da, src, 0, src.length);
    }

    private Result access(Master m, long da, byte[] buf, int off, int len, boolean write) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int done = 0;
        while (done < len) {
            long addr = da + done;
            int n = Math.min(len - done, PAGE - (int) (addr & (PAGE - 1)));
            long pa = translate(m, addr, write);
            if (pa < 0) {
                return new Result(da, len, done, lastFault);
            }
            try {
                if (write) {
                    sim.memory().write(pa, buf, off + done, n);
                } else {
                    sim.memory().read(pa, buf, off + done, n);
                }
            } catch (IommuException e) {
                Iommu iommu = m.iommu();
                FaultRecord f = new FaultRecord(iommu == null ? null : iommu.name(), m.name(), addr, write,
                        FaultRecord.Reason.EXTERNAL, -1, m.streamId(), m.larb(), m.port(), -1, null, -1, 0,
                        List.of(m.name() + ": bus error: " + e.reason()));
                emit(f);
                return new Result(da, len, done, f);
            }
            done += n;
        }
        return new Result(da, len, done, null);
    }

    /**
     * The physical address one access of {@code m} at {@code da} reaches, through the IOTLB and the
     * page table as the hardware does (filling the IOTLB on a miss); -1 after a fault, which was
     * reported and is in {@link #lastFault()}.
     */
    public long translate(Master m, long da, boolean write) {
        Iommu iommu = m.iommu();
        if (iommu == null) {
            long pa = m.directPhys(da);
            if (pa < 0) {
                return fault(new FaultRecord(null, m.name(), da, write, FaultRecord.Reason.EXTERNAL, -1, -1, -1, -1,
                        -1, null, -1, 0, List.of(m.name() + ": device address " + Hex.of(da)
                                + " is outside every dma-ranges window")));
            }
            return pa;
        }
        IommuDomain d = iommu.walkedDomain(m);
        if (d == null) {
            FaultRecord f = iommu.unattachedAccess(m, da, write);
            return f == null ? da : fault(f);
        }
        DomainType type = d.type();
        if (type == DomainType.IDENTITY) {
            return da;
        }
        PageTable table = d.table();
        if (type == DomainType.BLOCKED || table == null) {
            return fault(new FaultRecord(iommu.name(), m.name(), da, write, FaultRecord.Reason.BLOCKED, -1, m.streamId(),
                    m.larb(), m.port(), d.context(), d.label(), -1, 0, List.of()));
        }
        Iotlb tlb = iommu.iotlb();
        int ctx = iommu.tlbContext(d);
        int slot = tlb.lookup(ctx, da);
        long pa;
        int perms;
        if (slot >= 0) {
            pa = tlb.pa(slot, da);
            perms = tlb.perms(slot);
        } else {
            int level = table.translate(da);
            if (level >= 0) {
                return fault(iommu.contextFault(m, d, da, write, FaultRecord.Reason.TRANSLATION, level));
            }
            long size = table.leafSize;
            tlb.insert(ctx, da & -size, size, table.leafPa, table.leafPerms);
            pa = table.leafPa | (da & (size - 1));
            perms = table.leafPerms;
        }
        if ((perms & (write ? PageTable.PERM_WRITE : PageTable.PERM_READ)) == 0) {
            int level = table.walk(da).last().level();
            return fault(iommu.contextFault(m, d, da, write, FaultRecord.Reason.PERMISSION, level));
        }
        return pa;
    }

    private long fault(FaultRecord f) {
        lastFault = f;
        emit(f);
        return -1;
    }

    private void emit(FaultRecord f) {
        if (events.active()) {
            StringBuilder text = new StringBuilder(f.summary());
            if (f.domain() != null) {
                text.append("; reported to ").append(f.domain()).append(" = ").append(f.handlerResult());
            }
            for (String line : f.kernelLog()) {
                text.append('\n').append(line);
            }
            events.emit(IommuEvent.Kind.FAULT, f.device(), f.domain(), f.da(), -1, -1,
                    f.handlerResult() < 0 ? Errno.of(f.handlerResult()) : null, f.handlerResult(), text.toString());
        }
    }

    /** The fault of the last access or translation that failed, or null. */
    public @Nullable FaultRecord lastFault() {
        return lastFault;
    }

    /**
     * What device address {@code da} of {@code m} maps to now, from the page table alone (no
     * IOTLB, no fault report): the walk, or null when the device does not translate (no IOMMU,
     * identity, bypass).
     */
    public @Nullable Walk walk(Master m, long da) {
        Iommu iommu = m.iommu();
        if (iommu == null) {
            return null;
        }
        IommuDomain d = iommu.walkedDomain(m);
        PageTable t = d == null ? null : d.table();
        return t == null ? null : t.walk(da);
    }
}
