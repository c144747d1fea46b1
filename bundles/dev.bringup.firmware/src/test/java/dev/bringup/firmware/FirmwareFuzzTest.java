package dev.bringup.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.bringup.common.FormatException;

/**
 * Robustness of the ELF reader and the resource table codec on hostile bytes: no exception but
 * {@link FormatException}, no hang, bounded memory.
 * <p>
 * The two {@link FuzzTest}s are coverage-guided with Jazzer. By default (CI) they run in
 * regression mode over the seeds in {@code src/test/resources/dev/bringup/firmware/FirmwareFuzzTestInputs/}
 * (copied there from the fixtures by build.sh). {@code JAZZER_FUZZ=1} fuzzes for real; see the
 * bundle README. {@link #seededMutations()} runs a fixed number of deterministic random mutations
 * of every fixture and corpus file in every build, as a floor that needs no instrumentation.
 */
class FirmwareFuzzTest {

    /** Mutations per seed file in {@link #seededMutations()}; files over 1 MiB (each mutation copies them) get a quarter. */
    private static final int MUTATIONS = 400;

    @FuzzTest(maxDuration = "60s")
    void fuzzElf(byte[] data) {
        inspect(data);
    }

    @FuzzTest(maxDuration = "60s")
    void fuzzTable(byte[] data) {
        decodeTable(data);
    }

    /** The ELF path: reader, checks, table decoding, JSON, symbols and notes. */
    static void inspect(byte[] data) {
        try {
            ElfFile elf = ElfFile.of(data, "fuzz.elf");
            Firmware fw = Firmware.of(elf);
            FirmwareJson.toJson(fw);
            FirmwareText.render(fw);
            elf.notes();
            for (ElfProgramHeader p : elf.programHeaders()) {
                elf.symbolAt(p.p_vaddr());
                if (elf.contains(p.p_offset(), p.p_filesz())) {
                    elf.segmentBytes(p, 4096);
                }
            }
            ResourceTable t = fw.resourceTable();
            if (t != null) {
                byte[] original = fw.tableBytes();
                if (original.length <= ResourceTableCodec.MAX_TABLE_SIZE) {
                    assertArrayEquals(original, ResourceTableCodec.encode(t, original, elf.header().order()));
                }
            }
        } catch (FormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
    }

    /** The codec path, both byte orders: decoding never throws, and encoding gives back the bytes. */
    static void decodeTable(byte[] data) {
        for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
            ResourceTableCodec.Result r = ResourceTableCodec.decode(data, order, "fuzz", 0);
            ResourceTable t = r.table();
            if (t != null) {
                FirmwareJson.toJson(t);
                assertArrayEquals(data, ResourceTableCodec.encode(t, data, order));
            }
        }
    }

    @Test
    void seededMutations() throws Exception {
        List<Path> seeds = new ArrayList<>(TestFixtures.elfFixtures());
        seeds.add(TestFixtures.fixture("fw_split.mdt"));
        seeds.addAll(TestFixtures.corpusFilesIfPresent());
        Random random = new Random(0x5eed);
        for (Path seed : seeds) {
            byte[] original = Files.readAllBytes(seed);
            byte[] table = tableOf(original);
            int count = original.length > (1 << 20) ? MUTATIONS / 4 : MUTATIONS;
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                for (int i = 0; i < count; i++) {
                    byte[] m = mutateHeaders(original, random);
                    inspect(m);
                    if (table.length > 0) {
                        decodeTable(mutate(table, random));
                    }
                }
            }, seed + " takes too long: a hang?");
        }
    }

    private static byte[] tableOf(byte[] elfBytes) throws Exception {
        try (Firmware fw = Firmware.of(ElfFile.of(elfBytes, "seed"))) {
            return fw.tableBytes();
        } catch (FormatException e) {
            return new byte[0];
        }
    }

    private static final long[] INTERESTING = { 0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x7fff_ffffL, 0x8000_0000L,
            0xffff_fff0L, 0xffff_ffffL, 16, 96, 4096 };

    /**
     * A copy of a large file mutated where parsing happens: the ELF header, the program and
     * section header tables and the resource table are the interesting parts.
     */
    private static byte[] mutateHeaders(byte[] original, Random r) {
        byte[] m = original.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int region = r.nextInt(3);
            int at = switch (region) {
                case 0 -> r.nextInt(Math.min(m.length, 64));
                case 1 -> r.nextInt(Math.min(m.length, 4096));
                default -> m.length - 1 - r.nextInt(Math.min(m.length, 4096));
            };
            poke(m, at, r);
        }
        if (r.nextInt(20) == 0) {
            return java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        return m;
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] m = original.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && m.length > 0; e++) {
            poke(m, r.nextInt(m.length), r);
        }
        if (r.nextInt(10) == 0) {
            return java.util.Arrays.copyOf(m, r.nextInt(m.length + 8));
        }
        return m;
    }

    private static void poke(byte[] m, int at, Random r) {
        switch (r.nextInt(3)) {
            case 0 -> m[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> m[at] = (byte) r.nextInt(256);
            default -> {
                long v = INTERESTING[r.nextInt(INTERESTING.length)];
                int a = at & ~3;
                for (int k = 0; k < 4 && a + k < m.length; k++) {
                    m[a + k] = (byte) (v >>> (8 * k));
                }
            }
        }
    }
}
