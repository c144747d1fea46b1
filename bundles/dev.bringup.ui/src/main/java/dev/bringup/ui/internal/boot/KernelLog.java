package dev.bringup.ui.internal.boot;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import dev.bringup.loader.BootStep;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.SimClock;
import dev.bringup.trace.MemoryLogSource;
import dev.bringup.ui.internal.BootLink;

/**
 * The kernel log of one run of a boot session as the trace log viewer reads it: a live
 * {@link MemoryLogSource} in {@code dmesg} format, one line appended per kernel message as the
 * steps run, and which step printed each line. The time stamps are the loader's simulated clock
 * ({@link SimClock}: probe messages from 0, step {@code i} from {@code (i + 1) * 4 ms}, lines 1 µs
 * apart), not measurements. A step back or reset starts a new log (the source only grows).
 * Appended to by the session's thread, read by any thread.
 */
final class KernelLog implements BootLink {

    private static final long CAPACITY = 64L << 20;

    private final MemoryLogSource source;
    private final IntFunction<String> stepNames;
    private final IntConsumer reveal;
    private final Object lock = new Object();
    private int[] lineSteps = new int[256];
    private int lines;

    KernelLog(String name, List<LogLine> probe, IntFunction<String> stepNames, IntConsumer reveal) {
        this.source = new MemoryLogSource(name, CAPACITY);
        this.stepNames = stepNames;
        this.reveal = reveal;
        append(-1, probe);
    }

    /** Appends what {@code step} printed. */
    void append(BootStep step) {
        append(step.index(), step.log());
    }

    private void append(int step, List<LogLine> log) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < log.size(); i++) {
            LogLine l = log.get(i);
            LogLine oneLine = new LogLine(l.level(), l.device(), l.text().replace('\n', ' '));
            text.append(SimClock.dmesg(SimClock.micros(step, i), oneLine)).append('\n');
        }
        synchronized (lock) {
            for (int i = 0; i < log.size(); i++) {
                if (lines == lineSteps.length) {
                    lineSteps = Arrays.copyOf(lineSteps, lines * 2);
                }
                lineSteps[lines++] = step;
            }
        }
        source.append(text.toString());
    }

    MemoryLogSource source() {
        return source;
    }

    /** Ends the log: a later run of the session writes a new one. */
    void finish() {
        source.finish();
    }

    int lineCount() {
        synchronized (lock) {
            return lines;
        }
    }

    @Override
    public int stepOf(long line) {
        synchronized (lock) {
            return line < 0 || line >= lines ? -1 : lineSteps[(int) line];
        }
    }

    @Override
    public String stepName(int index) {
        return stepNames.apply(index);
    }

    @Override
    public void reveal(int index) {
        reveal.accept(index);
    }
}
