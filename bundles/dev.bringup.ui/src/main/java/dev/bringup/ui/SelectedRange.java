package dev.bringup.ui;

/**
 * An address range the user selected in a view (a segment, carveout or entry in the firmware
 * layout editor), for another view to act on: the boot debugger sets a breakpoint on it.
 *
 * @param label what was selected ({@code segment 1 (.data)})
 * @param start the first address
 * @param size its size in bytes
 * @param physical true for a physical address, false for a device address
 */
public record SelectedRange(String label, long start, long size, boolean physical) {
}
