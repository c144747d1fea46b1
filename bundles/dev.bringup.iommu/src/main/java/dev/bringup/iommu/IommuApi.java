package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.iommu.internal.PageTable;

/**
 * The Linux IOMMU API of one simulation, with the semantics of {@code drivers/iommu/iommu.c}:
 * <ul>
 * <li>{@link #attachDevice}: {@code -EINVAL} unless the device is alone in its group,
 * {@code -EBUSY} when the group already has a domain other than its default one;</li>
 * <li>{@link #map}: {@code iova}, {@code pa} and {@code size} aligned to the smallest page of
 * {@code pgsize_bitmap} ({@code -EINVAL}), the largest page that alignment and size allow
 * ({@code iommu_pgsize()}), a partial map unrolled on error;</li>
 * <li>{@link #unmap}: page by page until {@code size} or the first hole, returning the bytes
 * unmapped; a page that would split a larger leaf stops it too;</li>
 * <li>{@link #iovaToPhys} walks the page table; faults go to the domain's handler
 * ({@code -ENOSYS} without one).</li>
 * </ul>
 * Calls on a domain or device whose translation belongs to a hypervisor or the secure world are
 * refused with {@link Errno#EPERM}. Every call is an {@link IommuEvent}.
 * <p>
 * One deviation from Linux: mapping a block over a table that still holds mappings fails with
 * {@code -EEXIST}, where {@code io-pgtable} would silently discard those mappings.
 */
public final class IommuApi {

    private final Simulation sim;
    private final IommuEvents events;
    /** The page count of the last {@link #pgsize} call. */
    private long pgcount;

    IommuApi(Simulation sim) {
        this.sim = sim;
        this.events = sim.events();
    }

    // ---------------------------------------------------------------- domains

    /** {@code iommu_paging_domain_alloc(dev)}: an {@link DomainType#UNMANAGED} domain on the device's IOMMU. */
    public IommuDomain domainAlloc(Master dev) throws IommuException {
        return domainAlloc(dev, DomainType.UNMANAGED);
    }

    /**
     * Allocates a domain of {@code type} ({@link DomainType#UNMANAGED}, {@link DomainType#IDENTITY}
     * or {@link DomainType#BLOCKED}) on the device's IOMMU. DMA domains are made by the kernel only,
     * as default domains.
     */
    public IommuDomain domainAlloc(Master dev, DomainType type) throws IommuException {
        Iommu iommu = dev.iommu();
        if (iommu == null) {
            throw event(IommuEvent.Kind.DOMAIN_ALLOC, dev, null, new IommuException(Errno.ENODEV,
                    dev.name() + " is not behind an IOMMU, so no domain can be allocated for it",
                    "add iommus (or iommu-map) to the device node, or use the DMA API"));
        }
        if (type == DomainType.DMA) {
            throw event(IommuEvent.Kind.DOMAIN_ALLOC, dev, null, new IommuException(Errno.EINVAL,
                    "DMA domains are made by the kernel as default domains; drivers allocate UNMANAGED domains",
                    "allocate an UNMANAGED domain, or use the DMA API on the default domain"));
        }
        return newDomain(iommu, type, TranslationOwner.HOST, "allocated for " + dev.name(), dev);
    }

    IommuDomain newDomain(Iommu iommu, DomainType type, TranslationOwner owner, String purpose, @Nullable Master dev)
            throws IommuException {
        IommuDomain d = new IommuDomain(sim.nextDomainId(), type, iommu, owner, purpose);
        try {
            iommu.initDomain(d);
        } catch (IommuException e) {
            throw event(IommuEvent.Kind.DOMAIN_ALLOC, dev, null, e);
        }
        sim.domains.add(d);
        if (events.active()) {
            events.emit(IommuEvent.Kind.DOMAIN_ALLOC, dev == null ? null : dev.name(), d.label(), -1, -1, -1, null,
                    d.id(), "domain_alloc(" + type + ") on " + iommu.name() + " = " + d.label() + ", " + purpose
                            + (d.context() >= 0 && iommu instanceof ArmSmmu ? ", context bank " + d.context() : ""));
        }
        return d;
    }

