package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

/**
 * The Properties view's view of a model object: one read-only property per item property
 * descriptor of its item provider, with the provider's display name, category, description and
 * value text (so numbers show as the model's item providers format them).
 */
public final class EmfPropertySource implements IPropertySource {

    private final Object object;
    private final IItemPropertySource source;

    public EmfPropertySource(Object object, IItemPropertySource source) {
        this.object = object;
        this.source = source;
    }

    /** The property source of {@code object}, or null when its item provider has none. */
    public static @Nullable IPropertySource of(AdapterFactory adapters, Object object) {
        Object s = adapters.adapt(object, IItemPropertySource.class);
        return s instanceof IItemPropertySource ips ? new EmfPropertySource(object, ips) : null;
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
            PropertyDescriptor p = new PropertyDescriptor(d.getId(object), d.getDisplayName(object));
            p.setCategory(d.getCategory(object));
            p.setDescription(d.getDescription(object));
            out.add(p);
        }
        return out.toArray(new IPropertyDescriptor[0]);
    }

    private @Nullable IItemPropertyDescriptor descriptor(Object id) {
        return source.getPropertyDescriptor(object, id);
    }

    /** The value's text as the item provider renders it. */
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
        // read-only
    }

    @Override
    public void setPropertyValue(Object id, @Nullable Object value) {
        // read-only: the model is edited through its devicetree and the firmware editors
    }
}
