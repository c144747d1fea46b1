package dev.bringup.bench.ui;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

/**
 * The firmware layout editor's layout computation ({@code AddressLayout.compute}: axis, sorted
 * columns, findings) and its paint query (the blocks of every column in one 800-pixel window),
 * for a firmware with N sections and N symbols plus 64 resource-table entries. Reference in the
 * same run: sorting the same N addresses ({@code Arrays.sort} of a long[] copy).
 * <p>
 * The layout lives in the UI bundle ({@code dev.bringup.ui.internal.layout}, free of SWT), whose
 * sources this project does not compile: its compiled classes are loaded from
 * {@code bundles/dev.bringup.ui/target/classes} (or {@code -Dbringup.ui.classes=DIR}) in a child
 * class loader over this project's own (which has dev.bringup.common). Build the UI bundle first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LayoutBench {

    @Param({ "10000" })
    public int n;

    private MethodHandle compute;
    private MethodHandle visible;
    private Object daLane;
    private Object paLane;
    private List<Object> blocks;
    private Object layout;
    private double height;
    private long[] addresses;
    private final Random random = new Random(7);

    @Setup
    public void setup() throws Throwable {
        Path classes = Path.of(System.getProperty("bringup.ui.classes", "bundles/dev.bringup.ui/target/classes"));
        if (!Files.isDirectory(classes.resolve("dev/bringup/ui/internal/layout"))) {
            throw new IllegalStateException(classes.toAbsolutePath() + " has no dev/bringup/ui/internal/layout classes: build"
                    + " the UI bundle first, or pass -Dbringup.ui.classes=DIR (the folder of its compiled classes)");
        }
        ClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, LayoutBench.class.getClassLoader());
        Class<?> blockC = Class.forName("dev.bringup.ui.internal.layout.Block", true, loader);
        Class<?> laneC = Class.forName("dev.bringup.ui.internal.layout.Block$Lane", true, loader);
        Class<?> kindC = Class.forName("dev.bringup.ui.internal.layout.Block$Kind", true, loader);
        Class<?> layoutC = Class.forName("dev.bringup.ui.internal.layout.AddressLayout", true, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle block = lookup.findConstructor(blockC, MethodType.methodType(void.class, laneC, kindC, String.class,
                long.class, long.class, int.class, int.class, Long.class, String.class));
        compute = lookup.findStatic(layoutC, "compute", MethodType.methodType(layoutC, List.class, double.class,
                double.class));
        visible = lookup.findVirtual(layoutC, "visible", MethodType.methodType(void.class, laneC, int.class, double.class,
                double.class, Consumer.class));
        daLane = enumValue(laneC, "DA");
        paLane = enumValue(laneC, "PA");
        Object section = enumValue(kindC, "SECTION");
        Object symbol = enumValue(kindC, "SYMBOL");
        Object carveout = enumValue(kindC, "CARVEOUT");
        blocks = new ArrayList<>();
        addresses = new long[n];
        long at = 0x1000_0000L;
        for (int i = 0; i < n; i++) {
            long size = 16 + random.nextInt(4096);
            blocks.add(block.invoke(daLane, section, ".text." + i, at, size, -1, -1, (Long) null, ""));
            blocks.add(block.invoke(daLane, symbol, "fn_" + i, at, Math.max(4, size / 2), -1, -1, (Long) null, ""));
            addresses[i] = at;
            at += size + (random.nextInt(8) == 0 ? 0x1000 : 0);
        }
        for (int i = 0; i < 64; i++) {
            long da = 0x2000_0000L + i * 0x10_0000L;
            blocks.add(block.invoke(daLane, carveout, "carveout" + i, da, 0x8_0000L, i, -1, (Long) (0x8000_0000L + da), ""));
        }
        shuffle(addresses);
        layout = compute.invoke(blocks, 1.0, 0.0);
        height = ((Number) lookup.findVirtual(layoutC, "height", MethodType.methodType(double.class)).invoke(layout))
                .doubleValue();
    }

    private static Object enumValue(Class<?> type, String name) {
        for (Object o : type.getEnumConstants()) {
            if (((Enum<?>) o).name().equals(name)) {
                return o;
            }
        }
        throw new IllegalStateException(type + " has no " + name);
    }

    private void shuffle(long[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** What an edit or a zoom costs: the whole layout, computed once. */
    @Benchmark
    public Object layout() throws Throwable {
        return compute.invoke(blocks, 1.0, 0.0);
    }

    /** What a paint costs before drawing: the visible blocks of all eight columns in an 800-pixel window. */
    @Benchmark
    public int paintQuery() throws Throwable {
        int[] count = { 0 };
        Consumer<Object> c = b -> count[0]++;
        double top = random.nextDouble() * Math.max(1, height - 800);
        for (int col = 0; col < 5; col++) {
            visible.invoke(layout, daLane, col, top, top + 800, c);
        }
        for (int col = 0; col < 3; col++) {
            visible.invoke(layout, paLane, col, top, top + 800, c);
        }
        return count[0];
    }

    /** Reference: sorting the same N addresses. */
    @Benchmark
    public long[] referenceSortAddresses() {
        long[] a = addresses.clone();
        Arrays.sort(a);
        return a;
    }
}
