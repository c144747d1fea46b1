package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bringup.common.Hex;

/**
 * Long random sequences of map, unmap and translate, for every format and granule, checked
 * against {@link ReferenceModel} after every operation: the return value of each call, the
 * physical address and access rights of every translated address (by a page-table walk and
 * through the IOTLB of the device's accesses), and at the end the whole set of leaves. Seeded and
 * reproducible: a failure names the format, the seed and the first operation that differs, and
 * {@code -Diommu.seed=N} replays one seed.
 */
class PageTablePropertyTest {

    private static final int SEEDS = Integer.getInteger("iommu.seeds", 30);
    private static final int OPS = Integer.getInteger("iommu.ops", 1500);
    private static final boolean STATS = Boolean.getBoolean("iommu.stats");
    private final java.util.TreeMap<String, Integer> stats = new java.util.TreeMap<>();

    private void count(String what) {
        if (STATS) {
            stats.merge(what, 1, Integer::sum);
        }
    }

    record Case(String name, PageTableFormat format, long window, long paWindow) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> formats() {
        long g = 1L << 30;
        return Stream.of(
                new Case("LPAE S1 4K ias48", PageTableFormat.lpaeStage1(4096, 48, 48), 8 * g, 16 * g),
                new Case("LPAE S1 4K ias32", PageTableFormat.lpaeStage1(4096, 32, 40), 4 * g, 8 * g),
                new Case("LPAE S1 16K ias48", PageTableFormat.lpaeStage1(16384, 48, 48), 2 * g, 4 * g),
                new Case("LPAE S1 64K ias48", PageTableFormat.lpaeStage1(65536, 48, 48), 8 * g, 16 * g),
                new Case("LPAE S2 4K ias40 (concatenated PGD)", PageTableFormat.lpaeStage2(4096, 40, 40), 8 * g,
                        16 * g),
                new Case("LPAE S2 16K ias40 (concatenated PGD)", PageTableFormat.lpaeStage2(16384, 40, 40), 2 * g,
                        4 * g),
                new Case("LPAE S2 64K ias40", PageTableFormat.lpaeStage2(65536, 40, 40), 8 * g, 16 * g),
                new Case("v7s", PageTableFormat.v7s(), 4 * g, 4 * g),
                new Case("v7s MediaTek (NO_PERMS, 35-bit PA)", PageTableFormat.mediatekV7s(32, 35), 4 * g, 32 * g))
                .map(Arguments::of);
    }

    /** A device behind an IOMMU of the format, with an unmanaged domain attached. */
    static final class Rig {
        final Simulation sim;
        final Master dev;
        final IommuDomain domain;

        Rig(PageTableFormat f) throws IommuException {
            PhysicalMemory mem = PhysicalMemory.builder().region("bus", 0, 1L << 40, MemoryRegion.Kind.MMIO).build();
            sim = Simulation.create(mem);
            if (f.isLpae()) {
                ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config("smmu").format(f).iotlbEntries(16));
                dev = sim.addMaster(Master.builder("dev").iommu(smmu).streamId(1));
            } else {
                MtkIommu m4u = sim.addMtkIommu(MtkIommu.config("m4u").format(f).iotlbEntries(16));
                dev = sim.addMaster(Master.builder("dev").iommu(m4u).mtkPort(0, 0));
            }
            domain = sim.api().domainAlloc(dev);
            sim.api().attachDevice(domain, dev);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void randomSequencesMatchTheReferenceModel(Case c) throws Exception {
        Integer only = Integer.getInteger("iommu.seed");
        if (only != null) {
            runSeed(c, only);
            return;
        }
        for (int seed = 1; seed <= SEEDS; seed++) {
            runSeed(c, seed);
        }
        if (STATS) {
            System.out.println(c + ": " + stats);
        }
    }

    private static final int[] PROTS = { IommuProt.RW, IommuProt.READ, IommuProt.WRITE, IommuProt.RW | IommuProt.CACHE,
            IommuProt.READ | IommuProt.NOEXEC };

