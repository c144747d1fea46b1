package dev.bringup.iommu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bringup.iommu.DescriptorKind;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.PageTableFormat;
import dev.bringup.iommu.Walk;

/**
 * The Arm long-descriptor format ({@code io-pgtable-arm.c}), stage 1 or 2, 4K/16K/64K granule.
 * Tables are {@code long[]} arrays indexed by table id; a table descriptor holds the table's
 * simulated physical address ({@code tableBase} for the first-level table, then one granule per
 * table), so every descriptor carries the architecture's bits. Empty tables stay allocated after
 * an unmap, as in Linux.
 */
final class LpaeTable extends PageTable {

    private static final int MAX_LEVELS = 4;

    private static final long TYPE_MASK = 3;
    private static final long TYPE_BLOCK = 1;
    private static final long TYPE_TABLE = 3;
    private static final long TYPE_PAGE = 3;
    private static final long ADDR_MASK = 0x0000_FFFF_FFFF_F000L;

    private static final long PTE_NSTABLE = 1L << 63;
    private static final long PTE_XN = 3L << 53;
    private static final long PTE_AF = 1L << 10;
    private static final long PTE_SH_OS = 2L << 8;
    private static final long PTE_SH_IS = 3L << 8;
    private static final long PTE_NS = 1L << 5;
    private static final long PTE_AP_UNPRIV = 1L << 6;
    private static final long PTE_AP_RDONLY = 1L << 7;
    private static final long PTE_NG = 1L << 11;
    private static final int ATTRINDX_SHIFT = 2;
    private static final long MAIR_IDX_CACHE = 1;
    private static final long MAIR_IDX_DEV = 2;
    private static final long PTE_HAP_READ = 1L << 6;
    private static final long PTE_HAP_WRITE = 2L << 6;
    private static final long MEMATTR_OIWB = 0xfL << 2;
    private static final long MEMATTR_NC = 0x5L << 2;
    private static final long MEMATTR_DEV = 0x1L << 2;

    private final boolean stage2;
    private final int pgShift;
    private final int bits;
    private final int startLevel;
    private final int pgdBits;
    private final long granule;
    private final long base;
    private final long pgdSpan;
    private final int ias;
    private final int oas;

    private long[][] tableArrays = new long[16][];
    private int[] used = new int[16];
    private int highWater;
    private int[] free = new int[16];
    private int freeTop;

    LpaeTable(PageTableFormat format, long tableBase, int maxTables) {
        super(format, maxTables);
        this.stage2 = format.kind() == PageTableFormat.Kind.ARM_64_LPAE_S2;
        this.granule = format.granule();
        this.pgShift = Long.numberOfTrailingZeros(granule);
        this.bits = pgShift - 3;
        this.ias = format.ias();
        this.oas = format.oas();
        int vaBits = ias - pgShift;
        int levels = (vaBits + bits - 1) / bits;
        int start = MAX_LEVELS - levels;
        int pgd = vaBits - bits * (levels - 1);
        if (stage2 && concatMandatory(start)) {
            pgd += bits;
            start++;
        }
        this.startLevel = start;
        this.pgdBits = pgd;
        long pgdBytes = Math.max(64, 8L << pgdBits);
        this.pgdSpan = (pgdBytes + granule - 1) & -granule;
        if ((tableBase & (pgdSpan - 1)) != 0 || (tableBase & (granule - 1)) != 0) {
            throw new IllegalArgumentException("page-table base " + Long.toHexString(tableBase)
                    + " is not aligned to the first-level table size 0x" + Long.toHexString(pgdSpan));
        }
        if ((tableBase >>> (granule == 1 << 16 ? 52 : 48)) != 0) {
            throw new IllegalArgumentException("page-table base 0x" + Long.toHexString(tableBase)
                    + " does not fit in a descriptor");
        }
        this.base = tableBase;
        tableArrays[0] = new long[1 << pgdBits];
        highWater = 1;
        tables = 1;
    }

