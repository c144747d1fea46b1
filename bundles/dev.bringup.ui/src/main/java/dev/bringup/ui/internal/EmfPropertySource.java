package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.common.util.Enumerator;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.command.SetCommand;
import org.eclipse.emf.edit.domain.EditingDomain;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ComboBoxCellEditor;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

import dev.bringup.common.Hex;

/**
 * The Properties view's view of a model object: one property per item property descriptor of its
 * item provider, with the provider's display name, category, description and value text (so
 * addresses show in hex, as the model's item providers format them). Single-valued attributes are
 * edited in place: a text cell for strings and numbers (addresses and sizes in hex; 0x..., decimal
 * and 1536M are accepted), a combo for enums and booleans. A value is checked as it is typed; a
 * valid one is applied as an EMF {@link SetCommand} on the session's editing domain (so Edit > Undo
 * undoes it) and the model is validated again; an invalid one is refused with a message saying why.
 */
public final class EmfPropertySource implements IPropertySource {

    private final Object object;
    private final IItemPropertySource source;
    private final BringupSession session;

    public EmfPropertySource(Object object, IItemPropertySource source, BringupSession session) {
        this.object = object;
        this.source = source;
        this.session = session;
    }

    /** The property source of {@code object}, or null when its item provider has none. */
    public static @Nullable IPropertySource of(AdapterFactory adapters, Object object, BringupSession session) {
        Object s = adapters.adapt(object, IItemPropertySource.class);
        return s instanceof IItemPropertySource ips ? new EmfPropertySource(object, ips, session) : null;
    }

    @Override
    public Object getEditableValue() {
        return object;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        List<IPropertyDescriptor> out = new ArrayList<>();
        List<IItemPropertyDescriptor> descriptors = source.getPropertyDescriptors(object);
        if (descriptors == null) {
            return new IPropertyDescriptor[0];
        }
        for (IItemPropertyDescriptor d : descriptors) {
            PropertyDescriptor p = new Editable(d.getId(object), d.getDisplayName(object), editableAttribute(d));
            p.setCategory(d.getCategory(object));
            p.setDescription(d.getDescription(object));
            out.add(p);
        }
        return out.toArray(new IPropertyDescriptor[0]);
    }

    /** The attribute a descriptor edits, or null when it is read-only here (references, lists, derived values). */
    private @Nullable EAttribute editableAttribute(IItemPropertyDescriptor d) {
        if (!(object instanceof EObject) || !d.canSetProperty(object) || !(d.getFeature(object) instanceof EAttribute a)) {
            return null;
        }
        if (a.isMany() || !a.isChangeable() || a.isDerived() || !(a.getEType() instanceof EDataType)) {
            return null;
        }
        return a;
    }

    private @Nullable IItemPropertyDescriptor descriptor(Object id) {
        return source.getPropertyDescriptor(object, id);
    }

    /** The value's text as the item provider renders it (what a cell editor edits, too). */
    @Override
    public @Nullable Object getPropertyValue(Object id) {
        IItemPropertyDescriptor d = descriptor(id);
        if (d == null) {
            return null;
        }
        Object value = d.getPropertyValue(object);
        if (value instanceof IItemPropertySource ips) {
            value = ips.getEditableValue(object);
        }
        IItemLabelProvider labels = d.getLabelProvider(object);
        return labels == null ? String.valueOf(value) : labels.getText(value);
    }

    @Override
    public boolean isPropertySet(Object id) {
        IItemPropertyDescriptor d = descriptor(id);
        return d != null && d.isPropertySet(object);
    }

    @Override
    public void resetPropertyValue(Object id) {
        // no defaults to go back to: a devicetree-imported value is set or absent, not reset
    }

    /**
     * Applies a typed value (text, or the text of a combo's choice) through a {@link SetCommand} on
     * the session's editing domain and validates the model again. An invalid value changes nothing:
     * its reason is shown (recorded in {@link Status#lastError()} when dialogs are off).
     */
    @Override
    public void setPropertyValue(Object id, @Nullable Object value) {
        IItemPropertyDescriptor d = descriptor(id);
        EAttribute a = d == null ? null : editableAttribute(d);
        if (a == null || value == null) {
            return;
        }
        Object parsed;
        try {
            parsed = parse(a, String.valueOf(value));
        } catch (IllegalArgumentException e) {
            Status.show(Status.activeShell(), Messages.Properties_rejectedTitle, e.getMessage());
            return;
        }
        if (java.util.Objects.equals(parsed, ((EObject) object).eGet(a))) {
            return;
        }
        EditingDomain domain = session.editingDomain();
        Command command = SetCommand.create(domain, object, a, parsed);
        if (!command.canExecute()) {
            Status.show(Status.activeShell(), Messages.Properties_rejectedTitle,
                    Messages.bind(Messages.Properties_cannotSet, a.getName(), value));
            return;
        }
        // named after the property, so Edit > Undo reads "Undo Set Granule"
        domain.getCommandStack().execute(new org.eclipse.emf.common.command.CommandWrapper(
                Messages.bind(Messages.Edit_cell, d.getDisplayName(object)), command.getDescription(), command));
        // the session's stack listener validates the model again
    }