    private void runSeed(Case c, long seed) throws Exception {
        PageTableFormat f = c.format();
        Rig rig = new Rig(f);
        IommuApi api = rig.sim.api();
        ReferenceModel ref = new ReferenceModel(f);
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + c.name().hashCode());
        long bitmap = f.pgsizeBitmap();
        long min = Long.lowestOneBit(bitmap);
        List<Long> sizes = new ArrayList<>();
        for (long s = bitmap; s != 0; s &= s - 1) {
            sizes.add(Long.lowestOneBit(s));
        }
        Deque<String> history = new ArrayDeque<>();
        List<long[]> mapped = new ArrayList<>();
        for (int op = 1; op <= OPS; op++) {
            int kind = rnd.nextInt(100);
            String desc;
            if (kind < 45) {
                long size = size(rnd, sizes, min);
                long iova = address(rnd, mapped, c.window(), sizes, min);
                long largest = sizes.get(sizes.size() - 1);
                /* long runs of small pages are slow to check one by one: keep big maps block-aligned */
                boolean big = size >= 64 * sizes.get(1);
                if (big) {
                    iova &= rnd.nextInt(5) != 0 ? -largest : -sizes.get(1);
                }
                if (rnd.nextInt(100) == 0) {
                    iova = (1L << f.ias()) - (1 + rnd.nextInt(4)) * sizes.get(1);
                }
                long pa = big || rnd.nextInt(2) != 0 ? (iova + c.paWindow() / 2) % c.paWindow()
                        : address(rnd, List.of(), c.paWindow(), sizes, min);
                if (rnd.nextInt(40) == 0) {
                    iova += min / 2;
                }
                int prot = rnd.nextInt(60) == 0 ? IommuProt.CACHE : PROTS[rnd.nextInt(PROTS.length)];
                desc = "map(iova " + Hex.of(iova) + ", pa " + Hex.of(pa) + ", size " + Hex.of(size) + ", "
                        + IommuProt.describe(prot) + ")";
                int expected = ref.map(iova, pa, size, prot);
                int actual = 0;
                try {
                    api.map(rig.domain, iova, pa, size, prot);
                } catch (IommuException e) {
                    actual = e.errno().code();
                }
                history.add(desc + " = " + actual);
                count("map " + (actual == 0 ? "ok" : Errno.of(actual)));
                check(c, seed, op, desc, history, expected, actual);
                if (expected == 0) {
                    mapped.add(new long[] { iova, size });
                }
            } else if (kind < 80) {
                long iova;
                long size;
                int how = rnd.nextInt(10);
                if (how < 6 && !mapped.isEmpty()) {
                    long[] m = mapped.remove(rnd.nextInt(mapped.size()));
                    iova = m[0];
                    size = m[1];
                } else if (how < 8 && !mapped.isEmpty()) {
                    long[] m = mapped.get(rnd.nextInt(mapped.size()));
                    long pages = Math.max(1, m[1] / min);
                    iova = m[0] + rnd.nextLong(pages) * min;
                    size = (1 + rnd.nextLong(pages)) * min;
                } else {
                    iova = address(rnd, mapped, c.window(), sizes, min);
                    size = size(rnd, sizes, min);
                }
                desc = "unmap(iova " + Hex.of(iova) + ", size " + Hex.of(size) + ")";
                long expected = ref.unmap(iova, size);
                long actual = api.unmap(rig.domain, iova, size);
                history.add(desc + " = " + Hex.of(actual));
                count("unmap " + (actual == size ? "all" : actual == 0 ? "none" : "part"));
                check(c, seed, op, desc, history, expected, actual);
            } else {
                for (int i = 0; i < 8; i++) {
                    long iova = address(rnd, mapped, c.window(), sizes, 1) + rnd.nextLong(Math.max(1, min));
                    boolean write = rnd.nextBoolean();
                    desc = "translate(" + Hex.of(iova) + ", " + (write ? "write" : "read") + ")";
                    ReferenceModel.Leaf leaf = ref.translate(iova);
                    long expectedPa = ref.iovaToPhys(iova);
                    check(c, seed, op, desc + " iova_to_phys", history, expectedPa, api.iovaToPhys(rig.domain, iova));
                    Walk w = rig.domain.pageTable().walk(iova);
                    check(c, seed, op, desc + " walk leaf size", history, leaf == null ? 0 : leaf.size(), w.leafSize());
                    long viaDevice = rig.sim.access().translate(rig.dev, iova, write);
                    count(leaf == null ? "translate unmapped" : "translate leaf " + Hex.of(leaf.size()));
                    boolean allowed = leaf != null
                            && (leaf.perms() & (write ? ReferenceModel.WRITE : ReferenceModel.READ)) != 0;
                    check(c, seed, op, desc + " device access", history, allowed ? expectedPa : -1, viaDevice);
                    if (!allowed) {
                        FaultRecord fr = rig.sim.access().lastFault();
                        check(c, seed, op, desc + " fault reason", history,
                                (leaf == null ? FaultRecord.Reason.TRANSLATION : FaultRecord.Reason.PERMISSION).ordinal(),
                                fr == null ? -1 : fr.reason().ordinal());
                    }
                }
            }
            while (history.size() > 12) {
                history.removeFirst();
            }
        }
        List<ReferenceModel.Leaf> actual = new ArrayList<>();
        rig.domain.pageTable().forEachMapping(0, 1L << f.ias(),
                (iova, pa, size, perms, k) -> actual.add(new ReferenceModel.Leaf(iova, size, pa, perms)));
        assertEquals(ref.allLeaves(), actual, c + " seed " + seed + ": final leaves differ");
        assertEquals(ref.descriptors(), rig.domain.pageTable().leafDescriptors(), c + " seed " + seed
                + ": leaf descriptor count");
    }

