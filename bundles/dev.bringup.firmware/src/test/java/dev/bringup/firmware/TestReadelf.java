package dev.bringup.firmware;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs GNU {@code readelf -l -S -W} and parses its segments and sections, so that tests compare
 * the reader with an independent implementation. Tests skip when readelf is not installed.
 */
final class TestReadelf {

    record Segment(String type, long offset, long vaddr, long paddr, long filesz, long memsz) {
    }

    record Section(String name, String type, long addr, long offset, long size) {
    }

    record Output(List<Segment> segments, List<Section> sections) {
    }

    private static final Pattern SEGMENT = Pattern.compile(
            "^\\s+(\\S+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s.*$");
    private static final Pattern SECTION = Pattern.compile(
            "^\\s+\\[\\s*(\\d+)\\]\\s(.{0,40}?)\\s+(\\S+)\\s+([0-9a-f]{8,16})\\s+([0-9a-f]{6,16})\\s+([0-9a-f]{6,16})\\s.*$");

    private TestReadelf() {
    }

    static Output run(Path file) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("readelf", "-l", "-S", "-W", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "readelf is not installed; skipping the comparison");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        List<Segment> segments = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        boolean inSegments = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("Program Headers:")) {
                inSegments = true;
                continue;
            }
            if (line.startsWith(" Section to Segment") || line.isBlank()) {
                inSegments = inSegments && !line.startsWith(" Section to Segment");
            }
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                sections.add(new Section(s.group(2).trim(), s.group(3), Long.parseUnsignedLong(s.group(4), 16),
                        Long.parseUnsignedLong(s.group(5), 16), Long.parseUnsignedLong(s.group(6), 16)));
                continue;
            }
            Matcher m = SEGMENT.matcher(line);
            if (inSegments && m.matches() && !m.group(1).equals("Type")) {
                segments.add(new Segment(m.group(1), Long.parseUnsignedLong(m.group(2), 16),
                        Long.parseUnsignedLong(m.group(3), 16), Long.parseUnsignedLong(m.group(4), 16),
                        Long.parseUnsignedLong(m.group(5), 16), Long.parseUnsignedLong(m.group(6), 16)));
            }
        }
        return new Output(segments, sections);
    }
}
