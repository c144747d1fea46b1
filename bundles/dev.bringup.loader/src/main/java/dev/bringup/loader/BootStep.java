package dev.bringup.loader;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One executed step of a boot (or of what followed it: a remote access, a crash's recovery, a
 * shutdown), with everything it did: the kernel's log lines, the workbench's notes, the IOMMU
 * operations, the memory it wrote, the carveouts and state after it, and its result.
 *
 * @param index position in the session, from 0
 * @param name the kernel function it models ({@code rproc_fw_sanity_check}, ...) or
 *        {@code remote: ...} for an action of the remote side
 * @param title one line for a view
 * @param status how it ended
 * @param ret what the kernel function returned (0, or a negative errno)
 * @param log the kernel log lines it printed
 * @param notes what the workbench has to say about it (not kernel output)
 * @param iommu the IOMMU, DMA and allocator operations it made, one line each
 * @param writes the physical memory it wrote
 * @param carveouts the carveouts after it
 * @param state the processor's state after it
 * @param error why it failed, or null
 */
public record BootStep(int index, String name, String title, StepStatus status, int ret, List<LogLine> log,
        List<String> notes, List<String> iommu, List<MemoryWrite> writes, List<Carveout> carveouts, RprocState state,
        @Nullable BootError error) {

    public BootStep {
        log = List.copyOf(log);
        notes = List.copyOf(notes);
        iommu = List.copyOf(iommu);
        writes = List.copyOf(writes);
        carveouts = List.copyOf(carveouts);
    }

    public boolean failed() {
        return status == StepStatus.FAILED;
    }

    @Override
    public String toString() {
        return "#" + index + " " + name + " " + status.label() + (ret != 0 ? " (" + ret + ")" : "");
    }
}
