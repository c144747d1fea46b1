package dev.bringup.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.eclipse.jdt.annotation.Nullable;
import java.util.TreeMap;

/**
 * The oracle of the property tests: what {@code iommu_map}, {@code iommu_unmap} and
 * {@code iova_to_phys} must do, written from the Linux semantics without page tables: a
 * {@link TreeMap} of leaf ranges (iova, size, pa, access) plus the set of table entries that
 * exist (Linux keeps a table after its last page is unmapped, and an unmap whose page size
 * matches a table entry clears the whole table, so the set is part of the observable state).
 * A table entry is named by the size of the entry that points to it and its base.
 */
final class ReferenceModel {

    record Leaf(long iova, long size, long pa, int perms) {
        long end() {
            return iova + size;
        }
    }

    static final int READ = 1;
    static final int WRITE = 2;

    private final boolean v7s;
    private final boolean stage2;
    private final boolean noPerms;
    private final long bitmap;
    private final long min;
    private final int ias;
    private final int oas;
    /** Entry sizes from the first level down (LPAE); v7s: 1M, 4K. */
    private final long[] entrySizes;
    /** Entries per table at each level, for the LPAE "until the end of the table" rule. */
    private final long[] tableSpan;

    final TreeMap<Long, Leaf> leaves = new TreeMap<>();
    /** Table entries: entry size -> bases of the entries of that size that point to a table. */
    private final TreeMap<Long, TreeSet<Long>> tables = new TreeMap<>();

    ReferenceModel(PageTableFormat f) {
        this.v7s = !f.isLpae();
        this.stage2 = f.kind() == PageTableFormat.Kind.ARM_64_LPAE_S2;
        this.noPerms = f.noPerms();
        this.bitmap = f.pgsizeBitmap();
        this.min = Long.lowestOneBit(bitmap);
        this.ias = f.ias();
        this.oas = f.oas();
        if (v7s) {
            entrySizes = new long[] { 1L << 20, 1L << 12 };
            tableSpan = new long[] { 1L << ias, 1L << 20 };
        } else {
            int pgShift = Integer.numberOfTrailingZeros(f.granule());
            int bits = pgShift - 3;
            int vaBits = ias - pgShift;
            int levels = (vaBits + bits - 1) / bits;
            int start = 4 - levels;
            if (stage2 && concat(f.granule(), start, ias, oas)) {
                start++;
            }
            entrySizes = new long[4 - start];
            tableSpan = new long[4 - start];
            for (int l = start; l < 4; l++) {
                entrySizes[l - start] = 1L << ((4 - l) * bits + 3);
                /* a run of pages ends at the end of a granule-sized table (arm_lpae_max_entries) */
                tableSpan[l - start] = l == start ? Math.min(1L << ias, entrySizes[l - start] << bits)
                        : entrySizes[l - start] << bits;
            }
        }
    }

    /** Arm DDI0487 R_DXBSH / R_SRKBC, the cases where a stage-2 PGD must be concatenated. */
    private static boolean concat(int granule, int start, int ias, int oas) {
        if (granule == 1 << 14 && start == 0) {
            return oas == 48 || ias == 48;
        }
        if (granule == 1 << 12 && start == 0) {
            return oas == 40 || oas == 42;
        }
        return granule == 1 << 14 && start == 1 && oas == 40;
    }

    int startLevelDepth() {
        return entrySizes.length;
    }

    private boolean isTable(long entrySize, long base) {
        TreeSet<Long> t = tables.get(entrySize);
        return t != null && t.contains(base);
    }

    private void addTable(long entrySize, long base) {
        tables.computeIfAbsent(entrySize, k -> new TreeSet<>()).add(base);
    }

    private @Nullable Leaf covering(long iova) {
        Map.Entry<Long, Leaf> e = leaves.floorEntry(iova);
        if (e != null && iova < e.getValue().end()) {
            return e.getValue();
        }
        return null;
    }

    private boolean anyLeaf(long from, long size) {
        Leaf c = covering(from);
        if (c != null) {
            return true;
        }
        Long k = leaves.ceilingKey(from);
        return k != null && k < from + size;
    }

    private void clearRange(long from, long size) {
        leaves.subMap(from, true, from + size, false).clear();
        for (var e : tables.headMap(size, true).entrySet()) {
            e.getValue().subSet(from, true, from + size, false).clear();
        }
    }

