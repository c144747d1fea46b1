package dev.bringup.loader;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.firmware.ResourceTable;
import dev.bringup.firmware.ResourceTableCodec;
import dev.bringup.iommu.AddressRange;
import dev.bringup.iommu.Errno;
import dev.bringup.iommu.IommuDomain;
import dev.bringup.iommu.IommuEvent;
import dev.bringup.iommu.IommuException;
import dev.bringup.iommu.IommuGroup;
import dev.bringup.iommu.Master;
import dev.bringup.iommu.Simulation;
import dev.bringup.loader.internal.Chain;
import dev.bringup.loader.internal.Drivers;
import dev.bringup.loader.internal.FirmwareFiles;
import dev.bringup.loader.internal.FirmwareImage;
import dev.bringup.loader.internal.Kernel;
import dev.bringup.loader.internal.Rproc;
import dev.bringup.loader.internal.RprocDriver;
import dev.bringup.loader.internal.Rvdev;
import dev.bringup.loader.internal.SecureWorld;
import dev.bringup.loader.internal.StepFailure;
import dev.bringup.model.RemoteProcessor;

/**
 * A boot of one remote processor over a simulated SoC, run step by step: the kernel's
 * {@code rproc_boot -> rproc_fw_boot -> rproc_start} as discrete steps in the kernel's order,
 * then what the remote side does (a first fetch, the request's {@link RemoteAction}s), and
 * whatever that causes (an IOMMU fault, the crash handler, recovery with a coredump). Each
 * {@link BootStep} tells what the step printed, mapped, wrote and allocated.
 * <p>
 * Driving: {@link #step()}, {@link #resume()} (until a {@link Breakpoint} or the end),
 * {@link #runTo(String)}, {@link #stepBack()} (a deterministic replay of the same request and
 * commands up to the previous step), {@link #reset()}. {@link BootListener}s see every step and
 * event. Commands ({@link Remoteproc#boot()}, {@link Remoteproc#shutdown()}, {@link #remote})
 * are recorded and replayed too. A session is confined to one thread; close it to release the
 * firmware files.
 */
public final class BootSession implements AutoCloseable {

    /** A command applied to the kernel at a step; replayed on {@link #stepBack()}. */
    record Command(Kind kind, int rproc, int atStep, @Nullable RemoteAction action) {
        enum Kind {
            BOOT,
            SHUTDOWN,
            DETACH,
            GET,
            PUT,
            UNREGISTER,
            FREE,
            ACTION
        }
    }

    /** What one build of the simulation holds. */
    private static final class Built {
        final Kernel kernel;
        final SocSimulation soc;
        final List<Rproc> rprocs;
        final Rproc target;
        final FirmwareFiles files;
        final List<String> notes;
        final Deque<RemoteAction> pending = new ArrayDeque<>();
        int appliedCommands;
        int lastResult;
        boolean callDone;

        Built(Kernel kernel, SocSimulation soc, List<Rproc> rprocs, Rproc target, FirmwareFiles files, List<String> notes) {
            this.kernel = kernel;
            this.soc = soc;
            this.rprocs = rprocs;
            this.target = target;
            this.files = files;
            this.notes = notes;
        }
    }

    private final BootRequest request;
    private final RemoteProcessor targetNode;
    private Built built;
    private final List<BootStep> steps = new ArrayList<>();
    private final List<Command> commands = new ArrayList<>();
    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private final List<BootListener> listeners = new CopyOnWriteArrayList<>();
    private @Nullable BreakpointHit lastHit;
    private boolean replaying;
    private boolean recordDomains;
    /** When {@link #recordDomains}: the domains before step 0, then after each step. */
    private final List<List<DomainView>> domainHistory = new ArrayList<>();

    private BootSession(BootRequest request, RemoteProcessor targetNode) throws FormatException {
        this.request = request;
        this.targetNode = targetNode;
        this.commands.add(new Command(Command.Kind.BOOT, -1, 0, null));
        this.built = build();
    }

    /**
     * Builds the simulated SoC of {@code request}, probes its remote processors and queues the
     * boot; nothing runs until the session is stepped.
     *
     * @throws FormatException when the processor cannot be found or set up (the message names it
     *         and what would fix it)
     */
    public static BootSession open(BootRequest request) throws FormatException {
        return new BootSession(request, BootRequest.findProcessor(request.soc(), request.processor()));
    }

