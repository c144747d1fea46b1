package dev.bringup.common;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Input that a reader cannot use at all: a truncated header, a bad magic number, an offset
 * outside the file. The only exception that readers let escape for bad input; it carries the
 * place and a hint so that the user sees "what, where, and what would fix it".
 */
public class FormatException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Location location;
    private final @Nullable String fix;

    public FormatException(String message, Location location, @Nullable String fix) {
        super(message);
        this.location = location;
        this.fix = fix;
    }

    public FormatException(String message, Location location, @Nullable String fix, Throwable cause) {
        super(message, cause);
        this.location = location;
        this.fix = fix;
    }

    public Location location() {
        return location;
    }

    public @Nullable String fix() {
        return fix;
    }

    /** The error as a diagnostic with the given stable code. */
    public Diagnostic toDiagnostic(String code) {
        return Diagnostic.error(code, String.valueOf(getMessage()), location, fix);
    }

    /** {@code fw.elf+0x34: program header 3 ends past the end of the file. Fix: ...} */
    public String describe() {
        String where = location.toString();
        return (where.isEmpty() ? "" : where + ": ") + getMessage() + (fix == null ? "" : " Fix: " + fix);
    }
}