    /** {@code arm_lpae_concat_mandatory()}: Arm DDI0487 rules for concatenated stage-2 PGDs. */
    private boolean concatMandatory(int start) {
        if (granule == 1 << 14 && start == 0) {
            return oas == 48 || ias == 48;
        }
        if (granule == 1 << 12 && start == 0) {
            return oas == 40 || oas == 42;
        }
        return granule == 1 << 14 && start == 1 && oas == 40;
    }

    @Override
    public long ttbr() {
        return base;
    }

    @Override
    public int startLevel() {
        return startLevel;
    }

    private int lvlShift(int lvl) {
        return (MAX_LEVELS - lvl) * bits + 3;
    }

    private long idxMask(int lvl) {
        return (1L << (lvl == startLevel ? pgdBits : bits)) - 1;
    }

    private long tableAddress(int id) {
        return id == 0 ? base : base + pgdSpan + ((long) (id - 1) << pgShift);
    }

    private int tableId(long pte) {
        long addr = pteToPaddr(pte);
        return addr == base ? 0 : (int) ((addr - base - pgdSpan) >>> pgShift) + 1;
    }

    private static long paddrToPte(long paddr) {
        /* of the bits that overlap, either 51:48 or 15:12 are always zero */
        return (paddr | (paddr >>> 36)) & ADDR_MASK;
    }

    private long pteToPaddr(long pte) {
        long paddr = pte & ADDR_MASK;
        if (granule < 1 << 16) {
            return paddr;
        }
        return (paddr | (paddr << 36)) & (ADDR_MASK << 4);
    }

    private static boolean isLeaf(long pte, int lvl) {
        return lvl == MAX_LEVELS - 1 ? (pte & TYPE_MASK) == TYPE_PAGE : (pte & TYPE_MASK) == TYPE_BLOCK;
    }

    private static boolean isTable(long pte, int lvl) {
        return lvl < MAX_LEVELS - 1 && (pte & TYPE_MASK) == TYPE_TABLE;
    }

    /** {@code arm_lpae_prot_to_pte()} plus the bits {@code __arm_lpae_init_pte()} adds. */
    private long protToPte(int prot) {
        long pte;
        if (!stage2) {
            pte = PTE_NG;
            if ((prot & IommuProt.WRITE) == 0 && (prot & IommuProt.READ) != 0) {
                pte |= PTE_AP_RDONLY;
            }
            if ((prot & IommuProt.PRIV) == 0) {
                pte |= PTE_AP_UNPRIV;
            }
            if ((prot & IommuProt.MMIO) != 0) {
                pte |= MAIR_IDX_DEV << ATTRINDX_SHIFT;
            } else if ((prot & IommuProt.CACHE) != 0) {
                pte |= MAIR_IDX_CACHE << ATTRINDX_SHIFT;
            }
        } else {
            pte = 0;
            if ((prot & IommuProt.READ) != 0) {
                pte |= PTE_HAP_READ;
            }
            if ((prot & IommuProt.WRITE) != 0) {
                pte |= PTE_HAP_WRITE;
            }
            if ((prot & IommuProt.MMIO) != 0) {
                pte |= MEMATTR_DEV;
            } else if ((prot & IommuProt.CACHE) != 0) {
                pte |= MEMATTR_OIWB;
            } else {
                pte |= MEMATTR_NC;
            }
        }
        pte |= (prot & IommuProt.CACHE) != 0 ? PTE_SH_IS : PTE_SH_OS;
        if ((prot & IommuProt.NOEXEC) != 0) {
            pte |= PTE_XN;
        }
        if (format.nonSecure()) {
            pte |= PTE_NS;
        }
        return pte | PTE_AF;
    }

    private int perms(long pte) {
        if (stage2) {
            return ((pte & PTE_HAP_READ) != 0 ? PERM_READ : 0) | ((pte & PTE_HAP_WRITE) != 0 ? PERM_WRITE : 0);
        }
        return PERM_READ | ((pte & PTE_AP_RDONLY) == 0 ? PERM_WRITE : 0);
    }

