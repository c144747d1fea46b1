package dev.bringup.iommu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.bringup.iommu.DescriptorKind;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.PageTableFormat;
import dev.bringup.iommu.Walk;

/**
 * The ARMv7 short-descriptor format ({@code io-pgtable-arm-v7s.c}): a level-1 table of 1M
 * sections (16M supersections fill 16 entries) or pointers to 256-entry level-2 tables of 4K
 * small pages (64K large pages fill 16 entries). Descriptors are 32-bit values in {@code int[]}
 * tables; the level-1 table sits at {@code tableBase}, level-2 tables (1 KiB each) follow it.
 * With the MediaTek quirks, physical address bits 32..34 go to descriptor bits 9, 4 and 5 and
 * there are no permission bits.
 */
final class V7sTable extends PageTable {

    private static final int TYPE_TABLE = 0x1;
    private static final int TYPE_PAGE = 0x2;
    private static final int TYPE_CONT_PAGE = 0x1;
    private static final int CONT_SECTION = 1 << 18;
    private static final int CONT_PAGE_XN_SHIFT = 15;
    private static final int CONT_PAGE_TEX_SHIFT = 6;
    private static final int TEX_MASK = 0x7;
    private static final int TEX_SHIFT = 2;
    private static final int ATTR_B = 1 << 2;
    private static final int ATTR_C = 1 << 3;
    private static final int ATTR_NS_TABLE = 1 << 3;
    private static final int ATTR_NS_SECTION = 1 << 19;
    private static final int ATTR_AP0 = 1 << 0;
    private static final int ATTR_AP1 = 1 << 1;
    private static final int ATTR_AP2 = 1 << 5;
    private static final int ATTR_S = 1 << 6;
    private static final int ATTR_NG = 1 << 7;
    private static final int MTK_PA_BIT32 = 1 << 9;
    private static final int MTK_PA_BIT33 = 1 << 4;
    private static final int MTK_PA_BIT34 = 1 << 5;
    private static final int CONT_PAGES = 16;
    private static final int L2_ENTRIES = 256;
    private static final int L2_BYTES = L2_ENTRIES * 4;

    private final int[] l1;
    private final long base;
    private final long l1Bytes;
    private final int ias;
    private final int oas;
    private int usedL1;
    private int[][] l2 = new int[16][];
    private int[] used = new int[16];
    private int highWater;
    private int[] free = new int[16];
    private int freeTop;

    V7sTable(PageTableFormat format, long tableBase, int maxTables) {
        super(format, maxTables);
        this.ias = format.ias();
        this.oas = format.oas();
        this.l1 = new int[1 << (ias - 20)];
        this.l1Bytes = 4L * l1.length;
        if ((tableBase & (l1Bytes - 1)) != 0) {
            throw new IllegalArgumentException("v7s level-1 table at 0x" + Long.toHexString(tableBase)
                    + " is not aligned to its size 0x" + Long.toHexString(l1Bytes));
        }
        long maxL2 = Math.min(maxTables, l1.length);
        if (tableBase + l1Bytes + maxL2 * L2_BYTES > 1L << 32) {
            throw new IllegalArgumentException("v7s tables at 0x" + Long.toHexString(tableBase)
                    + " do not fit below 4 GiB (table descriptors hold 32-bit addresses)");
        }
        this.base = tableBase;
        tables = 1;
    }

    @Override
    public long ttbr() {
        return base;
    }

    @Override
    public int startLevel() {
        return 1;
    }

    private long l2Address(int id) {
        return base + l1Bytes + (long) id * L2_BYTES;
    }

    private int l2Id(int pte) {
        return (int) (((pte & 0xFFFF_FC00L) - base - l1Bytes) / L2_BYTES);
    }

    private static boolean valid(int pte) {
        return (pte & 3) != 0;
    }

    private static boolean isTable(int pte, int lvl) {
        return lvl == 1 && (pte & 3) == TYPE_TABLE;
    }

    private static boolean isCont(int pte, int lvl) {
        if (lvl == 1) {
            return !isTable(pte, 1) && (pte & CONT_SECTION) != 0;
        }
        return (pte & TYPE_PAGE) == 0;
    }

    private static int lvlShift(int lvl) {
        return lvl == 1 ? 20 : 12;
    }

    private static int attrShift(int lvl) {
        return 16 - lvl * 6;
    }

    private static int xn(int lvl) {
        return 1 << (4 * (2 - lvl));
    }