    private Built build() throws FormatException {
        dev.bringup.model.BootStrategy strategy = request.strategy();
        RprocDriver driver = Drivers.forProcessor(targetNode, strategy);
        FirmwareFiles files = new FirmwareFiles();
        String requested = firmwareName();
        AddressRange window = null;
        try {
            if (strategy == dev.bringup.model.BootStrategy.RESERVED_REGION
                    || strategy == dev.bringup.model.BootStrategy.DEDICATED_IOVA_REGION) {
                FirmwareImage fw = files.open(request.firmware(), requested);
                window = Drivers.firmwareWindow(fw);
            }
        } catch (StepFailure f) {
            window = null;
        }
        SocSimulation soc;
        try {
            soc = SocSimulation.build(request.soc(), targetNode, Drivers.setup(driver, strategy, window));
        } catch (FormatException e) {
            files.close();
            throw e;
        }
        Kernel k = new Kernel(soc);
        List<Rproc> rprocs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Rproc target = null;
        for (RemoteProcessor rp : request.soc().remoteProcessors()) {
            boolean isTarget = rp == targetNode;
            if (!isTarget && !rp.isEnabled()) {
                continue;
            }
            RprocDriver d = isTarget ? driver : Drivers.forProcessor(rp, dev.bringup.model.BootStrategy.LINUX_DEFAULT);
            String fwName = isTarget ? requested : rp.firmwareName() == null ? "" : rp.firmwareName();
            Master m = soc.master(rp);
            Rproc r = new Rproc(k, d, rp, soc.deviceName(rp), m, fwName, (rr, name) -> {
                if (!isTarget) {
                    throw new StepFailure(Errno.ENOENT.negated(), "the session was given no firmware for " + rr.name(),
                            "boot this processor in a session of its own");
                }
                return files.open(request.firmware(), name);
            });
            try {
                r.register();
            } catch (StepFailure f) {
                if (isTarget) {
                    files.close();
                    throw new FormatException("the " + d.driverName() + " probe of " + r.devName() + " failed: " + f.diagnosis(),
                            Location.node(String.valueOf(rp.getPath())), f.fix());
                }
                continue;
            }
            rprocs.add(r);
            if (isTarget) {
                target = r;
                notes.addAll(d.notes(r));
            }
        }
        if (target == null) {
            files.close();
            throw new FormatException("processor " + targetNode.getPath() + " could not be registered", Location.node(
                    String.valueOf(targetNode.getPath())), null);
        }
        target.setRecoveryDisabled(!request.recovery());
        if (request.relocate()) {
            String why = target.setRelocatable();
            if (why != null) {
                files.close();
                throw new FormatException(why, Location.node(String.valueOf(targetNode.getPath())), null);
            }
        }
        Rproc t = target;
        RprocState[] previous = { t.state() };
        t.onStateChange(() -> {
            RprocState now = t.state();
            RprocState was = previous[0];
            previous[0] = now;
            listeners.forEach(l -> l.stateChanged(was, now));
        });
        k.setEventSink(e -> listeners.forEach(l -> l.iommuEvent(e)));
        Built b = new Built(k, soc, rprocs, target, files, notes);
        if (request.fetch()) {
            b.pending.add(new RemoteAction.Fetch());
        }
        b.pending.addAll(request.actions());
        return b;
    }

    private String firmwareName() {
        String n = request.firmwareName();
        if (n != null) {
            return n;
        }
        String dt = targetNode.firmwareName();
        return dt != null ? dt : request.firmware().fileName();
    }

    // ------------------------------------------------------------------ driving

    /** Applies the commands due before step {@code steps.size()}, queues the next remote action when idle; the next step's name or null. */
    private @Nullable String prepareNext() {
        Built b = built;
        while (b.appliedCommands < commands.size() && commands.get(b.appliedCommands).atStep() <= steps.size()) {
            apply(b, commands.get(b.appliedCommands++));
        }
        if (b.kernel.idle() && !b.pending.isEmpty() && b.target.state().isUp()) {
            b.kernel.submit(b.target.actionChain(b.pending.removeFirst()));
        }
        return b.kernel.nextName();
    }

