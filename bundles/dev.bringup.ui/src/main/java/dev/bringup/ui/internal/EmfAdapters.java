package dev.bringup.ui.internal;

import java.net.URL;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.notify.AdapterFactory;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.ComposedImage;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.emf.edit.provider.IStructuredItemContentProvider;
import org.eclipse.emf.edit.provider.ITreeItemContentProvider;
import org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory;
import org.eclipse.emf.edit.provider.resource.ResourceItemProviderAdapterFactory;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider.IStyledLabelProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.swt.graphics.Image;

import dev.bringup.model.provider.BringupItemProviderAdapterFactory;

/**
 * The JFace side of EMF.Edit's item providers, which emf.edit.ui would give but Maven Central
 * does not carry: a tree content provider and a label provider (text and icon) that ask the
 * generated item providers of dev.bringup.model.edit, through one composed adapter factory.
 */
public final class EmfAdapters {

    private static @Nullable ComposedAdapterFactory factory;

    private EmfAdapters() {
    }

    /** The workbench's adapter factory: the model's item providers, then EMF's resource and reflective ones. */
    public static synchronized ComposedAdapterFactory factory() {
        ComposedAdapterFactory f = factory;
        if (f == null) {
            f = new ComposedAdapterFactory(ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
            f.addAdapterFactory(new ResourceItemProviderAdapterFactory());
            f.addAdapterFactory(new BringupItemProviderAdapterFactory());
            f.addAdapterFactory(new ReflectiveItemProviderAdapterFactory());
            factory = f;
        }
        return f;
    }

    /** Tree content from {@link ITreeItemContentProvider}s; input may be a single object or a collection of roots. */
    public static final class ContentProvider implements ITreeContentProvider {
        private final AdapterFactory adapters;

        public ContentProvider(AdapterFactory adapters) {
            this.adapters = adapters;
        }

        @Override
        public Object[] getElements(@Nullable Object input) {
            if (input instanceof Collection<?> c) {
                return c.toArray();
            }
            if (input == null) {
                return new Object[0];
            }
            Object p = adapters.adapt(input, IStructuredItemContentProvider.class);
            return p instanceof IStructuredItemContentProvider s ? s.getElements(input).toArray() : new Object[0];
        }

        @Override
        public Object[] getChildren(@Nullable Object parent) {
            if (parent == null) {
                return new Object[0];
            }
            Object p = adapters.adapt(parent, ITreeItemContentProvider.class);
            return p instanceof ITreeItemContentProvider t ? t.getChildren(parent).toArray() : new Object[0];
        }

        @Override
        public @Nullable Object getParent(@Nullable Object element) {
            if (element == null) {
                return null;
            }
            Object p = adapters.adapt(element, ITreeItemContentProvider.class);
            return p instanceof ITreeItemContentProvider t ? t.getParent(element) : null;
        }

        @Override
        public boolean hasChildren(@Nullable Object element) {
            if (element == null) {
                return false;
            }
            Object p = adapters.adapt(element, ITreeItemContentProvider.class);
            return p instanceof ITreeItemContentProvider t && t.hasChildren(element);
        }
    }

    /**
     * Text and icon from {@link IItemLabelProvider}s; icons (URLs or composed images) are cached per
     * URL. As styled text the element's own name comes first and its type after it in the
     * decoration colour, so a narrow tree cuts the type, not the name.
     */
    public static final class Labels extends LabelProvider implements IStyledLabelProvider {
        private final AdapterFactory adapters;
        private final Map<Object, Image> images = new HashMap<>();

        public Labels(AdapterFactory adapters) {
            this.adapters = adapters;
        }

        @Override
        public String getText(@Nullable Object element) {
            if (element == null) {
                return ""; //$NON-NLS-1$
            }
            Object p = adapters.adapt(element, IItemLabelProvider.class);
            return p instanceof IItemLabelProvider l ? l.getText(element) : String.valueOf(element);
        }

        @Override
        public @Nullable Image getImage(@Nullable Object element) {
            if (element == null) {
                return null;
            }
            Object p = adapters.adapt(element, IItemLabelProvider.class);
            return p instanceof IItemLabelProvider l ? image(l.getImage(element)) : null;
        }

        @Override
        public StyledString getStyledText(@Nullable Object element) {
            String text = getText(element);
            String type = element instanceof EObject o ? typeText(o) : ""; //$NON-NLS-1$
            if (!type.isEmpty() && text.startsWith(type + " ") && text.length() > type.length() + 1) { //$NON-NLS-1$
                StyledString s = new StyledString(text.substring(type.length() + 1));
                s.append("  " + type.toLowerCase(java.util.Locale.ROOT), StyledString.DECORATIONS_STYLER); //$NON-NLS-1$
                return s;
            }
            return new StyledString(text);
        }

        /**
         * The type label the item provider puts before the name ({@code _UI_ReservedMemory_type} of
         * dev.bringup.model.edit's plugin.properties), or "" when it has none.
         */
        private String typeText(EObject o) {
            try {
                return dev.bringup.model.provider.BringupEditPlugin.INSTANCE
                        .getString("_UI_" + o.eClass().getName() + "_type"); //$NON-NLS-1$ //$NON-NLS-2$
            } catch (java.util.MissingResourceException e) {
                return ""; //$NON-NLS-1$
            }
        }

        /** An SWT image for what an item provider returns (a URL, or a ComposedImage whose first image is used). */
        @Nullable
        Image image(@Nullable Object key) {
            Object k = key;
            if (k instanceof ComposedImage c) {
                List<Object> parts = c.getImages();
                k = parts.isEmpty() ? null : parts.get(0);
            }
            if (!(k instanceof URL url)) {
                return null;
            }
            return images.computeIfAbsent(url.toString(), u -> ImageDescriptor.createFromURL(url).createImage(false));
        }

        @Override
        public void dispose() {
            images.values().forEach(i -> {
                if (i != null) {
                    i.dispose();
                }
            });
            images.clear();
            super.dispose();
        }
    }
}