    private int paddrToPte(long paddr, int lvl) {
        int pte = (int) (paddr & (-1L << lvlShift(lvl)) & 0xFFFF_FFFFL);
        if (format.mtkExt()) {
            pte |= (paddr & (1L << 32)) != 0 ? MTK_PA_BIT32 : 0;
            pte |= (paddr & (1L << 33)) != 0 ? MTK_PA_BIT33 : 0;
            pte |= (paddr & (1L << 34)) != 0 ? MTK_PA_BIT34 : 0;
        }
        return pte;
    }

    private long pteToPaddr(int pte, int lvl) {
        long mask;
        if (isTable(pte, lvl)) {
            mask = 0xFFFF_FC00L;
        } else if (isCont(pte, lvl)) {
            mask = (0xFFFF_FFFFL << (lvlShift(lvl) + 4)) & 0xFFFF_FFFFL;
        } else {
            mask = (0xFFFF_FFFFL << lvlShift(lvl)) & 0xFFFF_FFFFL;
        }
        long paddr = pte & mask;
        if (format.mtkExt() && !isTable(pte, lvl)) {
            paddr |= (pte & MTK_PA_BIT32) != 0 ? 1L << 32 : 0;
            paddr |= (pte & MTK_PA_BIT33) != 0 ? 1L << 33 : 0;
            paddr |= (pte & MTK_PA_BIT34) != 0 ? 1L << 34 : 0;
        }
        return paddr;
    }

    /** {@code arm_v7s_prot_to_pte()}. */
    private int protToPte(int prot, int lvl) {
        boolean ap = !format.noPerms();
        int attr = ATTR_NG | ATTR_S;
        if ((prot & IommuProt.MMIO) == 0) {
            attr |= 1 << TEX_SHIFT;
        }
        if (ap) {
            attr |= ATTR_AP0;
            if ((prot & IommuProt.PRIV) == 0) {
                attr |= ATTR_AP1;
            }
            if ((prot & IommuProt.WRITE) == 0) {
                attr |= ATTR_AP2;
            }
        }
        int pte = attr << attrShift(lvl);
        if ((prot & IommuProt.NOEXEC) != 0 && ap) {
            pte |= xn(lvl);
        }
        if ((prot & IommuProt.MMIO) != 0) {
            pte |= ATTR_B;
        } else if ((prot & IommuProt.CACHE) != 0) {
            pte |= ATTR_B | ATTR_C;
        }
        pte |= TYPE_PAGE;
        if (lvl == 1 && format.nonSecure()) {
            pte |= ATTR_NS_SECTION;
        }
        return pte;
    }

    /** {@code arm_v7s_pte_to_cont()}. */
    private static int toCont(int pte, int lvl) {
        if (lvl == 1) {
            return pte | CONT_SECTION;
        }
        int xnBit = pte & xn(lvl);
        int tex = pte & (TEX_MASK << CONT_PAGE_TEX_SHIFT);
        pte ^= xnBit | tex | TYPE_PAGE;
        return pte | (xnBit << CONT_PAGE_XN_SHIFT) | (tex << CONT_PAGE_TEX_SHIFT) | TYPE_CONT_PAGE;
    }

    private int perms(int pte, int lvl) {
        if (format.noPerms()) {
            return PERM_READ | PERM_WRITE;
        }
        return PERM_READ | (((pte >>> attrShift(lvl)) & ATTR_AP2) == 0 ? PERM_WRITE : 0);
    }

    private int allocL2() {
        if (tables >= maxTables) {
            return -1;
        }
        int id;
        if (freeTop > 0) {
            id = free[--freeTop];
        } else {
            id = highWater++;
            if (id >= l1.length) {
                return -1;
            }
            if (id >= l2.length) {
                l2 = Arrays.copyOf(l2, id * 2);
                used = Arrays.copyOf(used, id * 2);
            }
            l2[id] = new int[L2_ENTRIES];
        }
        tables++;
        return id;
    }

    private void freeL2(int id) {
        if (used[id] != 0) {
            leaves -= used[id];
            Arrays.fill(l2[id], 0);
            used[id] = 0;
        }
        if (freeTop == free.length) {
            free = Arrays.copyOf(free, freeTop * 2);
        }
        free[freeTop++] = id;
        tables--;
    }