    private int perms(int prot) {
        if (v7s) {
            return noPerms ? READ | WRITE : READ | ((prot & IommuProt.WRITE) != 0 ? WRITE : 0);
        }
        if (stage2) {
            return ((prot & IommuProt.READ) != 0 ? READ : 0) | ((prot & IommuProt.WRITE) != 0 ? WRITE : 0);
        }
        return (prot & IommuProt.READ) != 0 && (prot & IommuProt.WRITE) == 0 ? READ : READ | WRITE;
    }

    // ------------------------------------------------------------ core (iommu.c)

    private long pgcount;

    /** iommu_pgsize(), written again from its definition. */
    private long pgsize(long iova, long paddr, long size) {
        long best = 0;
        for (long s = min; s != 0 && s <= size; s <<= 1) {
            if ((bitmap & s) != 0 && ((iova | paddr) & (s - 1)) == 0) {
                best = s;
            }
        }
        long span = size;
        long next = 0;
        for (long s = best << 1; s != 0; s <<= 1) {
            if ((bitmap & s) != 0) {
                next = s;
                break;
            }
        }
        if (next != 0 && ((iova ^ paddr) & (next - 1)) == 0) {
            long offset = next - ((iova | paddr) & (next - 1));
            if (offset + next <= size) {
                span = offset;
            }
        }
        pgcount = span / best;
        return best;
    }

    /** iommu_map(): 0 or the positive errno. */
    int map(long iova, long pa, long size, int prot) {
        if (((iova | pa | size) & (min - 1)) != 0) {
            return Errno.EINVAL.code();
        }
        if ((prot & (IommuProt.READ | IommuProt.WRITE)) == 0) {
            return Errno.EINVAL.code();
        }
        if (size != 0 && (((iova + size - 1) >>> ias) != 0 || ((pa + size - 1) >>> oas) != 0)) {
            return Errno.ERANGE.code();
        }
        long left = size;
        long at = iova;
        long p = pa;
        while (left > 0) {
            long pg = pgsize(at, p, left);
            long[] mapped = { 0 };
            int ret = v7s ? mapPagesV7s(at, p, pg, pgcount, prot, mapped) : mapPagesLpae(at, p, pg, pgcount, prot, mapped);
            left -= mapped[0];
            if (ret != 0) {
                if (size - left != 0) {
                    unmap(iova, size - left);
                }
                return ret;
            }
            at += mapped[0];
            p += mapped[0];
        }
        return 0;
    }

    /** iommu_unmap(): bytes unmapped. */
    long unmap(long iova, long size) {
        if (((iova | size) & (min - 1)) != 0) {
            return 0;
        }
        long unmapped = 0;
        long at = iova;
        while (Long.compareUnsigned(unmapped, size) < 0) {
            long pg = pgsize(at, at, size - unmapped);
            long done = v7s ? unmapPagesV7s(at, pg, pgcount) : unmapPagesLpae(at, pg, pgcount);
            if (done == 0) {
                break;
            }
            at += done;
            unmapped += done;
        }
        return unmapped;
    }

    /** The leaf that maps {@code iova}, or null. */
    @Nullable
    Leaf translate(long iova) {
        return covering(iova);
    }

    long iovaToPhys(long iova) {
        Leaf l = covering(iova);
        return l == null ? 0 : l.pa() + (iova - l.iova());
    }

    // ------------------------------------------------------------ LPAE (io-pgtable-arm.c)

    private int level(long entrySize) {
        for (int i = 0; i < entrySizes.length; i++) {
            if (entrySizes[i] == entrySize) {
                return i;
            }
        }
        throw new IllegalStateException("no level maps " + entrySize);
    }

    private int mapPagesLpae(long iova, long pa, long pg, long count, int prot, long[] mapped) {
        int lvl = level(pg);
        for (int i = 0; i < lvl; i++) {
            long es = entrySizes[i];
            long base = iova & -es;
            Leaf c = covering(iova);
            if (c != null && c.size() == es) {
                return Errno.EEXIST.code();
            }
            addTable(es, base);
        }
        long end = (iova & -tableSpan[lvl]) + tableSpan[lvl];
        long num = Math.min(count, (end - iova) / pg);
        for (long i = 0; i < num; i++) {
            long q = iova + i * pg;
            Leaf c = covering(q);
            if (c != null && c.iova() == q && c.size() == pg) {
                return Errno.EEXIST.code();
            }
            if (isTable(pg, q) && anyLeaf(q, pg)) {
                return Errno.EEXIST.code();
            }
        }
        for (long i = 0; i < num; i++) {
            long q = iova + i * pg;
            clearRange(q, pg);
            leaves.put(q, new Leaf(q, pg, pa + i * pg, perms(prot)));
        }
        mapped[0] = num * pg;
        return 0;
    }