    /** {@code iommu_domain_free()}: refused while the domain is attached or is a group's default domain. */
    public void domainFree(IommuDomain domain) throws IommuException {
        checkLive(domain, null, IommuEvent.Kind.DOMAIN_FREE);
        if (!domain.groupList().isEmpty()) {
            throw event(IommuEvent.Kind.DOMAIN_FREE, null, domain, new IommuException(Errno.EBUSY, domain.label()
                    + " is still attached to " + domain.groupList().get(0).describe(),
                    "detach it first (iommu_detach_device)"));
        }
        for (IommuGroup g : domain.iommu().groups) {
            if (g.defaultDomain() == domain) {
                throw event(IommuEvent.Kind.DOMAIN_FREE, null, domain, new IommuException(Errno.EBUSY, domain.label()
                        + " is the default domain of " + g.label() + "; the kernel owns it",
                        "free only domains you allocated"));
            }
        }
        domain.iommu().releaseDomain(domain);
        domain.markFreed();
        sim.domains.remove(domain);
        if (events.active()) {
            events.emit(IommuEvent.Kind.DOMAIN_FREE, null, domain.label(), -1, -1, -1, null, 0,
                    "iommu_domain_free(" + domain.label() + ")");
        }
    }

    private void checkLive(IommuDomain domain, @Nullable Master dev, IommuEvent.Kind kind) throws IommuException {
        if (domain.isFreed()) {
            throw event(kind, dev, domain, new IommuException(Errno.EINVAL, domain.label() + " was freed",
                    "allocate a new domain"));
        }
    }

    private void checkHostOwns(IommuDomain domain, @Nullable Master dev, IommuEvent.Kind kind, String call)
            throws IommuException {
        if (domain.owner() != TranslationOwner.HOST) {
            throw event(kind, dev, domain, new IommuException(Errno.EPERM, call + " refused: " + domain.label()
                    + " belongs to " + domain.owner().describe() + ", which programs its page table; the host may"
                    + " only read it", "let " + domain.owner().describe() + " map it (for Qualcomm: the PAS"
                            + " auth_and_reset flow), or run a configuration where the host owns the IOMMU"));
        }
        if (dev != null && dev.owner() != TranslationOwner.HOST) {
            throw event(kind, dev, domain, new IommuException(Errno.EPERM, call + " refused: the translation of "
                    + dev.describe() + " belongs to " + dev.owner().describe(), "let " + dev.owner().describe()
                            + " set it up, or give the host the IOMMU (an EL2/KVM host configuration)"));
        }
    }

    // ---------------------------------------------------------------- attach

    /** {@code iommu_attach_device()}. */
    public void attachDevice(IommuDomain domain, Master dev) throws IommuException {
        IommuGroup group = requireGroup(dev, domain, IommuEvent.Kind.ATTACH);
        checkLive(domain, dev, IommuEvent.Kind.ATTACH);
        checkHostOwns(domain, dev, IommuEvent.Kind.ATTACH, "iommu_attach_device");
        if (group.deviceCount() != 1) {
            throw event(IommuEvent.Kind.ATTACH, dev, domain, new IommuException(Errno.EINVAL,
                    "iommu_attach_device(" + domain.label() + ", " + dev.name() + "): " + dev.name()
                            + " is not alone in its group: " + group.describe()
                            + "; a domain of its own needs a group of its own",
                    Location.NOWHERE, "give " + dev.name() + " a group of its own (its own "
                            + (group.iommu() instanceof MtkIommu ? "bank or IOVA region" : "stream IDs")
                            + "), or use the DMA API on the group's default domain"));
        }
        attachGroupChecked(domain, group, dev);
    }

    /** {@code iommu_attach_group()}: attaches every device of {@code group}. */
    public void attachGroup(IommuDomain domain, IommuGroup group) throws IommuException {
        checkLive(domain, null, IommuEvent.Kind.ATTACH);
        for (Master m : group.devices()) {
            checkHostOwns(domain, m, IommuEvent.Kind.ATTACH, "iommu_attach_group");
        }
        attachGroupChecked(domain, group, null);
    }

    private void attachGroupChecked(IommuDomain domain, IommuGroup group, @Nullable Master dev) throws IommuException {
        if (domain.iommu() != group.iommu()) {
            throw event(IommuEvent.Kind.ATTACH, dev, domain, new IommuException(Errno.EINVAL, domain.label()
                    + " belongs to " + domain.iommu().name() + " but " + group.label() + " is behind "
                    + group.iommu().name(), "allocate the domain for a device behind " + group.iommu().name()));
        }
        IommuDomain cur = group.domain();
        if (cur != null && cur != group.defaultDomain()) {
            throw event(IommuEvent.Kind.ATTACH, dev, domain, new IommuException(Errno.EBUSY, group.describe()
                    + " already has " + cur.label() + " attached (not its default domain)",
                    "detach " + cur.label() + " first (iommu_detach_device)"));
        }
        setGroupDomain(group, domain, dev);
        if (events.active()) {
            events.emit(IommuEvent.Kind.ATTACH, dev == null ? null : dev.name(), domain.label(), -1, -1, -1, null, 0,
                    (dev == null ? "iommu_attach_group(" + domain.label() + ", " + group.label()
                            : "iommu_attach_device(" + domain.label() + ", " + dev.name()) + ") = 0");
        }
        if (domain.type() == DomainType.UNMANAGED) {
            for (Master m : group.devices()) {
                warnUnmappedDirect(domain, m);
            }
        }
    }

