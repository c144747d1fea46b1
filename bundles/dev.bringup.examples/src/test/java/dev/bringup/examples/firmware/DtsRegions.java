package dev.bringup.examples.firmware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory regions a devicetree source declares, as "node-name@unit" to (address, size), read
 * from the {@code reg} of each node that has a unit address: enough to check that the firmware
 * lands where a devicetree's reserved-memory says (test-local; the dt bundle owns real parsing).
 */
final class DtsRegions {

    record Region(long address, long size) {
        boolean contains(long start, long length) {
            return start >= address && start + length <= address + size;
        }
    }

    private static final Pattern NODE = Pattern.compile("([A-Za-z0-9,._+-]+@[0-9a-fA-F]+)\\s*\\{([^{}]*?)\\breg\\s*=\\s*<([^>]*)>");

    private DtsRegions() {
    }

    /** Every node with a unit address and a reg of one (address, size) pair, 1 or 2 cells each. */
    static Map<String, Region> of(Path dts) {
        String text;
        try {
            text = Files.readString(dts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Region> regions = new LinkedHashMap<>();
        Matcher m = NODE.matcher(text);
        while (m.find()) {
            String[] cells = m.group(3).trim().split("\\s+");
            if (cells.length == 2) {
                regions.put(m.group(1), new Region(Long.decode(cells[0]), Long.decode(cells[1])));
            } else if (cells.length == 4) {
                regions.put(m.group(1), new Region(Long.decode(cells[0]) << 32 | Long.decode(cells[1]),
                        Long.decode(cells[2]) << 32 | Long.decode(cells[3])));
            }
        }
        return regions;
    }
}