    private void apply(Built b, Command c) {
        Rproc r = c.rproc() < 0 ? b.target : rproc(b, c.rproc());
        b.callDone = false;
        switch (c.kind()) {
        case BOOT -> b.kernel.submit(r.bootChain(this::done));
        case SHUTDOWN -> b.kernel.submit(r.shutdownChain(this::done));
        case DETACH -> b.kernel.submit(r.detachChain(this::done));
        case GET -> {
            r.get();
            done(0);
        }
        case PUT -> {
            r.free();
            done(0);
        }
        case FREE -> {
            r.free();
            done(0);
        }
        case UNREGISTER -> done(r.unregister());
        case ACTION -> {
            RemoteAction a = c.action();
            if (a != null) {
                b.pending.addLast(a);
            }
            done(0);
        }
        }
    }

    private void done(int result) {
        built.lastResult = result;
        built.callDone = true;
    }

    private static Rproc rproc(Built b, int index) {
        for (Rproc r : b.rprocs) {
            if (r.index() == index) {
                return r;
            }
        }
        return b.target;
    }

    /** Runs the next step; null when nothing is left to run. */
    public @Nullable BootStep step() {
        lastHit = null;
        return runStep();
    }

    private @Nullable BootStep runStep() {
        String next = prepareNext();
        if (next == null) {
            return null;
        }
        int index = steps.size();
        if (!replaying) {
            listeners.forEach(l -> l.stepStarting(index, next));
        }
        Kernel.StepRun run = built.kernel.runOne();
        BootStep s = toStep(index, run);
        steps.add(s);
        lastRun = run;
        if (recordDomains) {
            domainHistory.add(domains());
        }
        if (!replaying) {
            listeners.forEach(l -> l.stepFinished(s));
        }
        return s;
    }

    private Kernel.@Nullable StepRun lastRun;

    private BootStep toStep(int index, Kernel.StepRun run) {
        StepFailure f = run.failure();
        BootError err = null;
        if (f != null) {
            String message = f.diagnosis();
            for (LogLine l : run.log()) {
                if (l.level() <= LogLine.ERR) {
                    message = l.text();
                }
            }
            err = new BootError(run.name(), f.errno(), message, f.diagnosis(), f.fix());
        }
        List<String> iommu = new ArrayList<>();
        for (IommuEvent e : run.events()) {
            iommu.add(e.text());
        }
        return new BootStep(index, run.name(), run.title(), f == null ? StepStatus.OK : StepStatus.FAILED, run.ret(),
                run.log(), run.notes(), iommu, run.writes(), carveouts(), built.target.state(), err);
    }

    /** Runs until a breakpoint stops the session or nothing is left; the steps run. */
    public List<BootStep> resume() {
        return runUntil(null);
    }

    /**
     * Runs until the next step called {@code name} is about to run (or a breakpoint stops the
     * session, or nothing is left); the steps run.
     */
    public List<BootStep> runTo(String name) {
        return runUntil(name);
    }

    private List<BootStep> runUntil(@Nullable String stopBefore) {
        lastHit = null;
        List<BootStep> ran = new ArrayList<>();
        boolean first = true;
        while (true) {
            String next = prepareNext();
            if (next == null) {
                break;
            }
            if (next.equals(stopBefore)) {
                break;
            }
            if (!first) {
                BreakpointHit hit = stepBreakpoint(next);
                if (hit != null) {
                    stop(hit);
                    break;
                }
            }
            BootStep s = runStep();
            if (s == null) {
                break;
            }
            ran.add(s);
            first = false;
            BreakpointHit hit = eventBreakpoint(s);
            if (hit != null) {
                stop(hit);
                break;
            }
        }
        return ran;
    }

    private void stop(BreakpointHit hit) {
        lastHit = hit;
        listeners.forEach(l -> l.breakpointHit(hit));
    }

    private @Nullable BreakpointHit stepBreakpoint(String next) {
        for (Breakpoint b : breakpoints) {
            if (b instanceof Breakpoint.AtStep at && at.name().equals(next)) {
                return new BreakpointHit(b, steps.size(), "about to run " + next);
            }
        }
        return null;
    }

