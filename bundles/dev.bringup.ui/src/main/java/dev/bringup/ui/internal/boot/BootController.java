package dev.bringup.ui.internal.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.iommu.Walk;
import dev.bringup.loader.BootError;
import dev.bringup.loader.BootListener;
import dev.bringup.loader.BootRequest;
import dev.bringup.loader.BootSession;
import dev.bringup.loader.BootStep;
import dev.bringup.loader.Breakpoint;
import dev.bringup.loader.BreakpointHit;
import dev.bringup.loader.DomainView;
import dev.bringup.loader.RemoteAction;
import dev.bringup.loader.RprocState;
import dev.bringup.trace.MemoryLogSource;

/**
 * Owns the boot debugger's {@link BootSession} and the one thread it runs on (a session is not
 * thread-safe): every call on the session happens on that thread, and after each command the
 * controller hands an immutable {@link Snapshot} to its sink (which posts it to the display).
 * The kernel log is fed from the session's listener as the steps run, and the trace buffers being
 * followed ({@link TraceBufferLog}) are read after each step. No SWT here.
 */
final class BootController {

    /** What a command does. */
    enum Command {
        STEP, STEP_BACK, CONTINUE, RUN_TO, RESET
    }

    /**
     * Everything the view shows about the session after a command, taken on the session's thread.
     *
     * @param title what is booted ({@code mt8183-apu (dedicated-bank)})
     * @param processor the processor's remoteproc and device name
     * @param deviceName the processor's device ({@code 19100000.apu})
     * @param steps the steps run
     * @param upcoming the steps queued, next first
     * @param domains the IOMMU domains before the first step (index 0) and after each step (index i + 1)
     * @param state the processor's state now
     * @param error the first failure, or null
     * @param hit the breakpoint that stopped the last run, or null
     * @param traces the trace buffers' names
     * @param notes what the workbench says about the driver model
     * @param firmware the file name of the firmware booted
     * @param problem why nothing could be booted (the request could not be opened), or null
     */
    record Snapshot(String title, String processor, String deviceName, String firmware, List<BootStep> steps, List<String> upcoming,
            List<List<DomainView>> domains, RprocState state, @Nullable BootError error, @Nullable BreakpointHit hit,
            List<String> traces, List<String> notes, @Nullable String problem) {

        static Snapshot failed(String title, String problem) {
            return new Snapshot(title, "", "", "", List.of(), List.of(), List.of(), RprocState.OFFLINE, null, null, List.of(),
                    List.of(), problem);
        }

        /** The domains right after step {@code index} (-1: before the first), or an empty list. */
        List<DomainView> domainsAfter(int index) {
            int at = index + 1;
            return at < 0 || at >= domains.size() ? List.of() : domains.get(at);
        }

        boolean finished() {
            return upcoming.isEmpty();
        }
    }

    /** Receives what the session does; called on the session's thread. */
    interface Sink {
        /** A command (or the opening) ended. */
        void update(Snapshot snapshot);

        /** A step is about to run (for a progress line). */
        void running(int index, String name);

        /** A new kernel log was started (a new session, a step back or a reset). */
        void newKernelLog(KernelLog log);