    private int allocTable() {
        if (tables >= maxTables) {
            return -1;
        }
        int id;
        if (freeTop > 0) {
            id = free[--freeTop];
        } else {
            id = highWater++;
            if (id >= tableArrays.length) {
                tableArrays = Arrays.copyOf(tableArrays, id * 2);
                used = Arrays.copyOf(used, id * 2);
            }
            tableArrays[id] = new long[1 << bits];
        }
        tables++;
        return id;
    }

    /** Frees table {@code id} (at level {@code lvl}) and everything below it. */
    private void freeTable(int id, int lvl) {
        long[] t = tableArrays[id];
        if (used[id] != 0) {
            for (int i = 0; i < t.length; i++) {
                long pte = t[i];
                if (pte == 0) {
                    continue;
                }
                if (isTable(pte, lvl)) {
                    freeTable(tableId(pte), lvl + 1);
                } else {
                    leaves--;
                }
            }
            Arrays.fill(t, 0);
            used[id] = 0;
        }
        if (freeTop == free.length) {
            free = Arrays.copyOf(free, freeTop * 2);
        }
        free[freeTop++] = id;
        tables--;
    }

    private boolean hasLeaf(int id, int lvl) {
        if (used[id] == 0) {
            return false;
        }
        long[] t = tableArrays[id];
        for (long pte : t) {
            if (pte != 0 && (!isTable(pte, lvl) || hasLeaf(tableId(pte), lvl + 1))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int mapPages(long iova, long paddr, long pgsize, long pgcount, int prot) {
        mapped = 0;
        if (!validPgsize(pgsize, pgsizeBitmap) || pgcount <= 0) {
            return EINVAL;
        }
        if ((iova >>> ias) != 0 || (paddr >>> oas) != 0) {
            return ERANGE;
        }
        if ((prot & (IommuProt.READ | IommuProt.WRITE)) == 0) {
            return EINVAL;
        }
        int tid = 0;
        long[] t = tableArrays[0];
        for (int lvl = startLevel;; lvl++) {
            int shift = lvlShift(lvl);
            int idx = (int) ((iova >>> shift) & idxMask(lvl));
            if (pgsize == 1L << shift) {
                int perTable = 1 << bits;
                int num = (int) Math.min(Math.min(pgcount, perTable - (idx & (perTable - 1))), t.length - idx);
                for (int i = 0; i < num; i++) {
                    long pte = t[idx + i];
                    if (pte != 0 && (isLeaf(pte, lvl) || hasLeaf(tableId(pte), lvl + 1))) {
                        return EEXIST;
                    }
                }
                long pte = protToPte(prot) | (lvl == MAX_LEVELS - 1 ? TYPE_PAGE : TYPE_BLOCK);
                int added = 0;
                for (int i = 0; i < num; i++) {
                    long old = t[idx + i];
                    if (old == 0) {
                        added++;
                    } else {
                        freeTable(tableId(old), lvl + 1);
                    }
                    t[idx + i] = pte | paddrToPte(paddr + i * pgsize);
                }
                used[tid] += added;
                leaves += num;
                mapped = num * pgsize;
                return OK;
            }
            if (lvl >= MAX_LEVELS - 1) {
                return EINVAL;
            }
            long pte = t[idx];
            if (pte == 0) {
                int nid = allocTable();
                if (nid < 0) {
                    return ENOMEM;
                }
                t[idx] = paddrToPte(tableAddress(nid)) | TYPE_TABLE | (format.nonSecure() ? PTE_NSTABLE : 0);
                used[tid]++;
                tid = nid;
            } else if (isLeaf(pte, lvl)) {
                return EEXIST;
            } else {
                tid = tableId(pte);
            }
            t = tableArrays[tid];
        }
    }

    @Override
    public long unmapPages(long iova, long pgsize, long pgcount) {
        if (!validPgsize(pgsize, pgsizeBitmap) || pgcount <= 0 || (iova >>> ias) != 0) {
            return 0;
        }
        int tid = 0;
        long[] t = tableArrays[0];
        for (int lvl = startLevel; lvl < MAX_LEVELS; lvl++) {
            int shift = lvlShift(lvl);
            int idx = (int) ((iova >>> shift) & idxMask(lvl));
            long pte = t[idx];
            if (pte == 0) {
                return 0;
            }
            if (pgsize == 1L << shift) {
                int perTable = 1 << bits;
                int num = (int) Math.min(Math.min(pgcount, perTable - (idx & (perTable - 1))), t.length - idx);
                int i = 0;
                for (; i < num; i++) {
                    pte = t[idx + i];
                    if (pte == 0) {
                        break;
                    }
                    if (isLeaf(pte, lvl)) {
                        leaves--;
                    } else {
                        freeTable(tableId(pte), lvl + 1);
                    }
                    t[idx + i] = 0;
                }
                used[tid] -= i;
                return i * pgsize;
            }
            if (isLeaf(pte, lvl)) {
                /* unmap of a partial large IOPTE is not allowed */
                return 0;
            }
            tid = tableId(pte);
            t = tableArrays[tid];
        }
        return 0;
    }

    @Override
    public int translate(long iova) {
        if ((iova >>> ias) != 0) {
            return startLevel;
        }
        long[] t = tableArrays[0];
        for (int lvl = startLevel;; lvl++) {
            int shift = lvlShift(lvl);
            long pte = t[(int) ((iova >>> shift) & idxMask(lvl))];
            if (isLeaf(pte, lvl)) {
                leafSize = 1L << shift;
                leafPa = pteToPaddr(pte) & -leafSize;
                leafPerms = perms(pte);
                return -1;
            }
            if (!isTable(pte, lvl)) {
                return lvl;
            }
            t = tableArrays[tableId(pte)];
        }
    }

    @Override
    public Walk walk(long iova) {
        List<Walk.Step> steps = new ArrayList<>(4);
        if ((iova >>> ias) != 0) {
            return new Walk(iova, steps, false, 0, 0, 0);
        }
        int tid = 0;
        for (int lvl = startLevel;; lvl++) {
            int shift = lvlShift(lvl);
            int idx = (int) ((iova >>> shift) & idxMask(lvl));
            long pte = tableArrays[tid][idx];
            if (isLeaf(pte, lvl)) {
                steps.add(new Walk.Step(lvl, tableAddress(tid), idx, pte,
                        lvl == MAX_LEVELS - 1 ? DescriptorKind.PAGE : DescriptorKind.BLOCK, 8));
                long size = 1L << shift;
                return new Walk(iova, steps, true, (pteToPaddr(pte) & -size) | (iova & (size - 1)), size,
                        perms(pte));
            }
            if (!isTable(pte, lvl)) {
                steps.add(new Walk.Step(lvl, tableAddress(tid), idx, pte, DescriptorKind.INVALID, 8));
                return new Walk(iova, steps, false, 0, 0, 0);
            }
            steps.add(new Walk.Step(lvl, tableAddress(tid), idx, pte, DescriptorKind.TABLE, 8));
            tid = tableId(pte);
        }
    }

    @Override
    public void forEachMapping(long fromIova, long toIova, MappingVisitor visitor) {
        if (Long.compareUnsigned(fromIova, toIova) < 0) {
            visit(0, startLevel, 0, fromIova, toIova, visitor);
        }
    }

    private void visit(int tid, int lvl, long tableIova, long from, long to, MappingVisitor visitor) {
        long[] t = tableArrays[tid];
        if (used[tid] == 0 && tid != 0) {
            return;
        }
        int shift = lvlShift(lvl);
        long size = 1L << shift;
        for (int i = 0; i < t.length; i++) {
            long pte = t[i];
            long start = tableIova + (long) i * size;
            if (pte == 0 || Long.compareUnsigned(start + size, from) <= 0) {
                continue;
            }
            if (Long.compareUnsigned(start, to) >= 0) {
                return;
            }
            if (isLeaf(pte, lvl)) {
                visitor.visit(start, pteToPaddr(pte) & -size, size, perms(pte),
                        lvl == MAX_LEVELS - 1 ? DescriptorKind.PAGE : DescriptorKind.BLOCK);
            } else if (isTable(pte, lvl)) {
                visit(tableId(pte), lvl + 1, start, from, to, visitor);
            }
        }
    }
}