    /** Why {@code text} is not a value of {@code a}, or null when it is. */
    static @Nullable String check(EAttribute a, String text) {
        try {
            parse(a, text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The value of {@code a} that {@code text} stands for.
     *
     * @throws IllegalArgumentException with a message naming the attribute, the text and what it takes
     */
    static Object parse(EAttribute a, String text) {
        EClassifier type = a.getEType();
        Class<?> c = type.getInstanceClass();
        String t = text.trim();
        if (type instanceof EEnum e) {
            EEnumLiteral literal = e.getEEnumLiteralByLiteral(t);
            if (literal == null) {
                literal = e.getEEnumLiteral(t);
            }
            if (literal == null) {
                throw new IllegalArgumentException(Messages.bind(Messages.Properties_badChoice,
                        new Object[] { a.getName(), text, String.join(", ", choices(a)) })); //$NON-NLS-1$
            }
            Enumerator instance = literal.getInstance();
            return instance;
        }
        if (c == boolean.class || c == Boolean.class) {
            if (t.equals("true") || t.equals("false")) { //$NON-NLS-1$ //$NON-NLS-2$
                return Boolean.valueOf(t);
            }
            throw new IllegalArgumentException(Messages.bind(Messages.Properties_badChoice,
                    new Object[] { a.getName(), text, "true, false" })); //$NON-NLS-1$
        }
        if (c == String.class) {
            return text;
        }
        if (c == long.class || c == Long.class || c == int.class || c == Integer.class) {
            long v;
            try {
                v = Hex.parse(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Messages.bind(Messages.Properties_badNumber, a.getName(), text), e);
            }
            if ((c == int.class || c == Integer.class) && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(Messages.bind(Messages.Properties_tooLarge, a.getName(), text));
            }
            return c == int.class || c == Integer.class ? Integer.valueOf((int) v) : Long.valueOf(v);
        }
        try {
            return EcoreUtil.createFromString((EDataType) type, t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(Messages.bind(Messages.Properties_badValue, a.getName(), text), e);
        }
    }

    /** The choices of an enum or boolean attribute, or null when it takes text. */
    static @Nullable List<String> choicesOrNull(EAttribute a) {
        Class<?> c = a.getEType().getInstanceClass();
        if (a.getEType() instanceof EEnum || c == boolean.class || c == Boolean.class) {
            return choices(a);
        }
        return null;
    }

    private static List<String> choices(EAttribute a) {
        if (a.getEType() instanceof EEnum e) {
            return e.getELiterals().stream().map(EEnumLiteral::getLiteral).toList();
        }
        return List.of("true", "false"); //$NON-NLS-1$ //$NON-NLS-2$
    }

    /** A property that has a cell editor when its attribute is editable. */
    private static final class Editable extends PropertyDescriptor {
        private final @Nullable EAttribute attribute;

        Editable(Object id, String displayName, @Nullable EAttribute attribute) {
            super(id, displayName);
            this.attribute = attribute;
        }

        @Override
        public @Nullable CellEditor createPropertyEditor(Composite parent) {
            EAttribute a = attribute;
            if (a == null) {
                return null;
            }
            List<String> choices = choicesOrNull(a);
            CellEditor editor = choices != null ? new TextChoice(parent, choices) : new TextCellEditor(parent);
            editor.setValidator(value -> value == null ? null : check(a, String.valueOf(value)));
            return editor;
        }
    }

    /** A read-only combo whose value is the chosen text (the Properties view passes the value's text in). */
    private static final class TextChoice extends ComboBoxCellEditor {
        private final List<String> items;

        TextChoice(Composite parent, List<String> items) {
            super(parent, items.toArray(new String[0]), SWT.READ_ONLY);
            this.items = items;
        }

        @Override
        protected Object doGetValue() {
            int i = (Integer) super.doGetValue();
            return i < 0 || i >= items.size() ? "" : items.get(i); //$NON-NLS-1$
        }

        @Override
        protected void doSetValue(Object value) {
            super.doSetValue(Integer.valueOf(items.indexOf(String.valueOf(value))));
        }
    }

    /** Used by tests and the Properties view: the cell editor's kind for a property, "text", "choice" or "none". */
    public String editorKind(Object id) {
        IItemPropertyDescriptor d = descriptor(id);
        EAttribute a = d == null ? null : editableAttribute(d);
        if (a == null) {
            return "none"; //$NON-NLS-1$
        }
        return choicesOrNull(a) != null ? "choice" : "text"; //$NON-NLS-1$ //$NON-NLS-2$
    }

    /** Why {@code text} would be refused for the property {@code id}, or null when it would be applied. */
    public @Nullable String check(Object id, String text) {
        IItemPropertyDescriptor d = descriptor(id);
        EAttribute a = d == null ? null : editableAttribute(d);
        return a == null ? Messages.Properties_readOnly : check(a, text);
    }
}
