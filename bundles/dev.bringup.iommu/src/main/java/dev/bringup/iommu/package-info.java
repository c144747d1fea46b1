/**
 * The simulation every boot replay runs over: sparse physical memory with the SoC's regions and
 * reserved-memory pools, IOMMU hardware (Arm SMMU with LPAE page tables, MediaTek M4U with the
 * ARMv7 short-descriptor format), and the Linux IOMMU and DMA API semantics on top of it
 * ({@code iommu_attach_device}, {@code iommu_map}, {@code dma_alloc_coherent}, ...).
 * <p>
 * Entry point: {@link dev.bringup.iommu.Simulation}. Everything is plain Java, configured with
 * explicit addresses and sizes; there is no dependency on the domain model. A simulation is
 * confined to one thread at a time.
 */
@NonNullByDefault
package dev.bringup.iommu;

import org.eclipse.jdt.annotation.NonNullByDefault;
