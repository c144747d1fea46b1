package dev.bringup.iommu;

import dev.bringup.common.Hex;

/**
 * What a translation owner other than the host (a hypervisor, the secure world) does to the
 * IOMMU: set up its own domain for the masters it owns and map them. The host sees these domains
 * and their mappings (walks, {@code iova_to_phys}, the device's accesses) but may not change
 * them. Obtain one with {@link Simulation#owner(TranslationOwner)}.
 */
public final class OwnerAccess {

    private final Simulation sim;
    private final TranslationOwner owner;

    OwnerAccess(Simulation sim, TranslationOwner owner) {
        this.sim = sim;
        this.owner = owner;
    }

    public TranslationOwner owner() {
        return owner;
    }

    /** A paging domain of this owner on {@code dev}'s IOMMU. */
    public IommuDomain domainAlloc(Master dev) throws IommuException {
        Iommu iommu = dev.iommu();
        if (iommu == null) {
            throw new IommuException(Errno.ENODEV, dev.name() + " is not behind an IOMMU", null);
        }
        return sim.api().newDomain(iommu, DomainType.UNMANAGED, owner, "set up by " + owner.describe() + " for "
                + dev.name(), dev);
    }

    private void checkOwns(IommuDomain domain, Master dev) throws IommuException {
        if (domain.owner() != owner || dev.owner() != owner) {
            throw new IommuException(Errno.EPERM, owner.describe() + " does not own " + (domain.owner() != owner
                    ? domain.label() : "the translation of " + dev.describe()), "use the owner's view");
        }
    }

    /** Points {@code dev}'s group at {@code domain} (the owner programs the context directly). */
    public void attach(IommuDomain domain, Master dev) throws IommuException {
        checkOwns(domain, dev);
        IommuGroup g = dev.group();
        if (g == null) {
            throw new IommuException(Errno.ENODEV, dev.name() + " is not behind an IOMMU", null);
        }
        sim.api().setGroupDomain(g, domain, dev);
        IommuEvents events = sim.events();
        if (events.active()) {
            events.emit(IommuEvent.Kind.ATTACH, dev.name(), domain.label(), -1, -1, -1, null, 0, owner.describe()
                    + " attaches " + domain.label() + " to " + dev.name());
        }
    }

    /** Maps as the owner; the same page-size rules as {@link IommuApi#map}. */
    public void map(IommuDomain domain, long iova, long paddr, long size, int prot) throws IommuException {
        if (domain.owner() != owner) {
            throw new IommuException(Errno.EPERM, owner.describe() + " does not own " + domain.label() + " (at "
                    + Hex.of(iova) + ")", "use the owner's view");
        }
        sim.api().mapAs(domain, iova, paddr, size, prot, IommuEvent.Kind.OWNER_MAP, null);
    }

    /** Unmaps as the owner; returns the bytes unmapped. */
    public long unmap(IommuDomain domain, long iova, long size) throws IommuException {
        if (domain.owner() != owner) {
            throw new IommuException(Errno.EPERM, owner.describe() + " does not own " + domain.label(),
                    "use the owner's view");
        }
        return sim.api().unmapAs(domain, iova, size, null);
    }
}
