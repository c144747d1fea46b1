package dev.bringup.iommu;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;

/**
 * A DMA access that did not complete: where, why, who reported it to whom, and the lines the
 * kernel would print.
 *
 * @param iommu the IOMMU ({@code 15000000.iommu}), or null for a bus error without IOMMU
 * @param device the master that made the access
 * @param da the device address that faulted (exact)
 * @param write whether it was a write
 * @param reason why
 * @param level the page-table level where the walk stopped (or of the leaf, for a permission
 *        fault), or -1
 * @param streamId the SMMU stream ID, or -1
 * @param larb the MediaTek larb, or -1
 * @param port the MediaTek port, or -1
 * @param context the SMMU context bank or MediaTek bank, or -1
 * @param domain the label of the domain the fault was reported on, or null
 * @param reportedIova the address passed to {@code report_iommu_fault()} (MediaTek keeps status
 *        bits in it), or -1
 * @param handlerResult what {@code report_iommu_fault()} returned ({@code -ENOSYS} without a
 *        handler), or 0 when not reported
 * @param kernelLog the kernel's messages, each with its device prefix
 */
public record FaultRecord(@Nullable String iommu, String device, long da, boolean write, Reason reason, int level,
        int streamId, int larb, int port, int context, @Nullable String domain, long reportedIova, int handlerResult,
        List<String> kernelLog) {

    /** Why an access failed. */
    public enum Reason {
        /** No valid descriptor: a translation fault. */
        TRANSLATION,
        /** The leaf does not grant the access (a write to a read-only mapping). */
        PERMISSION,
        /** The device is attached to a blocked domain. */
        BLOCKED,
        /** The physical address is not backed by any region: a bus decode error. */
        EXTERNAL
    }

    public FaultRecord {
        kernelLog = List.copyOf(kernelLog);
    }

    /** {@code IOMMU_FAULT_READ} or {@code IOMMU_FAULT_WRITE}. */
    public int flags() {
        return write ? FaultHandler.FAULT_WRITE : FaultHandler.FAULT_READ;
    }

    /** {@code translation fault on write by 19100000.apu at da 0x60001000 (level 2)}. */
    public String summary() {
        return reason.name().toLowerCase(java.util.Locale.ROOT) + " fault on " + (write ? "write" : "read") + " by "
                + device + " at da " + Hex.of(da) + (level >= 0 ? " (level " + level + ")" : "")
                + (iommu == null ? "" : " through " + iommu);
    }
}
