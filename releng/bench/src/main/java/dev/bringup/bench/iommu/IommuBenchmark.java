package dev.bringup.bench.iommu;

import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.bringup.iommu.ArmSmmu;
import dev.bringup.iommu.IommuApi;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuProt;
import dev.bringup.iommu.Iotlb;
import dev.bringup.iommu.IovaAllocator;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.MemoryRegion;
import dev.bringup.iommu.PhysicalMemory;
import dev.bringup.iommu.Simulation;

/**
 * The IOMMU simulation's hot paths, per operation: {@code iommu_map} and {@code iommu_unmap} of
 * 1 GiB in 4 KiB pages (262 144 calls, each one page, as the kernel's iommupt figures count
 * them), 1 GiB mapped aligned (1G block or 2M blocks), a master's translations through the IOTLB
 * (hits and misses), and IOVA allocation and free. References in the same run: a plain
 * {@code long[]} store loop and a {@code HashMap<Long, Long>} put of the same count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IommuBenchmark {

    static final int PAGES = 1 << 18;
    static final long GIB = 1L << 30;
    static final long IOVA = 0x4000_0000L;
    static final long PA = 0x1_0000_0000L;

    /**
     * One SoC: an SMMU (LPAE stage 1, 4K granule, 128-entry IOTLB) and a master with an unmanaged
     * domain. Each benchmark takes the subclass whose setup leaves the state it starts from.
     */
    public abstract static class Rig {
        Simulation sim;
        IommuApi api;
        Master dev;
        IommuDomain domain;
        IommuDomain blocks;
        IovaAllocator iovad;
        long[] missAddresses;
        long[] hitAddresses;
        long[] array;
        HashMap<Long, Long> map;

        void init() throws IommuException {
            sim = Simulation.create(PhysicalMemory.builder()
                    .region("dram", 0x1_0000_0000L, 4 * GIB, MemoryRegion.Kind.DRAM).build());
            ArmSmmu smmu = sim.addArmSmmu(ArmSmmu.config("15000000.iommu").iotlbEntries(128));
            dev = sim.addMaster(Master.builder("dev").iommu(smmu).streamId(1));
            api = sim.api();
            domain = api.domainAlloc(dev);
            api.attachDevice(domain, dev);
            blocks = api.domainAlloc(dev);
            iovad = new IovaAllocator(4096, 1, true);
            SplittableRandom rnd = new SplittableRandom(42);
            missAddresses = new long[PAGES];
            hitAddresses = new long[PAGES];
            for (int i = 0; i < PAGES; i++) {
                missAddresses[i] = IOVA + (rnd.nextLong(PAGES) << 12) + rnd.nextInt(4096);
                hitAddresses[i] = IOVA + ((long) rnd.nextInt(64) << 12) + rnd.nextInt(4096);
            }
            array = new long[PAGES];
            map = new HashMap<>();
        }

        /** 1 GiB as 262 144 4K pages: the pa is offset by one page from the iova's 2M alignment. */
        void mapAllPages() throws IommuException {
            api.map(domain, IOVA, PA + 0x1000, GIB, IommuProt.RW);
        }

        void unmapAll() throws IommuException {
            api.unmap(domain, IOVA, GIB);
        }

        /** Reports what the aligned maps built, so the block use is visible in the JMH output. */
        @TearDown(Level.Trial)
        public void report() throws IommuException {
            api.map(blocks, 0x80_0000_0000L, PA, GIB, IommuProt.RW);
            long oneBlock = blocks.pageTable().leafDescriptors();
            api.unmap(blocks, 0x80_0000_0000L, GIB);
            api.map(blocks, 0x80_0020_0000L, PA + 0x20_0000L, GIB, IommuProt.RW);
            long twoMeg = blocks.pageTable().leafDescriptors();
            api.unmap(blocks, 0x80_0020_0000L, GIB);
            Iotlb tlb = dev.iommu().iotlb();
            System.out.println("\n[iommu] 1 GiB aligned to 1G: " + oneBlock + " leaf descriptor(s); aligned to 2M: "
                    + twoMeg + "; 4K pages in the domain now: " + domain.pageTable().leafDescriptors() + " in "
                    + domain.pageTable().tablesInUse() + " tables; IOTLB hits " + tlb.hits() + ", misses "
                    + tlb.misses());
        }
    }

    /** Just the SoC. */
    @State(Scope.Thread)
    public static class Plain extends Rig {
        @Setup(Level.Trial)
        public void setup() throws IommuException {
            init();
        }
    }

    /** Before each invocation: nothing mapped. */
    @State(Scope.Thread)
    public static class Unmapped extends Rig {
        @Setup(Level.Trial)
        public void setup() throws IommuException {
            init();
        }

        @Setup(Level.Invocation)
        public void clear() throws IommuException {
            unmapAll();
        }
    }

    /** Before each invocation: 1 GiB mapped in 4K pages. */
    @State(Scope.Thread)
    public static class Mapped extends Rig {
        @Setup(Level.Trial)
        public void setup() throws IommuException {
            init();
        }

        @Setup(Level.Invocation)
        public void fill() throws IommuException {
            unmapAll();
            mapAllPages();
        }
    }

    /** Once per trial: 1 GiB mapped in 4K pages. */
    @State(Scope.Thread)
    public static class MappedOnce extends Rig {
        @Setup(Level.Trial)
        public void setup() throws IommuException {
            init();
            mapAllPages();
        }
    }

    /** {@code iommu_map} of one 4K page, 262 144 times: 1 GiB. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long map4kPages(Unmapped r) throws IommuException {
        for (int i = 0; i < PAGES; i++) {
            long off = (long) i << 12;
            r.api.map(r.domain, IOVA + off, PA + off, 4096, IommuProt.RW);
        }
        return r.domain.pageTable().leafDescriptors();
    }

    /** One {@code iommu_map} call of 1 GiB whose alignment allows 4K pages only: 262 144 PTEs. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long map1GiBIn4kPagesOneCall(Unmapped r) throws IommuException {
        r.mapAllPages();
        return r.domain.pageTable().leafDescriptors();
    }

    /** {@code iommu_unmap} of one 4K page, 262 144 times: 1 GiB. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long unmap4kPages(Mapped r) throws IommuException {
        long n = 0;
        for (int i = 0; i < PAGES; i++) {
            n += r.api.unmap(r.domain, IOVA + ((long) i << 12), 4096);
        }
        if (n != GIB) {
            throw new IllegalStateException("unmapped " + n);
        }
        return n;
    }

    /** {@code iommu_map} of 1 GiB at a 1G-aligned IOVA and PA (one 1G block), then its unmap. */
    @Benchmark
    public long mapUnmap1GiBAsOneBlock(Plain r) throws IommuException {
        r.api.map(r.blocks, 0x80_0000_0000L, PA, GIB, IommuProt.RW);
        return r.api.unmap(r.blocks, 0x80_0000_0000L, GIB);
    }

    /** {@code iommu_map} of 1 GiB at a 2M- but not 1G-aligned IOVA (512 2M blocks), then its unmap. */
    @Benchmark
    public long mapUnmap1GiBAs2MBlocks(Plain r) throws IommuException {
        r.api.map(r.blocks, 0x80_0020_0000L, PA + 0x20_0000L, GIB, IommuProt.RW);
        return r.api.unmap(r.blocks, 0x80_0020_0000L, GIB);
    }

    /** A master's read, translated through a warm IOTLB (64 pages cycled, 128 entries). */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long translateIotlbHit(MappedOnce r) {
        long sum = 0;
        for (long da : r.hitAddresses) {
            sum += r.sim.access().translate(r.dev, da, false);
        }
        return sum;
    }

    /** A master's read at random pages of 1 GiB: IOTLB misses, a four-level walk and a refill each. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long translateIotlbMiss(MappedOnce r) {
        long sum = 0;
        for (long da : r.missAddresses) {
            sum += r.sim.access().translate(r.dev, da, false);
        }
        return sum;
    }

    /** {@code alloc_iova_fast} + {@code free_iova_fast} of one frame: the range cache's path. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long iovaAllocFreeFast(Plain r) {
        long sum = 0;
        for (int i = 0; i < PAGES; i++) {
            long pfn = r.iovad.allocIovaFast(1, (1L << 20) - 1, true, "bench");
            r.iovad.freeIovaFast(pfn, 1);
            sum += pfn;
        }
        return sum;
    }

    /** {@code alloc_iova} of 1024 ranges of 1..8 frames, then {@code free_iova} of each: the tree's path. */
    @Benchmark
    @OperationsPerInvocation(2048)
    public long iovaAllocFreeTree(Plain r) {
        long[] pfns = new long[1024];
        for (int i = 0; i < 1024; i++) {
            pfns[i] = r.iovad.allocIova(1 + (i & 7), (1L << 20) - 1, true, "bench");
        }
        for (int i = 0; i < 1024; i++) {
            r.iovad.freeIova(pfns[(i * 7) & 1023]);
        }
        return pfns[1023];
    }

    /** Reference: a plain {@code long[]} store loop of the same count. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long[] referenceLongArrayStore(Plain r) {
        long[] a = r.array;
        for (int i = 0; i < PAGES; i++) {
            a[i] = PA + ((long) i << 12) | 0x443;
        }
        return a;
    }

    /** Reference: {@code HashMap<Long, Long>.put} of the same count (into a cleared map). */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public int referenceHashMapPut(Plain r) {
        HashMap<Long, Long> m = r.map;
        m.clear();
        for (int i = 0; i < PAGES; i++) {
            long k = IOVA + ((long) i << 12);
            m.put(k, PA + k);
        }
        return m.size();
    }
}
