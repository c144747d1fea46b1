package dev.bringup.iommu;

/**
 * The Linux error numbers the IOMMU and DMA layers return, with their kernel values (the
 * kernel returns them negated: {@code -EINVAL}).
 */
public enum Errno {
    /** Operation not permitted: the translation is owned by a hypervisor or the secure world. */
    EPERM(1),
    /** No such entry: an unknown DMA handle, an IOVA that was never allocated. */
    ENOENT(2),
    /** Out of memory: no IOVA space, no physical pages, no room in a pool. */
    ENOMEM(12),
    /** Bad address: an access to a physical address no region backs. */
    EFAULT(14),
    /** Busy: another domain is attached, an address range is taken. */
    EBUSY(16),
    /** Already exists: the IOVA is already mapped. */
    EEXIST(17),
    /** No such device: the device is not behind an IOMMU, or the domain is not ready. */
    ENODEV(19),
    /** Invalid argument: misalignment, a shared group, a wrong domain type. */
    EINVAL(22),
    /** No space left: no free context bank. */
    ENOSPC(28),
    /** Out of range: the address does not fit the page table's input or output size. */
    ERANGE(34),
    /** Not implemented: no fault handler is installed. */
    ENOSYS(38),
    /** Not supported by this IOMMU driver (for example an unmanaged domain). */
    EOPNOTSUPP(95);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The positive kernel value, {@code 22} for {@link #EINVAL}. */
    public int code() {
        return code;
    }

    /** The value a kernel function returns, {@code -22} for {@link #EINVAL}. */
    public int negated() {
        return -code;
    }

    /** The errno for a kernel value, negative or positive, or null when it is not one of these. */
    public static @org.eclipse.jdt.annotation.Nullable Errno of(int value) {
        int v = Math.abs(value);
        for (Errno e : values()) {
            if (e.code == v) {
                return e;
            }
        }
        return null;
    }

    /** {@code -EINVAL}, the way kernel logs and reviews write it. */
    public String label() {
        return "-" + name();
    }
}
