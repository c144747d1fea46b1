package dev.bringup.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bringup.common.FormatException;
import dev.bringup.model.Soc;

/**
 * Seed 004's review: "On STM SoC you can upload the firmware code where you want, then you just
 * have to specify in 2 registers the entry point". A self-relocating image loaded anywhere.
 */
class RelocationTest {

    private static final int CODE = 0x200;
    private static final int BSS = 0x200;

    private static final long LINKED = 0x10000000L;

    /** A minimal ELF32 (ET_DYN, ARM): one PT_LOAD linked at 0x10000000, entry 0x10000101 (Thumb), no sections. */
    static byte[] pie() {
        ByteBuffer b = ByteBuffer.allocate(0x100 + CODE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0 });
        b.position(16);
        b.putShort((short) 3); // ET_DYN
        b.putShort((short) 40); // EM_ARM
        b.putInt(1);
        b.putInt((int) (LINKED + 0x101)); // e_entry
        b.putInt(52); // e_phoff
        b.putInt(0); // e_shoff
        b.putInt(0x05000000); // EABI5
        b.putShort((short) 52);
        b.putShort((short) 32);
        b.putShort((short) 1); // e_phnum
        b.putShort((short) 40);
        b.putShort((short) 0);
        b.putShort((short) 0);
        // PT_LOAD
        b.putInt(1);
        b.putInt(0x100); // p_offset
        b.putInt((int) LINKED); // p_vaddr
        b.putInt((int) LINKED); // p_paddr
        b.putInt(CODE);
        b.putInt(CODE + BSS);
        b.putInt(5);
        b.putInt(4);
        b.position(0x100);
        for (int i = 0; i < CODE; i++) {
            b.put((byte) (i * 7 + 3));
        }
        return b.array();
    }

    private static BootRequest request(boolean relocate) throws FormatException {
        // the STM32MP2's Cortex-M33 sees DDR 1:1 through its bus's dma-ranges, nothing at 0x10000000;
        // its vector table address is a register the host writes
        Soc soc = TestFiles.exampleSoc("stm32mp215f-dk.dtb");
        return BootRequest.builder(soc, "m33", new BootRequest.FromBytes("pie.elf", pie())).relocate(relocate).build();
    }

    @Test
    void aRelocatableImageLandsAnywhereAndStartsAtItsRelocatedEntry() throws Exception {
        try (BootSession s = BootSession.open(request(true))) {
            s.resume();
            assertEquals(RprocState.RUNNING, s.state(), () -> BootText.render(s));
            assertNull(s.error());
            Carveout c = s.carveouts().stream().filter(x -> x.name().equals("relocated")).findFirst().orElseThrow();
            assertEquals(0x1000, c.len(), "the image's span, page-aligned");
            assertNotEquals(LINKED, c.da(), "not at its link address");
            byte[] image = pie();
            byte[] code = new byte[CODE];
            System.arraycopy(image, 0x100, code, 0, CODE);
            assertArrayEquals(code, s.readDa(c.da(), CODE), "the code, at the carveout's device address");
            assertArrayEquals(new byte[BSS], s.readDa(c.da() + CODE, BSS), "the zero fill");
            assertEquals(c.da() + 0x101, s.remoteproc().bootAddress(), "entry + load offset");
            List<String> notes = s.steps().stream().flatMap(st -> st.notes().stream()).toList();
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("boot-address register <- ")), notes::toString);
            assertTrue(notes.stream().anyMatch(n -> n.contains("fetched") && n.contains("the firmware's bytes")),
                    "the processor's first fetch finds the code: " + notes);
        }
    }

    @Test
    void withoutRelocationTheSameImageHasNoMemoryAtItsLinkAddress() throws Exception {
        try (BootSession s = BootSession.open(request(false))) {
            s.resume();
            BootError e = s.error();
            assertEquals("rproc_load_segments", e.step(), () -> BootText.render(s));
            assertEquals(-22, e.errno());
            assertTrue(TestFiles.lines(s).contains("remoteproc remoteproc0: bad phdr da 0x10000000 mem 0x400"),
                    () -> BootText.render(s));
        }
    }

    @Test
    void fixedMemoriesFarApartAreNotOneRelocatableBlock() throws Exception {
        Soc soc = TestFiles.exampleSoc("stm32mp157-m4.dtb");
        BootRequest r = BootRequest.builder(soc, "m4", new BootRequest.FromExample("stm32mp157-m4.elf")).relocate(true)
                .build();
        try (BootSession s = BootSession.open(r)) {
            s.resume();
            BootError e = s.error();
            assertEquals("rproc_prepare_device", e.step());
            assertEquals(-22, e.errno());
            assertTrue(e.diagnosis().contains("not as one relocatable block"), e.diagnosis());
        }
    }

    @Test
    void theSecureWorldPlacesItsImagesItself() throws Exception {
        BootRequest r = Scenarios.require("sa8775p-adsp").request(null);
        BootRequest relocated = BootRequest.builder(r.soc(), "adsp", r.firmware()).relocate(true).build();
        assertThrows(FormatException.class, () -> BootSession.open(relocated));
    }
}