    private @Nullable BreakpointHit eventBreakpoint(BootStep s) {
        Kernel.StepRun run = lastRun;
        if (run == null) {
            return null;
        }
        for (Breakpoint b : breakpoints) {
            switch (b) {
            case Breakpoint.OnMap m -> {
                for (IommuEvent e : run.events()) {
                    boolean map = e.kind() == IommuEvent.Kind.MAP || e.kind() == IommuEvent.Kind.DIRECT_MAP
                            || e.kind() == IommuEvent.Kind.OWNER_MAP;
                    if (map && e.ok() && m.hits(e.iova(), e.pa(), e.size())) {
                        return new BreakpointHit(b, s.index(), e.text());
                    }
                }
            }
            case Breakpoint.OnWrite w -> {
                for (MemoryWrite mw : s.writes()) {
                    if (mw.overlaps(w.pa(), w.size())) {
                        return new BreakpointHit(b, s.index(), "wrote " + mw);
                    }
                }
            }
            case Breakpoint.OnFault f -> {
                if (!run.faults().isEmpty()) {
                    return new BreakpointHit(b, s.index(), run.faults().get(0).summary());
                }
            }
            case Breakpoint.AtStep a -> {
                // checked before a step runs
            }
            }
        }
        return null;
    }

    /** Whether nothing is left to run (the remote actions included). */
    public boolean finished() {
        return prepareNext() == null;
    }

    /** The name of the step that runs next, or null. */
    public @Nullable String nextStep() {
        return prepareNext();
    }

    /** The names of the steps already queued, next first (more may follow from what they do). */
    public List<String> upcoming() {
        prepareNext();
        List<String> out = new ArrayList<>(built.kernel.upcoming());
        for (RemoteAction a : built.pending) {
            out.add(a.stepName());
        }
        return out;
    }

    /**
     * Goes back one step: rebuilds the simulation from the request and replays the recorded
     * commands and steps up to the one before the last. False when there is nothing to undo.
     */
    public boolean stepBack() {
        if (steps.isEmpty()) {
            return false;
        }
        replayTo(steps.size() - 1);
        return true;
    }

    /** Back to before the first step, with only the request's boot queued (later commands are dropped). */
    public void reset() {
        commands.subList(1, commands.size()).clear();
        replayTo(0);
    }

    private void replayTo(int target) {
        commands.removeIf(c -> c.atStep() > target);
        Built old = built;
        try {
            built = build();
        } catch (FormatException e) {
            throw new IllegalStateException("the request built once and cannot be built again: " + e.describe(), e);
        }
        old.files.close();
        steps.clear();
        domainHistory.clear();
        if (recordDomains) {
            domainHistory.add(domains());
        }
        lastHit = null;
        listeners.forEach(BootListener::sessionReset);
        replaying = true;
        try {
            while (steps.size() < target && runStep() != null) {
                // replay
            }
        } finally {
            replaying = false;
        }
        for (BootStep s : steps) {
            listeners.forEach(l -> l.stepFinished(s));
        }
    }

    /** Runs a command on the processor with index {@code index} to completion; its result. */
    int call(Command.Kind kind, int index) {
        commands.add(new Command(kind, index, steps.size(), null));
        built.callDone = false;
        prepareNext();
        while (!built.callDone) {
            if (runStep() == null) {
                break;
            }
        }
        return built.lastResult;
    }

    // ------------------------------------------------------------------ history for a debugger view

    /**
     * Keeps a copy of {@link #domains()} before the first step and after every step (replayed
     * steps included), for {@link #domainsAfter(int)}. Off by default (it costs a page-table scan
     * per step). Turned on after steps ran, the session is replayed to where it is to fill it in.
     */
    public void recordDomains(boolean on) {
        if (on == recordDomains) {
            return;
        }
        recordDomains = on;
        domainHistory.clear();
        if (on) {
            if (steps.isEmpty()) {
                domainHistory.add(domains());
            } else {
                replayTo(steps.size());
            }
        }
    }

    /**
     * The IOMMU domains as {@link #domains()} showed them right after step {@code index} (-1:
     * before the first step), or null when that was not recorded ({@link #recordDomains}) or the
     * step has not run.
     */
    public @Nullable List<DomainView> domainsAfter(int index) {
        int at = index + 1;
        return at < 0 || at >= domainHistory.size() ? null : domainHistory.get(at);
    }

