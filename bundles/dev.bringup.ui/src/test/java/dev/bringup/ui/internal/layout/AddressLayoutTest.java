package dev.bringup.ui.internal.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;
import dev.bringup.ui.internal.layout.Block.Kind;
import dev.bringup.ui.internal.layout.Block.Lane;

class AddressLayoutTest {

    private static Block da(Kind kind, String name, long start, long size, int entry, Long pa) {
        return new Block(Lane.DA, kind, name, start, size, entry, -1, pa, "");
    }

    @Test
    void theAxisIsMonotoneAndInvertibleAtItsBreakpoints() {
        List<Block> blocks = List.of(da(Kind.SECTION, ".text", 0, 0x100, -1, null),
                da(Kind.SECTION, ".data", 0x1000_0000L, 0x40000, -1, null),
                da(Kind.CARVEOUT, "big", 0xF000_0000L, 0x1000_0000L, 0, null));
        Axis axis = AddressLayout.compute(blocks, 1, 0).axis(Lane.DA);
        double last = -1;
        for (int i = 0; i < axis.size(); i++) {
            double y = axis.yOfPoint(i);
            assertTrue(y > last, "strictly increasing at " + i);
            assertEquals(axis.point(i), axis.addressAt(y), "inverse at breakpoint " + i);
            last = y;
        }
        assertTrue(axis.isGap(1), "nothing covers 0x100..0x10000000");
        // a gap of 256 MiB takes less room than the 256 MiB carveout, and a 256-byte section is still visible
        double gapH = axis.yOfPoint(2) - axis.yOfPoint(1);
        double bigH = axis.yOf(0x1_0000_0000L) - axis.yOf(0xF000_0000L);
        double smallH = axis.yOf(0x100) - axis.yOf(0);
        assertTrue(gapH < bigH && smallH >= 16, gapH + " " + bigH + " " + smallH);
        assertEquals(0xF800_0000L, axis.addressAt((axis.yOf(0xF000_0000L) + axis.yOf(0x1_0000_0000L)) / 2), 0x100_0000L);
    }