    @Override
    public int mapPages(long iova, long paddr, long pgsize, long pgcount, int prot) {
        mapped = 0;
        if (!validPgsize(pgsize, pgsizeBitmap) || pgcount <= 0) {
            return EINVAL;
        }
        if ((prot & (IommuProt.READ | IommuProt.WRITE)) == 0) {
            return EINVAL;
        }
        for (long n = 0; n < pgcount; n++) {
            if ((iova >>> ias) != 0 || (paddr >>> oas) != 0) {
                return ERANGE;
            }
            int ret = mapOne(iova, paddr, pgsize, prot);
            if (ret != OK) {
                return ret;
            }
            iova += pgsize;
            paddr += pgsize;
            mapped += pgsize;
        }
        return OK;
    }

    private int mapOne(long iova, long paddr, long size, int prot) {
        int idx1 = (int) (iova >>> 20) & (l1.length - 1);
        int num = (int) (size >>> 20);
        if (num > 0) {
            return initPte(l1, -1, idx1, num, paddr, prot, 1);
        }
        int pte = l1[idx1];
        int tid;
        if (pte == 0) {
            tid = allocL2();
            if (tid < 0) {
                return ENOMEM;
            }
            l1[idx1] = (int) l2Address(tid) | TYPE_TABLE | (format.nonSecure() ? ATTR_NS_TABLE : 0);
            usedL1++;
        } else if (isTable(pte, 1)) {
            tid = l2Id(pte);
        } else {
            return EEXIST;
        }
        return initPte(l2[tid], tid, (int) (iova >>> 12) & (L2_ENTRIES - 1), (int) (size >>> 12), paddr, prot, 2);
    }

    /** {@code arm_v7s_init_pte()}; {@code tid} is -1 for the level-1 table. */
    private int initPte(int[] t, int tid, int idx, int num, long paddr, int prot, int lvl) {
        for (int i = 0; i < num; i++) {
            int old = t[idx + i];
            if (old != 0 && !(isTable(old, lvl) && used[l2Id(old)] == 0)) {
                return EEXIST;
            }
        }
        int pte = protToPte(prot, lvl);
        if (num > 1) {
            pte = toCont(pte, lvl);
        }
        pte |= paddrToPte(paddr, lvl);
        int added = 0;
        for (int i = 0; i < num; i++) {
            int old = t[idx + i];
            if (old == 0) {
                added++;
            } else {
                freeL2(l2Id(old));
            }
            t[idx + i] = pte;
        }
        if (tid < 0) {
            usedL1 += added;
        } else {
            used[tid] += added;
        }
        leaves += num;
        return OK;
    }

    @Override
    public long unmapPages(long iova, long pgsize, long pgcount) {
        if (!validPgsize(pgsize, pgsizeBitmap) || pgcount <= 0) {
            return 0;
        }
        long unmapped = 0;
        for (long n = 0; n < pgcount; n++) {
            if ((iova >>> ias) != 0 || !unmapOne(iova, pgsize)) {
                break;
            }
            unmapped += pgsize;
            iova += pgsize;
        }
        return unmapped;
    }

    /** {@code __arm_v7s_unmap()} for one page of {@code size}; false at a hole or a partial leaf. */
    private boolean unmapOne(long iova, long size) {
        int idx1 = (int) (iova >>> 20) & (l1.length - 1);
        int num1 = (int) (size >>> 20);
        if (num1 > 0) {
            for (int i = 0; i < num1; i++) {
                if (!valid(l1[idx1 + i])) {
                    return false;
                }
            }
            if (num1 == 1 && isCont(l1[idx1], 1)) {
                return false;
            }
            for (int i = 0; i < num1; i++) {
                int pte = l1[idx1 + i];
                if (isTable(pte, 1)) {
                    freeL2(l2Id(pte));
                } else {
                    leaves--;
                }
                l1[idx1 + i] = 0;
            }
            usedL1 -= num1;
            return true;
        }
        int pte1 = l1[idx1];
        if (!valid(pte1) || !isTable(pte1, 1)) {
            /* a hole, or a section/supersection that a smaller unmap would split */
            return false;
        }
        int tid = l2Id(pte1);
        int[] t = l2[tid];
        int idx2 = (int) (iova >>> 12) & (L2_ENTRIES - 1);
        int num2 = (int) (size >>> 12);
        for (int i = 0; i < num2; i++) {
            if (!valid(t[idx2 + i])) {
                return false;
            }
        }
        if (num2 == 1 && isCont(t[idx2], 2)) {
            return false;
        }
        Arrays.fill(t, idx2, idx2 + num2, 0);
        used[tid] -= num2;
        leaves -= num2;
        return true;
    }

