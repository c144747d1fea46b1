package dev.bringup.iommu;

/** Receives every {@link IommuEvent} of a simulation, in order, on the simulation's thread. */
@FunctionalInterface
public interface IommuEventListener {
    void onEvent(IommuEvent event);
}