    /**
     * The page-table walk of {@code iova} in the domain labelled {@code domainLabel} (a
     * {@link DomainView#label()}) as it was right after step {@code index} (-1: before the first
     * step): the live table for the last step run, else a scratch session replays the request and
     * commands to that step (steps are deterministic, so it is the same table) and walks there.
     * Null when the step has not run or no such paging domain existed then.
     */
    public dev.bringup.iommu.@Nullable Walk walkAfter(int index, String domainLabel, long iova) {
        int target = index + 1;
        if (target < 0 || target > steps.size()) {
            return null;
        }
        if (target == steps.size()) {
            return walk(built, domainLabel, iova);
        }
        BootSession scratch;
        try {
            scratch = new BootSession(request, targetNode);
        } catch (FormatException e) {
            return null;
        }
        try {
            scratch.commands.clear();
            commands.stream().filter(c -> c.atStep() <= target).forEach(scratch.commands::add);
            scratch.replaying = true;
            while (scratch.steps.size() < target && scratch.runStep() != null) {
                // replay
            }
            return walk(scratch.built, domainLabel, iova);
        } finally {
            scratch.close();
        }
    }

    private static dev.bringup.iommu.@Nullable Walk walk(Built b, String domainLabel, long iova) {
        for (IommuDomain d : b.soc.simulation().domains()) {
            dev.bringup.iommu.IoPageTable t = d.pageTable();
            if (d.label().equals(domainLabel) && t != null && d.type().isPaging()) {
                return t.walk(iova);
            }
        }
        return null;
    }

    /** The names of the processor's trace buffers ({@code trace0}, ...), in {@link #trace(int)} order. */
    public List<String> traces() {
        return built.target.traces().stream().map(dev.bringup.loader.internal.Rproc.Trace::name).toList();
    }

    /** Queues {@code action} after what is already queued (recorded for replay). */
    public void remote(RemoteAction action) {
        commands.add(new Command(Command.Kind.ACTION, -1, steps.size(), action));
    }

    /** Queues a shutdown of the booted processor without running it (recorded for replay). */
    public void shutdownLater() {
        commands.add(new Command(Command.Kind.SHUTDOWN, -1, steps.size(), null));
    }

    // ------------------------------------------------------------------ breakpoints, listeners

    public void addBreakpoint(Breakpoint b) {
        breakpoints.add(b);
    }

    public void removeBreakpoint(Breakpoint b) {
        breakpoints.remove(b);
    }

    public List<Breakpoint> breakpoints() {
        return List.copyOf(breakpoints);
    }

    /** The breakpoint that stopped the last {@link #resume()} or {@link #runTo}, or null. */
    public @Nullable BreakpointHit lastHit() {
        return lastHit;
    }

    public void addListener(BootListener l) {
        listeners.add(l);
    }

    public void removeListener(BootListener l) {
        listeners.remove(l);
    }

    // ------------------------------------------------------------------ what the session shows

    public BootRequest request() {
        return request;
    }

    /** The steps run so far, in order. */
    public List<BootStep> steps() {
        return List.copyOf(steps);
    }

    /** How many steps ran. */
    public int position() {
        return steps.size();
    }

    /** The booted processor's state. */
    public RprocState state() {
        return built.target.state();
    }

    /** The first failure, or null. */
    public @Nullable BootError error() {
        for (BootStep s : steps) {
            if (s.error() != null) {
                return s.error();
            }
        }
        return null;
    }

    /** The kernel log so far (probe messages first). */
    public List<LogLine> log() {
        return built.kernel.log();
    }

    /** The booted processor's carveouts now. */
    public List<Carveout> carveouts() {
        return built.target.carveouts().stream().map(dev.bringup.loader.internal.MemEntry::view).toList();
    }

