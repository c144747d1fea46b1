package dev.bringup.check;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;

/**
 * The stable codes of the bring-up checks, each with its one severity and the texts that the
 * README and the SARIF rules ({@code tool.driver.rules}) show: a short name, what it means, why
 * it matters, and what fixes it. Codes are never renamed once published.
 */
public enum CheckCode {
    /** A PT_LOAD or a table entry at a device address that nothing makes reachable. */
    CHK_DA_UNMAPPED(Severity.ERROR, "DeviceAddressUnmapped",
            "A segment or resource-table entry lies at a device address that no carveout, memory-region or translation covers.",
            "remoteproc loads every PT_LOAD at da = p_paddr through da_to_va, which only finds the processor's own memories, "
                    + "its memory-region carveouts and (behind an IOMMU) the carveouts and devmem it maps; an address outside "
                    + "all of them fails the boot (\"bad phdr da\") or leaves the firmware reading memory nobody set up.",
            "Link the firmware inside a region the processor owns, add a memory-region (or a carveout entry, behind an "
                    + "IOMMU) that covers the address, or fix the bus's dma-ranges."),
    /** Firmware memory that lands in a region another master uses. */
    CHK_OVERLAP_OTHER_MASTER(Severity.ERROR, "OverlapsOtherMaster",
            "A segment, carveout or devmem lands in physical memory that another processor or DMA master lists in its memory-region.",
            "Two masters writing the same memory corrupt each other: loading this firmware overwrites the other "
                    + "processor's image or buffers, and it overwrites this one's.",
            "Give each processor its own reserved-memory region and link the firmware inside this processor's regions."),
    /** Firmware memory that lands in memory the kernel allocates from. */
    CHK_OVERLAP_KERNEL_MEMORY(Severity.ERROR, "OverlapsKernelMemory",
            "A segment, carveout or devmem lands in system RAM that no reserved-memory region keeps from the kernel.",
            "The kernel's page allocator hands that memory to other users; the processor then overwrites kernel data "
                    + "(silent corruption) or the loader writes the image over live pages.",
            "Reserve the memory in /reserved-memory (no-map for firmware) and list it in the processor's memory-region."),
    /** Firmware memory that lands in a reserved region the processor does not own. */
    CHK_OVERLAP_RESERVED(Severity.ERROR, "OverlapsUnownedReservedMemory",
            "A segment, carveout or devmem lands in a reserved-memory region (no-map or not) that the processor's memory-region does not list.",
            "Such a region belongs to someone else (secure world, shared memory, a pool the kernel hands out); no-map "
                    + "regions may not even be accessible to the host, so loading faults or corrupts their owner.",
            "List the region in the processor's memory-region if it is meant for it, or move the firmware out of it."),
    /** An IOMMU mapping whose iova, pa or size is not a multiple of the smallest page size. */
    CHK_IOMMU_PGSIZE(Severity.ERROR, "IommuPageSizeMismatch",
            "A mapping the host must create through the IOMMU has an iova, pa or size that the IOMMU's page sizes (pgsize_bitmap) cannot map.",
            "iommu_map() refuses an iova, pa or size that is not a multiple of the smallest page size with -EINVAL "
                    + "(\"unaligned: iova ... min_pagesz ...\"); the boot stops at that carveout or devmem.",
            "Align da, pa and len to the IOMMU's smallest page size (4 KiB on Arm LPAE and MediaTek v7s)."),
    /** Fixed device addresses inside the IOVA range a shared DMA domain allocates from (MediaTek case). */
    CHK_FIXED_DA_IN_DMA_WINDOW(Severity.ERROR, "FixedAddressInSharedDmaWindow",
            "The firmware needs fixed device addresses inside the IOVA allocator range of a DMA domain that the processor shares with other masters (one IOMMU group, bank or IOVA region).",
            "A processor in a group with other devices cannot get an unmanaged domain of its own (iommu_attach_device "
                    + "fails), and the shared DMA domain's allocator hands the same IOVAs to the other masters: the "
                    + "fixed addresses cannot be mapped, or collide later (MediaTek MT8183/MT8365 APU, seeds 000/001).",
            "Give the processor an IOMMU bank or IOVA region of its own, reserve the window with a reserved-memory "
                    + "region whose iommu-addresses names the processor (IOVA == PA: a direct mapping), or relink the "
                    + "firmware outside the allocator range."),
    /** A devmem entry mapping normal RAM. */
    SEC_DEVMEM_NORMAL_RAM(Severity.WARNING, "DevmemMapsNormalRam",
            "A devmem entry maps system RAM (a /memory range) rather than device registers.",
            "DEVMEM mappings are meant for peripherals; pointing one at RAM gives the processor direct access to "
                    + "memory the kernel owns, with device (uncached) attributes, outside any carveout accounting.",
            "Use a carveout (or a reserved-memory region) for memory; keep devmem for peripheral register ranges."),
    /** A direct IOMMU mapping that reaches RAM outside the processor's regions. */
    SEC_WIDE_MAPPING(Severity.WARNING, "WideMapping",
            "An identity (direct) mapping set up for the processor reaches system RAM outside the regions reserved for it.",
            "An iommu-addresses entry with IOVA == PA is mapped 1:1 before the driver attaches; when it spans more "
                    + "than the processor's own region, the processor can read and write kernel memory beyond what "
                    + "the firmware needs.",
            "Shrink the iommu-addresses range to the processor's reserved region (or its firmware window)."),
    /** A processor without an IOMMU whose DMA view reaches the application processor's RAM. */
    SEC_NO_IOMMU_DMA_REACH(Severity.WARNING, "NoIommuDmaReach",
            "The processor has no IOMMU and its bus view (dma-ranges, or none: identity) reaches system RAM outside its own regions.",
            "Nothing stops a faulty or compromised firmware from reading or corrupting any of the application "
                    + "processor's memory that its bus reaches.",
            "Put the processor behind an IOMMU (iommus), or restrict its bus's dma-ranges to its own regions; a "
                    + "firewall (e.g. ETZPC/RIFSC) configured by the boot loader also helps."),
    /** A shared buffer placed in a region that is not a shared-dma-pool. */
    SEC_SHARED_BUFFER_NOT_DMA_POOL(Severity.WARNING, "SharedBufferNotDmaPool",
            "A vring or the vdev buffer region is placed in a memory region that is not compatible = \"shared-dma-pool\".",
            "remoteproc declares vdev buffers and vrings as DMA memory of the virtio device; a region that is not a "
                    + "shared-dma-pool is not registered as a DMA pool, so the buffers come from elsewhere (the firmware "
                    + "and the host disagree) or the kernel maps shared memory as normal cached RAM.",
            "Make the region compatible = \"shared-dma-pool\" (with no-map for static regions)."),
    /** Table carveout names and devicetree memory-region names disagree. */
    CON_CARVEOUT_NAME(Severity.WARNING, "CarveoutNameMismatch",
            "A carveout in the resource table and the processor's memory-region disagree: the name matches a region the carveout does not fit, or the carveout lies in a region of another name.",
            "The kernel matches carveouts to the regions the driver registered by name (rproc_find_carveout_by_name); "
                    + "without a match it allocates new memory for the carveout, so the image is loaded somewhere "
                    + "other than where the processor looks.",
            "Name the carveout like the memory-region node (without @unit-address), or register the region under "
                    + "the carveout's name; make da and len fit the region."),
    /** The ELF machine does not match the processor's compatible. */
    CON_ELF_MACHINE(Severity.ERROR, "ElfMachineMismatch",
            "The firmware's e_machine is not the architecture the processor's compatible implies.",
            "The processor cannot execute code for another architecture; the boot \"succeeds\" and the core faults "
                    + "at once (or the wrong firmware-name was installed).",
            "Build the firmware for the processor's core (e.g. ARM for st,stm32mp1-m4, Xtensa for the MediaTek APU, "
                    + "Hexagon EM_QDSP6 for qcom *-pas), or fix firmware-name."),
    /** The ELF byte order does not match the processor. */
    CON_ELF_ENDIAN(Severity.ERROR, "ElfEndianMismatch",
            "The firmware's byte order (EI_DATA) is not the one the processor runs.",
            "Code and the resource table would be read with the wrong byte order: remoteproc rejects a table whose "
                    + "ver is not 1, and the core cannot run the code.",
            "Build the firmware little-endian (or in the byte order the core is configured for).");

    private final Severity severity;
    private final String ruleName;
    private final String shortDescription;
    private final String whyItMatters;
    private final String fixText;

    CheckCode(Severity severity, String ruleName, String shortDescription, String whyItMatters, String fixText) {
        this.severity = severity;
        this.ruleName = ruleName;
        this.shortDescription = shortDescription;
        this.whyItMatters = whyItMatters;
        this.fixText = fixText;
    }

    public Severity severity() {
        return severity;
    }

    /** The SARIF rule name (PascalCase). */
    public String ruleName() {
        return ruleName;
    }

    /** One sentence: what the finding means. */
    public String shortDescription() {
        return shortDescription;
    }

    /** Why it matters. */
    public String whyItMatters() {
        return whyItMatters;
    }

    /** What fixes it, in general terms (each finding carries its own, specific fix). */
    public String fixText() {
        return fixText;
    }

    /** A finding with this code and severity. */
    public Diagnostic at(Location location, String message, @Nullable String fix) {
        return new Diagnostic(severity, name(), message, location, fix);
    }
}