    private long unmapPagesLpae(long iova, long pg, long count) {
        int lvl = level(pg);
        for (int i = 0; i < lvl; i++) {
            long es = entrySizes[i];
            Leaf c = covering(iova);
            if (c != null && c.size() == es) {
                return 0;
            }
            if (!isTable(es, iova & -es)) {
                return 0;
            }
        }
        long end = (iova & -tableSpan[lvl]) + tableSpan[lvl];
        long num = Math.min(count, (end - iova) / pg);
        long i = 0;
        for (; i < num; i++) {
            long q = iova + i * pg;
            Leaf c = covering(q);
            boolean leaf = c != null && c.iova() == q && c.size() == pg;
            if (!leaf && !isTable(pg, q)) {
                break;
            }
            clearRange(q, pg);
        }
        return i * pg;
    }

    // ------------------------------------------------------------ v7s (io-pgtable-arm-v7s.c)

    private static final long SECTION = 1L << 20;
    private static final long SMALL = 1L << 12;

    private int mapPagesV7s(long iova, long pa, long pg, long count, int prot, long[] mapped) {
        for (long n = 0; n < count; n++) {
            int ret = mapOneV7s(iova + n * pg, pa + n * pg, pg, prot);
            if (ret != 0) {
                return ret;
            }
            mapped[0] += pg;
        }
        return 0;
    }

    private int mapOneV7s(long iova, long pa, long pg, int prot) {
        if (pg >= SECTION) {
            for (long q = iova; q < iova + pg; q += SECTION) {
                if (isTable(SECTION, q) ? anyLeaf(q, SECTION) : covering(q) != null) {
                    return Errno.EEXIST.code();
                }
            }
            clearRange(iova, pg);
        } else {
            long sec = iova & -SECTION;
            if (!isTable(SECTION, sec)) {
                if (covering(iova) != null) {
                    return Errno.EEXIST.code();
                }
                addTable(SECTION, sec);
            }
            if (anyLeaf(iova, pg)) {
                return Errno.EEXIST.code();
            }
        }
        leaves.put(iova, new Leaf(iova, pg, pa, perms(prot)));
        return 0;
    }

    private long unmapPagesV7s(long iova, long pg, long count) {
        long done = 0;
        for (long n = 0; n < count; n++) {
            if (!unmapOneV7s(iova + n * pg, pg)) {
                break;
            }
            done += pg;
        }
        return done;
    }

    private boolean unmapOneV7s(long iova, long pg) {
        if (pg >= SECTION) {
            for (long q = iova; q < iova + pg; q += SECTION) {
                if (!isTable(SECTION, q) && covering(q) == null) {
                    return false;
                }
            }
            Leaf c = covering(iova);
            if (pg == SECTION && c != null && c.size() > SECTION) {
                return false;
            }
            /* 16 level-1 entries of a supersection-sized unmap: everything in them goes */
            Leaf first = covering(iova);
            if (first != null && first.iova() < iova) {
                return false;
            }
            clearRange(iova, pg);
            return true;
        }
        long sec = iova & -SECTION;
        if (!isTable(SECTION, sec)) {
            return false;
        }
        for (long q = iova; q < iova + pg; q += SMALL) {
            if (covering(q) == null) {
                return false;
            }
        }
        Leaf c = covering(iova);
        if (pg == SMALL && c.size() > SMALL) {
            return false;
        }
        if (c.iova() < iova) {
            return false;
        }
        clearRange(iova, pg);
        return true;
    }

    /** The leaves as a list, for the final comparison. */
    List<Leaf> allLeaves() {
        return new ArrayList<>(leaves.values());
    }

    /** Number of leaf descriptors (a v7s supersection or large page fills 16). */
    long descriptors() {
        long n = 0;
        for (Leaf l : leaves.values()) {
            n += v7s && (l.size() == 1L << 24 || l.size() == 1L << 16) ? 16 : 1;
        }
        return n;
    }
}
