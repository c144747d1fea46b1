package dev.bringup.trace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.bringup.trace.internal.LineText;

/** The reference the index is checked against: the whole file in memory, split at every {@code '\n'}. */
final class Naive {

    final long[] starts;
    final List<String> texts = new ArrayList<>();

    /** A last segment after the last newline is a line when it is not empty. */
    Naive(byte[] bytes) {
        List<Long> s = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length ? i > start : bytes[i] == '\n') {
                s.add((long) start);
                int end = i;
                while (end > start && bytes[end - 1] == '\r') {
                    end--;
                }
                texts.add(LineText.clean(new String(bytes, start, end - start, StandardCharsets.UTF_8)));
                start = i + 1;
            }
        }
        starts = s.stream().mapToLong(Long::longValue).toArray();
    }

    int count() {
        return starts.length;
    }
}
