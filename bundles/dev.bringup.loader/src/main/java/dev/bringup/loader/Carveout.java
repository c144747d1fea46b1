package dev.bringup.loader;

import dev.bringup.common.Hex;

/**
 * One memory region of a remote processor ({@code struct rproc_mem_entry} on the carveout list):
 * where the processor sees it ({@code da}), where it is in physical memory ({@code pa}), and the
 * address the DMA API returned for it ({@code dma}, an IOVA behind a DMA domain).
 *
 * @param name its name ({@code vdev0buffer}, a resource-table name, a memory-region node name)
 * @param da the device address, or {@code 0xffffffff} ({@code FW_RSC_ADDR_ANY}) before allocation
 * @param pa the physical address of its memory, or -1 when none is allocated (yet)
 * @param dma the DMA address the allocation returned, or -1
 * @param len its size in bytes
 * @param source who registered it: {@code resource table}, {@code memory-region}, {@code vring},
 *        {@code internal memory}, {@code driver}
 * @param allocated whether its memory is allocated
 */
public record Carveout(String name, long da, long pa, long dma, long len, String source, boolean allocated) {

    /** {@code vdev0buffer: da 0x10042000 pa 0x10042000 len 0x4000 (memory-region)}. */
    @Override
    public String toString() {
        return name + ": da " + Hex.of(da) + " pa " + (pa < 0 ? "-" : Hex.of(pa)) + " len " + Hex.of(len) + " ("
                + source + ")";
    }
}
