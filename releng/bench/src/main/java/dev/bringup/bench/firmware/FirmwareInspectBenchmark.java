package dev.bringup.bench.firmware;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.FirmwareJson;

/**
 * {@code bringup inspect --json} in-process on every corpus firmware file: open (memory-mapped),
 * read headers, sections, decode and check the resource table, build the JSON. Reported as
 * sample-time percentiles (p0.50 is the median per file). Reference in the same run: a plain
 * FileChannel read of the same header bytes (ELF header, program and section header tables).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirmwareInspectBenchmark {

    @Param({ "stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf", "kv260_r5_rpmsg_multi_services.elf", "kv260_split_rpu0.elf",
            "hvl_zephyr_no_rsc_table.elf" })
    public String file;

    private Path path;

    @Setup
    public void setup() {
        path = dev.bringup.bench.Corpus.file("firmware", file);
    }

    @Benchmark
    public Object inspectJson() throws Exception {
        try (Firmware fw = Firmware.open(path)) {
            return FirmwareJson.toJson(fw);
        }
    }

    /** Reference: read the ELF32 header, program headers and section headers with a FileChannel. */
    @Benchmark
    public long referenceHeaderRead() throws IOException {
        return readHeaders(path);
    }

    /** Reads the ELF32 header tables (and, when given, {@code extra} bytes at {@code extraAt}); returns a checksum. */
    static long readHeaders(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(52).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            long phoff = Integer.toUnsignedLong(h.getInt(28));
            long shoff = Integer.toUnsignedLong(h.getInt(32));
            int ph = Short.toUnsignedInt(h.getShort(42)) * Short.toUnsignedInt(h.getShort(44));
            int sh = Short.toUnsignedInt(h.getShort(46)) * Short.toUnsignedInt(h.getShort(48));
            ByteBuffer p = ByteBuffer.allocate(ph);
            ch.read(p, phoff);
            ByteBuffer s = ByteBuffer.allocate(sh);
            ch.read(s, shoff);
            return p.getInt(0) + (sh > 0 ? s.getInt(sh - 4) : 0);
        }
    }
}