    /** Switches {@code group} to {@code domain}: the driver attaches each device, then the group follows. */
    void setGroupDomain(IommuGroup group, IommuDomain domain, @Nullable Master dev) throws IommuException {
        if (group.domain() == domain) {
            return;
        }
        if (domain.type() == DomainType.BLOCKED) {
            for (Master m : group.devices()) {
                for (ReservedRegion r : getResvRegions(m)) {
                    if (r.type() == ReservedRegion.Type.DIRECT) {
                        throw event(IommuEvent.Kind.ATTACH, dev, domain, new IommuException(Errno.EINVAL,
                                m.name() + ": Firmware has requested this device have a 1:1 IOMMU mapping, rejecting"
                                        + " configuring the device without a 1:1 mapping. Contact your platform vendor."
                                        + " (DIRECT region " + new AddressRange(r.start(), r.length()) + " from "
                                        + r.source() + ")", "attach a domain that keeps the 1:1 mapping"));
                    }
                }
            }
        }
        try {
            for (Master m : group.devices()) {
                domain.iommu().attachDev(domain, m);
            }
        } catch (IommuException e) {
            throw event(IommuEvent.Kind.ATTACH, dev, domain, e);
        }
        IommuDomain cur = group.domain();
        if (cur != null) {
            cur.groupList().remove(group);
        }
        group.setDomain(domain);
        domain.groupList().add(group);
    }

    private void warnUnmappedDirect(IommuDomain domain, Master m) {
        if (!events.active()) {
            return;
        }
        PageTable t = domain.table();
        for (ReservedRegion r : getResvRegions(m)) {
            if ((r.type() == ReservedRegion.Type.DIRECT || r.type() == ReservedRegion.Type.DIRECT_RELAXABLE)
                    && (t == null || t.iovaToPhys(r.start()) != r.start())) {
                events.emit(IommuEvent.Kind.WARNING, m.name(), domain.label(), r.start(), r.start(), r.length(), null,
                        -1, m.name() + ": " + domain.label() + " does not map the DIRECT region "
                                + new AddressRange(r.start(), r.length()) + " from " + r.source()
                                + "; the device loses its 1:1 mapping unless its driver maps it");
            }
        }
    }

    /** {@code iommu_detach_device()}: the group goes back to its default domain. */
    public void detachDevice(IommuDomain domain, Master dev) throws IommuException {
        IommuGroup group = requireGroup(dev, domain, IommuEvent.Kind.DETACH);
        checkHostOwns(domain, dev, IommuEvent.Kind.DETACH, "iommu_detach_device");
        if (group.domain() != domain || group.deviceCount() != 1) {
            throw event(IommuEvent.Kind.DETACH, dev, domain, new IommuException(Errno.EINVAL, "WARN_ON in"
                    + " iommu_detach_device(" + domain.label() + ", " + dev.name() + "): "
                    + (group.domain() != domain ? "the group's domain is " + group.domain()
                            : group.describe() + " has other devices"), "detach the domain that is attached"));
        }
        detachToDefault(group, domain, dev);
    }

    /** {@code iommu_detach_group()}. */
    public void detachGroup(IommuDomain domain, IommuGroup group) throws IommuException {
        for (Master m : group.devices()) {
            checkHostOwns(domain, m, IommuEvent.Kind.DETACH, "iommu_detach_group");
        }
        if (group.domain() != domain) {
            throw event(IommuEvent.Kind.DETACH, null, domain, new IommuException(Errno.EINVAL, group.label()
                    + " has " + group.domain() + " attached, not " + domain.label(), "detach the attached domain"));
        }
        detachToDefault(group, domain, null);
    }

    private void detachToDefault(IommuGroup group, IommuDomain domain, @Nullable Master dev) throws IommuException {
        IommuDomain def = group.defaultDomain();
        if (def != null) {
            setGroupDomain(group, def, dev);
        } else {
            domain.groupList().remove(group);
            group.setDomain(null);
        }
        if (events.active()) {
            events.emit(IommuEvent.Kind.DETACH, dev == null ? null : dev.name(), domain.label(), -1, -1, -1, null, 0,
                    "iommu_detach(" + domain.label() + ", " + (dev == null ? group.label() : dev.name()) + "): back to "
                            + (def == null ? "no domain" : def.label()));
        }
    }

