package dev.bringup.ui;

import java.util.List;

/**
 * What a boot step left in memory, for the firmware layout editor to draw over its views: the
 * carveouts, mappings and written ranges after step {@code index}, each marked with how it
 * changed since the step before. The boot debugger publishes it through
 * {@code BringupSession.setStepState}.
 *
 * @param index the step's index in its session
 * @param name the step's kernel function ({@code rproc_alloc_registered_carveouts})
 * @param firmware the file name of the firmware the boot loads ({@code mt8183-apu.elf}); a layout
 *        editor draws the state only over a firmware of that name
 * @param regions what the step's state holds
 */
public record StepState(int index, String name, String firmware, List<Region> regions) {

    /** How a region changed in this step. */
    public enum Change {
        UNCHANGED, ADDED, CHANGED, REMOVED
    }

    /**
     * One region: a carveout, a mapping, a written range.
     *
     * @param label what it is ({@code carveout vdev0buffer}, {@code write .text})
     * @param da the device address, or -1 when it has none
     * @param pa the physical address, or -1 when it has none
     * @param size its size in bytes
     * @param change how this step changed it
     */
    public record Region(String label, long da, long pa, long size, Change change) {
    }

    public StepState {
        regions = List.copyOf(regions);
    }

    /** Whether this state belongs to the firmware in {@code file}: the same file name. */
    public boolean isFor(java.nio.file.Path file) {
        java.nio.file.Path n = file.getFileName();
        return n != null && n.toString().equals(firmware);
    }
}
