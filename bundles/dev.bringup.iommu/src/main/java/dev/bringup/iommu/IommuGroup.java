package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Devices the IOMMU cannot isolate from each other ({@code struct iommu_group}): they always
 * share one domain. An Arm SMMU groups masters whose stream matches overlap; a MediaTek M4U
 * groups the masters of one bank and IOVA region.
 */
public final class IommuGroup {

    private final int id;
    private final Iommu iommu;
    private final String description;
    private final List<Master> devices = new ArrayList<>();
    private @Nullable IommuDomain defaultDomain;
    private @Nullable IommuDomain domain;

    IommuGroup(int id, Iommu iommu, String description) {
        this.id = id;
        this.iommu = iommu;
        this.description = description;
    }

    /** The group number, as in {@code /sys/kernel/iommu_groups/<id>}. */
    public int id() {
        return id;
    }

    public Iommu iommu() {
        return iommu;
    }

    /** What the group stands for in its IOMMU: {@code bank 0, IOVA region 0 [0x0..0x100000000)}. */
    public String description() {
        return description;
    }

    /** The members, in probe order. */
    public List<Master> devices() {
        return List.copyOf(devices);
    }

    void add(Master m) {
        devices.add(m);
    }

    void remove(Master m) {
        devices.remove(m);
    }

    int deviceCount() {
        return devices.size();
    }

    /** The domain the kernel set up at probe (DMA or identity), or null. */
    public @Nullable IommuDomain defaultDomain() {
        return defaultDomain;
    }

    void setDefaultDomain(IommuDomain d) {
        this.defaultDomain = d;
    }

    /** The domain attached now. */
    public @Nullable IommuDomain domain() {
        return domain;
    }

    void setDomain(@Nullable IommuDomain d) {
        this.domain = d;
    }

    /** {@code iommu group 0}. */
    public String label() {
        return "iommu group " + id;
    }

    /** {@code iommu group 0 of 10205000.iommu (bank 0, ...) with 14008000.ovl, 19100000.apu}. */
    public String describe() {
        StringBuilder b = new StringBuilder(label()).append(" of ").append(iommu.name()).append(" (")
                .append(description).append(") with ").append(devices.size())
                .append(devices.size() == 1 ? " device: " : " devices: ");
        for (int i = 0; i < devices.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(devices.get(i).describe());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return label();
    }
}
