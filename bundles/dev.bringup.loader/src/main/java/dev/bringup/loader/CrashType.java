package dev.bringup.loader;

/** Why a remote processor crashed ({@code enum rproc_crash_type}), with the kernel's names. */
public enum CrashType {
    /** An IOMMU fault reported through the domain's fault handler. */
    MMUFAULT("mmufault"),
    /** The processor's watchdog expired. */
    WATCHDOG("watchdog"),
    /** The firmware reported a fatal error (for example Qualcomm's fatal interrupt). */
    FATAL_ERROR("fatal error");

    private final String kernelName;

    CrashType(String kernelName) {
        this.kernelName = kernelName;
    }

    /** {@code mmufault}, {@code watchdog}, {@code fatal error}, as {@code rproc_crash_to_string()} gives them. */
    public String kernelName() {
        return kernelName;
    }
}
