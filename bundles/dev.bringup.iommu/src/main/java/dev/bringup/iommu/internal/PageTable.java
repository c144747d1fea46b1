package dev.bringup.iommu.internal;

import dev.bringup.iommu.IoPageTable;
import dev.bringup.iommu.PageTableFormat;

/**
 * The operations of {@code struct io_pgtable_ops} on top of the read-only {@link IoPageTable}
 * view. Hot paths take and return primitives only: {@link #mapPages} reports the bytes it
 * mapped in {@link #mapped}, {@link #translate} its leaf in {@link #leafPa}, {@link #leafSize}
 * and {@link #leafPerms}. Not thread-safe (a simulation is confined to one thread).
 */
public abstract class PageTable implements IoPageTable {

    /** Error codes returned by {@link #mapPages} (positive Linux errno values). */
    public static final int OK = 0;
    public static final int ENOMEM = 12;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ERANGE = 34;

    /** Access bits of a leaf. */
    public static final int PERM_READ = 1;
    public static final int PERM_WRITE = 2;

    protected final PageTableFormat format;
    protected final long pgsizeBitmap;
    protected final int maxTables;

    /** Bytes mapped by the last {@link #mapPages} call, also when it failed part way. */
    public long mapped;
    /** Output address of the leaf found by the last successful {@link #translate}. */
    public long leafPa;
    /** Size of that leaf. */
    public long leafSize;
    /** Access bits of that leaf. */
    public int leafPerms;

    protected int tables;
    protected long leaves;

    protected PageTable(PageTableFormat format, int maxTables) {
        this.format = format;
        this.pgsizeBitmap = format.pgsizeBitmap();
        this.maxTables = maxTables;
    }

    /** Creates an empty table of the given format whose first-level table sits at {@code tableBase}. */
    public static PageTable create(PageTableFormat format, long tableBase, int maxTables) {
        return format.isLpae() ? new LpaeTable(format, tableBase, maxTables)
                : new V7sTable(format, tableBase, maxTables);
    }

    /**
     * {@code map_pages}: maps {@code pgcount} pages of {@code pgsize} bytes. Returns {@link #OK}
     * or an error code; {@link #mapped} tells how much was mapped before an error (the caller
     * unrolls it).
     */
    public abstract int mapPages(long iova, long paddr, long pgsize, long pgcount, int prot);

    /**
     * {@code unmap_pages}: unmaps up to {@code pgcount} pages of {@code pgsize} bytes; returns
     * the bytes unmapped, 0 at a hole or when {@code pgsize} would split a larger leaf.
     */
    public abstract long unmapPages(long iova, long pgsize, long pgcount);

    /**
     * Walks {@code iova}: returns -1 and fills {@link #leafPa}, {@link #leafSize},
     * {@link #leafPerms} when it is mapped, else the level at which the walk found no valid
     * descriptor.
     */
    public abstract int translate(long iova);

    /** {@code pgsize_bitmap} of the format. */
    public long pgsizeBitmap() {
        return pgsizeBitmap;
    }

    @Override
    public PageTableFormat format() {
        return format;
    }

    @Override
    public long iovaToPhys(long iova) {
        if (translate(iova) >= 0) {
            return 0;
        }
        return leafPa | (iova & (leafSize - 1));
    }

    @Override
    public int tablesInUse() {
        return tables;
    }

    @Override
    public long leafDescriptors() {
        return leaves;
    }

    protected static boolean validPgsize(long pgsize, long bitmap) {
        return pgsize != 0 && Long.bitCount(pgsize) == 1 && (pgsize & bitmap) == pgsize;
    }
}