    @Test
    void visibleFindsExactlyTheBlocksInTheWindow() {
        Random r = new Random(7);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long start = (r.nextLong() & 0xFFFF_FFFFL) & ~0xFL;
            long size = 1L << r.nextInt(24);
            blocks.add(da(Kind.SYMBOL, "s" + i, start, size, -1, null));
        }
        AddressLayout layout = AddressLayout.compute(blocks, 1, 0);
        Axis axis = layout.axis(Lane.DA);
        for (int q = 0; q < 50; q++) {
            double top = r.nextDouble() * axis.height();
            double bottom = top + 800;
            Set<Block> got = new HashSet<>();
            layout.visible(Lane.DA, Kind.SYMBOL.column(), top, bottom, got::add);
            Set<Block> want = new HashSet<>();
            for (Block b : layout.column(Lane.DA, Kind.SYMBOL.column())) {
                if (axis.yOf(b.end()) >= top && axis.yOf(b.start()) <= bottom) {
                    want.add(b);
                }
            }
            assertEquals(want, got, "window " + top);
        }
    }

    @Test
    void overlappingCarveoutsAreErrorsButATraceInsideACarveoutIsNot() {
        Block a = da(Kind.CARVEOUT, "a", 0x1000, 0x4000, 0, 0x8000_1000L);
        Block b = da(Kind.CARVEOUT, "b", 0x3000, 0x4000, 1, 0x9000_0000L);
        Block t = da(Kind.TRACE, "trace", 0x1100, 0x100, 2, null);
        AddressLayout layout = AddressLayout.compute(List.of(a, b, t), 1, 0);
        assertEquals(Severity.ERROR, layout.findings(a).get(0).severity());
        assertEquals(1, layout.findings(b).size());
        assertTrue(layout.findings(b).get(0).message().contains("overlaps"));
        assertTrue(layout.findings(t).isEmpty());
        assertEquals(2, layout.links().size(), "a and b have a pa, the trace has none");
    }

    @Test
    void misalignedCarveoutsAreWarnedAndDiagnosticsAreAttachedByEntry() {
        Block c = da(Kind.CARVEOUT, "c", 0x1800, 0x1000, 0, null);
        AddressLayout layout = AddressLayout.compute(List.of(c), 1, 0);
        assertEquals(Severity.WARNING, layout.findings(c).get(0).severity());
        List<Diagnostic> unplaced = layout.attach(List.of(
                Diagnostic.error("RSC_ENTRIES_OVERLAP", "entry 0 overlaps", Location.entry("fw", 16, 0), "fix it"),
                Diagnostic.warning("ELF_LOAD_OVERLAP", "somewhere else", Location.range(0x9999_0000L, 4), null)));
        assertEquals(1, unplaced.size(), "the one without a block stays unplaced");
        assertTrue(layout.findings(c).stream().anyMatch(f -> f.message().startsWith("RSC_ENTRIES_OVERLAP")));
    }

    @Test
    void entriesAtFwRscAddrAnyAreKeptApartAsAllocatedAtBoot() {
        Block placed = da(Kind.CARVEOUT, "placed", 0x1000, 0x1000, 0, null);
        Block ring = new Block(Lane.DA, Kind.VRING, "vdev7 vring0", 0xFFFF_FFFFL, 0x1406, 1, 0, null, "");
        Block buffer = da(Kind.CARVEOUT, "buffer", 0xFFFF_FFFFL, 0x4000, 2, 0x9000_0000L);
        AddressLayout layout = AddressLayout.compute(List.of(placed, ring, buffer), 1, 0);
        assertEquals(List.of(ring, buffer), layout.allocatedAtBoot(), "in table order, apart from the axis");
        Axis axis = layout.axis(Lane.DA);
        for (int i = 0; i < axis.size(); i++) {
            assertTrue(axis.point(i) < 0x1_0000L, "the da axis is not stretched to 0xffffffff: " + Long.toHexString(axis.point(i)));
        }
        assertEquals(ring, layout.entryBlock(1, 0));
        assertEquals(placed, layout.entryBlock(0, -1));
        assertTrue(layout.findings(ring).isEmpty(), "da 0xffffffff is not a misaligned da: " + layout.findings(ring));
        assertTrue(layout.blocks().stream().anyMatch(b -> b.kind() == Kind.MAPPED && b.start() == 0x9000_0000L),
                "a fixed pa is still drawn in the physical view");
        List<Diagnostic> unplaced = layout.attach(List.of(Diagnostic.warning("VRING_ALIGN", "vring0 of entry 1",
                Location.entry("fw", 40, 1), null)));
        assertTrue(unplaced.isEmpty(), "an entry's finding goes to its block in the strip");
        assertTrue(layout.findings(ring).get(0).message().startsWith("VRING_ALIGN"));
    }

    @Test
    void overlayRangesGetRoomOnTheirAxis() {
        Block seg = da(Kind.SEGMENT, "LOAD[0] RX", 0, 0x1000, -1, null);
        AddressLayout layout = AddressLayout.compute(List.of(seg),
                List.of(new AddressLayout.Range(Lane.PA, 0x9000_0000L, 0x10_0000L)), 1, 0);
        Axis pa = layout.axis(Lane.PA);
        assertEquals(2, pa.size(), "the step's pa region is on the pa axis though no block is there");
        assertEquals(0x9000_0000L, pa.point(0));
        assertTrue(!pa.isGap(0) && pa.yOfPoint(1) - pa.yOfPoint(0) > Axis.GAP_HEIGHT, "covered, drawn by its size");
        assertTrue(layout.blocks().stream().noneMatch(b -> b.lane() == Lane.PA), "and it is not a block");
    }

    @Test
    void snapAndVringSizeFollowThePageAndLinux() {
        assertEquals(0x2000, AddressLayout.snap(0x17FF + 1));
        assertEquals(0x1000, AddressLayout.snap(0x17FF));
        assertEquals(10246, FirmwareBlocks.vringSize(256, 4096), "Linux vring_size(256, 4096)");
        assertEquals(0, FirmwareBlocks.vringSize(0, 4096));
    }
}
