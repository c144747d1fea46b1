package dev.bringup.loader;

import java.util.Locale;

/**
 * The states of a remote processor ({@code enum rproc_state}), with the names the kernel shows in
 * {@code /sys/class/remoteproc/remoteprocN/state}.
 */
public enum RprocState {
    /** Powered off; the firmware is not loaded. */
    OFFLINE,
    /** Powered on, suspended. */
    SUSPENDED,
    /** Running the firmware Linux loaded. */
    RUNNING,
    /** Crashed; recovery is pending or disabled. */
    CRASHED,
    /** Unregistered ({@code rproc_del}); the handle may not be booted again. */
    DELETED,
    /** Running a firmware the boot loader started; Linux attached to it. */
    ATTACHED,
    /** Running a firmware Linux does not manage (before attach, or after detach). */
    DETACHED;

    /** {@code offline}, {@code running}, ... as {@code rproc_state_string[]} spells them. */
    public String kernelName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the processor executes firmware ({@link #RUNNING} or {@link #ATTACHED}). */
    public boolean isUp() {
        return this == RUNNING || this == ATTACHED;
    }
}
