package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * The Linux DMA API over a device's default domain, as {@code kernel/dma/mapping.c},
 * {@code dma-direct} and {@code drivers/iommu/dma-iommu.c} behave:
 * <ul>
 * <li>{@link #allocCoherent}: from the device's own coherent pool when it has one (the handle is
 * the pool's address, the IOMMU is not involved); else, behind a DMA domain, pages from system
 * RAM mapped at an IOVA from the domain's allocator; else (no IOMMU, identity) from the
 * device's CMA area, the default CMA area or system RAM, at its physical address.</li>
 * <li>{@link #mapSingle}/{@link #mapPage} and {@link #unmapSingle}: an IOVA of
 * {@code iova_align(size + offset)} bytes mapped with the protection the direction gives.</li>
 * </ul>
 * The DMA API always uses the default domain ({@code iommu_get_dma_domain()}), even when the
 * device's group has another domain attached: the device then cannot reach the buffer, and a
 * warning event says so.
 */
public final class DmaApi {

    /** {@code enum dma_data_direction}. */
    public enum Direction {
        BIDIRECTIONAL,
        TO_DEVICE,
        FROM_DEVICE
    }

    /** Where a coherent buffer's memory comes from. */
    public enum Origin {
        /** The device's {@code shared-dma-pool} ({@code dma_alloc_from_dev_coherent()}); not mapped through the IOMMU. */
        DEVICE_POOL,
        /** Pages mapped through the default DMA domain. */
        IOMMU,
        /** Physically addressed memory (no IOMMU, or an identity domain). */
        DIRECT,
        /** {@link Experimental#dmaAllocAtFixedDeviceAddress}: mapped at a device address the caller chose. */
        FIXED_ADDRESS
    }

    /**
     * A coherent buffer.
     *
     * @param device its device
     * @param dmaHandle the address the device uses
     * @param pa its physical address
     * @param size bytes (page aligned)
     * @param origin where it comes from
     * @param pool the allocator it was taken from ({@code linux,cma}, a DRAM region, a pool)
     */
    public record DmaBuffer(Master device, long dmaHandle, long pa, long size, Origin origin, String pool) {
        @Override
        public String toString() {
            return device.name() + " dma " + Hex.of(dmaHandle) + " pa " + Hex.of(pa) + " size " + Hex.of(size) + " ("
                    + origin + ", " + pool + ")";
        }
    }

    /**
     * A streaming mapping.
     *
     * @param device its device
     * @param handle the DMA address returned
     * @param pa the physical address mapped
     * @param size bytes asked for
     * @param direction the direction
     * @param iova the IOVA range start (page aligned), or -1 without IOMMU
     * @param iovaSize the IOVA range size, or 0
     */
    public record Mapping(Master device, long handle, long pa, long size, Direction direction, long iova,
            long iovaSize) {
    }

    private final Simulation sim;
    private final IommuEvents events;
    private final Map<Master, Map<Long, DmaBuffer>> buffers = new HashMap<>();
    private final Map<Master, Map<Long, Mapping>> mappings = new HashMap<>();
    private final Map<Long, ContiguousAllocator> physOwner = new HashMap<>();

    DmaApi(Simulation sim) {
        this.sim = sim;
        this.events = sim.events();
    }

    /** {@code dma_info_to_prot()}. */
    public static int dmaInfoToProt(Direction dir, boolean coherent) {
        int prot = coherent ? IommuProt.CACHE : 0;
        return switch (dir) {
            case BIDIRECTIONAL -> prot | IommuProt.READ | IommuProt.WRITE;
            case TO_DEVICE -> prot | IommuProt.READ;
            case FROM_DEVICE -> prot | IommuProt.WRITE;
        };
    }

    private static long pageAlign(long size) {
        return (size + 4095) & -4096L;
    }

    /** The default domain when it translates (DMA), else null. */
    @Nullable
    IommuDomain dmaDomain(Master dev) {
        IommuGroup g = dev.group();
        IommuDomain d = g == null ? null : g.defaultDomain();
        return d != null && d.type() == DomainType.DMA ? d : null;
    }

    private void warnNotAttached(Master dev, IommuDomain d, String call) {
        IommuGroup g = dev.group();
        if (events.active() && g != null && g.domain() != d) {
            events.emit(IommuEvent.Kind.WARNING, dev.name(), d.label(), -1, -1, -1, null, -1, call + " for "
                    + dev.name() + " maps into its default " + d.label() + ", but its group has " + g.domain()
                    + " attached: the device cannot reach this buffer");
        }
    }

    /** Physical pages for {@code owner}: from {@code preferred} pools in order, then system RAM. */
    long allocPhys(Master dev, long size, String owner, List<@Nullable ContiguousAllocator> preferred)
            throws IommuException {
        List<ContiguousAllocator> order = new ArrayList<>();
        for (ContiguousAllocator a : preferred) {
            if (a != null) {
                order.add(a);
            }
        }
        order.addAll(sim.reservedMemory().systemRam());
        IommuException last = null;
        for (ContiguousAllocator a : order) {
            try {
                long pa = a.allocate(size, owner);
                physOwner.put(pa, a);
                return pa;
            } catch (IommuException e) {
                last = e;
            }
        }
        if (last != null) {
            throw last;
        }
        throw new IommuException(Errno.ENOMEM, "no memory to allocate " + Hex.of(size) + " bytes for " + dev.name()
                + ": the SoC has no DRAM region", "add a DRAM region to the physical memory");
    }

    void freePhys(long pa) throws IommuException {
        ContiguousAllocator a = physOwner.remove(pa);
        if (a != null) {
            a.free(pa);
        }
    }

    String poolName(long pa) {
        ContiguousAllocator a = physOwner.get(pa);
        return a == null ? "?" : a.name();
    }

    /** {@code iommu_dma_alloc_iova()}: a size-aligned IOVA below the device's limit and the aperture. */
    long allocIova(IommuDomain d, Master dev, long size, long dmaLimit, String owner) throws IommuException {
        IovaAllocator iovad = Objects.requireNonNull(d.iovaAllocator());
        int shift = iovad.shift();
        long len = size >>> shift;
        if (len < 1L << (IovaAllocator.RANGE_CACHE_MAX_SIZE - 1)) {
            len = len <= 1 ? 1 : Long.highestOneBit(len - 1) << 1;
        }
        long limit = Math.min(dmaLimit, d.apertureEnd());
        long pfn = iovad.allocIovaFast(len, limit >>> shift, true, owner);
        if (pfn == 0) {
            throw new IommuException(Errno.ENOMEM, "no IOVA space for " + Hex.of(size) + " bytes in " + d.label()
                    + " below " + Hex.of(limit) + " (for " + dev.name() + ")", Location.NOWHERE,
                    "free DMA buffers of the devices sharing the domain, or widen the DMA mask");
        }
        return pfn << shift;
    }

    void freeIova(IommuDomain d, long iova, long size) {
        IovaAllocator iovad = Objects.requireNonNull(d.iovaAllocator());
        long granule = iovad.granule();
        iovad.freeIovaFast(iova >>> iovad.shift(), ((size + granule - 1) & -granule) >>> iovad.shift());
    }

    /**
     * {@code dma_alloc_coherent(dev, size, &dma_handle, GFP_KERNEL)}.
     *
     * @throws IommuException {@code -ENOMEM} when there is no memory or no IOVA space (the kernel
     *         returns NULL)
     */
    public DmaBuffer allocCoherent(Master dev, long size) throws IommuException {
        long len = pageAlign(size);
        String owner = dev.name() + " (dma_alloc_coherent)";
        try {
            DmaBuffer buf = allocCoherentChecked(dev, len, owner);
            record(buf);
            if (events.active()) {
                events.emit(IommuEvent.Kind.DMA_ALLOC, dev.name(), null, buf.dmaHandle(), buf.pa(), len, null,
                        buf.dmaHandle(), "dma_alloc_coherent(" + dev.name() + ", " + Hex.of(size) + ") = dma "
                                + Hex.of(buf.dmaHandle()) + ", pa " + Hex.of(buf.pa()) + " (" + describe(buf) + ")");
            }
            return buf;
        } catch (IommuException e) {
            if (events.active()) {
                events.emit(IommuEvent.Kind.DMA_ALLOC, dev.name(), null, -1, -1, len, e.errno(), 0,
                        "dma_alloc_coherent(" + dev.name() + ", " + Hex.of(size) + ") = NULL: " + e.describe());
            }
            throw e;
        }
    }

    private static String describe(DmaBuffer b) {
        return switch (b.origin()) {
            case DEVICE_POOL -> "from the per-device pool " + b.pool() + "; not mapped through the IOMMU";
            case IOMMU -> "pages from " + b.pool() + " mapped through the default DMA domain";
            case DIRECT -> "from " + b.pool() + ", physically addressed";
            case FIXED_ADDRESS -> "from " + b.pool() + " mapped at a fixed device address";
        };
    }

    private DmaBuffer allocCoherentChecked(Master dev, long len, String owner) throws IommuException {
        ContiguousAllocator pool = dev.coherentPool();
        if (pool != null) {
            /* dma_alloc_from_dev_coherent(): the pool answers, even with NULL */
            long pa = pool.allocate(len, owner);
            physOwner.put(pa, pool);
            long handle = dev.directDma(pa);
            return new DmaBuffer(dev, handle < 0 ? pa : handle, pa, len, Origin.DEVICE_POOL, pool.name());
        }
        IommuDomain d = dmaDomain(dev);
        if (d != null) {
            warnNotAttached(dev, d, "dma_alloc_coherent");
            long pa = allocPhys(dev, len, owner, List.of());
            long iova;
            try {
                iova = allocIova(d, dev, len, dev.coherentDmaMask(), owner);
            } catch (IommuException e) {
                freePhys(pa);
                throw e;
            }
            try {
                sim.api().mapAs(d, iova, pa, len, dmaInfoToProt(Direction.BIDIRECTIONAL, dev.coherent()),
                        IommuEvent.Kind.MAP, dev);
            } catch (IommuException e) {
                freeIova(d, iova, len);
                freePhys(pa);
                throw e;
            }
            return new DmaBuffer(dev, iova, pa, len, Origin.IOMMU, poolName(pa));
        }
        List<@Nullable ContiguousAllocator> cma = new ArrayList<>();
        cma.add(dev.cma());
        cma.add(sim.reservedMemory().defaultCma());
        long pa = allocPhys(dev, len, owner, cma);
        long handle = dev.directDma(pa);
        if (handle < 0 || Long.compareUnsigned(handle + len - 1, dev.coherentDmaMask()) > 0) {
            String pool2 = poolName(pa);
            freePhys(pa);
            throw new IommuException(Errno.ENOMEM, dev.name() + ": the memory found at pa " + Hex.of(pa) + " (" + pool2
                    + ") is beyond its coherent DMA mask " + Hex.of(dev.coherentDmaMask()), Location.range(pa, len),
                    "give the device a CMA area or pool it can address, or a wider DMA mask");
        }
        return new DmaBuffer(dev, handle, pa, len, Origin.DIRECT, poolName(pa));
    }

    void record(DmaBuffer buf) {
        buffers.computeIfAbsent(buf.device(), k -> new LinkedHashMap<>()).put(buf.dmaHandle(), buf);
    }

    @Nullable
    DmaBuffer forget(DmaBuffer buf) {
        Map<Long, DmaBuffer> m = buffers.get(buf.device());
        return m == null ? null : m.remove(buf.dmaHandle());
    }

    /** {@code dma_free_coherent()}. */
    public void freeCoherent(DmaBuffer buf) throws IommuException {
        Master dev = buf.device();
        DmaBuffer known = forget(buf);
        IommuException e = null;
        if (known == null || known.origin() == Origin.FIXED_ADDRESS) {
            e = new IommuException(Errno.ENOENT, "DMA-API: " + dev.name() + " frees DMA memory it has"
                    + " not allocated with dma_alloc_coherent: dma " + Hex.of(buf.dmaHandle()),
                    Location.range(buf.dmaHandle(), buf.size()), "free what dma_alloc_coherent returned, once");
        } else if (!known.equals(buf)) {
            e = new IommuException(Errno.EINVAL, "DMA-API: " + dev.name() + " frees DMA memory with a different size"
                    + " or CPU address: dma " + Hex.of(buf.dmaHandle()) + " was allocated as " + known + ", freed as "
                    + buf, Location.range(buf.dmaHandle(), buf.size()), "free the buffer dma_alloc_coherent returned");
        }
        if (e != null) {
            if (known != null) {
                record(known);
            }
            emitFree(dev, buf, e);
            throw e;
        }
        if (known.origin() == Origin.IOMMU) {
            IommuDomain d = Objects.requireNonNull(dmaDomain(dev));
            long unmapped = sim.api().unmapAs(d, known.dmaHandle(), known.size(), dev);
            if (unmapped != known.size()) {
                warnUnmapSize(dev, d, known.dmaHandle(), known.size(), unmapped);
            }
            freeIova(d, known.dmaHandle(), known.size());
        }
        freePhys(known.pa());
        emitFree(dev, known, null);
    }

    private void emitFree(Master dev, DmaBuffer buf, @Nullable IommuException e) {
        if (events.active()) {
            events.emit(IommuEvent.Kind.DMA_FREE, dev.name(), null, buf.dmaHandle(), buf.pa(), buf.size(),
                    e == null ? null : e.errno(), 0, "dma_free_coherent(" + dev.name() + ", dma "
                            + Hex.of(buf.dmaHandle()) + ")" + (e == null ? "" : ": " + e.describe()));
        }
    }

    private void warnUnmapSize(Master dev, IommuDomain d, long iova, long size, long unmapped) {
        if (events.active()) {
            events.emit(IommuEvent.Kind.WARNING, dev.name(), d.label(), iova, -1, size, null, unmapped,
                    "WARN_ON(unmapped != size) in __iommu_dma_unmap: " + Hex.of(unmapped) + " of " + Hex.of(size)
                            + " bytes at " + Hex.of(iova) + " were unmapped");
        }
    }

    /** {@code dma_map_single(dev, cpu_addr, size, dir)}, with the buffer given by its physical address. */
    public long mapSingle(Master dev, long pa, long size, Direction dir) throws IommuException {
        Mapping m;
        try {
            m = mapChecked(dev, pa, size, dir);
        } catch (IommuException e) {
            if (events.active()) {
                events.emit(IommuEvent.Kind.DMA_MAP, dev.name(), null, -1, pa, size, e.errno(), 0, "dma_map_single("
                        + dev.name() + ", pa " + Hex.of(pa) + ", " + Hex.of(size) + ", " + dir + ") = DMA_MAPPING_ERROR: "
                        + e.describe());
            }
            throw e;
        }
        mappings.computeIfAbsent(dev, k -> new LinkedHashMap<>()).put(m.handle(), m);
        if (events.active()) {
            events.emit(IommuEvent.Kind.DMA_MAP, dev.name(), null, m.handle(), pa, size, null, m.handle(),
                    "dma_map_single(" + dev.name() + ", pa " + Hex.of(pa) + ", " + Hex.of(size) + ", " + dir + ") = "
                            + Hex.of(m.handle()));
        }
        return m.handle();
    }

    /** {@code dma_map_page(dev, page, offset, size, dir)}. */
    public long mapPage(Master dev, long pagePa, long offset, long size, Direction dir) throws IommuException {
        return mapSingle(dev, pagePa + offset, size, dir);
    }

    private Mapping mapChecked(Master dev, long pa, long size, Direction dir) throws IommuException {
        if (size <= 0) {
            throw new IommuException(Errno.EINVAL, "dma_map of " + Hex.of(size) + " bytes for " + dev.name(),
                    "map at least one byte");
        }
        IommuDomain d = dmaDomain(dev);
        if (d == null) {
            long handle = dev.directDma(pa);
            if (handle < 0 || Long.compareUnsigned(handle + size - 1, dev.dmaMask()) > 0) {
                throw new IommuException(Errno.ENOMEM, dev.name() + " cannot address pa " + Hex.of(pa) + " + "
                        + Hex.of(size) + " (DMA mask " + Hex.of(dev.dmaMask()) + "; bounce buffers are not simulated)",
                        Location.range(pa, size), "use memory the device can address, or widen its DMA mask");
            }
            return new Mapping(dev, handle, pa, size, dir, -1, 0);
        }
        warnNotAttached(dev, d, "dma_map_single");
        IovaAllocator iovad = Objects.requireNonNull(d.iovaAllocator());
        long granule = iovad.granule();
        long off = pa & (granule - 1);
        long len = (size + off + granule - 1) & -granule;
        long iova = allocIova(d, dev, len, dev.dmaMask(), dev.name() + " (dma_map_single)");
        try {
            sim.api().mapAs(d, iova, pa - off, len, dmaInfoToProt(dir, dev.coherent()), IommuEvent.Kind.MAP, dev);
        } catch (IommuException e) {
            freeIova(d, iova, len);
            throw e;
        }
        return new Mapping(dev, iova + off, pa, size, dir, iova, len);
    }

    /** {@code dma_unmap_single(dev, handle, size, dir)}. */
    public void unmapSingle(Master dev, long handle, long size, Direction dir) throws IommuException {
        Map<Long, Mapping> m = mappings.get(dev);
        Mapping known = m == null ? null : m.get(handle);
        IommuException e = null;
        if (known == null) {
            e = new IommuException(Errno.ENOENT, "DMA-API: " + dev.name() + " tries to free DMA memory it has not"
                    + " allocated [device address=" + Hex.of(handle, 16) + "] [size=" + size + " bytes]",
                    Location.range(handle, size), "unmap what dma_map_single returned, once");
        } else if (known.size() != size || known.direction() != dir) {
            e = new IommuException(Errno.EINVAL, "DMA-API: " + dev.name() + " frees DMA memory with a different "
                    + (known.size() != size ? "size [mapped " + known.size() + " bytes] [unmapped " + size + " bytes]"
                            : "direction [mapped " + known.direction() + "] [unmapped " + dir + "]"),
                    Location.range(handle, size), "unmap with the size and direction of the map");
        }
        if (e != null) {
            if (events.active()) {
                events.emit(IommuEvent.Kind.DMA_UNMAP, dev.name(), null, handle, -1, size, e.errno(), 0,
                        "dma_unmap_single(" + dev.name() + ", " + Hex.of(handle) + "): " + e.describe());
            }
            throw e;
        }
        Objects.requireNonNull(m).remove(handle);
        if (known.iova() >= 0) {
            IommuDomain d = Objects.requireNonNull(dmaDomain(dev));
            long unmapped = sim.api().unmapAs(d, known.iova(), known.iovaSize(), dev);
            if (unmapped != known.iovaSize()) {
                warnUnmapSize(dev, d, known.iova(), known.iovaSize(), unmapped);
            }
            freeIova(d, known.iova(), known.iovaSize());
        }
        if (events.active()) {
            events.emit(IommuEvent.Kind.DMA_UNMAP, dev.name(), null, handle, known.pa(), size, null, 0,
                    "dma_unmap_single(" + dev.name() + ", " + Hex.of(handle) + ", " + Hex.of(size) + ", " + dir + ")");
        }
    }

    /** The coherent buffers {@code dev} holds, in allocation order. */
    public List<DmaBuffer> buffers(Master dev) {
        Map<Long, DmaBuffer> m = buffers.get(dev);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** The streaming mappings {@code dev} holds, in mapping order. */
    public List<Mapping> mappings(Master dev) {
        Map<Long, Mapping> m = mappings.get(dev);
        return m == null ? List.of() : List.copyOf(m.values());
    }
}
