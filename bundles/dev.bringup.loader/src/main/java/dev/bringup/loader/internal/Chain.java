package dev.bringup.loader.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A sequence of steps that together make one kernel call ({@code rproc_boot}, {@code rproc_shutdown},
 * the crash handler work): its steps run one at a time; when one fails, the rest are dropped and
 * the chain's unwind steps (the {@code goto} labels of the C function) run instead.
 */
public final class Chain {

    private final String name;
    private final Deque<Op> ops = new ArrayDeque<>();
    private final @Nullable IntFunction<List<Op>> unwind;
    private final @Nullable IntConsumer done;
    private int result;
    private boolean failed;

    /**
     * @param name the kernel call
     * @param ops its steps in order
     * @param unwind the steps to run when a step fails with the given errno, or null
     * @param done called with the chain's result (0 or the first errno) when it ends, or null
     */
    public Chain(String name, List<Op> ops, @Nullable IntFunction<List<Op>> unwind, @Nullable IntConsumer done) {
        this.name = name;
        this.ops.addAll(ops);
        this.unwind = unwind;
        this.done = done;
    }

    public String name() {
        return name;
    }

    /** The result so far: 0, or the errno of the step that failed. */
    public int result() {
        return result;
    }

    boolean hasNext() {
        return !ops.isEmpty();
    }

    Op next() {
        return ops.removeFirst();
    }

    @Nullable
    Op peek() {
        return ops.peekFirst();
    }

    /** Names of the steps still to run. */
    List<String> pendingNames() {
        return ops.stream().map(Op::name).toList();
    }

    /** Adds steps to run next, before the rest of this chain. */
    public void pushFront(List<Op> first) {
        for (int i = first.size() - 1; i >= 0; i--) {
            ops.addFirst(first.get(i));
        }
    }

    void stop() {
        ops.clear();
    }

    void fail(int errno) {
        if (failed) {
            return;
        }
        failed = true;
        result = errno;
        ops.clear();
        if (unwind != null) {
            ops.addAll(unwind.apply(errno));
        }
    }

    void finish() {
        if (done != null) {
            done.accept(result);
        }
    }
}
