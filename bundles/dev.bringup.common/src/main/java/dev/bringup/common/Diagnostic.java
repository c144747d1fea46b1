package dev.bringup.common;

import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One finding about an input: how bad it is, a stable code that tests, scripts and SARIF
 * rules can rely on, what is wrong, where, and what would fix it.
 *
 * @param severity how bad it is
 * @param code a stable identifier such as {@code RSC_VERSION}; never reworded once published
 * @param message what is wrong, in one sentence, with the values involved
 * @param location where it is
 * @param fix what would fix it, or null when there is nothing to suggest
 */
public record Diagnostic(Severity severity, String code, String message, Location location, @Nullable String fix) {

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(code);
        Objects.requireNonNull(message);
        Objects.requireNonNull(location);
    }

    public static Diagnostic error(String code, String message, Location location, @Nullable String fix) {
        return new Diagnostic(Severity.ERROR, code, message, location, fix);
    }

    public static Diagnostic warning(String code, String message, Location location, @Nullable String fix) {
        return new Diagnostic(Severity.WARNING, code, message, location, fix);
    }

    public static Diagnostic info(String code, String message, Location location, @Nullable String fix) {
        return new Diagnostic(Severity.INFO, code, message, location, fix);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code error RSC_VERSION at fw.elf+0x1000: ... Fix: ...}, the form the command line prints. */
    @Override
    public String toString() {
        String where = location.toString();
        return severity.label() + " " + code + (where.isEmpty() ? "" : " at " + where) + ": " + message
                + (fix == null ? "" : " Fix: " + fix);
    }
}
