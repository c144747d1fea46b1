package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;

/**
 * One simulated SoC that a boot runs over: physical memory and its reserved pools, the IOMMUs,
 * the DMA masters, and the Linux APIs on top of them ({@link #api()}, {@link #dma()}), the
 * masters' own accesses ({@link #access()}), and the event stream ({@link #events()}).
 * <p>
 * Configure it in the order the kernel probes: {@link #create}, then the IOMMUs
 * ({@link #addArmSmmu}, {@link #addMtkIommu}), then the masters ({@link #addMaster}). Confined
 * to one thread at a time.
 */
public final class Simulation {

    private final PhysicalMemory memory;
    private final ReservedMemory reserved;
    private final IommuEvents events = new IommuEvents();
    private final List<Iommu> iommus = new ArrayList<>();
    private final List<Master> masters = new ArrayList<>();
    final List<IommuDomain> domains = new ArrayList<>();
    private final IommuApi api;
    private final DmaApi dma;
    private final DeviceAccess access;
    private final Experimental experimental;
    private int nextDomainId = 1;
    private int nextGroupId;

    private Simulation(PhysicalMemory memory, List<ReservedMemoryNode> reservedNodes) {
        this.memory = Objects.requireNonNull(memory);
        this.reserved = ReservedMemory.resolve(memory, reservedNodes);
        reserved.setEvents(events);
        this.api = new IommuApi(this);
        this.dma = new DmaApi(this);
        this.access = new DeviceAccess(this);
        this.experimental = new Experimental(this);
    }

    /**
     * A simulation over {@code memory} with the {@code /reserved-memory} nodes resolved (see
     * {@link ReservedMemory}; problems are in {@link #diagnostics()}).
     */
    public static Simulation create(PhysicalMemory memory, List<ReservedMemoryNode> reservedNodes) {
        return new Simulation(memory, reservedNodes);
    }

    /** A simulation without reserved memory. */
    public static Simulation create(PhysicalMemory memory) {
        return new Simulation(memory, List.of());
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public ReservedMemory reservedMemory() {
        return reserved;
    }

    /** Problems found in the configuration (reserved memory). */
    public List<Diagnostic> diagnostics() {
        return reserved.diagnostics();
    }

    public IommuEvents events() {
        return events;
    }

    /** The Linux IOMMU API ({@code iommu_attach_device}, {@code iommu_map}, ...). */
    public IommuApi api() {
        return api;
    }

    /** The Linux DMA API ({@code dma_alloc_coherent}, {@code dma_map_single}, ...). */
    public DmaApi dma() {
        return dma;
    }

    /** Accesses the masters make by device address. */
    public DeviceAccess access() {
        return access;
    }

    /** Calls that do not exist in Linux, proposed on the lists and simulated honestly. */
    public Experimental experimental() {
        return experimental;
    }

    /** The view of a translation owner other than the host (a hypervisor, the secure world). */
    public OwnerAccess owner(TranslationOwner owner) {
        if (owner == TranslationOwner.HOST) {
            throw new IllegalArgumentException("the host uses api(), not an owner view");
        }
        return new OwnerAccess(this, owner);
    }

    /** Adds an Arm SMMU. */
    public ArmSmmu addArmSmmu(ArmSmmu.Config config) {
        ArmSmmu s = new ArmSmmu(this, config);
        addIommu(s);
        return s;
    }

    /** Adds a MediaTek M4U. */
    public MtkIommu addMtkIommu(MtkIommu.Config config) {
        MtkIommu m = new MtkIommu(this, config);
        addIommu(m);
        return m;
    }

    private void addIommu(Iommu iommu) {
        if (iommu(iommu.name()) != null) {
            throw new IllegalArgumentException("an IOMMU called " + iommu.name() + " exists already");
        }
        iommus.add(iommu);
    }

    /**
     * Adds and probes a master: resolves its stream IDs ({@code iommu-map}) and its
     * {@code memory-region} pools, puts it in its IOMMU group, attaches the group's default domain
     * and maps its direct regions, as {@code iommu_probe_device()} does.
     *
     * @throws IommuException when the kernel would refuse the device (no stream ID, a pool that
     *         does not exist, a stream matching two groups, no free context bank)
     */
    public Master addMaster(Master.Builder builder) throws IommuException {
        String name = builder.name();
        if (master(name) != null) {
            throw new IommuException(Errno.EEXIST, "a device called " + name + " exists already",
                    "give every device its own dev_name");
        }
        Iommu iommu = builder.iommuOrNull();
        if (iommu != null && !iommus.contains(iommu)) {
            throw new IllegalArgumentException(iommu + " belongs to another simulation");
        }
        Master m = Master.resolve(builder, reserved, events);
        api.probe(m);
        masters.add(m);
        return m;
    }

    /** The IOMMUs, in order of addition. */
    public List<Iommu> iommus() {
        return List.copyOf(iommus);
    }

    /** The IOMMU called {@code name}, or null. */
    public @Nullable Iommu iommu(String name) {
        for (Iommu i : iommus) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /** The masters, in probe order. */
    public List<Master> masters() {
        return List.copyOf(masters);
    }

    /** The master called {@code name}, or null. */
    public @Nullable Master master(String name) {
        for (Master m : masters) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** Domains that exist (allocated and not freed), in allocation order. */
    public List<IommuDomain> domains() {
        return List.copyOf(domains);
    }

    int nextDomainId() {
        return nextDomainId++;
    }

    int nextGroupId() {
        return nextGroupId++;
    }
}
