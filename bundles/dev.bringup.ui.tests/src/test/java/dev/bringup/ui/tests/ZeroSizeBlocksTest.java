package dev.bringup.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bringup.common.Hex;
import dev.bringup.ui.internal.FirmwareEditor;
import dev.bringup.ui.internal.LayoutCanvas;
import dev.bringup.ui.internal.layout.AddressLayout;
import dev.bringup.ui.internal.layout.Block;

/**
 * Things of no size are drawn, not left out: a firmware built here (zerosize/zero-size.c and .ld,
 * with arm-none-eabi-gcc) has a PT_LOAD of p_memsz 0, an empty allocated section and a carveout of
 * len 0; each is a line at its address that the pointer finds, with its name in the tooltip.
 */
class ZeroSizeBlocksTest {

    /** Builds the firmware into a fresh folder, or skips the test when the cross compiler is absent. */
    private static Path build() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bringup-ui-zero-size");
        for (String name : List.of("zero-size.c", "zero-size.ld")) {
            try (InputStream in = ZeroSizeBlocksTest.class.getResourceAsStream("zerosize/" + name)) {
                assertNotNull(in, "the test bundle has zerosize/" + name);
                Files.copy(in, dir.resolve(name));
            }
        }
        Path elf = dir.resolve("zero-size.elf");
        List<String> command = List.of("arm-none-eabi-gcc", "-mthumb", "-Os", "-std=c11", "-ffreestanding", "-nostdlib",
                "-nostartfiles", "-Wall", "-Wextra", "-Werror", "-Wl,--build-id=none", "-Wl,-e,main", "-T", "zero-size.ld",
                "zero-size.c", "-o", elf.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("arm-none-eabi-gcc is not installed (Debian package gcc-arm-none-eabi); skipping: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the compiler finishes");
        assertEquals(0, p.exitValue(), "zero-size.c builds: " + out);
        return elf;
    }

    @Test
    void anEmptyLoadSectionAndEntryAreDrawnAsLinesWithTheirNameInTheTooltip() throws Exception {
        Path elf = build();
        FirmwareEditor editor = Ui.openFirmware(elf);
        LayoutCanvas canvas = editor.canvas();
        AddressLayout layout = canvas.layoutModel();

        Block load = find(layout.column(Block.Lane.DA, Block.Kind.SEGMENT.column()), 0x2000_0000L);
        assertTrue(load.name().startsWith("LOAD[2]"), "the PT_LOAD of p_memsz 0 is a segment block: " + load);
        Block section = find(layout.column(Block.Lane.DA, Block.Kind.SECTION.column()), 0x2000_0000L);
        assertEquals(".marker", section.name(), "the empty section is a section block");
        Block entry = layout.entryBlock(0, -1);
        assertNotNull(entry, "the carveout of len 0 is drawn");
        assertEquals(0x3000_0000L, entry.start());
        assertEquals("empty_pool", entry.name());

        for (Block b : List.of(load, section, entry)) {
            assertEquals(0, b.size(), b.name() + " has no size");
            canvas.reveal(b);
            Ui.settle();
            Rectangle r = canvas.bounds(b);
            int lineY = (int) Math.round(layout.axis(b.lane()).yOf(b.start())) - canvas.scrollY() + canvas.header() + 8;
            assertEquals(lineY, r.y, b.name() + " is at the y of " + Hex.of(b.start()));
            for (int dy = -2; dy <= 2; dy++) {
                assertEquals(b, canvas.blockAt(r.x + r.width / 2, lineY + dy), "the pointer finds " + b.name() + " " + dy + " px off");
            }
            String tip = canvas.tooltipAt(r.x + r.width / 2, lineY + 1);
            assertNotNull(tip);
            assertTrue(tip.contains(b.name()) && tip.contains(Hex.of(b.start())) && tip.contains("0 bytes"),
                    "the tooltip names it, its address and that it is empty: " + tip);
            assertDrawn(canvas, b, r.x, lineY);
        }
        Screenshots.save(canvas, "layout-editor-zero-size");
        Ui.page().closeEditor(editor, false);
    }

    /** The notch at the left of an empty block's line is painted (a dark or finding-coloured pixel, not a fill). */
    private static void assertDrawn(LayoutCanvas canvas, Block b, int x, int y) throws IOException {
        Path png = Screenshots.save(canvas, "zero-size-probe");
        ImageData image = new ImageLoader().load(png.toString())[0];
        boolean marked = false;
        for (int px = x; px < x + 4; px++) {
            RGB c = image.palette.getRGB(image.getPixel(px, y));
            boolean dark = c.red < 0x80 && c.green < 0x80 && c.blue < 0x80;
            boolean finding = c.red > 0xc0 && c.blue < 0x40; // red or amber
            boolean selected = c.blue > 0xa0 && c.red < 0x40;
            marked |= dark || finding || selected;
        }
        assertTrue(marked, b.name() + ": its marker is painted at " + x + "," + y);
        Files.deleteIfExists(png);
    }

    private static Block find(Block[] column, long start) {
        for (Block b : column) {
            if (b.start() == start && b.size() == 0) {
                return b;
            }
        }
        throw new AssertionError("no empty block at " + Hex.of(start) + " in " + List.of(column));
    }
}
