package dev.bringup.iommu;

/**
 * Who programs the translation of a master. Under Qualcomm's hypervisor (QHEE) or with a
 * secure-world-managed context, the host kernel may not map or unmap for the master; the
 * owner's mappings are still there to be read.
 */
public enum TranslationOwner {
    /** The Linux host: the usual case. */
    HOST,
    /** An EL2 hypervisor (Qualcomm QHEE, a pKVM-like monitor). */
    HYPERVISOR,
    /** The secure world (TrustZone firmware). */
    SECURE_WORLD;

    /** {@code the hypervisor}, {@code the secure world}, {@code the host}, for messages. */
    public String describe() {
        return switch (this) {
            case HOST -> "the host";
            case HYPERVISOR -> "the hypervisor";
            case SECURE_WORLD -> "the secure world";
        };
    }
}
