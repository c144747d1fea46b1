package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.model.BringupProject;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;
import dev.bringup.model.support.ModelValidation;

/**
 * What the workbench has open: the bring-up project (its SoC) the explorer shows, and the
 * diagnostics of every layer by source (a firmware file, the devicetree import, model
 * validation) for the Problems view, and the IOVA map's input. One per workbench: the workbench
 * advisor puts it into the workbench's {@code IEclipseContext} at start-up, so e4 parts get it
 * by {@code @Inject}; the 3.x editor and the action bar reach it through {@link #get()}.
 */
public final class BringupSession {

    /** The layer a diagnostic comes from. */
    public enum Layer {
        FIRMWARE, DEVICETREE, MODEL
    }

    /** Diagnostics of one source. */
    public record Source(Layer layer, String name) {
    }

    private static final BringupSession INSTANCE = new BringupSession();

    private @Nullable BringupProject project;
    private final Map<Source, List<Diagnostic>> diagnostics = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private BringupSession() {
    }

    /** The one session. */
    public static BringupSession get() {
        return INSTANCE;
    }

    public @Nullable BringupProject project() {
        return project;
    }

    public @Nullable Soc soc() {
        BringupProject p = project;
        return p == null ? null : p.getSoc();
    }

    private org.eclipse.emf.edit.domain.@Nullable AdapterFactoryEditingDomain editingDomain;

    /**
     * The editing domain of the open project: edits in the Properties view run as commands on its
     * command stack, which Edit > Undo and Redo of the SoC explorer use. A new project starts a
     * new history.
     */
    public synchronized org.eclipse.emf.edit.domain.EditingDomain editingDomain() {
        org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain d = editingDomain;
        if (d == null) {
            d = new org.eclipse.emf.edit.domain.AdapterFactoryEditingDomain(EmfAdapters.factory(),
                    new org.eclipse.emf.common.command.BasicCommandStack());
            d.getCommandStack().addCommandStackListener(e -> revalidate()); // an undo changes the model too
            editingDomain = d;
        }
        return d;
    }

    /** Shows {@code p}; {@code importDiagnostics} are those of the devicetree import (or empty). */
    public void setProject(BringupProject p, List<Diagnostic> importDiagnostics) {
        if (project != p) {
            editingDomain().getCommandStack().flush();
        }
        project = p;
        diagnostics.keySet().removeIf(s -> s.layer() != Layer.FIRMWARE);
        diagnostics.put(new Source(Layer.DEVICETREE, p.getSoc() == null ? p.getName() : p.getSoc().getName()),
                List.copyOf(importDiagnostics));
        diagnostics.put(new Source(Layer.MODEL, p.getName()), ModelValidation.validate(p));
        fire();
    }

    /** Re-validates the model (after an edit in the Properties view). */
    public void revalidate() {
        BringupProject p = project;
        if (p != null) {
            diagnostics.put(new Source(Layer.MODEL, p.getName()), ModelValidation.validate(p));
            fire();
        }
    }

    public void setDiagnostics(Source source, List<Diagnostic> list) {
        diagnostics.put(source, List.copyOf(list));
        fire();
    }

    public void removeDiagnostics(Source source) {
        if (diagnostics.remove(source) != null) {
            fire();
        }
    }

    public Map<Source, List<Diagnostic>> diagnostics() {
        return Map.copyOf(diagnostics);
    }

    /** Every diagnostic with its source, in source order. */
    public List<Map.Entry<Source, Diagnostic>> allDiagnostics() {
        List<Map.Entry<Source, Diagnostic>> out = new ArrayList<>();
        diagnostics.forEach((s, l) -> l.forEach(d -> out.add(Map.entry(s, d))));
        return out;
    }

    /** The remote processor of the open SoC that runs a firmware file of this name, else the only one, else null. */
    public @Nullable RemoteProcessor processorFor(String fileName) {
        Soc s = soc();
        if (s == null) {
            return null;
        }
        List<RemoteProcessor> all = s.remoteProcessors();
        String base = fileName.replaceAll("\\.(elf|mdt|mbn)$", "");
        for (RemoteProcessor rp : all) {
            for (String fw : rp.getFirmwareNames()) {
                String fwBase = fw.substring(fw.lastIndexOf('/') + 1).replaceAll("\\.(elf|mdt|mbn|xem3|xe64T|img)$", "");
                if (fwBase.equals(base) || base.startsWith(rp.getName()) || fileName.equals(fw)) {
                    return rp;
                }
            }
        }
        for (RemoteProcessor rp : all) {
            if (base.contains(rp.getName()) || (rp.getRprocName() != null && base.contains(rp.getRprocName()))) {
                return rp;
            }
        }
        return null; // the user chooses in the editor's processor list
    }

    private dev.bringup.ui.@Nullable IovaMapInput iovaMap;
    private dev.bringup.ui.@Nullable IovaMapInput iovaBaseline;

    /**
     * Feeds the IOVA map view: the domain (or snapshot) to show and, optionally, another to
     * compare it with (e.g. an earlier boot step). The boot debugger calls this.
     */
    public void setIovaMap(dev.bringup.ui.@Nullable IovaMapInput current, dev.bringup.ui.@Nullable IovaMapInput baseline) {
        iovaMap = current;
        iovaBaseline = baseline;
        fire();
    }

    public dev.bringup.ui.@Nullable IovaMapInput iovaMap() {
        return iovaMap;
    }

    public dev.bringup.ui.@Nullable IovaMapInput iovaBaseline() {
        return iovaBaseline;
    }

    private dev.bringup.ui.@Nullable StepState stepState;
    private dev.bringup.ui.@Nullable SelectedRange selectedRange;

    /** The boot step whose state the layout editor draws, or null for none (the boot debugger sets it). */
    public void setStepState(dev.bringup.ui.@Nullable StepState state) {
        stepState = state;
        fire();
    }

    public dev.bringup.ui.@Nullable StepState stepState() {
        return stepState;
    }

    /** The address range last selected in the layout editor, or null (the boot debugger reads it). */
    public void setSelectedRange(dev.bringup.ui.@Nullable SelectedRange range) {
        selectedRange = range;
        fire();
    }

    public dev.bringup.ui.@Nullable SelectedRange selectedRange() {
        return selectedRange;
    }

    /**
     * Shows a log in the trace log viewer, opening the view when it is closed. Returns false when
     * no workbench window is there to show it in.
     */
    public boolean showLog(String title, dev.bringup.trace.LogSource source, @Nullable BootLink link) {
        org.eclipse.ui.IWorkbenchWindow w = org.eclipse.ui.PlatformUI.isWorkbenchRunning()
                ? org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow() : null;
        if (w == null || w.getActivePage() == null) {
            return false;
        }
        try {
            w.getActivePage().showView(dev.bringup.ui.BringupUi.TRACE_LOG_ID);
        } catch (org.eclipse.ui.PartInitException e) {
            return false;
        }
        for (Object p : parts.values()) {
            if (p instanceof LogViewer v) {
                v.show(title, source, link);
                return true;
            }
        }
        return false;
    }

    private final Map<Class<?>, Object> parts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers the live instance of a part (e4 parts register themselves when created). */
    public void register(Object part) {
        parts.put(part.getClass(), part);
    }

    public void unregister(Object part) {
        parts.remove(part.getClass(), part);
    }

    /** The live instance of a part class, or null when it is not open. */
    public <T> @Nullable T part(Class<T> type) {
        Object o = parts.get(type);
        return type.isInstance(o) ? type.cast(o) : null;
    }

    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void fire() {
        for (Runnable r : listeners) {
            r.run();
        }
    }
}
