package dev.bringup.iommu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Sparse storage, copy-on-write snapshots, range operations and bus errors. */
class PhysicalMemoryTest {

    private final PhysicalMemory mem = PhysicalMemory.builder()
            .region("sram", 0x0010_0000L, 0x4_0000L, MemoryRegion.Kind.SRAM)
            .region("sram2", 0x0014_0000L, 0x4_0000L, MemoryRegion.Kind.SRAM)
            .region("dram", 0x4000_0000L, 0x1_0000_0000L, MemoryRegion.Kind.DRAM)
            .build();

    @Test
    void onlyWrittenPagesTakeStorage() throws Exception {
        assertArrayEquals(new byte[16], mem.read(0x8000_0000L, 16));
        assertEquals(0, mem.populatedPages());
        byte[] data = new byte[10000];
        Arrays.fill(data, (byte) 0x5a);
        mem.write(0x4000_0ff0L, data);
        assertEquals(4, mem.populatedPages(), "10000 bytes from 0xff0 touch four pages");
        assertArrayEquals(data, mem.read(0x4000_0ff0L, 10000));
        /* zeroing whole pages frees them */
        mem.fill(0x4000_1000L, 0x2000, (byte) 0);
        assertEquals(2, mem.populatedPages());
        assertArrayEquals(new byte[0x2000], mem.read(0x4000_1000L, 0x2000));
        mem.fill(0x5000_0000L, 0x1_0000, (byte) 0);
        assertEquals(2, mem.populatedPages(), "zeroing pages never written costs nothing");
        mem.fill(0x5000_0001L, 3, (byte) 1);
        assertArrayEquals(new byte[] { 0, 1, 1, 1, 0 }, mem.read(0x5000_0000L, 5));
    }

    @Test
    void snapshotsDoNotChangeWhenMemoryDoes() throws Exception {
        mem.write(0x4000_0000L, new byte[] { 1, 2, 3 });
        PhysicalMemory.Snapshot before = mem.snapshot();
        mem.write(0x4000_0001L, new byte[] { 9 });
        mem.write(0x4800_0000L, new byte[] { 7 });
        byte[] old = new byte[3];
        before.read(0x4000_0000L, old, 0, 3);
        assertArrayEquals(new byte[] { 1, 2, 3 }, old);
        assertArrayEquals(new byte[] { 1, 9, 3 }, mem.read(0x4000_0000L, 3));
        assertEquals(1, before.populatedPages());
        PhysicalMemory.Snapshot after = mem.snapshot();
        mem.restore(before);
        assertArrayEquals(new byte[] { 1, 2, 3 }, mem.read(0x4000_0000L, 3));
        assertArrayEquals(new byte[1], mem.read(0x4800_0000L, 1));
        mem.restore(after);
        assertArrayEquals(new byte[] { 7 }, mem.read(0x4800_0000L, 1));
    }

    @Test
    void aSnapshotAtEveryStepOfALongBootStaysConsistent() throws Exception {
        List<PhysicalMemory.Snapshot> steps = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            mem.write(0x4000_0000L + (i % 50) * 0x1000L, new byte[] { (byte) i });
            steps.add(mem.snapshot());
        }
        for (int i = 0; i < 2000; i += 97) {
            byte[] b = new byte[1];
            steps.get(i).read(0x4000_0000L + (i % 50) * 0x1000L, b, 0, 1);
            assertEquals((byte) i, b[0]);
        }
    }

    @Test
    void copyBehavesLikeMemmove() throws Exception {
        byte[] data = new byte[0x3000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        mem.write(0x4000_0000L, data);
        mem.copy(0x4000_0000L, 0x4000_0800L, 0x3000);
        assertArrayEquals(data, mem.read(0x4000_0800L, 0x3000), "overlapping forward copy");
        mem.write(0x4001_0000L, data);
        mem.copy(0x4001_0800L, 0x4001_0000L, 0x2800);
        assertArrayEquals(Arrays.copyOfRange(data, 0x800, 0x3000), mem.read(0x4001_0000L, 0x2800));
        /* copying never-written pages keeps the destination sparse */
        long pages = mem.populatedPages();
        mem.copy(0x9000_0000L, 0x9100_0000L, 0x10_0000);
        assertEquals(pages, mem.populatedPages());
    }

    @Test
    void accessesOutsideTheRegionsAreBusErrors() throws Exception {
        mem.write(0x0013_fffeL, new byte[4]);
        IommuException e = assertThrows(IommuException.class, () -> mem.write(0x0017_fffeL, new byte[4]));
        assertEquals(Errno.EFAULT, e.errno());
        assertTrue(e.getMessage().contains("physical address 0x180000 is not backed"), e.getMessage());
        assertTrue(e.getMessage().contains("sram2 [0x140000..0x180000) SRAM"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.builder()
                .region("a", 0x1000, 0x2000, MemoryRegion.Kind.DRAM)
                .region("b", 0x2000, 0x1000, MemoryRegion.Kind.DRAM).build());
    }
}