    /**
     * The IOMMU domains that concern the boot: the core's domain, the processor's group's domains,
     * domains owned by others for it, and every domain with mappings.
     */
    public List<DomainView> domains() {
        Built b = built;
        List<DomainView> out = new ArrayList<>();
        Master m = b.target.master();
        IommuGroup g = m == null ? null : m.group();
        for (IommuDomain d : b.soc.simulation().domains()) {
            boolean mine = d == b.target.domain() || g != null && (d == g.domain() || d == g.defaultDomain());
            DomainView v = DomainView.of(d);
            if (mine || !v.mappings().isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /** The resource table in device memory as the firmware sees it now, decoded, or null when none is loaded. */
    public @Nullable ResourceTable loadedResourceTable() {
        byte[] t = loadedTableBytes();
        if (t == null) {
            return null;
        }
        return ResourceTableCodec.decode(t, ByteOrder.LITTLE_ENDIAN, "loaded resource table", -1).table();
    }

    private byte @Nullable [] loadedTableBytes() {
        Rproc r = built.target;
        long pa = r.loadedTablePa();
        int size = r.tableSize();
        if (pa < 0 || size <= 0) {
            return null;
        }
        try {
            return built.soc.simulation().memory().read(pa, size);
        } catch (IommuException e) {
            return null;
        }
    }

    /**
     * Reads {@code len} bytes at device address {@code da} as the processor sees them now
     * (through its IOMMU's page table or its bus view; no fault is reported).
     *
     * @throws IommuException {@code -EFAULT} naming the first address that maps to nothing
     */
    public byte[] readDa(long da, int len) throws IommuException {
        byte[] out = new byte[len];
        Rproc r = built.target;
        int done = 0;
        while (done < len) {
            long at = da + done;
            int n = (int) Math.min(len - done, 4096 - (at & 4095));
            long pa = r.viewPa(at);
            if (pa < 0) {
                throw new IommuException(Errno.EFAULT, r.name() + " sees nothing at da " + Hex.of(at), Location.range(at, n),
                        null);
            }
            built.soc.simulation().memory().read(pa, out, done, n);
            done += n;
        }
        return out;
    }

    /** Reads simulated physical memory. */
    public byte[] readPa(long pa, int len) throws IommuException {
        return built.soc.simulation().memory().read(pa, len);
    }

    /** What debugfs {@code traceN} shows now. */
    public String trace(int n) {
        return built.target.traceText(n);
    }

    /** The rpmsg channels the remote announced. */
    public List<String> channels() {
        List<String> out = new ArrayList<>();
        for (Rvdev v : built.target.rvdevs()) {
            out.addAll(v.channels());
        }
        return out;
    }

    /** The ELF core files the crash handler wrote, oldest first. */
    public List<byte[]> coreDumps() {
        return built.kernel.coredumps();
    }

    /** The SHM bridges the host created with the secure world. */
    public List<AddressRange> shmBridges() {
        return built.kernel.secureWorld().bridges().stream().map(b -> new AddressRange(b.pa(), b.size())).toList();
    }

    /** The booted processor. */
    public Remoteproc remoteproc() {
        return new Remoteproc(this, built.target);
    }

    /** Every registered processor of the SoC, in registration order. */
    public List<Remoteproc> remoteprocs() {
        return built.kernel.rprocs().stream().map(r -> new Remoteproc(this, r)).toList();
    }

    /**
     * {@code rproc_get_by_name()} of seed 004: the processor called {@code name}, with a reference
     * taken (give it back with {@link Remoteproc#put()}); null when none is registered under that name.
     * (The 2011 function also booted it; call {@link Remoteproc#boot()} for that.)
     */
    public @Nullable Remoteproc getByName(String name) {
        for (Rproc r : built.kernel.rprocs()) {
            if (r.name().equals(name)) {
                call(Command.Kind.GET, r.index());
                return new Remoteproc(this, r);
            }
        }
        return null;
    }

    /** The simulation (memory, IOMMUs, masters) of the current build; a new one after a reset or step back. */
    public Simulation simulation() {
        return built.soc.simulation();
    }

    /** The model-to-simulation mapping of the current build. */
    public SocSimulation soc() {
        return built.soc;
    }

    /** What the simulation assumed or could not use while building the SoC. */
    public List<Diagnostic> diagnostics() {
        return built.soc.diagnostics();
    }

    /** What the workbench says about the driver model in use. */
    public List<String> notes() {
        return List.copyOf(built.notes);
    }

    /** The secure world of the simulation (Qualcomm PAS). */
    SecureWorld secureWorld() {
        return built.kernel.secureWorld();
    }

    /** The chain the kernel runs next, for tests; null when idle. */
    @Nullable
    Chain currentChain() {
        return built.kernel.current();
    }

    @Override
    public void close() {
        built.files.close();
    }
}
