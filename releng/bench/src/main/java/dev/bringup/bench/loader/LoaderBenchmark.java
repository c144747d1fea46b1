package dev.bringup.bench.loader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.bringup.common.FormatException;
import dev.bringup.dt.DtImport;
import dev.bringup.firmware.ElfFile;
import dev.bringup.firmware.ElfProgramHeader;
import dev.bringup.loader.BootRequest;
import dev.bringup.loader.BootSession;
import dev.bringup.loader.RprocState;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/**
 * The core loader in-process: a whole boot (open the session: the model-to-simulation mapping,
 * the drivers' probes; then every step to the end: request, checks, resources, carveouts,
 * loading, the table, start, the vdev and the rpmsg probe, the first fetch), the SoC imported
 * once beforehand.
 * <ul>
 * <li>{@code bootCorpus}: every corpus firmware made for an STM32MP or a Xilinx R5 on the
 * examples' devicetree for it; reference in the same run: a plain read of the same PT_LOAD file
 * bytes the boot loads, from the same file, into byte arrays ({@code copyCorpusSegments}).</li>
 * <li>{@code boot64MiBBehindIommu}: a 64 MiB firmware the setup generates (one PT_LOAD of
 * pseudo-random bytes, a resource table asking for a 256 MiB carveout) on the OMAP4 example,
 * whose IPU is behind its own IOMMU: the core allocates 256 MiB from the IPU's pool, maps it
 * through its domain, loads the 64 MiB through {@code da_to_va}. Reference in the same run:
 * {@code copy64MiB}, the same 64 MiB copied from the same memory-mapped file into a byte array.</li>
 * </ul>
 * Run from the project root: {@code java -Dbringup.shared=/work/shared -jar
 * releng/bench/target/benchmarks.jar dev.bringup.bench.loader}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class LoaderBenchmark {

    static final Path EXAMPLES = Path.of(System.getProperty("bringup.examples",
            "bundles/dev.bringup.examples/src/main/resources/dev/bringup/examples/dts"));

    static Soc soc(String dtb) throws FormatException {
        Path p = EXAMPLES.resolve(dtb);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " not found: run from the project root (or set -Dbringup.examples=DIR)");
        }
        return DtImport.importTree(DtImport.load(p, List.of(), List.of()), dtb, List.of()).soc();
    }

    /** One corpus firmware and the SoC it is made for. */
    @State(Scope.Benchmark)
    public static class Corpus {
        @Param({ "stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf", "kv260_r5_rpmsg_multi_services.elf", "kv260_split_rpu0.elf",
                "hvl_zephyr_no_rsc_table.elf" })
        public String file;

        Path path;
        BootRequest request;
        long[] offsets;
        byte[][] segments;

        @Setup
        public void setUp() throws Exception {
            path = dev.bringup.bench.Corpus.file("firmware", file);
            boolean stm32 = file.startsWith("stm32mp");
            Soc soc = soc(stm32 ? "stm32mp215f-dk.dtb" : "kv260-r5.dtb");
            request = BootRequest.builder(soc, stm32 ? "m33" : "r5f_0", new BootRequest.FromFile(path)).build();
            try (ElfFile elf = ElfFile.open(path)) {
                List<ElfProgramHeader> load = elf.programHeaders().stream().filter(p -> p.isLoad() && p.p_filesz() > 0)
                        .toList();
                offsets = load.stream().mapToLong(ElfProgramHeader::p_offset).toArray();
                segments = load.stream().map(p -> new byte[(int) p.p_filesz()]).toArray(byte[][]::new);
            }
            try (BootSession s = BootSession.open(request)) {
                s.resume();
                if (s.state() != RprocState.RUNNING || s.error() != null) {
                    throw new IllegalStateException(file + " does not boot: " + s.error());
                }
            }
        }
    }

    /** A generated 64 MiB firmware and the OMAP4 example with a 256 MiB pool for the IPU. */
    @State(Scope.Benchmark)
    public static class Big {
        static final long SEGMENT = 64L << 20;
        static final long CARVEOUT = 256L << 20;
        static final long DA = 0x2000_0000L;
        static final int DATA = 0x1000;

        Path dir;
        Path file;
        BootRequest request;
        FileChannel channel;
        MappedByteBuffer mapped;
        byte[] target;

        @Setup
        public void setUp() throws Exception {
            dir = Files.createTempDirectory("bringup-loader-bench");
            file = dir.resolve("big.elf");
            writeElf(file);
            Soc soc = soc("omap4-ipu-dsp.dtb");
            for (ReservedMemory rm : soc.getReservedMemory()) {
                if (rm.getName().startsWith("ipu-memory")) {
                    rm.getReg().get(0).setSize(CARVEOUT); // the example's 112 MiB pool, grown to 256 MiB
                }
            }
            request = BootRequest.builder(soc, "ipu", new BootRequest.FromFile(file)).build();
            try (BootSession s = BootSession.open(request)) {
                s.resume();
                if (s.state() != RprocState.RUNNING || s.error() != null) {
                    throw new IllegalStateException("the 64 MiB image does not boot: " + s.error() + "\n"
                            + dev.bringup.loader.BootText.render(s));
                }
                if (s.domains().stream().noneMatch(d -> d.maps(DA) && d.maps(DA + CARVEOUT - 1))) {
                    throw new IllegalStateException("the carveout is not mapped through the IPU's IOMMU: " + s.domains());
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.READ);
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, DATA, SEGMENT);
            target = new byte[(int) SEGMENT];
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            channel.close();
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }

        /**
         * ELF32 LE ARM: one PT_LOAD of 64 MiB at {@link #DA} (file offset {@link #DATA}) whose first
         * bytes are the resource table (one carveout of 256 MiB at {@link #DA}, flags RW), and a
         * section table with {@code .resource_table} and {@code .shstrtab}.
         */
        static void writeElf(Path out) throws IOException {
            ByteBuffer h = ByteBuffer.allocate(DATA).order(ByteOrder.LITTLE_ENDIAN);
            h.put(new byte[] { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0 });
            h.position(16);
            h.putShort((short) 2).putShort((short) 40).putInt(1).putInt((int) DA + 0x101).putInt(52).putInt(0x300)
                    .putInt(0x05000000).putShort((short) 52).putShort((short) 32).putShort((short) 1).putShort((short) 40)
                    .putShort((short) 3).putShort((short) 2);
            h.putInt(1).putInt(DATA).putInt((int) DA).putInt((int) DA).putInt((int) SEGMENT).putInt((int) SEGMENT).putInt(7)
                    .putInt(0x1000);
            byte[] names = "\0.resource_table\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
            h.position(0x200);
            h.put(names);
            h.position(0x300 + 40); // section 0 is SHT_NULL
            h.putInt(1).putInt(1).putInt(2).putInt((int) DA).putInt(DATA).putInt(76).putInt(0).putInt(0).putInt(4).putInt(0);
            h.putInt(17).putInt(3).putInt(0).putInt(0).putInt(0x200).putInt(names.length).putInt(0).putInt(0).putInt(1)
                    .putInt(0);
            ByteBuffer table = ByteBuffer.allocate(76).order(ByteOrder.LITTLE_ENDIAN);
            table.putInt(1).putInt(1).putInt(0).putInt(0).putInt(20);
            table.putInt(0).putInt((int) DA).putInt(0).putInt((int) CARVEOUT).putInt(3).putInt(0);
            table.put("bench".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            SplittableRandom rnd = new SplittableRandom(64);
            try (FileChannel c = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(h.flip().limit(DATA).position(0));
                for (long done = 0; done < SEGMENT; done += chunk.length) {
                    rnd.nextBytes(chunk);
                    if (done == 0) {
                        System.arraycopy(table.array(), 0, chunk, 0, 76);
                    }
                    c.write(ByteBuffer.wrap(chunk));
                }
            }
        }
    }

    @Benchmark
    public RprocState bootCorpus(Corpus c) throws FormatException {
        try (BootSession s = BootSession.open(c.request)) {
            s.resume();
            return s.state();
        }
    }

    @Benchmark
    public byte[][] copyCorpusSegments(Corpus c) throws IOException {
        try (FileChannel ch = FileChannel.open(c.path, StandardOpenOption.READ)) {
            for (int i = 0; i < c.segments.length; i++) {
                ByteBuffer dst = ByteBuffer.wrap(c.segments[i]);
                long at = c.offsets[i];
                while (dst.hasRemaining()) {
                    int n = ch.read(dst, at);
                    if (n < 0) {
                        throw new IOException("short file");
                    }
                    at += n;
                }
            }
        }
        return c.segments;
    }

    @Benchmark
    @Warmup(iterations = 3, time = 5)
    @Measurement(iterations = 5, time = 5)
    public RprocState boot64MiBBehindIommu(Big b) throws FormatException {
        try (BootSession s = BootSession.open(b.request)) {
            s.resume();
            return s.state();
        }
    }

    @Benchmark
    public byte[] copy64MiB(Big b) {
        b.mapped.get(0, b.target);
        return b.target;
    }
}
