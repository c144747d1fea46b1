package dev.bringup.ui.internal.trace;

import java.util.Collection;

import org.eclipse.core.runtime.Platform;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * NatTable uses Eclipse Collections, whose API bundle finds its implementation with a
 * {@link java.util.ServiceLoader} or by name through the thread's context class loader. The
 * bundles on Maven Central have no OSGi buddy policy, so inside the workbench neither finds the
 * implementation bundle and every factory becomes a proxy that throws when NatTable paints. This
 * initialises the factory holders ({@code Sets}, {@code Lists}, {@code IntSets}, ...) once, before
 * the first table is built, with the implementation bundle's class loader as context loader.
 */
final class EclipseCollections {

    private static final String API = "org.eclipse.collections.api"; //$NON-NLS-1$
    private static final String IMPL = "org.eclipse.collections.impl"; //$NON-NLS-1$
    private static boolean done;

    private EclipseCollections() {
    }

    static synchronized void initialise() {
        if (done) {
            return;
        }
        done = true;
        Bundle api = Platform.getBundle(API);
        Bundle impl = Platform.getBundle(IMPL);
        if (api == null || impl == null) {
            return; // outside OSGi (or a platform whose bundles have a buddy policy): nothing to do
        }
        try {
            if (impl.getState() != Bundle.ACTIVE && impl.getState() != Bundle.STARTING) {
                impl.start(Bundle.START_TRANSIENT);
            }
        } catch (org.osgi.framework.BundleException e) {
            // resolving is enough to load its classes
        }
        BundleWiring apiWiring = api.adapt(BundleWiring.class);
        BundleWiring implWiring = impl.adapt(BundleWiring.class);
        if (apiWiring == null || implWiring == null) {
            return;
        }
        ClassLoader apiLoader = apiWiring.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(implWiring.getClassLoader());
        try {
            Collection<String> classes = apiWiring.listResources("org/eclipse/collections/api/factory", "*.class", //$NON-NLS-1$ //$NON-NLS-2$
                    BundleWiring.LISTRESOURCES_RECURSE);
            for (String resource : classes) {
                String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.'); //$NON-NLS-1$
                try {
                    Class.forName(name, true, apiLoader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // not a holder we can initialise; NatTable reports the factory it misses
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
