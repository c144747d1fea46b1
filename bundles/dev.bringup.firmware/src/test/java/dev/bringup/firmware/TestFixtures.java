package dev.bringup.firmware;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the test firmware lives: the fixtures this bundle builds itself (src/test/firmware/build.sh)
 * and the shared corpus of real firmware (skipped with a message when absent), plus the small,
 * documented byte patches that make the two malformed fixtures no compiler produces.
 */
final class TestFixtures {

    static final Path DIR = Path.of("src/test/resources/fixtures");

    private TestFixtures() {
    }

    static Path fixture(String name) {
        Path p = DIR.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p.toAbsolutePath() + " is missing; run src/test/firmware/build.sh");
        }
        return p;
    }

    /** The ELF fixtures (*.elf). */
    static List<Path> elfFixtures() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        }
    }

    /** The corpus firmware folder; skips the test when ../shared is not there. */
    static Path corpusDir() {
        String shared = System.getProperty("bringup.shared", "/work/main/../shared");
        Path dir = Path.of(shared, "corpus", "firmware");
        assumeTrue(Files.isDirectory(dir), "corpus not found at " + dir + " (set -Dbringup.shared); skipping");
        return dir;
    }

    static Path corpus(String name) {
        return corpusDir().resolve(name);
    }

    static List<Path> corpusFiles() throws IOException {
        try (Stream<Path> s = Files.list(corpusDir())) {
            return s.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        }
    }

    /** Corpus files when present (no skip), for tests that also run on the fixtures. */
    static List<Path> corpusFilesIfPresent() throws IOException {
        String shared = System.getProperty("bringup.shared", "/work/main/../shared");
        Path dir = Path.of(shared, "corpus", "firmware");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        }
    }

    static List<Path> allFirmware() throws IOException {
        List<Path> all = new ArrayList<>(elfFixtures());
        all.addAll(corpusFilesIfPresent());
        return all;
    }

    /**
     * Byte patch of an ELF32 little-endian program header field: copies {@code src} to {@code dst}
     * and writes {@code value} into the u32 at {@code fieldOffset} of program header {@code index}
     * (Elf32_Phdr: p_offset 4, p_filesz 16, p_memsz 20).
     */
    static Path patchPhdr32(Path src, Path dst, int index, int fieldOffset, long value) throws IOException {
        byte[] b = Files.readAllBytes(src);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = buf.getInt(28);
        int phentsize = Short.toUnsignedInt(buf.getShort(42));
        buf.putInt(phoff + index * phentsize + fieldOffset, (int) value);
        Files.write(dst, b);
        return dst;
    }

    /** Index of the last PT_LOAD program header of an ELF32 little-endian file. */
    static int lastLoad32(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = buf.getInt(28);
        int phentsize = Short.toUnsignedInt(buf.getShort(42));
        int phnum = Short.toUnsignedInt(buf.getShort(44));
        int last = -1;
        for (int i = 0; i < phnum; i++) {
            if (buf.getInt(phoff + i * phentsize) == 1) {
                last = i;
            }
        }
        return last;
    }
}
