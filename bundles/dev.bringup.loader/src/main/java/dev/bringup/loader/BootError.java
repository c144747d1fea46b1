package dev.bringup.loader;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.Errno;

/**
 * Why a step failed: the step, the errno the kernel returns there, the kernel's own message, and
 * the workbench's diagnosis (what failed, why, and what would fix it).
 *
 * @param step the step's name ({@code rproc_enable_iommu}, ...)
 * @param errno the negative errno ({@code -22} for {@code -EINVAL})
 * @param message what the kernel says (its log text), or the operation that failed
 * @param diagnosis what failed and why, in the workbench's words
 * @param fix what would fix it, or null when nothing is to be suggested
 */
public record BootError(String step, int errno, String message, String diagnosis, @Nullable String fix) {

    /** {@code -EINVAL}, or {@code -22} when the number is not one the simulation names. */
    public String errnoName() {
        Errno e = Errno.of(errno);
        return e == null ? Integer.toString(errno) : e.label();
    }

    /** One line: {@code rproc_enable_iommu failed with -EINVAL: ... Fix: ...}. */
    public String describe() {
        return step + " failed with " + errnoName() + " (" + errno + "): " + diagnosis + (fix == null ? "" : " Fix: " + fix);
    }

    @Override
    public String toString() {
        return describe();
    }
}
