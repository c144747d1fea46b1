package dev.bringup.loader.internal;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Thrown by a step's body to fail it with an errno and the workbench's diagnosis; the kernel
 * turns it into a failed step. Carries no stack trace: it is a result, not a bug.
 */
public final class StepFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String diagnosis;
    private final @Nullable String fix;

    /**
     * @param errno the negative errno the kernel function returns
     * @param diagnosis what failed and why
     * @param fix what would fix it, or null
     */
    public StepFailure(int errno, String diagnosis, @Nullable String fix) {
        super(diagnosis, null, false, false);
        this.errno = errno;
        this.diagnosis = diagnosis;
        this.fix = fix;
    }

    public int errno() {
        return errno;
    }

    public String diagnosis() {
        return diagnosis;
    }

    public @Nullable String fix() {
        return fix;
    }
}
