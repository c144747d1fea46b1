package dev.bringup.iommu;

import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;

/**
 * A refused IOMMU, DMA or memory operation: the Linux errno it would return, what was refused
 * and where (device, group, address), and what would fix it. Carries no stack trace: it is a
 * result a boot replay shows to the user, not a programming error.
 */
public class IommuException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Errno errno;
    private final Location location;
    private final @Nullable String fix;

    public IommuException(Errno errno, String message, Location location, @Nullable String fix) {
        super(message, null, false, false);
        this.errno = Objects.requireNonNull(errno);
        this.location = Objects.requireNonNull(location);
        this.fix = fix;
    }

    public IommuException(Errno errno, String message, @Nullable String fix) {
        this(errno, message, Location.NOWHERE, fix);
    }

    public Errno errno() {
        return errno;
    }

    public Location location() {
        return location;
    }

    public @Nullable String fix() {
        return fix;
    }

    /** The message without the errno: {@code iova 0x1000 is already mapped ...}. */
    public String reason() {
        return String.valueOf(getMessage());
    }

    /** The error as a diagnostic with the given stable code. */
    public Diagnostic toDiagnostic(String code) {
        return Diagnostic.error(code, errno.label() + ": " + reason(), location, fix);
    }

    /** {@code -EINVAL: ... Fix: ...}, the one-line form for logs and the command line. */
    public String describe() {
        return errno.label() + ": " + reason() + (fix == null ? "" : " Fix: " + fix);
    }

    @Override
    public String toString() {
        return describe();
    }
}
