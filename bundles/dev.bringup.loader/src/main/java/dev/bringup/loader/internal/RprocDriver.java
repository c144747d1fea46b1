package dev.bringup.loader.internal;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.Master;
import dev.bringup.loader.CrashType;

/**
 * A platform driver: what its probe sets up and its {@code struct rproc_ops}. Defaults are what
 * the core does when an op is not set (or what most drivers set: the ELF helpers).
 */
public interface RprocDriver {

    /** {@code RSC_HANDLED}. */
    int RSC_HANDLED = 0;
    /** {@code RSC_IGNORED}. */
    int RSC_IGNORED = 1;

    /** The driver name {@code dev_printk()} prints for the parent device ({@code stm32-rproc}), or the bus name. */
    String driverName();

    /** The name passed to {@code rproc_alloc()} ({@code m4}, {@code adsp}, {@code ffe00000.r5f}). */
    String rprocName(Rproc r);

    /** {@code rproc->has_iommu}: whether the core allocates and attaches a domain of its own. */
    default boolean hasIommu(Rproc r) {
        return false;
    }

    /** The rest of the platform probe, before {@code rproc_add()} (internal memories, domains...). */
    default void probe(Rproc r) throws StepFailure {
    }

    /** {@code ops->prepare} (registers memory-region carveouts on several platforms). */
    default void prepare(Rproc r) throws StepFailure {
    }

    /** {@code ops->unprepare}. */
    default void unprepare(Rproc r) {
    }

    /** {@code ops->sanity_check}; none by default (the core then checks nothing). */
    default void sanityCheck(Rproc r, FirmwareImage fw) throws StepFailure {
    }

    /** {@code ops->get_boot_addr}; 0 when the driver sets none. */
    default long bootAddr(Rproc r, FirmwareImage fw) {
        return 0;
    }

    /** {@code ops->parse_fw}: by default the ELF's resource table; a failure stops the boot. */
    default void parseFw(Rproc r, FirmwareImage fw) throws StepFailure {
        ElfLoader.loadRscTable(r, fw);
    }

    /** {@code ops->handle_rsc} for vendor resources: {@link #RSC_HANDLED} or {@link #RSC_IGNORED}. */
    default int handleRsc(Rproc r, long type, int offset, int avail) {
        return RSC_IGNORED;
    }

    /** {@code ops->load}: by default {@code rproc_elf_load_segments()}. */
    default void load(Rproc r, FirmwareImage fw) throws StepFailure {
        ElfLoader.loadSegments(r, fw);
    }

    /** {@code ops->find_loaded_rsc_table}: the host address of the table in device memory, or -1. */
    default long findLoadedRscTable(Rproc r, FirmwareImage fw) {
        return ElfLoader.findLoadedRscTable(r, fw);
    }

    /** {@code ops->start}. */
    void start(Rproc r) throws StepFailure;

    /** {@code ops->stop}. */
    void stop(Rproc r) throws StepFailure;

    /** Whether {@code ops->kick} is set (virtio needs it). */
    default boolean hasKick() {
        return true;
    }

    /** {@code ops->da_to_va} for internal memories: the host physical address, or -1. */
    default long daToVa(Rproc r, long da, long len) {
        return -1;
    }

    /** The {@code prot} an {@code iommu_map()} of {@code flags} gives on this platform's IOMMU. */
    default int mapProt(int flags) {
        return flags;
    }

    /** The device address the processor fetches its first instruction from after {@code start}. */
    default long resetAddress(Rproc r) {
        return r.bootaddr() & ~1L;
    }

    /** The simulated device the processor's own accesses come from (the processor itself by default). */
    default @Nullable Master accessMaster(Rproc r) {
        return r.master();
    }

    /**
     * What the platform does when the processor signals a crash before it reaches the core
     * ({@code rproc_report_crash()}), such as Qualcomm's fatal interrupt printing the SFR text.
     */
    default void crashInterrupt(Rproc r, CrashType type, @Nullable String message) {
    }

    /** Whether the processor runs before Linux starts (the boot loader started it): attach instead of boot. */
    default boolean startedByBootloader(Rproc r) {
        return false;
    }

    /** {@code ops->attach}. */
    default void attach(Rproc r) throws StepFailure {
        throw r.kernel().fail(-22, r.driver().driverName() + " has no attach operation", null);
    }

    /** {@code ops->detach}. */
    default void detach(Rproc r) throws StepFailure {
        throw r.kernel().fail(-22, r.driver().driverName() + " has no detach operation", null);
    }

    /** {@code ops->get_loaded_rsc_table} for attach: the host address and size of the table, or null. */
    default long @Nullable [] loadedRscTable(Rproc r) {
        return null;
    }

    /** Read and write, the protection drivers give the mappings they make themselves. */
    int RW = IommuProt.READ | IommuProt.WRITE;

    /** Notes about the driver the workbench shows once, at probe (what it models, what it assumes). */
    default List<String> notes(Rproc r) {
        return List.of();
    }
}
