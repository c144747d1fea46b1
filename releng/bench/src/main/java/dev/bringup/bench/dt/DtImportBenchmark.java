package dev.bringup.bench.dt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;

/**
 * The import of every corpus DTB into the model (read the file, parse the blob, build the
 * model with every node, reference, address translation and group), against the reference
 * measured in the same run: {@code dtc -I dtb -O dts} on the same file, started through
 * ProcessBuilder (as a user would run it). Also the parse alone. Sample time; p0.50 is the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DtImportBenchmark {

    @Param({ "k3-am625-sk.dtb", "mt8183-evb.dtb", "mt8183-kukui-krane-sku0.dtb", "mt8365-evk.dtb", "sa8775p-ride.dtb",
            "sa8775p-ride-el2.dtb" })
    public String file;

    private Path path;

    @Setup
    public void setup() {
        path = dev.bringup.bench.Corpus.file("dtb", file);
    }

    /** File to model: read, parse, import. */
    @Benchmark
    public Object importDtb() throws Exception {
        DeviceTree t = DeviceTree.read(path);
        return DtImport.importTree(t, file, List.of()).soc();
    }

    /** File to tree only: read and parse, bounds-checked. */
    @Benchmark
    public Object parseDtb() throws Exception {
        return DeviceTree.read(path);
    }

    /** Reference: dtc -I dtb -O dts on the same file, output discarded. */
    @Benchmark
    public int referenceDtcToDts() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dtc", "-q", "-I", "dtb", "-O", "dts", "-o", "/dev/null", path.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException("dtc exited with " + rc);
        }
        return rc;
    }
}
