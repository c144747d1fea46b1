package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;

/**
 * A device that makes DMA accesses (a remote processor, a display engine, a function of a DSP
 * subsystem): a {@code struct device} as the IOMMU and DMA layers see it. Describe it with
 * {@link #builder(String)} and add it with {@link Simulation#addMaster(Builder)}, which probes it
 * (puts it in its IOMMU group, attaches the group's default domain, makes the direct mappings).
 */
public final class Master {

    /** One {@code iommus = <&smmu SID MASK>} specifier: the stream IDs {@code id} matches under {@code mask}. */
    public record StreamMatch(int id, int mask) {
        /** Whether {@code sid} matches. */
        public boolean matches(int sid) {
            return ((sid ^ id) & ~mask) == 0;
        }

        /** Whether some stream ID matches both. */
        public boolean overlaps(StreamMatch o) {
            return ((id ^ o.id) & ~(mask | o.mask)) == 0;
        }

        @Override
        public String toString() {
            return Hex.of(id) + (mask == 0 ? "" : "/" + Hex.of(mask));
        }
    }

    /**
     * One {@code dma-ranges} entry between the device and the physical bus: device address
     * {@code busAddress} is physical address {@code cpuAddress}.
     */
    public record DmaRange(long busAddress, long cpuAddress, long size) {
    }

    /** Describes a master; every property mirrors a devicetree property or a driver setting. */
    public static final class Builder {
        private final String name;
        private @Nullable Iommu iommu;
        private final List<StreamMatch> streams = new ArrayList<>();
        private List<IommuMapEntry> iommuMap = List.of();
        private int iommuMapMask = -1;
        private int requesterId = -1;
        private int larb = -1;
        private int port = -1;
        private int bank;
        private int region;
        private int dmaMaskBits = 32;
        private int coherentDmaMaskBits = 32;
        private boolean coherent;
        private final List<ReservedRegion> reservedRegions = new ArrayList<>();
        private @Nullable String coherentPool;
        private @Nullable String cma;
        private @Nullable DomainType defaultDomainType;
        private TranslationOwner owner = TranslationOwner.HOST;
        private final List<DmaRange> dmaRanges = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** The IOMMU in front of the device (the phandle of {@code iommus} or {@code iommu-map}). */
        public Builder iommu(Iommu value) {
            this.iommu = value;
            return this;
        }

        /** {@code iommus = <&smmu sid>}: an Arm SMMU stream ID. */
        public Builder streamId(int sid) {
            return streamId(sid, 0);
        }

        /** {@code iommus = <&smmu sid mask>}: a stream ID and the bits to ignore. */
        public Builder streamId(int sid, int mask) {
            streams.add(new StreamMatch(sid, mask));
            return this;
        }

        /**
         * The device is function {@code rid} of a bus whose node has {@code iommu-map} (and
         * {@code iommu-map-mask}, -1 for none); its stream ID is found as {@code of_map_id()} does.
         */
        public Builder iommuMap(List<IommuMapEntry> map, int mapMask, int rid) {
            this.iommuMap = List.copyOf(map);
            this.iommuMapMask = mapMask;
            this.requesterId = rid;
            return this;
        }

        /** {@code iommus = <&iommu MTK_M4U_ID(larb, port)>}: a MediaTek larb port. */
        public Builder mtkPort(int larbId, int portId) {
            this.larb = larbId;
            this.port = portId;
            return this;
        }

        /** The MediaTek bank the port belongs to (0 when the IOMMU has one). */
        public Builder mtkBank(int value) {
            this.bank = value;
            return this;
        }

        /** The MediaTek IOVA region of the device (from its {@code dma-ranges}; 0 when there is one). */
        public Builder mtkRegion(int value) {
            this.region = value;
            return this;
        }

        /** {@code dma_set_mask()}: how many address bits the device can drive (default 32). */
        public Builder dmaMask(int bits) {
            this.dmaMaskBits = bits;
            return this;
        }

        /** {@code dma_set_coherent_mask()} (default 32). */
        public Builder coherentDmaMask(int bits) {
            this.coherentDmaMaskBits = bits;
            return this;
        }

        /** {@code dma-coherent}. */
        public Builder coherent(boolean value) {
            this.coherent = value;
            return this;
        }