    @Override
    public int translate(long iova) {
        if ((iova >>> ias) != 0) {
            return 1;
        }
        int pte = l1[(int) (iova >>> 20) & (l1.length - 1)];
        if (!valid(pte)) {
            return 1;
        }
        if (!isTable(pte, 1)) {
            leafSize = isCont(pte, 1) ? 1L << 24 : 1L << 20;
            leafPa = pteToPaddr(pte, 1);
            leafPerms = perms(pte, 1);
            return -1;
        }
        int pte2 = l2[l2Id(pte)][(int) (iova >>> 12) & (L2_ENTRIES - 1)];
        if (!valid(pte2)) {
            return 2;
        }
        leafSize = isCont(pte2, 2) ? 1L << 16 : 1L << 12;
        leafPa = pteToPaddr(pte2, 2);
        leafPerms = perms(pte2, 2);
        return -1;
    }

    private static DescriptorKind kind(int pte, int lvl) {
        if (!valid(pte)) {
            return DescriptorKind.INVALID;
        }
        if (lvl == 1) {
            return isTable(pte, 1) ? DescriptorKind.TABLE
                    : isCont(pte, 1) ? DescriptorKind.SUPERSECTION : DescriptorKind.SECTION;
        }
        return isCont(pte, 2) ? DescriptorKind.LARGE_PAGE : DescriptorKind.SMALL_PAGE;
    }

    @Override
    public Walk walk(long iova) {
        List<Walk.Step> steps = new ArrayList<>(2);
        if ((iova >>> ias) != 0) {
            return new Walk(iova, steps, false, 0, 0, 0);
        }
        int idx1 = (int) (iova >>> 20) & (l1.length - 1);
        int pte = l1[idx1];
        DescriptorKind k = kind(pte, 1);
        steps.add(new Walk.Step(1, base, idx1, pte & 0xFFFF_FFFFL, k, 4));
        if (k == DescriptorKind.TABLE) {
            int idx2 = (int) (iova >>> 12) & (L2_ENTRIES - 1);
            int tid = l2Id(pte);
            int pte2 = l2[tid][idx2];
            DescriptorKind k2 = kind(pte2, 2);
            steps.add(new Walk.Step(2, l2Address(tid), idx2, pte2 & 0xFFFF_FFFFL, k2, 4));
            if (k2 == DescriptorKind.INVALID) {
                return new Walk(iova, steps, false, 0, 0, 0);
            }
            long size = k2 == DescriptorKind.LARGE_PAGE ? 1L << 16 : 1L << 12;
            return new Walk(iova, steps, true, pteToPaddr(pte2, 2) | (iova & (size - 1)), size, perms(pte2, 2));
        }
        if (k == DescriptorKind.INVALID) {
            return new Walk(iova, steps, false, 0, 0, 0);
        }
        long size = k == DescriptorKind.SUPERSECTION ? 1L << 24 : 1L << 20;
        return new Walk(iova, steps, true, pteToPaddr(pte, 1) | (iova & (size - 1)), size, perms(pte, 1));
    }

    @Override
    public void forEachMapping(long fromIova, long toIova, MappingVisitor visitor) {
        for (int i = 0; i < l1.length; i++) {
            long start = (long) i << 20;
            int pte = l1[i];
            if (pte == 0 || start + (1L << 20) <= fromIova) {
                continue;
            }
            if (start >= toIova) {
                return;
            }
            if (isTable(pte, 1)) {
                int[] t = l2[l2Id(pte)];
                for (int j = 0; j < L2_ENTRIES; j++) {
                    int p = t[j];
                    long s = start + ((long) j << 12);
                    if (p == 0 || s + (1L << 12) <= fromIova || s >= toIova) {
                        continue;
                    }
                    if (isCont(p, 2)) {
                        int first = j & -CONT_PAGES;
                        visitor.visit(start + ((long) first << 12), pteToPaddr(p, 2), 1L << 16, perms(p, 2),
                                DescriptorKind.LARGE_PAGE);
                        j = first + CONT_PAGES - 1;
                    } else {
                        visitor.visit(s, pteToPaddr(p, 2), 1L << 12, perms(p, 2), DescriptorKind.SMALL_PAGE);
                    }
                }
            } else if (isCont(pte, 1)) {
                visitor.visit(start & -(1L << 24), pteToPaddr(pte, 1), 1L << 24, perms(pte, 1),
                        DescriptorKind.SUPERSECTION);
                i |= CONT_PAGES - 1;
            } else {
                visitor.visit(start, pteToPaddr(pte, 1), 1L << 20, perms(pte, 1), DescriptorKind.SECTION);
            }
        }
    }
}
