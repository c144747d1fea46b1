package dev.bringup.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void parsesTheWaysEngineersWriteAddresses() {
        assertEquals(0x10040000L, Hex.parse("0x10040000"));
        assertEquals(0x10040000L, Hex.parse("0X1004_0000"));
        assertEquals(4096, Hex.parse("4096"));
        assertEquals(4096, Hex.parse("4K"));
        assertEquals(64L << 20, Hex.parse("64M"));
        assertEquals(5, Hex.parse("0b101"));
        assertEquals(-1L, Hex.parse("0xffffffffffffffff"));
    }

    @Test
    void rejectsWhatIsNotANumberAndSaysHowToWriteOne() {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Hex.parse("0xZZ"));
        assertEquals("'0xZZ' is not a number (write 0x1000, 4096 or 4K)", e.getMessage());
        assertThrows(NumberFormatException.class, () -> Hex.parse(""));
        assertThrows(NumberFormatException.class, () -> Hex.parse("0x10000000000000000"));
        assertThrows(NumberFormatException.class, () -> Hex.parse("17179869184G"));
    }

    @Test
    void formatsUnsignedAndPadded() {
        assertEquals("0xffffffffffffffff", Hex.of(-1L));
        assertEquals("0x00001000", Hex.of(0x1000, 8));
    }

    @Test
    void locationsReadLikeAnEngineerWouldWriteThem() {
        assertEquals("fw.elf+0x1f4 entry 2", Location.entry("fw.elf", 0x1f4, 2).toString());
        assertEquals("/reserved-memory/vdev0buffer@10042000 [0x10042000..0x10046000)",
                Location.node("/reserved-memory/vdev0buffer@10042000").withRange(0x10042000, 0x4000).toString());
        Diagnostic d = Diagnostic.error("RSC_BAD_VERSION", "resource table version 2 is not 1", Location.at("fw.elf", 0x1000),
                "rebuild the firmware with a version 1 table");
        assertEquals("error RSC_BAD_VERSION at fw.elf+0x1000: resource table version 2 is not 1"
                + " Fix: rebuild the firmware with a version 1 table", d.toString());
    }
}