        /** A reserved region from the devicetree ({@code memory-region} with {@code iommu-addresses}). */
        public Builder reservedRegion(ReservedRegion value) {
            reservedRegions.add(Objects.requireNonNull(value));
            return this;
        }

        /** {@code memory-region} pointing at a {@code shared-dma-pool} (no {@code reusable}): a per-device pool. */
        public Builder coherentPool(String reservedMemoryNode) {
            this.coherentPool = reservedMemoryNode;
            return this;
        }

        /** {@code memory-region} pointing at a {@code reusable} {@code shared-dma-pool}: a per-device CMA area. */
        public Builder cma(String reservedMemoryNode) {
            this.cma = reservedMemoryNode;
            return this;
        }

        /** The default domain type the driver asks for ({@code def_domain_type}), instead of the IOMMU's. */
        public Builder defaultDomainType(DomainType value) {
            this.defaultDomainType = value;
            return this;
        }

        /** Who programs the device's translation (default {@link TranslationOwner#HOST}). */
        public Builder owner(TranslationOwner value) {
            this.owner = Objects.requireNonNull(value);
            return this;
        }

        /** A {@code dma-ranges} entry, used when the device is not behind an IOMMU. */
        public Builder dmaRange(long busAddress, long cpuAddress, long size) {
            dmaRanges.add(new DmaRange(busAddress, cpuAddress, size));
            return this;
        }

        String name() {
            return name;
        }

        @Nullable
        Iommu iommuOrNull() {
            return iommu;
        }
    }

    private final String name;
    private final @Nullable Iommu iommu;
    private final List<StreamMatch> streams;
    private final int larb;
    private final int port;
    private final int bank;
    private final int region;
    private final long dmaMask;
    private final long coherentDmaMask;
    private final boolean coherent;
    private final List<ReservedRegion> reservedRegions;
    private final @Nullable ContiguousAllocator coherentPool;
    private final @Nullable ContiguousAllocator cma;
    private final @Nullable DomainType defaultDomainType;
    private final TranslationOwner owner;
    private final List<DmaRange> dmaRanges;
    private @Nullable IommuGroup group;

    private Master(Builder b, List<StreamMatch> resolvedStreams, @Nullable ContiguousAllocator pool,
            @Nullable ContiguousAllocator cmaArea) {
        this.name = b.name;
        this.iommu = b.iommu;
        this.streams = List.copyOf(resolvedStreams);
        this.larb = b.larb;
        this.port = b.port;
        this.bank = b.bank;
        this.region = b.region;
        this.dmaMask = mask(b.dmaMaskBits);
        this.coherentDmaMask = mask(b.coherentDmaMaskBits);
        this.coherent = b.coherent;
        this.reservedRegions = List.copyOf(b.reservedRegions);
        this.coherentPool = pool;
        this.cma = cmaArea;
        this.defaultDomainType = b.defaultDomainType;
        this.owner = b.owner;
        this.dmaRanges = List.copyOf(b.dmaRanges);
    }

    static long mask(int bits) {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }

    /** Starts the description of a device named {@code name} ({@code dev_name()}, such as {@code 19100000.apu}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * The master {@code b} describes, with its stream IDs resolved ({@code iommu-map} through
     * {@code of_map_id()}) and its {@code memory-region} pools looked up.
     */
    static Master resolve(Builder b, ReservedMemory reserved, IommuEvents events) throws IommuException {
        List<StreamMatch> streams = new ArrayList<>(b.streams);
        if (b.requesterId >= 0) {
            streams.add(new StreamMatch(mapId(b, events), 0));
        }
        ContiguousAllocator pool = null;
        String poolName = b.coherentPool;
        if (poolName != null) {
            pool = reserved.pool(poolName);
            if (pool == null) {
                throw new IommuException(Errno.ENODEV, b.name + ": memory-region " + poolName
                        + " is not a usable shared-dma-pool (missing, reusable, or not placed)",
                        Location.node("/reserved-memory/" + poolName),
                        "point memory-region at a shared-dma-pool node without reusable");
            }
        }
        ContiguousAllocator cmaArea = null;
        String cmaName = b.cma;
        if (cmaName != null) {
            cmaArea = reserved.cma(cmaName);
            if (cmaArea == null) {
                throw new IommuException(Errno.ENODEV, b.name + ": memory-region " + cmaName
                        + " is not a usable CMA area (missing, not reusable, or not placed)",
                        Location.node("/reserved-memory/" + cmaName), "point memory-region at a reusable shared-dma-pool node");
            }
        }
        return new Master(b, streams, pool, cmaArea);
    }

