package dev.bringup.ui.internal.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.bringup.common.Hex;
import dev.bringup.loader.Breakpoint;
import dev.bringup.loader.BreakpointHit;
import dev.bringup.ui.SelectedRange;
import dev.bringup.ui.internal.BringupSession;

/**
 * The boot debugger's Breakpoints tab: the list (the one that stopped the boot marked), a kind and
 * a text to add one of every kind the loader has (before a step; a map of an IOVA or PA range; a
 * write of a PA range; any fault), Delete or Remove to drop the selected ones, and breakpoints on
 * the range selected in the firmware layout editor. Owns the list; tells the part when it changes.
 */
final class BreakpointsTab {

    private static final int AT_STEP = 0;
    private static final int MAP_IOVA = 1;
    private static final int MAP_PA = 2;
    private static final int WRITE = 3;
    private static final int FAULT = 4;

    private final List<Breakpoint> breakpoints = new ArrayList<>();
    private final @Nullable Color errorForeground;
    private final Supplier<@Nullable String> selectedStep;
    private final Consumer<List<Breakpoint>> changed;
    private final Composite control;
    private final Combo kind;
    private final Text spec;
    private final Label message;
    private final TableViewer list;

    /**
     * @param hit the breakpoint hit the part shows now
     * @param selectedStep the name of the step selected in the part
     * @param changed told the new list after every change
     */
    BreakpointsTab(Composite parent, @Nullable Image image, @Nullable Color errorForeground,
            Supplier<@Nullable BreakpointHit> hit, Supplier<@Nullable String> selectedStep,
            Consumer<List<Breakpoint>> changed) {
        this.errorForeground = errorForeground;
        this.selectedStep = selectedStep;
        this.changed = changed;
        Composite c = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(2, false);
        gl.marginWidth = 2;
        gl.marginHeight = 2;
        c.setLayout(gl);
        control = c;
        kind = new Combo(c, SWT.READ_ONLY | SWT.DROP_DOWN);
        kind.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        kind.setItems(Messages.Boot_bpAtStep, Messages.Boot_bpOnMapIova, Messages.Boot_bpOnMapPa, Messages.Boot_bpOnWrite,
                Messages.Boot_bpOnFault);
        kind.select(AT_STEP);
        kind.addListener(SWT.Selection, e -> kindChosen());
        Button add = new Button(c, SWT.PUSH);
        add.setText(Messages.Boot_bpAdd);
        add.addListener(SWT.Selection, e -> addFromFields());
        spec = new Text(c, SWT.BORDER | SWT.SINGLE);
        spec.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        spec.addListener(SWT.DefaultSelection, e -> addFromFields());
        spec.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_ESCAPE) {
                spec.setText(""); //$NON-NLS-1$
                e.doit = false;
            }
        });
        message = new Label(c, SWT.WRAP);
        GridData md = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        md.widthHint = 100;
        message.setLayoutData(md);
        list = new TableViewer(c, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI | SWT.V_SCROLL);
        list.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        list.setContentProvider(ArrayContentProvider.getInstance());
        list.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                BreakpointHit h = hit.get();
                return element + (h != null && h.breakpoint().equals(element) ? "   " + Messages.Boot_bpHit : ""); //$NON-NLS-1$ //$NON-NLS-2$
            }

            @Override
            public @Nullable Image getImage(Object element) {
                return image;
            }
        });
        list.getTable().addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.DEL) {
                removeSelected();
            }
        });
        list.setInput(breakpoints);
        Button range = new Button(c, SWT.PUSH);
        range.setText(Messages.Boot_bpSelectedRange);
        range.setToolTipText(Messages.Boot_bpSelectedRangeTip);
        range.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
        range.addListener(SWT.Selection, e -> breakOnSelectedRange());
        Button remove = new Button(c, SWT.PUSH);
        remove.setText(Messages.Boot_bpRemove);
        remove.addListener(SWT.Selection, e -> removeSelected());
        kindChosen();
    }

    Control control() {
        return control;
    }

    Combo kind() {
        return kind;
    }

    Text spec() {
        return spec;
    }

    String message() {
        return message.getText();
    }

    List<Breakpoint> breakpoints() {
        return List.copyOf(breakpoints);
    }

    /** Shows the hit again (after a run). */
    void refresh() {
        list.refresh();
    }

    /** A step was selected in the part: a step breakpoint would be on it. */
    void stepSelected(String name) {
        if (kind.getSelectionIndex() == AT_STEP) {
            spec.setText(name);
        }
    }

    private void kindChosen() {
        int k = kind.getSelectionIndex();
        spec.setEnabled(k != FAULT);
        spec.setMessage(k == AT_STEP ? Messages.Boot_bpStepHint : Messages.Boot_bpRangeHint);
        String step = selectedStep.get();
        spec.setText(k == AT_STEP && step != null ? step : ""); //$NON-NLS-1$
    }

    /** Adds the breakpoint the kind and the text describe; a bad text is explained below the field. */
    void addFromFields() {
        String text = spec.getText().trim();
        Breakpoint b;
        try {
            b = switch (kind.getSelectionIndex()) {
            case AT_STEP -> {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(Messages.Boot_bpStepHint);
                }
                yield new Breakpoint.AtStep(text);
            }
            case MAP_IOVA -> range(text, (start, size) -> new Breakpoint.OnMap(Breakpoint.Space.IOVA, start, size));
            case MAP_PA -> range(text, (start, size) -> new Breakpoint.OnMap(Breakpoint.Space.PA, start, size));
            case WRITE -> range(text, Breakpoint.OnWrite::new);
            default -> new Breakpoint.OnFault();
            };
        } catch (IllegalArgumentException e) {
            say(Messages.bind(Messages.Boot_bpBad, text, e.getMessage()), true);
            return;
        }
        say("", false); //$NON-NLS-1$
        add(List.of(b));
    }

    private interface RangeBreakpoint {
        Breakpoint make(long start, long size);
    }

    /** {@code START SIZE}, {@code START+SIZE} or {@code START..END}, each hex (0x...) or decimal. */
    private static Breakpoint range(String text, RangeBreakpoint f) {
        String t = text.replace(" ", "+").replaceAll("\\++", "+"); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$ //$NON-NLS-4$
        int dots = t.indexOf(".."); //$NON-NLS-1$
        int plus = t.indexOf('+');
        if (dots > 0) {
            long start = Hex.parse(t.substring(0, dots));
            return f.make(start, Hex.parse(t.substring(dots + 2)) - start);
        }
        if (plus > 0) {
            return f.make(Hex.parse(t.substring(0, plus)), Hex.parse(t.substring(plus + 1)));
        }
        throw new IllegalArgumentException(Messages.Boot_bpRangeHint);
    }

    /**
     * Breakpoints on the range selected in the layout editor: a map breakpoint on a device-address
     * range; a write and a map breakpoint on a physical one.
     */
    void breakOnSelectedRange() {
        SelectedRange r = BringupSession.get().selectedRange();
        if (r == null || r.size() <= 0) {
            say(Messages.Boot_bpNoRange, true);
            return;
        }
        say(Messages.bind(Messages.Boot_bpFromRange, r.label()), false);
        add(r.physical()
                ? List.of(new Breakpoint.OnWrite(r.start(), r.size()), new Breakpoint.OnMap(Breakpoint.Space.PA, r.start(), r.size()))
                : List.of(new Breakpoint.OnMap(Breakpoint.Space.IOVA, r.start(), r.size())));
    }

    private void say(String text, boolean error) {
        message.setText(text);
        message.setForeground(error ? errorForeground : null);
        control.layout(true, true);
    }

    private void add(List<Breakpoint> add) {
        for (Breakpoint b : add) {
            if (!breakpoints.contains(b)) {
                breakpoints.add(b);
            }
        }
        fire();
    }

    /** Adds {@code b}, or removes it when it is there. */
    void toggle(Breakpoint b) {
        if (!breakpoints.remove(b)) {
            breakpoints.add(b);
        }
        fire();
    }

    private void removeSelected() {
        breakpoints.removeAll(((IStructuredSelection) list.getSelection()).toList());
        fire();
    }

    void clear() {
        breakpoints.clear();
        fire();
    }

    private void fire() {
        list.refresh();
        changed.accept(breakpoints());
    }
}
