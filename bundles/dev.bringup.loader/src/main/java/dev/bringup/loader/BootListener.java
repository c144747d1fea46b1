package dev.bringup.loader;

import dev.bringup.iommu.IommuEvent;

/**
 * Receives what a {@link BootSession} does, on the thread that drives it; the boot debugger view
 * implements it. Every method has an empty default.
 */
public interface BootListener {

    /** A step is about to run. */
    default void stepStarting(int index, String name) {
    }

    /** A step ran. */
    default void stepFinished(BootStep step) {
    }

    /** An IOMMU, DMA or allocator operation of the simulation, while a step runs. */
    default void iommuEvent(IommuEvent event) {
    }

    /** A breakpoint stopped the session. */
    default void breakpointHit(BreakpointHit hit) {
    }

    /** The processor's state changed. */
    default void stateChanged(RprocState from, RprocState to) {
    }

    /**
     * The session was rebuilt from its request ({@link BootSession#reset()} or
     * {@link BootSession#stepBack()}): forget everything shown; steps follow again from index 0
     * when the session replays them.
     */
    default void sessionReset() {
    }
}
