package dev.bringup.loader.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Hex;
import dev.bringup.iommu.FaultRecord;
import dev.bringup.iommu.IommuEvent;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.Simulation;
import dev.bringup.loader.LogLine;
import dev.bringup.loader.MemoryWrite;
import dev.bringup.loader.SocSimulation;

/**
 * The simulated kernel a boot runs in: a work queue of {@link Chain}s run one {@link Op} (one
 * step) at a time, the kernel log, the remote processors, and what each step did (log lines,
 * notes, IOMMU operations, memory written, faults). Deterministic: the same calls in the same
 * order give the same steps, which is how a session steps back (it replays).
 */
public final class Kernel {

    /** What one step did. */
    public record StepRun(String name, String title, int ret, @Nullable StepFailure failure, List<LogLine> log,
            List<String> notes, List<IommuEvent> events, List<MemoryWrite> writes, List<FaultRecord> faults) {
    }

    private final SocSimulation soc;
    private final Deque<Chain> queue = new ArrayDeque<>();
    private final List<LogLine> log = new ArrayList<>();
    private final List<Rproc> rprocs = new ArrayList<>();
    private final List<byte[]> coredumps = new ArrayList<>();
    private int nextRprocIndex;
    private int nextVirtioIndex;
    private @Nullable Capture capture;
    private @Nullable Consumer<IommuEvent> eventSink;
    private final SecureWorld secureWorld;

    /** What the running step collects. */
    private static final class Capture {
        final List<LogLine> lines = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<IommuEvent> events = new ArrayList<>();
        final List<MemoryWrite> writes = new ArrayList<>();
        final List<FaultRecord> faults = new ArrayList<>();
        @Nullable
        StepFailure failure;
    }

    public Kernel(SocSimulation soc) {
        this.soc = soc;
        this.secureWorld = new SecureWorld(this);
        soc.simulation().events().addListener(e -> {
            Capture c = capture;
            if (c != null) {
                c.events.add(e);
            }
            Consumer<IommuEvent> sink = eventSink;
            if (sink != null) {
                sink.accept(e);
            }
        });
    }

    public SocSimulation soc() {
        return soc;
    }

    public Simulation sim() {
        return soc.simulation();
    }

    public SecureWorld secureWorld() {
        return secureWorld;
    }

    /** Where IOMMU events go besides the step records (the session's listeners). */
    public void setEventSink(@Nullable Consumer<IommuEvent> sink) {
        this.eventSink = sink;
    }

    // ------------------------------------------------------------------ log

    /** {@code dev_printk()}: a line with its level and device prefix. */
    public void printk(int level, String device, String text) {
        LogLine l = new LogLine(level, device, text);
        log.add(l);
        Capture c = capture;
        if (c != null) {
            c.lines.add(l);
        }
    }

    /** A remark of the workbench about the running step (not kernel output). */
    public void note(String text) {
        Capture c = capture;
        if (c != null) {
            c.notes.add(text);
        }
    }

    /** Records a device access that faulted. */
    public void fault(FaultRecord f) {
        Capture c = capture;
        if (c != null) {
            c.faults.add(f);
        }
    }

    /** The whole log so far. */
    public List<LogLine> log() {
        return List.copyOf(log);
    }

    /**
     * Fails the running step: returns a {@link StepFailure} to throw, with the negative errno,
     * what failed and why, and what would fix it.
     */
    public StepFailure fail(int errno, String diagnosis, @Nullable String fix) {
        return new StepFailure(errno, diagnosis, fix);
    }

    // ------------------------------------------------------------------ memory

    /** The host CPU writes {@code len} bytes of {@code src} at physical address {@code pa}. */
    public void hostWrite(long pa, byte[] src, int off, int len, long da, String what) throws IommuException {
        sim().memory().write(pa, src, off, len);
        recordWrite(pa, len, da, what);
    }

    /** The host CPU sets {@code len} bytes at {@code pa} to zero. */
    public void hostZero(long pa, long len, long da, String what) throws IommuException {
        sim().memory().fill(pa, len, (byte) 0);
        recordWrite(pa, len, da, what);
    }

