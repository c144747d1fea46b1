package dev.bringup.ui.internal.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

import dev.bringup.common.FormatException;
import dev.bringup.loader.BootError;
import dev.bringup.loader.BootRequest;
import dev.bringup.loader.BootStep;
import dev.bringup.loader.Breakpoint;
import dev.bringup.loader.BreakpointHit;
import dev.bringup.loader.DomainView;
import dev.bringup.loader.RemoteAction;
import dev.bringup.loader.Scenarios;
import dev.bringup.model.BootScenario;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.BringupProject;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;
import dev.bringup.trace.MemoryLogSource;
import dev.bringup.ui.IovaMapInput;
import dev.bringup.ui.StepState;
import dev.bringup.ui.internal.BringupSession;
import dev.bringup.ui.internal.FirmwareEditor;
import dev.bringup.ui.internal.boot.BootController.Command;
import dev.bringup.ui.internal.boot.BootController.Snapshot;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The boot debugger: pick what to boot (an embedded scenario and one of its strategies, a
 * scenario of the open project, or the open project's SoC with the firmware of the active layout
 * editor), then step the boot (F6), step back (Shift+F6), continue (F8), run to the selected
 * pending step (Ctrl+R), reset (Shift+F5), with breakpoints of every kind the loader has. The
 * selected step's log, notes, IOMMU operations, writes, carveouts and state are shown, a failure
 * with the loader's diagnosis and fix; the step's IOMMU domain (and the step before's) goes to the
 * IOVA map, its memory state to the layout editor, and the kernel log and trace buffers to the
 * trace log viewer. The session runs on its own thread ({@link BootController}); nothing here
 * blocks the display longer than a page-table walk of a replayed step.
 */
public class BootDebuggerPart {

    /** The toolbar's actions. */
    public enum Action {
        BOOT, STEP, STEP_BACK, CONTINUE, RUN_TO, RESET, KERNEL_LOG, TRACE
    }

    /** Something to boot: a name, a description, its strategies (default first) and how to make its request. */
    private record Target(String name, String title, String description, List<BootStrategy> strategies,
            @Nullable Requests requests) {
    }

    /** Makes a target's request for a strategy (on the session's thread). */
    private interface Requests {
        BootRequest request(BootStrategy strategy) throws FormatException;
    }

    /** One row of the steps table: a step that ran, or (step null) one that is queued. */
    public record Row(int index, String name, @Nullable BootStep step) {
    }

    private final BringupSession session = BringupSession.get();
    private final Runnable sessionListener = this::sessionChanged;
    private final BootController controller;
    private final List<Target> targets = new ArrayList<>();
    private final Map<Action, Button> items = new EnumMap<>(Action.class);
    private final List<Image> images = new ArrayList<>();

    private @Nullable Composite root;
    private @Nullable Combo targetCombo;
    private @Nullable Combo strategyCombo;
    private @Nullable Label description;
    private @Nullable Label status;
    private @Nullable TableViewer steps;
    private @Nullable StyledText details;
    private @Nullable StepDetails stepDetails;
    private @Nullable Combo domainCombo;
    private @Nullable BreakpointsTab breakpointsTab;
    private @Nullable CTabFolder tabs;
    private @Nullable Image done;
    private @Nullable Image failed;
    private @Nullable Image stopped;
    private @Nullable Image pending;
    private @Nullable Image breakpointImage;
    private @Nullable Color errorBackground;
    private @Nullable Color errorForeground;

    private volatile @Nullable Snapshot shown;
    private boolean busy;
    private String running = ""; //$NON-NLS-1$
    private @Nullable String chosenDomain;
    private @Nullable KernelLog kernelLog;
    private boolean kernelLogShown;
    private @Nullable BringupProject targetsProject;
    private @Nullable IovaMapInput publishedMap;
    private @Nullable StepState publishedState;

    public BootDebuggerPart() {
        controller = new BootController(new BootController.Sink() {
            @Override
            public void update(Snapshot snapshot) {
                ui(() -> show(snapshot));
            }

            @Override
            public void running(int index, String name) {
                ui(() -> {
                    running = Messages.bind(Messages.Boot_running, index, name);
                    showStatus();
                });
            }

            @Override
            public void newKernelLog(KernelLog log) {
                ui(() -> {
                    kernelLog = log;
                    if (kernelLogShown) {
                        // the viewer follows the session's new log; the keys stay with the debugger
                        showKernelLog();
                        activateSelf();
                    }
                });
            }

            @Override
            public void traceLogs(List<MemoryLogSource> sources) {
                ui(() -> showTraceBuffers(sources));
            }
        }, (title, probe) -> new KernelLog(Messages.bind(Messages.Boot_kernelLogTitle, title), probe,
                this::stepName, this::revealLater));
    }

    // ------------------------------------------------------------------ controls

    @PostConstruct
    public void createControls(Composite parent) {
        Display display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        root = parent;
        errorBackground = new Color(display, 0xfd, 0xe4, 0xe4);
        errorForeground = new Color(display, 0xa0, 0x10, 0x10);
        done = dot(display, new RGB(0x2e, 0x8b, 0x57), true);
        failed = dot(display, new RGB(0xd0, 0x30, 0x30), true);
        stopped = dot(display, new RGB(0xe8, 0x9a, 0x10), true);
        pending = dot(display, new RGB(0x9a, 0x9a, 0x9a), false);
        breakpointImage = dot(display, new RGB(0x30, 0x60, 0xc8), true);

        Composite head = new Composite(parent, SWT.NONE);
        GridLayout hl = new GridLayout(2, false);
        hl.marginWidth = 0;
        hl.marginHeight = 0;
        head.setLayout(hl);
        head.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(head, SWT.NONE).setText(Messages.Boot_target);
        Combo tc = new Combo(head, SWT.READ_ONLY | SWT.DROP_DOWN);
        tc.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        tc.addListener(SWT.Selection, e -> targetChosen());
        targetCombo = tc;
        new Label(head, SWT.NONE).setText(Messages.Boot_strategy);
        Combo sc = new Combo(head, SWT.READ_ONLY | SWT.DROP_DOWN);
        sc.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        sc.setToolTipText(Messages.Boot_strategyTip);
        strategyCombo = sc;
        Label d = new Label(head, SWT.WRAP);
        GridData dd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        dd.widthHint = 100;
        d.setLayoutData(dd);
        description = d;

        // a row of flat buttons that wraps in a narrow part (a GTK tool bar does not wrap, it hides items)
        Composite bar = new Composite(parent, SWT.NONE);
        RowLayout rl = new RowLayout(SWT.HORIZONTAL);
        rl.wrap = true;
        rl.marginLeft = 0;
        rl.marginRight = 0;
        rl.marginTop = 0;
        rl.marginBottom = 0;
        rl.spacing = 2;
        rl.center = true;
        bar.setLayout(rl);
        GridData bd = new GridData(SWT.FILL, SWT.TOP, true, false);
        bd.widthHint = 100;
        bar.setLayoutData(bd);
        item(bar, Action.BOOT, Messages.Boot_actionBoot, Messages.Boot_actionBootTip);
        item(bar, Action.STEP, Messages.Boot_actionStep, Messages.Boot_actionStepTip);
        item(bar, Action.STEP_BACK, Messages.Boot_actionBack, Messages.Boot_actionBackTip);
        item(bar, Action.CONTINUE, Messages.Boot_actionContinue, Messages.Boot_actionContinueTip);
        item(bar, Action.RUN_TO, Messages.Boot_actionRunTo, Messages.Boot_actionRunToTip);
        item(bar, Action.RESET, Messages.Boot_actionReset, Messages.Boot_actionResetTip);
        item(bar, Action.KERNEL_LOG, Messages.Boot_actionKernelLog, Messages.Boot_actionKernelLogTip);
        item(bar, Action.TRACE, Messages.Boot_actionTrace, Messages.Boot_actionTraceTip);

        Label st = new Label(parent, SWT.WRAP);
        GridData sd = new GridData(SWT.FILL, SWT.TOP, true, false);
        sd.widthHint = 100;
        st.setLayoutData(sd);
        status = st;

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        steps = createSteps(sash);
        CTabFolder folder = new CTabFolder(sash, SWT.BOTTOM | SWT.FLAT | SWT.BORDER);
        CTabItem detailsTab = new CTabItem(folder, SWT.NONE);
        detailsTab.setText(Messages.Boot_tabDetails);
        detailsTab.setControl(createDetails(folder));
        CTabItem bpTab = new CTabItem(folder, SWT.NONE);
        bpTab.setText(Messages.Boot_tabBreakpoints);
        BreakpointsTab bt = new BreakpointsTab(folder, breakpointImage, errorForeground, () -> {
            Snapshot sn = shown;
            return sn == null ? null : sn.hit();
        }, () -> {
            Row r = selectedRow();
            return r == null ? null : r.name();
        }, this::breakpointsChanged);
        breakpointsTab = bt;
        bpTab.setControl(bt.control());
        folder.setSelection(0);
        tabs = folder;
        sash.setWeights(45, 55);

        installKeys(parent);
        fillTargets();
        session.register(this);
        session.addListener(sessionListener);
        showStatus();
        enableActions();
    }

    private void item(Composite bar, Action action, String text, String tip) {
        Button i = new Button(bar, SWT.PUSH);
        i.setText(text);
        i.setToolTipText(tip);
        i.addListener(SWT.Selection, e -> perform(action));
        items.put(action, i);
    }

    private TableViewer createSteps(Composite parent) {
        TableViewer v = new TableViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.BORDER);
        v.getTable().setHeaderVisible(true);
        v.getTable().setLinesVisible(false);
        v.setContentProvider(ArrayContentProvider.getInstance());
        stepColumn(v, "", 18, r -> "", this::breakpointMarker); //$NON-NLS-1$ //$NON-NLS-2$
        stepColumn(v, Messages.Boot_columnIndex, 40, r -> Integer.toString(r.index()), this::statusImage);
        stepColumn(v, Messages.Boot_columnStep, 190, Row::name, r -> null);
        stepColumn(v, Messages.Boot_columnResult, 64, this::result, r -> null);
        v.addSelectionChangedListener(e -> selectionChanged());
        v.addDoubleClickListener(e -> toggleStepBreakpoint());
        org.eclipse.jface.viewers.ColumnViewerToolTipSupport.enableFor(v);
        org.eclipse.swt.widgets.Table t = v.getTable();
        t.addListener(SWT.Resize, e -> {
            int others = 0;
            for (int i = 0; i < t.getColumnCount(); i++) {
                others += i == 2 ? 0 : t.getColumn(i).getWidth();
            }
            t.getColumn(2).setWidth(Math.max(120, t.getClientArea().width - others));
        });
        return v;
    }

    private void stepColumn(TableViewer v, String title, int width, java.util.function.Function<Row, String> text,
            java.util.function.Function<Row, @Nullable Image> image) {
        TableViewerColumn c = new TableViewerColumn(v, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Row) element);
            }

            @Override
            public @Nullable Image getImage(Object element) {
                return image.apply((Row) element);
            }

            @Override
            public @Nullable Color getForeground(Object element) {
                Row r = (Row) element;
                BootStep s = r.step();
                if (s == null) {
                    return v.getControl().getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
                }
                return s.failed() ? errorForeground : null;
            }

            @Override
            public String getToolTipText(Object element) {
                Row r = (Row) element;
                BootStep s = r.step();
                return s == null ? Messages.Boot_pendingTip : s.title();
            }
        });
    }

    private String result(Row r) {
        BootStep s = r.step();
        if (s == null) {
            return isHitRow(r) ? Messages.Boot_resultStoppedBefore : Messages.Boot_resultPending;
        }
        BootError e = s.error();
        if (e != null) {
            return e.errnoName();
        }
        return isHitRow(r) ? Messages.Boot_resultStopped : Messages.Boot_resultOk;
    }

    private boolean isHitRow(Row r) {
        Snapshot s = shown;
        BreakpointHit h = s == null ? null : s.hit();
        return h != null && h.stepIndex() == r.index();
    }

    private @Nullable Image statusImage(Row r) {
        BootStep s = r.step();
        if (isHitRow(r)) {
            return stopped;
        }
        if (s == null) {
            return pending;
        }
        return s.failed() ? failed : done;
    }

    private @Nullable Image breakpointMarker(Row r) {
        BreakpointsTab t = breakpointsTab;
        return r.step() == null && t != null && t.breakpoints().contains(new Breakpoint.AtStep(r.name())) ? breakpointImage
                : null;
    }

    private Control createDetails(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(2, false);
        gl.marginWidth = 2;
        gl.marginHeight = 2;
        c.setLayout(gl);
        new Label(c, SWT.NONE).setText(Messages.Boot_domain);
        Combo dc = new Combo(c, SWT.READ_ONLY | SWT.DROP_DOWN);
        dc.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        dc.setToolTipText(Messages.Boot_domainTip);
        dc.addListener(SWT.Selection, e -> {
            int i = dc.getSelectionIndex();
            chosenDomain = i < 0 ? null : dc.getItem(i);
            dc.setToolTipText(chosenDomain == null ? Messages.Boot_domainTip : chosenDomain);
            publish();
        });
        domainCombo = dc;
        StyledText t = new StyledText(c, SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        GridData td = new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1);
        td.widthHint = 100;
        t.setLayoutData(td);
        t.setMargins(4, 2, 4, 2);
        details = t;
        stepDetails = new StepDetails(t, errorForeground, errorBackground);
        return c;
    }

    private void installKeys(Control c) {
        c.addListener(SWT.KeyDown, this::key);
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                installKeys(child);
            }
        }
    }

    /** F5 boot, Shift+F5 reset, F6 step, Shift+F6 step back, F8 continue, Ctrl+R run to, Ctrl+Shift+B breakpoint. */
    private void key(Event e) {
        int mods = e.stateMask & SWT.MODIFIER_MASK;
        Action a = null;
        if (e.keyCode == SWT.F5) {
            a = mods == SWT.SHIFT ? Action.RESET : mods == 0 ? Action.BOOT : null;
        } else if (e.keyCode == SWT.F6) {
            a = mods == SWT.SHIFT ? Action.STEP_BACK : mods == 0 ? Action.STEP : null;
        } else if (e.keyCode == SWT.F8 && mods == 0) {
            a = Action.CONTINUE;
        } else if ((e.keyCode == 'r' || e.keyCode == 'R') && mods == SWT.MOD1) {
            a = Action.RUN_TO;
        } else if ((e.keyCode == 'k' || e.keyCode == 'K') && mods == (SWT.MOD1 | SWT.SHIFT)) {
            a = Action.KERNEL_LOG;
        } else if ((e.keyCode == 't' || e.keyCode == 'T') && mods == (SWT.MOD1 | SWT.SHIFT)) {
            a = Action.TRACE;
        } else if ((e.keyCode == 'b' || e.keyCode == 'B') && mods == (SWT.MOD1 | SWT.SHIFT)) {
            e.doit = false;
            toggleStepBreakpoint();
            return;
        }
        if (a != null) {
            e.doit = false;
            perform(a);
        }
    }

    // ------------------------------------------------------------------ what to boot

    private void fillTargets() {
        Combo tc = targetCombo;
        if (tc == null) {
            return;
        }
        String was = tc.getSelectionIndex() < 0 ? null : targets.get(tc.getSelectionIndex()).name();
        targets.clear();
        BringupProject project = session.project();
        targetsProject = project;
        targets.add(new Target(Messages.Boot_openProject, Messages.Boot_openProjectTitle, Messages.Boot_openProjectDescription,
                strategies(BootStrategy.LINUX_DEFAULT), null));
        if (project != null) {
            for (BootScenario bs : project.getScenarios()) {
                BootStrategy def = bs.getStrategy() == null ? BootStrategy.LINUX_DEFAULT : bs.getStrategy();
                targets.add(new Target(project.getName() + ": " + bs.getName(), bs.getName(), //$NON-NLS-1$
                        bs.getDescription() == null ? "" : bs.getDescription(), strategies(def), //$NON-NLS-1$
                        s -> BootRequest.of(bs).withStrategy(s)));
            }
        }
        for (Scenarios.Scenario s : Scenarios.all()) {
            targets.add(new Target(s.name(), s.title(), s.description(), s.strategies(), s::request));
        }
        tc.removeAll();
        int select = project == null ? 1 : 0;
        for (int i = 0; i < targets.size(); i++) {
            tc.add(targets.get(i).name());
            if (targets.get(i).name().equals(was)) {
                select = i;
            }
        }
        tc.select(select);
        targetChosen();
    }

    private static List<BootStrategy> strategies(BootStrategy first) {
        List<BootStrategy> out = new ArrayList<>();
        out.add(first);
        BootStrategy.VALUES.stream().filter(s -> s != first).forEach(out::add);
        return out;
    }

    private void targetChosen() {
        Combo tc = targetCombo;
        Combo sc = strategyCombo;
        Label d = description;
        if (tc == null || sc == null || d == null || tc.getSelectionIndex() < 0) {
            return;
        }
        Target t = targets.get(tc.getSelectionIndex());
        sc.removeAll();
        for (int i = 0; i < t.strategies().size(); i++) {
            sc.add(t.strategies().get(i).getLiteral() + (i == 0 ? " " + Messages.Boot_default : "")); //$NON-NLS-1$ //$NON-NLS-2$
        }
        sc.select(0);
        d.setText(t.title());
        d.setToolTipText(t.description());
        tc.setToolTipText(t.title() + "\n\n" + t.description()); //$NON-NLS-1$
        if (shown == null) {
            showDescription(t);
        }
        d.getParent().getParent().layout(true, true);
    }

    private void showDescription(Target t) {
        StyledText t2 = details;
        if (t2 != null) {
            t2.setText(t.title() + "\n\n" + t.description() + "\n\n" + Messages.Boot_howTo); //$NON-NLS-1$ //$NON-NLS-2$
            t2.setStyleRanges(new StyleRange[] { StepDetails.bold(0, t.title().length()) });
        }
    }

    private void sessionChanged() {
        Control r = root;
        if (r != null && !r.isDisposed()) {
            r.getDisplay().asyncExec(() -> {
                if (!r.isDisposed() && session.project() != targetsProject) {
                    fillTargets();
                }
            });
        }
    }

    /** Boots the chosen target with the chosen strategy (a new session; breakpoints carry over). */
    public void boot() {
        Combo tc = targetCombo;
        Combo sc = strategyCombo;
        if (tc == null || sc == null || tc.getSelectionIndex() < 0 || busy) {
            return;
        }
        Target t = targets.get(tc.getSelectionIndex());
        BootStrategy strategy = t.strategies().get(Math.max(0, sc.getSelectionIndex()));
        BootController.RequestSupplier supplier;
        String title;
        Requests r = t.requests();
        if (r == null) {
            String[] why = new String[1];
            BootController.RequestSupplier project = projectRequest(strategy, why);
            if (project == null) {
                showProblem(why[0]);
                return;
            }
            supplier = project;
            title = why[0];
        } else {
            supplier = () -> r.request(strategy);
            title = t.name() + " (" + strategy.getLiteral() + ")"; //$NON-NLS-1$ //$NON-NLS-2$
        }
        setBusy(true);
        chosenDomain = null;
        controller.open(title, supplier, breakpoints());
    }

    /**
     * The open project's request: its SoC, the firmware of the active layout editor and the
     * processor chosen there. Null with the reason in {@code why[0]} when something is missing;
     * otherwise {@code why[0]} is the title.
     */
    private BootController.@Nullable RequestSupplier projectRequest(BootStrategy strategy, String[] why) {
        Soc soc = session.soc();
        if (soc == null) {
            why[0] = Messages.Boot_noProject;
            return null;
        }
        FirmwareEditor editor = activeFirmwareEditor();
        if (editor == null) {
            why[0] = Messages.Boot_noFirmware;
            return null;
        }
        Path file = editor.document().path();
        if (!(editor.document().processor() instanceof RemoteProcessor rp)) {
            why[0] = Messages.bind(Messages.Boot_noProcessor, file.getFileName());
            return null;
        }
        String processor = rp.getPath() == null ? rp.getName() : rp.getPath();
        why[0] = soc.getName() + ": " + rp.getName() + " " + file.getFileName() + " (" + strategy.getLiteral() + ")" //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
                + (editor.isDirty() ? " " + Messages.Boot_savedFile : ""); //$NON-NLS-1$ //$NON-NLS-2$
        return () -> BootRequest.builder(soc, processor, new BootRequest.FromFile(file)).strategy(strategy).build();
    }

    private static @Nullable FirmwareEditor activeFirmwareEditor() {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = w == null ? null : w.getActivePage();
        IEditorPart e = page == null ? null : page.getActiveEditor();
        return e instanceof FirmwareEditor fe ? fe : null;
    }

    // ------------------------------------------------------------------ actions

    /** Runs an action as its toolbar button does (ignored while the session runs or when it does not apply). */
    public void perform(Action action) {
        Button i = items.get(action);
        if (i == null || i.isDisposed() || !i.isEnabled()) {
            return;
        }
        switch (action) {
        case BOOT -> boot();
        case STEP -> command(Command.STEP);
        case STEP_BACK -> command(Command.STEP_BACK);
        case CONTINUE -> command(Command.CONTINUE);
        case RESET -> command(Command.RESET);
        case RUN_TO -> command(Command.RUN_TO);
        case KERNEL_LOG -> {
            kernelLogShown = true;
            showKernelLog();
        }
        case TRACE -> controller.followTraces();
        }
    }

    private void command(Command c) {
        int target = -1;
        String name = ""; //$NON-NLS-1$
        if (c == Command.RUN_TO) {
            Row r = selectedRow();
            if (r == null || r.step() != null) {
                return;
            }
            target = r.index();
            name = r.name();
        }
        setBusy(true);
        controller.run(c, target, name);
    }

    private void setBusy(boolean b) {
        busy = b;
        if (b) {
            running = Messages.Boot_starting;
        } else {
            running = ""; //$NON-NLS-1$
        }
        enableActions();
        showStatus();
    }

    /** Whether the session is running a command (the actions are disabled meanwhile). */
    public boolean isBusy() {
        return busy;
    }

    private void enableActions() {
        Snapshot s = shown;
        boolean open = s != null && s.problem() == null;
        Row sel = selectedRow();
        enable(Action.BOOT, !busy);
        enable(Action.STEP, !busy && open && !s.finished());
        enable(Action.CONTINUE, !busy && open && !s.finished());
        enable(Action.STEP_BACK, !busy && open && !s.steps().isEmpty());
        enable(Action.RESET, !busy && open && !s.steps().isEmpty());
        enable(Action.RUN_TO, !busy && open && sel != null && sel.step() == null);
        enable(Action.KERNEL_LOG, !busy && open);
        enable(Action.TRACE, !busy && open);
        Combo tc = targetCombo;
        Combo sc = strategyCombo;
        if (tc != null && sc != null) {
            tc.setEnabled(!busy);
            sc.setEnabled(!busy);
        }
    }

    private void enable(Action a, boolean on) {
        Button i = items.get(a);
        if (i != null && !i.isDisposed()) {
            i.setEnabled(on);
        }
    }

    // ------------------------------------------------------------------ showing the session

    private void show(Snapshot s) {
        if (root == null || root.isDisposed()) {
            return;
        }
        shown = s;
        busy = false;
        running = ""; //$NON-NLS-1$
        TableViewer v = steps;
        if (v == null) {
            return;
        }
        List<Row> rows = rows(s);
        v.setInput(rows);
        BreakpointsTab bt = breakpointsTab;
        if (bt != null) {
            bt.refresh();
        }
        if (s.problem() != null) {
            StyledText t = details;
            if (t != null) {
                t.setText(s.problem());
                t.setStyleRanges(new StyleRange[0]);
            }
            unpublish();
        } else {
            int select = focusRow(s);
            if (select >= 0 && select < rows.size()) {
                v.setSelection(new StructuredSelection(rows.get(select)), true);
            } else {
                selectionChanged();
            }
        }
        enableActions();
        showStatus();
    }

    private static List<Row> rows(Snapshot s) {
        List<Row> rows = new ArrayList<>();
        for (BootStep st : s.steps()) {
            rows.add(new Row(st.index(), st.name(), st));
        }
        int i = s.steps().size();
        for (String name : s.upcoming()) {
            rows.add(new Row(i++, name, null));
        }
        return rows;
    }

    /** The row to show after a command: the failure, else the breakpoint's step, else the last step run. */
    private static int focusRow(Snapshot s) {
        BootError e = s.error();
        if (e != null) {
            for (BootStep st : s.steps()) {
                if (st.failed()) {
                    return st.index();
                }
            }
        }
        BreakpointHit h = s.hit();
        if (h != null) {
            return h.stepIndex();
        }
        return s.steps().isEmpty() ? 0 : s.steps().size() - 1;
    }

    private void showStatus() {
        Label l = status;
        if (l == null || l.isDisposed()) {
            return;
        }
        Snapshot s = shown;
        String text;
        if (!running.isEmpty()) {
            text = running;
        } else if (s == null) {
            text = Messages.Boot_notStarted;
        } else if (s.problem() != null) {
            text = Messages.bind(Messages.Boot_cannotBoot, s.title());
        } else {
            StringBuilder b = new StringBuilder(Messages.bind(Messages.Boot_statusLine, new Object[] { s.processor(),
                    s.state().kernelName(), s.steps().size(), s.title() }));
            BreakpointHit h = s.hit();
            BootError e = s.error();
            if (e != null) {
                b.append('\n').append(Messages.bind(Messages.Boot_statusFailed, e.step(), e.errnoName()));
            } else if (h != null) {
                b.append('\n').append(Messages.bind(Messages.Boot_statusHit, h.breakpoint(), h.what()));
            } else if (s.finished()) {
                b.append('\n').append(Messages.Boot_statusFinished);
            }
            text = b.toString();
        }
        l.setText(text);
        l.getParent().layout(true, true);
    }

    private void showProblem(String text) {
        StyledText t = details;
        if (t != null) {
            t.setText(text);
            t.setStyleRanges(new StyleRange[] { new StyleRange(0, text.length(), errorForeground, null) });
        }
        Label l = status;
        if (l != null) {
            l.setText(text);
            l.getParent().layout(true, true);
        }
    }

    private @Nullable Row selectedRow() {
        TableViewer v = steps;
        if (v == null) {
            return null;
        }
        Object o = ((IStructuredSelection) v.getSelection()).getFirstElement();
        return o instanceof Row r ? r : null;
    }

    private void selectionChanged() {
        Snapshot s = shown;
        Row r = selectedRow();
        enableActions();
        if (s == null || s.problem() != null) {
            return;
        }
        fillDomains(s, r);
        StepDetails d = stepDetails;
        if (d != null) {
            d.show(s, r);
        }
        publish();
        BreakpointsTab bt = breakpointsTab;
        if (r != null && bt != null) {
            bt.stepSelected(r.name());
        }
    }

    /** The index of the step whose state is shown for row {@code r}: itself when it ran, else the last step run. */
    private static int stateIndex(Snapshot s, @Nullable Row r) {
        if (r != null && r.step() != null) {
            return r.index();
        }
        return s.steps().size() - 1;
    }

    private void fillDomains(Snapshot s, @Nullable Row r) {
        Combo dc = domainCombo;
        if (dc == null) {
            return;
        }
        List<DomainView> ds = s.domainsAfter(stateIndex(s, r));
        dc.removeAll();
        for (DomainView d : ds) {
            dc.add(d.label());
        }
        int pick = -1;
        for (int i = 0; i < ds.size() && pick < 0; i++) {
            if (ds.get(i).label().equals(chosenDomain)) {
                pick = i;
            }
        }
        for (int i = 0; i < ds.size() && pick < 0; i++) {
            if (ds.get(i).devices().contains(s.deviceName())) {
                pick = i;
            }
        }
        for (int i = 0; i < ds.size() && pick < 0; i++) {
            if (!ds.get(i).mappings().isEmpty()) {
                pick = i;
            }
        }
        if (pick < 0 && !ds.isEmpty()) {
            pick = 0;
        }
        if (pick >= 0) {
            dc.select(pick);
            dc.setToolTipText(dc.getItem(pick));
        }
        dc.setEnabled(!ds.isEmpty());
    }

    /** Publishes the shown step's IOMMU domain (and the step before's) to the IOVA map and its state to the layout editor. */
    private void publish() {
        Snapshot s = shown;
        Combo dc = domainCombo;
        if (s == null || dc == null || s.problem() != null) {
            return;
        }
        int index = stateIndex(s, selectedRow());
        String label = dc.getSelectionIndex() < 0 ? null : dc.getItem(dc.getSelectionIndex());
        IovaMapInput current = null;
        IovaMapInput baseline = null;
        if (label != null) {
            current = input(s, index, label);
            baseline = input(s, index - 1, label);
        }
        publishedMap = current;
        session.setIovaMap(current, baseline);
        StepState state = index < 0 ? null : StepStates.of(s.firmware(), s.steps(), index, s.domains());
        publishedState = state;
        session.setStepState(state);
    }

    private IovaMapInput input(Snapshot s, int index, String label) {
        DomainView d = s.domainsAfter(index).stream().filter(x -> x.label().equals(label)).findFirst().orElse(null);
        String when = index < 0 ? Messages.Boot_beforeBoot : Messages.bind(Messages.Boot_afterStep, stepName(index));
        List<IovaMapInput.Mapping> maps = d == null ? List.of() : StepStates.iovaMappings(d);
        return IovaMapInput.of(when + ": " + label, maps, d == null ? null : iova -> controller.walk(index, label, iova)); //$NON-NLS-1$
    }

    private void unpublish() {
        if (publishedMap != null && session.iovaMap() == publishedMap) {
            session.setIovaMap(null, null);
        }
        if (publishedState != null && session.stepState() == publishedState) {
            session.setStepState(null);
        }
        publishedMap = null;
        publishedState = null;
    }

    /** {@code #3 rproc_enable_iommu}, for the log viewer's step column and the IOVA map's labels. */
    String stepName(int index) {
        Snapshot s = shown;
        if (s != null && index >= 0 && index < s.steps().size()) {
            return "#" + index + " " + s.steps().get(index).name(); //$NON-NLS-1$ //$NON-NLS-2$
        }
        return index < 0 ? Messages.Boot_probe : "#" + index; //$NON-NLS-1$
    }

    // ------------------------------------------------------------------ logs

    private void showKernelLog() {
        KernelLog l = kernelLog;
        if (l == null) {
            return;
        }
        if (!session.showLog(l.source().name(), l.source(), l)) {
            showProblem(Messages.Boot_noLogViewer);
        }
    }

    private static void activateSelf() {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = w == null ? null : w.getActivePage();
        org.eclipse.ui.IViewPart me = page == null ? null : page.findView(dev.bringup.ui.BringupUi.BOOT_DEBUGGER_ID);
        if (page != null && me != null) {
            page.activate(me);
        }
    }

    /** Shows the trace buffers the controller follows (live sources; see {@link TraceBufferLog}). */
    private void showTraceBuffers(List<MemoryLogSource> buffers) {
        if (buffers.isEmpty()) {
            showProblem(Messages.Boot_noTraceBuffer);
            return;
        }
        for (MemoryLogSource b : buffers) {
            if (!session.showLog(b.name(), b, null)) {
                showProblem(Messages.Boot_noLogViewer);
                return;
            }
        }
        activateSelf(); // the keys stay with the debugger
    }

    /**
     * Queues a remote action (what the firmware does once up: write its trace buffer, read, crash,
     * ...) after the steps already queued; it runs as a step of its own.
     */
    public void remote(RemoteAction action) {
        controller.remote(action);
    }

    private void revealLater(int index) {
        ui(() -> reveal(index));
    }

    /** Selects step {@code index} (a row of the table) and shows its state. */
    public void reveal(int index) {
        TableViewer v = steps;
        if (v == null || v.getControl().isDisposed() || !(v.getInput() instanceof List<?> rows)) {
            return;
        }
        if (index >= 0 && index < rows.size()) {
            v.setSelection(new StructuredSelection(rows.get(index)), true);
        }
    }

    // ------------------------------------------------------------------ breakpoints

    /** Adds the breakpoint the Breakpoints tab's kind and text describe. */
    public void addBreakpoint() {
        breakpointsTab().addFromFields();
    }

    /** Breakpoints on the range selected in the layout editor. */
    public void breakOnSelectedRange() {
        breakpointsTab().breakOnSelectedRange();
    }

    /** Adds or removes a breakpoint before the selected step's name (double-click, Ctrl+Shift+B). */
    public void toggleStepBreakpoint() {
        Row r = selectedRow();
        if (r != null) {
            breakpointsTab().toggle(new Breakpoint.AtStep(r.name()));
        }
    }

    /** The breakpoints, in the order they were added. */
    public List<Breakpoint> breakpoints() {
        return breakpointsTab().breakpoints();
    }

    /** Removes every breakpoint. */
    public void clearBreakpoints() {
        breakpointsTab().clear();
    }

    private BreakpointsTab breakpointsTab() {
        BreakpointsTab t = breakpointsTab;
        if (t == null) {
            throw new IllegalStateException("the part has no controls"); //$NON-NLS-1$
        }
        return t;
    }

    private void breakpointsChanged(List<Breakpoint> list) {
        controller.setBreakpoints(list);
        TableViewer v = steps;
        if (v != null) {
            v.refresh();
        }
    }

    // ------------------------------------------------------------------ for tests and other parts

    /** Picks a target by its name (a scenario's name) and a strategy by its literal; false when either is not offered. */
    public boolean choose(String target, @Nullable String strategy) {
        Combo tc = targetCombo;
        Combo sc = strategyCombo;
        if (tc == null || sc == null) {
            return false;
        }
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).name().equals(target)) {
                tc.select(i);
                targetChosen();
                if (strategy == null) {
                    return true;
                }
                List<BootStrategy> ss = targets.get(i).strategies();
                for (int j = 0; j < ss.size(); j++) {
                    if (ss.get(j).getLiteral().equals(strategy)) {
                        sc.select(j);
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    public @Nullable TableViewer stepsViewer() {
        return steps;
    }

    /** The button of an action. */
    public @Nullable Button button(Action a) {
        return items.get(a);
    }

    /** The details pane's text. */
    public String detailsText() {
        StyledText t = details;
        return t == null ? "" : t.getText(); //$NON-NLS-1$
    }

    /** The status line. */
    public String statusText() {
        Label l = status;
        return l == null ? "" : l.getText(); //$NON-NLS-1$
    }

    /** The source of the current kernel log, or null. */
    public @Nullable MemoryLogSource kernelLogSource() {
        KernelLog l = kernelLog;
        return l == null ? null : l.source();
    }

    /** The link of the current kernel log to the steps, or null. */
    public dev.bringup.ui.internal.@Nullable BootLink kernelLogLink() {
        return kernelLog;
    }

    /** The steps run so far in the shown snapshot. */
    public List<BootStep> stepsRun() {
        Snapshot s = shown;
        return s == null ? List.of() : s.steps();
    }

    /** The breakpoint that stopped the last run, or null. */
    public @Nullable BreakpointHit lastHit() {
        Snapshot s = shown;
        return s == null ? null : s.hit();
    }

    public @Nullable CTabFolder tabs() {
        return tabs;
    }

    public @Nullable Combo breakpointKind() {
        BreakpointsTab t = breakpointsTab;
        return t == null ? null : t.kind();
    }

    public @Nullable Text breakpointSpec() {
        BreakpointsTab t = breakpointsTab;
        return t == null ? null : t.spec();
    }

    /** The line under the breakpoint field (why a breakpoint was not added, or where it came from). */
    public String breakpointMessageText() {
        BreakpointsTab t = breakpointsTab;
        return t == null ? "" : t.message(); //$NON-NLS-1$
    }

    public @Nullable Combo domainCombo() {
        return domainCombo;
    }

    // ------------------------------------------------------------------ plumbing

    private void ui(Runnable r) {
        Composite c = root;
        if (c == null || c.isDisposed()) {
            return;
        }
        c.getDisplay().asyncExec(() -> {
            if (!c.isDisposed()) {
                r.run();
            }
        });
    }

    private Image dot(Display display, RGB rgb, boolean filled) {
        int size = 12;
        PaletteData palette = new PaletteData(new RGB[] { new RGB(255, 255, 255), rgb });
        ImageData data = new ImageData(size, size, 1, palette);
        data.transparentPixel = 0;
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dist = Math.hypot(x - c, y - c);
                boolean on = filled ? dist <= 4.6 : dist <= 4.6 && dist >= 3.2;
                data.setPixel(x, y, on ? 1 : 0);
            }
        }
        Image i = new Image(display, data);
        images.add(i);
        return i;
    }

    @Focus
    public void setFocus() {
        TableViewer v = steps;
        if (v != null && !v.getControl().isDisposed()) {
            v.getControl().setFocus();
        }
    }

    @PreDestroy
    public void dispose() {
        session.unregister(this);
        session.removeListener(sessionListener);
        unpublish();
        controller.dispose();
        images.forEach(Image::dispose);
        Color b = errorBackground;
        Color f = errorForeground;
        if (b != null) {
            b.dispose();
        }
        if (f != null) {
            f.dispose();
        }
    }
}
