package dev.bringup.bench.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.FirmwareJson;

/**
 * Inspecting a 1 GiB ELF whose resource table and section headers sit at its end. The file is
 * created sparse (only the header at the start and the few KiB at the end are written), so it
 * takes no disk space; inspecting it must not read it whole (the heap of this fork is 256 MiB).
 * Reference in the same run: a FileChannel read of the same bytes the inspection needs (ELF
 * header, program headers, section headers, the table).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = { "-Xmx256m" })
public class SparseElfBenchmark {

    static final long SIZE = 1L << 30;

    private Path file;

    @Setup
    public void createSparseElf() throws Exception {
        file = Files.createTempFile("bringup-sparse-", ".elf");
        writeSparseElf(file);
        try (Firmware fw = Firmware.open(file)) {
            if (fw.resourceTable() == null || !fw.diagnostics().isEmpty()) {
                throw new IllegalStateException("the sparse ELF did not decode cleanly: " + fw.diagnostics());
            }
        }
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public Object inspectJson() throws Exception {
        try (Firmware fw = Firmware.open(file)) {
            return FirmwareJson.toJson(fw);
        }
    }

    @Benchmark
    public long referenceHeaderAndTableRead() throws IOException {
        long sum = FirmwareInspectBenchmark.readHeaders(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer t = ByteBuffer.allocate(TABLE_SIZE);
            ch.read(t, TABLE_AT);
            return sum + t.getInt(0);
        }
    }

    static final long TABLE_AT = SIZE - 0x1000;
    static final int TABLE_SIZE = 16 + 4 + 56;
    static final long LOAD_AT = 0x1000;
    static final long DA = 0x1000_0000L;

    /**
     * An ELF32 little-endian ARM executable of 1 GiB: one PT_LOAD from file offset 0x1000 to the
     * end of the table, a version 1 resource table (one carveout) 4 KiB before the end, then the
     * section name table and the section headers. Only these bytes are written; the rest is a hole.
     */
    static void writeSparseElf(Path path) throws IOException {
        byte[] names = "\0.resource_table\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        long namesAt = TABLE_AT + 0x100;
        long shAt = TABLE_AT + 0x200;
        ByteBuffer eh = ByteBuffer.allocate(52 + 32).order(ByteOrder.LITTLE_ENDIAN);
        eh.put(new byte[] { 0x7f, 'E', 'L', 'F', 1, 1, 1 });
        eh.putShort(16, (short) 2).putShort(18, (short) 40).putInt(20, 1).putInt(24, (int) DA).putInt(28, 52)
                .putInt(32, (int) shAt).putShort(40, (short) 52).putShort(42, (short) 32).putShort(44, (short) 1)
                .putShort(46, (short) 40).putShort(48, (short) 3).putShort(50, (short) 2);
        long loadSize = TABLE_AT + TABLE_SIZE - LOAD_AT;
        eh.putInt(52, 1).putInt(56, (int) LOAD_AT).putInt(60, (int) DA).putInt(64, (int) DA).putInt(68, (int) loadSize)
                .putInt(72, (int) loadSize).putInt(76, 7).putInt(80, 0x1000);
        ByteBuffer table = ByteBuffer.allocate(TABLE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        table.putInt(0, 1).putInt(4, 1).putInt(16, 20);
        table.putInt(20, 0).putInt(24, (int) DA).putInt(28, (int) DA).putInt(32, 0x100000);
        table.put(44, "ddr".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer sh = ByteBuffer.allocate(3 * 40).order(ByteOrder.LITTLE_ENDIAN);
        sh.putInt(40, 1).putInt(44, 1).putInt(48, 3).putInt(52, (int) (DA + TABLE_AT - LOAD_AT)).putInt(56, (int) TABLE_AT)
                .putInt(60, TABLE_SIZE).putInt(72, 4);
        sh.putInt(80, 17).putInt(84, 3).putInt(96, (int) namesAt).putInt(100, names.length).putInt(112, 1);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SPARSE)) {
            ch.write(eh.rewind(), 0);
            ch.write(table.rewind(), TABLE_AT);
            ch.write(ByteBuffer.wrap(names), namesAt);
            ch.write(sh.rewind(), shAt);
            ch.truncate(SIZE);
            if (ch.size() < SIZE) {
                ch.write(ByteBuffer.wrap(new byte[1]), SIZE - 1);
            }
        }
    }
}
