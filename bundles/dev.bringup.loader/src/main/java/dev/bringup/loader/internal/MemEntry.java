package dev.bringup.loader.internal;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.DmaApi;
import dev.bringup.loader.Carveout;

/**
 * One {@code struct rproc_mem_entry} on a processor's carveout list. {@code pa} stands for the
 * kernel virtual address {@code va}: the host writes the carveout's memory at that physical
 * address (through its linear map or an ioremap), so -1 means "no va".
 */
public final class MemEntry {

    /** {@code FW_RSC_ADDR_ANY}. */
    public static final long ADDR_ANY = 0xFFFF_FFFFL;

    /** {@code alloc} callback of a memory entry. */
    @FunctionalInterface
    public interface Alloc {
        /** Allocates (and maps) {@code m}: sets its {@code pa}, {@code dma} and maybe {@code da}. */
        void alloc(Rproc r, MemEntry m) throws StepFailure;
    }

    /** {@code release} callback of a memory entry. */
    @FunctionalInterface
    public interface Release {
        void release(Rproc r, MemEntry m);
    }

    String name;
    long da;
    long dma = -1;
    long pa = -1;
    long len;
    int flags;
    int rscOffset = -1;
    int ofResmIdx = -1;
    @Nullable
    Alloc alloc;
    @Nullable
    Release release;
    String source;
    DmaApi.@Nullable DmaBuffer buffer;

    /**
     * {@code rproc_mem_entry_init()}: an entry to allocate later with {@code alloc}, or with
     * memory already known ({@code pa >= 0}).
     */
    public MemEntry(String name, long pa, long dma, long len, long da, @Nullable Alloc alloc, @Nullable Release release,
            String source) {
        this.name = name;
        this.pa = pa;
        this.dma = dma;
        this.len = len;
        this.da = da;
        this.alloc = alloc;
        this.release = release;
        this.source = source;
    }

    /** {@code rproc_of_resm_mem_entry_init()}: a reserved-memory region assigned to a vdev later. */
    public static MemEntry ofReservedMemory(String name, int ofResmIdx, long len, long da) {
        MemEntry m = new MemEntry(name, -1, -1, len, da, null, null, "memory-region");
        m.ofResmIdx = ofResmIdx;
        return m;
    }

    public String name() {
        return name;
    }

    public long da() {
        return da;
    }

    public long pa() {
        return pa;
    }

    public long dma() {
        return dma;
    }

    public long len() {
        return len;
    }

    public int flags() {
        return flags;
    }

    public void setFlags(int value) {
        this.flags = value;
    }

    /** Whether it has memory the host can write ({@code va != NULL}). */
    public boolean hasVa() {
        return pa >= 0;
    }

    /** Whether {@code [da, da + size)} lies inside it. */
    public boolean covers(long addr, long size) {
        return da != ADDR_ANY && Long.compareUnsigned(addr, da) >= 0 && Long.compareUnsigned(addr + size, da + len) <= 0
                && Long.compareUnsigned(addr + size, addr) >= 0;
    }

    /** The public view. */
    public Carveout view() {
        return new Carveout(name, da, pa, dma, len, source, pa >= 0);
    }

    /** Sets the memory of an allocation: where it is and the address the DMA API returned. */
    public void setMemory(long physical, long dmaAddress) {
        this.pa = physical;
        this.dma = dmaAddress;
    }

    public void setDa(long value) {
        this.da = value;
    }

    public void setBuffer(DmaApi.@Nullable DmaBuffer b) {
        this.buffer = b;
    }

    public DmaApi.@Nullable DmaBuffer buffer() {
        return buffer;
    }

    @Override
    public String toString() {
        return view().toString();
    }
}
