package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * Calls that do not exist in Linux, as they were proposed on the mailing lists, simulated
 * honestly so a user can see whether they would work.
 * <p>
 * {@link #dmaAllocAtFixedDeviceAddress}: seed 000 suggests a DMA API call that allocates a buffer
 * mapped at a device address the caller chooses (the MT8183 APU firmware is linked at
 * 0x60000000-0x70000000). The IOVA space of a DMA domain belongs to its allocator, shared by
 * every device of the group, so the call must take the range in that allocator; when another
 * allocation, a reserved region or a mapping is already there, it cannot, and it says which.
 */
public final class Experimental {

    /**
     * Something already in a device-address range.
     *
     * @param iova its first address
     * @param size its size
     * @param what what it is and whose
     */
    public record Collision(long iova, long size, String what) {
        @Override
        public String toString() {
            return new AddressRange(iova, size) + " " + what;
        }
    }

    private final Simulation sim;

    Experimental(Simulation sim) {
        this.sim = sim;
    }

    /**
     * What already occupies {@code [da, da + size)} in the default DMA domain of {@code dev}: IOVA
     * allocations (live or cached), reservations, and mappings made outside the allocator.
     */
    public List<Collision> collisions(Master dev, long da, long size) {
        List<Collision> out = new ArrayList<>();
        IommuDomain d = sim.dma().dmaDomain(dev);
        if (d == null || size <= 0) {
            return out;
        }
        IovaAllocator iovad = Objects.requireNonNull(d.iovaAllocator());
        List<IovaAllocator.Allocation> taken = iovad.overlapping(da >>> iovad.shift(), (da + size - 1) >>> iovad.shift());
        for (IovaAllocator.Allocation a : taken) {
            String what = switch (a.kind()) {
                case ALLOCATED -> "allocated by " + a.owner();
                case RESERVED -> "reserved: " + a.owner();
                case CACHED -> "freed by " + a.owner() + " but still held in the IOVA range cache";
            };
            out.add(new Collision(a.iova(), a.size(), what));
        }
        IoPageTable t = d.pageTable();
        if (t != null) {
            t.forEachMapping(da, da + size, (iova, pa, sz, perms, kind) -> {
                for (IovaAllocator.Allocation a : taken) {
                    if (a.range().overlaps(iova, sz)) {
                        return;
                    }
                }
                out.add(new Collision(iova, sz, "mapped to pa " + Hex.of(pa) + " outside the IOVA allocator"));
            });
        }
        return out;
    }

    /**
     * Allocates {@code size} bytes of memory and maps it at device address {@code da} in the
     * default DMA domain of {@code dev}, taking {@code [da, da + size)} in the domain's IOVA
     * allocator first.
     *
     * @throws IommuException {@code -EBUSY} naming every collision when the range is taken;
     *         {@code -EINVAL} when the device has no DMA domain or {@code da}/{@code size} are not
     *         aligned to the IOVA granule; {@code -ERANGE} outside the aperture or the DMA mask;
     *         {@code -ENOMEM} without memory
     */
    public DmaApi.DmaBuffer dmaAllocAtFixedDeviceAddress(Master dev, long da, long size) throws IommuException {
        String call = "Experimental.dmaAllocAtFixedDeviceAddress(" + dev.name() + ", " + Hex.of(da) + ", "
                + Hex.of(size) + ")";
        try {
            DmaApi.DmaBuffer buf = allocFixed(dev, da, size);
            sim.dma().record(buf);
            emit(dev, da, buf.pa(), size, null, call + " = pa " + Hex.of(buf.pa()) + ", IOVA range taken in the"
                    + " domain's allocator");
            return buf;
        } catch (IommuException e) {
            emit(dev, da, -1, size, e, call + " failed: " + e.describe());
            throw e;
        }
    }

    private void emit(Master dev, long da, long pa, long size, @org.eclipse.jdt.annotation.Nullable IommuException e,
            String text) {
        IommuEvents events = sim.events();
        if (events.active()) {
            events.emit(IommuEvent.Kind.DMA_ALLOC, dev.name(), null, da, pa, size, e == null ? null : e.errno(),
                    e == null ? 0 : e.errno().negated(), text);
        }
    }

    private DmaApi.DmaBuffer allocFixed(Master dev, long da, long size) throws IommuException {
        DmaApi dma = sim.dma();
        IommuDomain d = dma.dmaDomain(dev);
        Location where = Location.range(da, size);
        if (d == null) {
            throw new IommuException(Errno.EINVAL, dev.name() + " has no DMA domain to allocate device addresses in"
                    + " (" + (dev.group() == null ? "not behind an IOMMU" : "its default domain is "
                            + Objects.requireNonNull(dev.group()).defaultDomain()) + "): device addresses are physical",
                    where, "reserve the physical range instead (a reserved-memory node with reg)");
        }
        IovaAllocator iovad = Objects.requireNonNull(d.iovaAllocator());
        long granule = iovad.granule();
        if (size <= 0 || ((da | size) & (granule - 1)) != 0) {
            throw new IommuException(Errno.EINVAL, "device address " + Hex.of(da) + " and size " + Hex.of(size)
                    + " must be aligned to the IOVA granule " + Hex.of(granule), where, "align them to " + Hex.of(granule));
        }
        long last = da + size - 1;
        if (da < d.apertureStart() || Long.compareUnsigned(last, d.apertureEnd()) > 0
                || Long.compareUnsigned(last, dev.coherentDmaMask()) > 0) {
            throw new IommuException(Errno.ERANGE, new AddressRange(da, size) + " is outside " + d.label()
                    + "'s aperture [" + Hex.of(d.apertureStart()) + ".." + Hex.of(d.apertureEnd()) + "] or "
                    + dev.name() + "'s DMA mask " + Hex.of(dev.coherentDmaMask()), where,
                    "choose a device address inside the aperture and the mask");
        }
        List<Collision> taken = collisions(dev, da, size);
        if (!taken.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (Collision c : taken) {
                b.append(b.isEmpty() ? "" : "; ").append(c);
            }
            throw new IommuException(Errno.EBUSY, new AddressRange(da, size) + " in " + d.label() + " (shared by "
                    + describeGroup(d) + ") is already taken: " + b, where,
                    "take the range before anyone allocates there (a reserved region: iommu-addresses in the"
                            + " devicetree), or give the device a domain of its own (its own bank, region or stream)");
        }
        String owner = "fixed-address buffer of " + dev.name();
        iovad.reserve(da >>> iovad.shift(), last >>> iovad.shift(), owner);
        long pa;
        try {
            pa = dma.allocPhys(dev, size, owner, List.of());
        } catch (IommuException e) {
            iovad.freeIova(da >>> iovad.shift());
            throw e;
        }
        try {
            sim.api().mapAs(d, da, pa, size, DmaApi.dmaInfoToProt(DmaApi.Direction.BIDIRECTIONAL, dev.coherent()),
                    IommuEvent.Kind.MAP, dev);
        } catch (IommuException e) {
            iovad.freeIova(da >>> iovad.shift());
            dma.freePhys(pa);
            throw e;
        }
        return new DmaApi.DmaBuffer(dev, da, pa, size, DmaApi.Origin.FIXED_ADDRESS, dma.poolName(pa));
    }

    private static String describeGroup(IommuDomain d) {
        StringBuilder b = new StringBuilder();
        for (IommuGroup g : d.attachedGroups()) {
            for (Master m : g.devices()) {
                b.append(b.isEmpty() ? "" : ", ").append(m.name());
            }
        }
        return b.isEmpty() ? "no device" : b.toString();
    }

    /** Frees a buffer of {@link #dmaAllocAtFixedDeviceAddress}: unmaps it, frees the IOVA range and the memory. */
    public void dmaFreeAtFixedDeviceAddress(DmaApi.DmaBuffer buf) throws IommuException {
        DmaApi dma = sim.dma();
        DmaApi.DmaBuffer known = dma.forget(buf);
        if (known == null || known.origin() != DmaApi.Origin.FIXED_ADDRESS) {
            if (known != null) {
                dma.record(known);
            }
            throw new IommuException(Errno.ENOENT, buf.device().name() + " has no fixed-address buffer at "
                    + Hex.of(buf.dmaHandle()), Location.range(buf.dmaHandle(), buf.size()),
                    "free what dmaAllocAtFixedDeviceAddress returned, once");
        }
        IommuDomain d = Objects.requireNonNull(dma.dmaDomain(known.device()));
        sim.api().unmapAs(d, known.dmaHandle(), known.size(), known.device());
        IovaAllocator iovad = Objects.requireNonNull(d.iovaAllocator());
        long lo = known.dmaHandle() >>> iovad.shift();
        long hi = (known.dmaHandle() + known.size() - 1) >>> iovad.shift();
        for (IovaAllocator.Allocation a : iovad.overlapping(lo, hi)) {
            iovad.freeIova(a.iova() >>> iovad.shift());
        }
        dma.freePhys(known.pa());
    }
}