    private static long size(SplittableRandom rnd, List<Long> sizes, long min) {
        int r = rnd.nextInt(100);
        long block = sizes.get(1 + rnd.nextInt(sizes.size() - 1));
        if (r < 50) {
            return (1 + rnd.nextInt(16)) * min;
        }
        if (r < 65) {
            return rnd.nextInt(3) * block + (rnd.nextInt(2) == 0 ? 0 : (1 + rnd.nextInt(8)) * min);
        }
        if (r < 95) {
            return block * (1 + rnd.nextInt(2));
        }
        if (r < 98) {
            return 0;
        }
        return (1 + rnd.nextInt(4)) * min + min / 2;
    }

    private static long address(SplittableRandom rnd, List<long[]> mapped, long window, List<Long> sizes, long align) {
        if (!mapped.isEmpty() && rnd.nextInt(3) != 0) {
            long[] m = mapped.get(rnd.nextInt(mapped.size()));
            long delta = (rnd.nextInt(9) - 4) * align;
            long a = m[0] + delta;
            return a < 0 ? 0 : a;
        }
        long block = sizes.get(rnd.nextInt(sizes.size()));
        long slots = Math.max(1, window / block);
        long base = rnd.nextLong(slots) * block;
        if (rnd.nextInt(2) == 0) {
            base += rnd.nextLong(Math.max(1, block / Math.max(align, 1))) * Math.max(align, 1);
        }
        return base;
    }

    private static void check(Case c, long seed, int op, String desc, Deque<String> history, long expected,
            long actual) {
        if (expected != actual) {
            StringBuilder b = new StringBuilder();
            b.append(c).append(": seed ").append(seed).append(", operation ").append(op).append(" ").append(desc)
                    .append(": reference says ").append(Hex.of(expected)).append(", simulation says ")
                    .append(Hex.of(actual)).append(" (replay with -Diommu.seed=").append(seed)
                    .append("). Preceding operations:");
            for (String h : history) {
                b.append("\n  ").append(h);
            }
            fail(b.toString());
        }
    }
}