        /**
         * The trace buffers being followed: after {@link BootController#followTraces()} (empty when the
         * session has none), and new ones after a step back or reset while they were followed.
         */
        void traceLogs(List<MemoryLogSource> sources);
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "Boot debugger session"); //$NON-NLS-1$
        t.setDaemon(true);
        return t;
    });
    private final Sink sink;
    private final KernelLogFactory logs;
    private @Nullable BootSession session;
    private String title = ""; //$NON-NLS-1$
    private volatile @Nullable KernelLog kernelLog;
    /** The trace buffers followed; used on the session's thread only. */
    private List<TraceBufferLog> traceLogs = List.of();

    /** Makes the kernel log of a run: the title and the probe's lines are given. */
    interface KernelLogFactory {
        KernelLog create(String title, List<dev.bringup.loader.LogLine> probe);
    }

    BootController(Sink sink, KernelLogFactory logs) {
        this.sink = sink;
        this.logs = logs;
    }

    /** Opens a session on {@code request} (closing the one before) with {@code breakpoints}. */
    void open(String name, RequestSupplier request, List<Breakpoint> breakpoints) {
        thread.execute(() -> {
            closeSession();
            finishTraces(); // a new boot is followed when asked again (Ctrl+Shift+T)
            title = name;
            BootSession s;
            try {
                s = BootSession.open(request.get());
            } catch (FormatException e) {
                sink.update(Snapshot.failed(name, e.describe()));
                return;
            } catch (RuntimeException e) {
                sink.update(Snapshot.failed(name, String.valueOf(e.getMessage())));
                return;
            }
            session = s;
            breakpoints.forEach(s::addBreakpoint);
            startLog(s);
            s.addListener(new BootListener() {
                @Override
                public void stepStarting(int index, String stepName) {
                    sink.running(index, stepName);
                }

                @Override
                public void stepFinished(dev.bringup.loader.BootStep step) {
                    KernelLog l = kernelLog;
                    if (l != null) {
                        l.append(step);
                    }
                    pollTraces(s, step.index());
                }

                @Override
                public void sessionReset() {
                    startLog(s);
                    if (followingTraces()) {
                        startTraces(s);
                    }
                }
            });
            s.recordDomains(true);
            sink.update(snapshot(s));
        });
    }

    /** Builds the request on the session's thread (importing a devicetree may take a moment). */
    interface RequestSupplier {
        BootRequest get() throws FormatException;
    }

    private void startLog(BootSession s) {
        KernelLog old = kernelLog;
        if (old != null) {
            old.finish();
        }
        // the probe's messages are what the kernel logged before the first step
        List<dev.bringup.loader.LogLine> all = s.log();
        int printed = s.steps().stream().mapToInt(st -> st.log().size()).sum();
        KernelLog l = logs.create(title, all.subList(0, Math.max(0, all.size() - printed)));
        kernelLog = l;
        sink.newKernelLog(l);
    }

    /** Runs {@code command}; {@code runTo} is the index of the pending step to run to. */
    void run(Command command, int runTo, String runToName) {
        thread.execute(() -> {
            BootSession s = session;
            if (s == null) {
                sink.update(Snapshot.failed(title, Messages.Boot_notStarted));
                return;
            }
            try {
                switch (command) {
                case STEP -> s.step();
                case STEP_BACK -> s.stepBack();
                case CONTINUE -> s.resume();
                case RESET -> s.reset();
                case RUN_TO -> {
                    // runTo stops before the next step of that name; the selected one may come later
                    while (s.position() < runTo) {
                        s.runTo(runToName);
                        if (s.lastHit() != null || s.position() >= runTo || !runToName.equals(s.nextStep())) {
                            break;
                        }
                        s.step();
                    }
                }
                }
            } catch (RuntimeException e) {
                traceLogs.forEach(TraceBufferLog::replayed);
                sink.update(Snapshot.failed(title, Messages.bind(Messages.Boot_internalError, e.getClass().getSimpleName(), e.getMessage())));
                return;
            }
            traceLogs.forEach(TraceBufferLog::replayed); // a step back's or reset's replay has been read
            sink.update(snapshot(s));
        });
    }

    /** Replaces the session's breakpoints. */
    void setBreakpoints(List<Breakpoint> breakpoints) {
        List<Breakpoint> copy = List.copyOf(breakpoints);
        thread.execute(() -> {
            BootSession s = session;
            if (s != null) {
                s.breakpoints().forEach(s::removeBreakpoint);
                copy.forEach(s::addBreakpoint);
            }
        });
    }

    /**
     * The walk of {@code iova} in domain {@code label} after step {@code index}, computed on the
     * session's thread; waits at most a second (a replay to a step takes milliseconds), null after that.
     */
    @Nullable
    Walk walk(int index, String label, long iova) {
        return call(s -> s.walkAfter(index, label, iova));
    }

    /**
     * Follows the session's trace buffers live (each a {@link TraceBufferLog}, read after every
     * step) and hands their sources to {@link Sink#traceLogs}; the ones already followed are handed
     * again. Before the resources are handled the session has no trace buffer yet: then
     * {@code trace0} is followed from when the firmware's table declares it, unless nothing is left
     * to run.
     */
    void followTraces() {
        thread.execute(() -> {
            BootSession s = session;
            if (s == null) {
                sink.traceLogs(List.of());
                return;
            }
            if (!followingTraces()) {
                startTraces(s);
            } else {
                sink.traceLogs(traceLogs.stream().filter(TraceBufferLog::live).map(TraceBufferLog::source).toList());
            }
        });
    }

    private boolean followingTraces() {
        return traceLogs.stream().anyMatch(TraceBufferLog::live);
    }

    private void startTraces(BootSession s) {
        List<TraceBufferLog> before = traceLogs;
        finishTraces();
        List<String> names = s.traces();
        if (names.isEmpty() && !s.finished()) {
            names = List.of("trace0"); //$NON-NLS-1$
        }
        List<TraceBufferLog> logs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            logs.add(new TraceBufferLog(i, "remoteproc" + s.remoteproc().index() + " " + names.get(i), //$NON-NLS-1$ //$NON-NLS-2$
                    i < before.size() ? before.get(i) : null));
        }
        traceLogs = List.copyOf(logs);
        pollTraces(s, -1);
        sink.traceLogs(traceLogs.stream().map(TraceBufferLog::source).toList());
    }

    private void pollTraces(BootSession s, int step) {
        if (traceLogs.isEmpty()) {
            return;
        }
        for (TraceBufferLog t : traceLogs) {
            t.poll(s, step);
        }
        if (!followingTraces()) {
            traceLogs = List.of(); // every tab closed: following ends
        }
    }

    private void finishTraces() {
        traceLogs.forEach(TraceBufferLog::finish);
        traceLogs = List.of();
    }

    /** Queues {@code action} after the steps already queued (recorded for replay), then reports. */
    void remote(RemoteAction action) {
        thread.execute(() -> {
            BootSession s = session;
            if (s != null) {
                s.remote(action);
                sink.update(snapshot(s));
            }
        });
    }

    private <T> @Nullable T call(java.util.function.Function<BootSession, T> f) {
        Future<T> r = thread.submit(() -> {
            BootSession s = session;
            return s == null ? null : f.apply(s);
        });
        try {
            return r.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            r.cancel(false);
            return null;
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Snapshot snapshot(BootSession s) {
        List<BootStep> steps = s.steps();
        List<List<DomainView>> domains = new ArrayList<>();
        for (int i = -1; i < steps.size(); i++) {
            List<DomainView> d = s.domainsAfter(i);
            domains.add(d == null ? List.of() : d);
        }
        String processor = "remoteproc" + s.remoteproc().index() + " " + s.remoteproc().name(); //$NON-NLS-1$ //$NON-NLS-2$
        // once nothing can run, the remote actions still queued for a processor that never came up are not shown
        List<String> upcoming = s.finished() ? List.of() : s.upcoming();
        return new Snapshot(title, processor, s.remoteproc().deviceName(), s.request().firmware().fileName(), steps, upcoming, domains, s.state(),
                s.error(), s.lastHit(), s.traces(), s.notes(), null);
    }

    private void closeSession() {
        BootSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }

    /** Closes the session and ends the thread. */
    void dispose() {
        thread.execute(() -> {
            closeSession();
            finishTraces();
            KernelLog l = kernelLog;
            if (l != null) {
                l.finish();
            }
        });
        thread.shutdown();
    }

}
