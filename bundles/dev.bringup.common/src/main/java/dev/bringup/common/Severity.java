package dev.bringup.common;

/** How bad a diagnostic is. The order is from worst to mildest. */
public enum Severity {
    /** The kernel refuses it, or the boot cannot succeed. */
    ERROR,
    /** The kernel lets it through, but it breaks or endangers a boot. */
    WARNING,
    /** Worth knowing; nothing is wrong. */
    INFO;

    /** The lower-case name used in JSON and text output: {@code error}, {@code warning}, {@code info}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