    private IommuGroup requireGroup(Master dev, IommuDomain domain, IommuEvent.Kind kind) throws IommuException {
        IommuGroup group = dev.group();
        if (group == null) {
            throw event(kind, dev, domain, new IommuException(Errno.ENODEV, dev.name()
                    + " is not behind an IOMMU (it has no IOMMU group)", "add iommus (or iommu-map) to its node"));
        }
        return group;
    }

    /** {@code iommu_get_domain_for_dev()}: the domain attached to the device's group, or null. */
    public @Nullable IommuDomain getDomainForDev(Master dev) {
        IommuGroup g = dev.group();
        return g == null ? null : g.domain();
    }

    /** {@code iommu_group_get()}. */
    public @Nullable IommuGroup getGroup(Master dev) {
        return dev.group();
    }

    /** {@code iommu_get_resv_regions()}: the driver's regions, then the devicetree's. */
    public List<ReservedRegion> getResvRegions(Master dev) {
        Iommu iommu = dev.iommu();
        List<ReservedRegion> out = new ArrayList<>();
        if (iommu != null) {
            out.addAll(iommu.driverResvRegions(dev));
        }
        out.addAll(dev.devicetreeRegions());
        return out;
    }

    /** {@code iommu_set_fault_handler()}; null removes it. */
    public void setFaultHandler(IommuDomain domain, @Nullable FaultHandler handler) {
        domain.setHandler(handler);
    }

    // ---------------------------------------------------------------- map

    /**
     * {@code iommu_map(domain, iova, paddr, size, prot)}.
     *
     * @throws IommuException {@code -EINVAL} (not a paging domain, misaligned, no access in
     *         {@code prot}), {@code -EEXIST} (already mapped), {@code -ERANGE} (beyond the page
     *         table's address sizes), {@code -ENOMEM} (no page-table memory), {@code -ENODEV}
     *         (no page table yet), {@code -EPERM} (not the host's translation); a partial map is
     *         unrolled first
     */
    public void map(IommuDomain domain, long iova, long paddr, long size, int prot) throws IommuException {
        checkHostOwns(domain, null, IommuEvent.Kind.MAP, "iommu_map");
        mapAs(domain, iova, paddr, size, prot, IommuEvent.Kind.MAP, null);
        if (domain.type() == DomainType.DMA && events.active()) {
            warnOutsideAllocator(domain, iova, size);
        }
    }

    void mapAs(IommuDomain domain, long iova, long paddr, long size, int prot, IommuEvent.Kind kind,
            @Nullable Master dev) throws IommuException {
        checkLive(domain, dev, kind);
        int err = mapPrecheck(domain, iova, paddr, size, prot);
        if (err != 0) {
            throw event(kind, dev, domain, mapError(domain, err, iova, iova, paddr, size, prot, 0, 0));
        }
        PageTable table = java.util.Objects.requireNonNull(domain.table());
        long bitmap = domain.pgsizeBitmap();
        long left = size;
        long at = iova;
        long pa = paddr;
        int ret = PageTable.OK;
        long failPgsize = 0;
        long failCount = 0;
        while (left != 0) {
            long pg = pgsize(bitmap, at, pa, left);
            ret = table.mapPages(at, pa, pg, pgcount, prot);
            long done = table.mapped;
            left -= done;
            if (ret != PageTable.OK) {
                failPgsize = pg;
                failCount = pgcount;
                break;
            }
            at += done;
            pa += done;
        }
        if (ret != PageTable.OK) {
            long mapped = size - left;
            IommuException e = mapError(domain, ret, iova, at + table.mapped, pa + table.mapped, size, prot,
                    failPgsize, failCount);
            if (mapped != 0) {
                unmapAs(domain, iova, mapped, null);
            }
            throw event(kind, dev, domain, e);
        }
        if (events.active()) {
            events.emit(kind, dev == null ? null : dev.name(), domain.label(), iova, paddr, size, null, 0,
                    callName(kind) + "(" + domain.label() + ", iova " + Hex.of(iova) + ", pa " + Hex.of(paddr)
                            + ", size " + Hex.of(size) + ", " + IommuProt.describe(prot) + ") = 0");
        }
    }

