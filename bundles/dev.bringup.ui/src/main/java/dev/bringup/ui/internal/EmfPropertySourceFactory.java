package dev.bringup.ui.internal;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.views.properties.IPropertySource;

/** Adapts model objects to {@link IPropertySource} for the Properties view (plugin.xml, org.eclipse.core.runtime.adapters). */
public final class EmfPropertySourceFactory implements IAdapterFactory {

    @Override
    public <T> @Nullable T getAdapter(@Nullable Object adaptable, @Nullable Class<T> adapterType) {
        if (adaptable == null || adapterType != IPropertySource.class) {
            return null;
        }
        return adapterType.cast(EmfPropertySource.of(EmfAdapters.factory(), adaptable, BringupSession.get()));
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IPropertySource.class };
    }
}