    /** Records a write already made (a device's write through its IOMMU). */
    public void recordWrite(long pa, long len, long da, String what) {
        Capture c = capture;
        if (c == null || len == 0) {
            return;
        }
        MemoryWrite last = c.writes.isEmpty() ? null : c.writes.get(c.writes.size() - 1);
        if (last != null && last.what().equals(what) && last.pa() + last.length() == pa
                && (da < 0) == (last.da() < 0) && (da < 0 || last.da() + last.length() == da)) {
            c.writes.set(c.writes.size() - 1, new MemoryWrite(last.pa(), last.length() + len, last.da(), what));
        } else {
            c.writes.add(new MemoryWrite(pa, len, da, what));
        }
    }

    // ------------------------------------------------------------------ remote processors

    /** {@code ida_alloc(&rproc_dev_index)}. */
    int allocRprocIndex() {
        return nextRprocIndex++;
    }

    /** The next {@code virtioN} index. */
    int allocVirtioIndex() {
        return nextVirtioIndex++;
    }

    void addRproc(Rproc r) {
        rprocs.add(r);
    }

    void removeRproc(Rproc r) {
        rprocs.remove(r);
    }

    /** The registered remote processors ({@code rproc_list}), in registration order. */
    public List<Rproc> rprocs() {
        return List.copyOf(rprocs);
    }

    void addCoredump(byte[] dump) {
        coredumps.add(dump);
    }

    /** The ELF core files written so far ({@code devcoredump}), oldest first. */
    public List<byte[]> coredumps() {
        return coredumps.stream().map(byte[]::clone).toList();
    }

    // ------------------------------------------------------------------ queue

    /** Queues a kernel call; it runs after those already queued ({@code queue_work}). */
    public void submit(Chain chain) {
        queue.addLast(chain);
    }

    /** Whether nothing is left to run. */
    public boolean idle() {
        while (!queue.isEmpty() && !queue.peekFirst().hasNext()) {
            Chain c = queue.removeFirst();
            c.finish();
        }
        return queue.isEmpty();
    }

    /** The names of the steps that will run next, in order (only those already known). */
    public List<String> upcoming() {
        List<String> out = new ArrayList<>();
        for (Chain c : queue) {
            out.addAll(c.pendingNames());
        }
        return out;
    }

    /** The step that runs next, or null when idle. */
    public @Nullable String nextName() {
        if (idle()) {
            return null;
        }
        Op op = queue.peekFirst().peek();
        return op == null ? null : op.name();
    }

    /** The chain of the step that runs now (a step adds steps to its own chain through it), else the next one, or null. */
    public @Nullable Chain current() {
        Chain r = running;
        if (r != null) {
            return r;
        }
        return idle() ? null : queue.peekFirst();
    }

    private @Nullable Chain running;

    /** Runs the next step. */
    public StepRun runOne() {
        if (idle()) {
            throw new IllegalStateException("nothing to run");
        }
        Chain chain = queue.peekFirst();
        Op op = chain.next();
        Capture c = new Capture();
        capture = c;
        running = chain;
        int ret;
        try {
            ret = op.body().run();
        } catch (StepFailure f) {
            c.failure = f;
            ret = f.errno();
        } finally {
            capture = null;
            running = null;
        }
        if (ret < 0) {
            if (c.failure == null) {
                c.failure = new StepFailure(ret, op.name() + " returned " + ret, null);
            }
            chain.fail(ret);
        } else if (ret == Op.DONE) {
            chain.stop();
        }
        idle(); // finishes the chain when it has nothing left, which may queue more work
        return new StepRun(op.name(), op.title(), ret == Op.DONE ? 0 : ret, c.failure, List.copyOf(c.lines),
                List.copyOf(c.notes), List.copyOf(c.events), List.copyOf(c.writes), List.copyOf(c.faults));
    }

    /** {@code 0x1000} for messages. */
    static String hex(long v) {
        return Hex.of(v);
    }
}
