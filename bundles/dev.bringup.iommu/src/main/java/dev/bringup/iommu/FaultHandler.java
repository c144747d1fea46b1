package dev.bringup.iommu;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A domain's fault handler ({@code iommu_fault_handler_t}), installed with
 * {@link IommuApi#setFaultHandler}. remoteproc's handler reports a crash of type
 * {@code RPROC_MMUFAULT} and returns {@code -ENOSYS} so the IOMMU driver still prints its
 * message.
 */
@FunctionalInterface
public interface FaultHandler {

    /** {@code IOMMU_FAULT_READ}. */
    int FAULT_READ = 0x0;
    /** {@code IOMMU_FAULT_WRITE}. */
    int FAULT_WRITE = 0x1;

    /**
     * @param domain the domain the fault is reported on
     * @param device the device the IOMMU driver names (may be null, as arm-smmu passes)
     * @param iova the address the driver reports
     * @param flags {@link #FAULT_READ} or {@link #FAULT_WRITE}
     * @return 0 when handled, else a negative errno ({@code -ENOSYS}: let the driver report it)
     */
    int onFault(IommuDomain domain, @Nullable Master device, long iova, int flags);
}
