package dev.bringup.iommu;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One operation of the simulation, with its arguments and its result, as the boot log and the
 * views show it. Numeric arguments that do not apply are -1.
 *
 * @param seq position in the simulation's event sequence, from 1
 * @param kind what happened
 * @param device the device ({@code dev_name}) concerned, or null
 * @param domain the domain concerned ({@link IommuDomain#label()}), or null
 * @param iova the IOVA (device address) argument, or -1
 * @param pa the physical address argument, or -1
 * @param size the size argument in bytes, or -1
 * @param error the errno when the operation failed, or null
 * @param value the operation's numeric result (bytes unmapped, handler return, ...), or -1
 * @param text the operation as one line: the call, its arguments and its result
 */
public record IommuEvent(long seq, Kind kind, @Nullable String device, @Nullable String domain, long iova, long pa,
        long size, @Nullable Errno error, long value, String text) {

    /** Operations that produce events. */
    public enum Kind {
        /** A device was probed: it joined an IOMMU group and got its default domain. */
        PROBE,
        DOMAIN_ALLOC,
        DOMAIN_FREE,
        ATTACH,
        DETACH,
        MAP,
        UNMAP,
        /** A reserved region mapped 1:1 into a default domain ({@code IOMMU_RESV_DIRECT}). */
        DIRECT_MAP,
        /** A translation fault reported through {@code report_iommu_fault()}. */
        FAULT,
        IOVA_ALLOC,
        IOVA_FREE,
        IOVA_RESERVE,
        /** Physical memory taken from a pool (CMA, a per-device pool, system RAM). */
        PHYS_ALLOC,
        PHYS_FREE,
        DMA_ALLOC,
        DMA_FREE,
        DMA_MAP,
        DMA_UNMAP,
        /** A translation owner (hypervisor, secure world) changed its own tables. */
        OWNER_MAP,
        /** Something a kernel would warn about ({@code WARN_ON}, {@code dev_warn}). */
        WARNING
    }

    /** Whether the operation succeeded. */
    public boolean ok() {
        return error == null;
    }

    @Override
    public String toString() {
        return "#" + seq + " " + text;
    }
}