    private static String callName(IommuEvent.Kind kind) {
        return switch (kind) {
            case MAP -> "iommu_map";
            case UNMAP -> "iommu_unmap";
            case DIRECT_MAP -> "iommu_create_device_direct_mappings: iommu_map";
            case OWNER_MAP -> "owner map";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static final int NOT_PAGING = -1;
    private static final int NO_TABLE = -2;
    private static final int UNALIGNED = -3;
    private static final int NO_ACCESS = -4;
    private static final int OUT_OF_RANGE = -5;

    /**
     * The checks of {@code iommu_map()} before any page is touched: 0, or one of the negative
     * reasons above. (Linux's v7s code returns 0 without mapping for a {@code prot} without read
     * or write, which makes {@code __iommu_map()} loop; here it is an error.)
     */
    private static int mapPrecheck(IommuDomain domain, long iova, long paddr, long size, int prot) {
        if (!domain.type().isPaging()) {
            return NOT_PAGING;
        }
        PageTable table = domain.table();
        if (table == null || domain.pgsizeBitmap() == 0) {
            return NO_TABLE;
        }
        long min = Long.lowestOneBit(domain.pgsizeBitmap());
        if (((iova | paddr | size) & (min - 1)) != 0) {
            return UNALIGNED;
        }
        if ((prot & (IommuProt.READ | IommuProt.WRITE)) == 0) {
            return NO_ACCESS;
        }
        PageTableFormat f = domain.iommu().format();
        if (size != 0 && (((iova + size - 1) >>> f.ias()) != 0 || Long.compareUnsigned(iova + size - 1, iova) < 0
                || ((paddr + size - 1) >>> f.oas()) != 0)) {
            return OUT_OF_RANGE;
        }
        return 0;
    }

    private IommuException mapError(IommuDomain d, int code, long iova, long at, long pa, long size, int prot,
            long pg, long count) {
        long min = Long.lowestOneBit(d.pgsizeBitmap());
        PageTableFormat f = d.iommu().format();
        Location where = Location.range(iova, size);
        if (code == NOT_PAGING) {
            return new IommuException(Errno.EINVAL, "iommu_map on " + d.label() + ": a " + d.type()
                    + " domain has no page table to map into", where, "map into an UNMANAGED or DMA domain");
        }
        if (code == NO_TABLE) {
            return new IommuException(Errno.ENODEV, "iommu_map on " + d.label() + ": the domain has no page table yet"
                    + (d.iommu() instanceof MtkIommu ? " (mtk_iommu finalises a domain at its first attach)" : ""),
                    where, "attach the domain to a device first");
        }
        if (code == UNALIGNED) {
            return new IommuException(Errno.EINVAL, "unaligned: iova " + Hex.of(at) + " pa " + Hex.of(pa, 16)
                    + " size " + Hex.of(size) + " min_pagesz " + Hex.of(min) + " (" + d.label() + ")", where,
                    "align iova, pa and size to " + Hex.of(min));
        }
        if (code == NO_ACCESS) {
            return new IommuException(Errno.EINVAL, "iommu_map on " + d.label() + " with prot "
                    + IommuProt.describe(prot) + ": neither IOMMU_READ nor IOMMU_WRITE", where,
                    "give IOMMU_READ and/or IOMMU_WRITE");
        }
        if (code == OUT_OF_RANGE || code == PageTable.ERANGE) {
            return new IommuException(Errno.ERANGE, "iommu_map on " + d.label() + ": [" + Hex.of(at) + ".."
                    + Hex.of(at + size) + ") -> pa " + Hex.of(pa) + " does not fit the page table (ias=" + f.ias()
                    + ", oas=" + f.oas() + " bits)", where, "use addresses below " + Hex.of(1L << f.ias())
                            + " (IOVA) and " + Hex.of(1L << f.oas()) + " (physical)");
        }
        if (code == PageTable.EEXIST) {
            PageTable t = java.util.Objects.requireNonNull(d.table());
            long[] hit = { -1, 0, 0 };
            t.forEachMapping(at, at + Math.max(pg * count, 1), (iv, p, sz, perms, kind) -> {
                if (hit[0] < 0) {
                    hit[0] = iv;
                    hit[1] = p;
                    hit[2] = sz;
                }
            });
            String what = hit[0] < 0 ? "iova " + Hex.of(at) + " is already mapped"
                    : "iova " + Hex.of(hit[0]) + " is already mapped (" + Hex.of(hit[2]) + " bytes at pa "
                            + Hex.of(hit[1]) + ")";
            return new IommuException(Errno.EEXIST, "iommu_map on " + d.label() + " of " + new AddressRange(iova, size)
                    + ": " + what, where, "unmap the old mapping first (iommu_unmap), or map elsewhere");
        }
        if (code == PageTable.ENOMEM) {
            return new IommuException(Errno.ENOMEM, "iommu_map on " + d.label() + ": no page-table memory left ("
                    + java.util.Objects.requireNonNull(d.table()).tablesInUse() + " tables in use)", where,
                    "unmap something, or give the IOMMU a larger table arena");
        }
        Errno e = Errno.of(code);
        return new IommuException(e == null ? Errno.EINVAL : e, "iommu_map on " + d.label() + " failed at iova "
                + Hex.of(at), where, null);
    }

    private void warnOutsideAllocator(IommuDomain domain, long iova, long size) {
        IovaAllocator iovad = domain.iovaAllocator();
        if (iovad == null || size == 0) {
            return;
        }
        long lo = iova >>> iovad.shift();
        long hi = (iova + size - 1) >>> iovad.shift();
        long covered = 0;
        for (IovaAllocator.Allocation a : iovad.overlapping(lo, hi)) {
            covered += Math.min(a.iova() + a.size(), iova + size) - Math.max(a.iova(), iova);
        }
        if (covered < size) {
            events.emit(IommuEvent.Kind.WARNING, null, domain.label(), iova, -1, size, null, -1, "iommu_map into "
                    + domain.label() + " at " + new AddressRange(iova, size) + ", which its IOVA allocator has not"
                    + " handed out: the DMA API may allocate these addresses later and collide (-EEXIST)");
        }
    }

    /**
     * {@code iommu_pgsize()}: the largest page that the alignment of {@code iova | paddr} and
     * {@code size} allow; leaves in {@link #pgcount} how many such pages to map before a larger
     * page becomes possible.
     */
    private long pgsize(long bitmap, long iova, long paddr, long size) {
        long addrMerge = paddr | iova;
        long pgsizes = bitmap & genmask(63 - Long.numberOfLeadingZeros(size));
        if (addrMerge != 0) {
            pgsizes &= genmask(Long.numberOfTrailingZeros(addrMerge));
        }
        int idx = 63 - Long.numberOfLeadingZeros(pgsizes);
        long pg = 1L << idx;
        long larger = bitmap & ~genmask(idx);
        long span = size;
        if (larger != 0) {
            long next = Long.lowestOneBit(larger);
            if (((iova ^ paddr) & (next - 1)) == 0) {
                long offset = next - (addrMerge & (next - 1));
                if (offset + next <= size) {
                    span = offset;
                }
            }
        }
        pgcount = span >>> idx;
        return pg;
    }

    private static long genmask(int high) {
        return high >= 63 ? -1L : (1L << (high + 1)) - 1;
    }

    // ---------------------------------------------------------------- unmap

    /**
     * {@code iommu_unmap(domain, iova, size)}: returns the bytes unmapped, which is less than
     * {@code size} when it stops at a hole or at a page that would split a larger leaf, and 0 when
     * {@code iova} or {@code size} is not aligned to the smallest page.
     *
     * @throws IommuException only {@code -EPERM}: the translation is not the host's
     */
    public long unmap(IommuDomain domain, long iova, long size) throws IommuException {
        checkHostOwns(domain, null, IommuEvent.Kind.UNMAP, "iommu_unmap");
        return unmapAs(domain, iova, size, null);
    }

    long unmapAs(IommuDomain domain, long iova, long size, @Nullable Master dev) {
        PageTable table = domain.table();
        if (!domain.type().isPaging() || table == null || domain.isFreed()) {
            emitUnmap(domain, dev, iova, size, 0, " (not a paging domain with a page table)");
            return 0;
        }
        long bitmap = domain.pgsizeBitmap();
        long min = Long.lowestOneBit(bitmap);
        if (((iova | size) & (min - 1)) != 0) {
            emitUnmap(domain, dev, iova, size, 0, ": unaligned: iova " + Hex.of(iova) + " size " + Hex.of(size)
                    + " min_pagesz " + Hex.of(min));
            return 0;
        }
        long unmapped = 0;
        long at = iova;
        while (Long.compareUnsigned(unmapped, size) < 0) {
            long pg = pgsize(bitmap, at, at, size - unmapped);
            long done = table.unmapPages(at, pg, pgcount);
            if (done == 0) {
                break;
            }
            at += done;
            unmapped += done;
        }
        if (unmapped != 0) {
            Iommu iommu = domain.iommu();
            iommu.iotlb().invalidateRange(iommu.tlbContext(domain), iova, unmapped);
        }
        if (events.active()) {
            emitUnmap(domain, dev, iova, size, unmapped, unmapped == size ? ""
                    : " (stopped at " + Hex.of(iova + unmapped) + ": " + describeStop(table, iova + unmapped) + ")");
        }
        return unmapped;
    }

    private static String describeStop(PageTable table, long at) {
        Walk w = table.walk(at);
        return w.mapped() ? "a " + Hex.of(w.leafSize()) + "-byte " + w.last().kind()
                + " there cannot be split" : "not mapped";
    }

    private void emitUnmap(IommuDomain domain, @Nullable Master dev, long iova, long size, long unmapped,
            String note) {
        if (events.active()) {
            events.emit(IommuEvent.Kind.UNMAP, dev == null ? null : dev.name(), domain.label(), iova, -1, size, null,
                    unmapped, "iommu_unmap(" + domain.label() + ", iova " + Hex.of(iova) + ", size " + Hex.of(size)
                            + ") = " + Hex.of(unmapped) + note);
        }
    }

    /** {@code iommu_iova_to_phys()}: a walk of the page table (the IOVA itself for identity, 0 when unmapped). */
    public long iovaToPhys(IommuDomain domain, long iova) {
        if (domain.type() == DomainType.IDENTITY) {
            return iova;
        }
        PageTable t = domain.table();
        if (domain.type() == DomainType.BLOCKED || t == null) {
            return 0;
        }
        return t.iovaToPhys(iova);
    }

    /** {@code iommu_flush_iotlb_all()}. */
    public void flushIotlbAll(IommuDomain domain) {
        if (domain.context() >= 0) {
            domain.iommu().iotlb().invalidateContext(domain.iommu().tlbContext(domain));
        }
    }

    // ---------------------------------------------------------------- faults

    /**
     * {@code report_iommu_fault()}: calls the domain's handler and returns its result, or
     * {@code -ENOSYS} when there is none.
     */
    public int reportIommuFault(IommuDomain domain, @Nullable Master dev, long iova, int flags) {
        int ret = report(domain, dev, iova, flags);
        if (events.active()) {
            events.emit(IommuEvent.Kind.FAULT, dev == null ? null : dev.name(), domain.label(), iova, -1, -1,
                    ret < 0 ? Errno.of(ret) : null, ret, "report_iommu_fault(" + domain.label() + ", iova "
                            + Hex.of(iova) + ", " + (flags == FaultHandler.FAULT_WRITE ? "write" : "read") + ") = "
                            + ret);
        }
        return ret;
    }

    int report(IommuDomain domain, @Nullable Master dev, long iova, int flags) {
        FaultHandler h = domain.handler();
        return h == null ? Errno.ENOSYS.negated() : h.onFault(domain, dev, iova, flags);
    }

    // ---------------------------------------------------------------- probe

    /** {@code iommu_probe_device()}: group, default domain, direct mappings, attach, DMA cookie. */
    void probe(Master m) throws IommuException {
        Iommu iommu = m.iommu();
        if (iommu == null) {
            if (events.active()) {
                events.emit(IommuEvent.Kind.PROBE, m.name(), null, -1, -1, -1, null, -1, m.name()
                        + ": not behind an IOMMU; DMA addresses are physical addresses (dma-direct)");
            }
            return;
        }
        IommuGroup g;
        try {
            g = iommu.deviceGroup(m);
        } catch (IommuException e) {
            throw event(IommuEvent.Kind.PROBE, m, null, e);
        }
        g.add(m);
        m.setGroup(g);
        if (events.active()) {
            events.emit(IommuEvent.Kind.PROBE, m.name(), null, -1, -1, -1, null, g.id(), m.name()
                    + ": Adding to iommu group " + g.id() + " (" + iommu.name() + ", " + g.description() + ")");
        }
        IommuDomain def = g.defaultDomain();
        if (def == null && m.owner() == TranslationOwner.HOST) {
            DomainType t = m.requestedDefaultDomainType() != null ? m.requestedDefaultDomainType()
                    : iommu.defaultDomainType();
            if (t == DomainType.IDENTITY && iommu instanceof MtkIommu) {
                warn(m, null, "Failed to allocate default IOMMU domain of type IDENTITY for group " + g.id()
                        + " - Falling back to IOMMU_DOMAIN_DMA");
                t = DomainType.DMA;
            }
            try {
                def = newDomain(iommu, java.util.Objects.requireNonNull(t), TranslationOwner.HOST,
                        "default domain of " + g.label(), m);
            } catch (IommuException e) {
                g.remove(m);
                if (g.deviceCount() == 0) {
                    iommu.groups.remove(g);
                }
                throw e;
            }
            g.setDefaultDomain(def);
        }
        if (m.owner() != TranslationOwner.HOST || def == null) {
            if (events.active()) {
                events.emit(IommuEvent.Kind.PROBE, m.name(), null, -1, -1, -1, null, g.id(), m.name()
                        + ": its translation belongs to " + m.owner().describe() + "; the host sets up no domain");
            }
            return;
        }
        if (m.requestedDefaultDomainType() != null && m.requestedDefaultDomainType() != def.type()) {
            warn(m, def, m.name() + ": Device needs domain type " + m.requestedDefaultDomainType()
                    + ", but the device(s) already in " + g.label() + " use " + def.type() + " - using default");
        }
        List<ReservedRegion> resv = getResvRegions(m);
        for (ReservedRegion r : resv) {
            if (r.note() != null) {
                warn(m, def, m.name() + ": " + r.note());
            }
        }
        boolean mapped = def.type() == DomainType.DMA && def.table() != null && createDirectMappings(def, m, resv);
        IommuDomain cur = g.domain();
        if (cur == null) {
            setGroupDomain(g, def, m);
        } else {
            try {
                iommu.attachDev(cur, m);
            } catch (IommuException e) {
                throw event(IommuEvent.Kind.PROBE, m, cur, e);
            }
        }
        if (def.type() == DomainType.DMA) {
            initDmaDomain(def, m, resv);
            if (!mapped) {
                createDirectMappings(def, m, resv);
            }
        }
    }

    /** {@code iommu_dma_init_domain()}: the IOVA allocator, with the device's reserved regions taken. */
    private void initDmaDomain(IommuDomain d, Master m, List<ReservedRegion> resv) {
        IovaAllocator iovad = d.iovaAllocator();
        if (iovad == null) {
            long granule = Long.lowestOneBit(d.pgsizeBitmap());
            int order = Long.numberOfTrailingZeros(granule);
            iovad = new IovaAllocator(granule, Math.max(1, d.apertureStart() >>> order), true);
            iovad.setEvents(events, d.label());
            d.setIovad(iovad);
        }
        for (ReservedRegion r : resv) {
            if (r.type() == ReservedRegion.Type.SW_MSI) {
                continue;
            }
            iovad.reserve(r.start() >>> iovad.shift(), (r.start() + r.length() - 1) >>> iovad.shift(),
                    r.type().name().toLowerCase(java.util.Locale.ROOT) + " region " + new AddressRange(r.start(),
                            r.length()) + " of " + m.name() + " (" + r.source() + ")");
        }
    }

    /**
     * {@code iommu_create_device_direct_mappings()}: maps the DIRECT regions 1:1 where nothing is
     * mapped yet; false when the domain has no page table to map into yet.
     */
    private boolean createDirectMappings(IommuDomain d, Master m, List<ReservedRegion> resv) {
        PageTable t = d.table();
        if (t == null) {
            return false;
        }
        long pg = Long.lowestOneBit(d.pgsizeBitmap());
        for (ReservedRegion r : resv) {
            if (r.type() != ReservedRegion.Type.DIRECT && r.type() != ReservedRegion.Type.DIRECT_RELAXABLE) {
                continue;
            }
            long start = (r.start() + pg - 1) & -pg;
            long end = (r.start() + r.length() + pg - 1) & -pg;
            long run = 0;
            for (long addr = start; addr <= end; addr += pg) {
                if (addr != end && t.iovaToPhys(addr) == 0) {
                    run += pg;
                    continue;
                }
                if (run != 0) {
                    try {
                        mapAs(d, addr - run, addr - run, run, r.prot(), IommuEvent.Kind.DIRECT_MAP, m);
                    } catch (IommuException e) {
                        warn(m, d, m.name() + ": direct mapping of " + new AddressRange(addr - run, run) + " from "
                                + r.source() + " failed: " + e.describe());
                    }
                    run = 0;
                }
            }
        }
        return true;
    }

    private void warn(@Nullable Master m, @Nullable IommuDomain d, String text) {
        if (events.active()) {
            events.emit(IommuEvent.Kind.WARNING, m == null ? null : m.name(), d == null ? null : d.label(), -1, -1, -1,
                    null, -1, text);
        }
    }

    /** Emits the failure of {@code kind} and returns the exception for the caller to throw. */
    IommuException event(IommuEvent.Kind kind, @Nullable Master dev, @Nullable IommuDomain domain, IommuException e) {
        if (events.active()) {
            events.emit(kind, dev == null ? null : dev.name(), domain == null ? null : domain.label(),
                    e.location().address(), -1, e.location().length(), e.errno(), e.errno().negated(),
                    kind.name().toLowerCase(java.util.Locale.ROOT) + " failed: " + e.describe());
        }
        return e;
    }
}
