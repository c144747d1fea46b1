package dev.bringup.ui.internal;

/**
 * Links the lines of a log the trace viewer shows to the boot steps that printed them. The boot
 * debugger hands one over with the kernel log and the trace buffers of its session; the viewer
 * shows each line's step and goes from a line to its step.
 */
public interface BootLink {

    /** The index of the boot step that printed {@code line} (0-based line of the log), or -1. */
    int stepOf(long line);

    /** A short name of step {@code index} for a column or a tooltip ({@code #3 rproc_alloc_registered_carveouts}). */
    String stepName(int index);

    /** Selects step {@code index} in the boot debugger and shows its state. */
    void reveal(int index);
}
