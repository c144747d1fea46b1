package dev.bringup.loader;

import java.util.Locale;

/** How a boot step ended. */
public enum StepStatus {
    /** It did what it does (which may be nothing, for a step the platform does not need). */
    OK,
    /** It failed; the record's error says with which errno and why. */
    FAILED;

    /** {@code ok} or {@code failed}, as JSON writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