    /** {@code of_map_id()}: the stream ID of the requester through {@code iommu-map}. */
    private static int mapId(Builder b, IommuEvents events) {
        int masked = b.requesterId & b.iommuMapMask;
        for (IommuMapEntry e : b.iommuMap) {
            if (Integer.compareUnsigned(masked - e.ridBase(), e.length()) < 0) {
                return masked - e.ridBase() + e.sidBase();
            }
        }
        if (events.active()) {
            events.emit(IommuEvent.Kind.WARNING, b.name, null, -1, -1, -1, null, b.requesterId, b.name
                    + ": no iommu-map translation for id " + Hex.of(b.requesterId)
                    + " on the bus; using it as the stream ID (bypasses translation)");
        }
        return masked;
    }

    /** {@code dev_name()}. */
    public String name() {
        return name;
    }

    /** The IOMMU in front of the device, or null when it is not behind one (dma-direct). */
    public @Nullable Iommu iommu() {
        return iommu;
    }

    /** The IOMMU group, or null when the device is not behind an IOMMU. */
    public @Nullable IommuGroup group() {
        return group;
    }

    void setGroup(IommuGroup g) {
        this.group = g;
    }

    /** Stream matches (Arm SMMU); empty for other IOMMUs. */
    public List<StreamMatch> streams() {
        return streams;
    }

    /** The first stream ID, the one accesses carry; -1 without one. */
    public int streamId() {
        return streams.isEmpty() ? -1 : streams.get(0).id();
    }

    /** MediaTek larb, or -1. */
    public int larb() {
        return larb;
    }

    /** MediaTek port, or -1. */
    public int port() {
        return port;
    }

    /** MediaTek bank. */
    public int bank() {
        return bank;
    }

    /** MediaTek IOVA region. */
    public int region() {
        return region;
    }

    /** The streaming DMA mask. */
    public long dmaMask() {
        return dmaMask;
    }

    /** The coherent DMA mask. */
    public long coherentDmaMask() {
        return coherentDmaMask;
    }

    public boolean coherent() {
        return coherent;
    }

    /** Reserved regions from the devicetree. */
    public List<ReservedRegion> devicetreeRegions() {
        return reservedRegions;
    }

    /** The per-device coherent pool, or null. */
    public @Nullable ContiguousAllocator coherentPool() {
        return coherentPool;
    }

    /** The per-device CMA area, or null. */
    public @Nullable ContiguousAllocator cma() {
        return cma;
    }

    /** The default domain type the driver asks for, or null for the IOMMU's choice. */
    public @Nullable DomainType requestedDefaultDomainType() {
        return defaultDomainType;
    }

    public TranslationOwner owner() {
        return owner;
    }

    public List<DmaRange> dmaRanges() {
        return dmaRanges;
    }

    /** The physical address of device address {@code da} without an IOMMU ({@code dma-ranges}), or -1. */
    public long directPhys(long da) {
        if (dmaRanges.isEmpty()) {
            return da;
        }
        for (DmaRange r : dmaRanges) {
            if (Long.compareUnsigned(da - r.busAddress(), r.size()) < 0) {
                return r.cpuAddress() + (da - r.busAddress());
            }
        }
        return -1;
    }

    /** The device address of physical address {@code pa} without an IOMMU, or -1. */
    public long directDma(long pa) {
        if (dmaRanges.isEmpty()) {
            return pa;
        }
        for (DmaRange r : dmaRanges) {
            if (Long.compareUnsigned(pa - r.cpuAddress(), r.size()) < 0) {
                return r.busAddress() + (pa - r.cpuAddress());
            }
        }
        return -1;
    }

    /** {@code 19100000.apu (larb 5 port 0)} or {@code adsp (SID 0x19c3)}. */
    public String describe() {
        if (larb >= 0) {
            return name + " (larb " + larb + " port " + port + ")";
        }
        if (!streams.isEmpty()) {
            return name + " (SID " + streams.get(0) + ")";
        }
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
