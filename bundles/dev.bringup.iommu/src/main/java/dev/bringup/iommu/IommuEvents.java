package dev.bringup.iommu;

import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The event stream of one simulation. Events are only built when someone listens, so a
 * simulation without listeners (a benchmark) pays nothing for them.
 */
public final class IommuEvents {

    private final CopyOnWriteArrayList<IommuEventListener> listeners = new CopyOnWriteArrayList<>();
    private long seq;

    public void addListener(IommuEventListener listener) {
        listeners.add(listener);
    }

    public void removeListener(IommuEventListener listener) {
        listeners.remove(listener);
    }

    /** Whether anyone listens; callers skip building events when not. */
    public boolean active() {
        return !listeners.isEmpty();
    }

    /** Number of events delivered so far. */
    public long count() {
        return seq;
    }

    void emit(IommuEvent.Kind kind, @Nullable String device, @Nullable String domain, long iova, long pa, long size,
            @Nullable Errno error, long value, String text) {
        if (listeners.isEmpty()) {
            return;
        }
        IommuEvent e = new IommuEvent(++seq, kind, device, domain, iova, pa, size, error, value, text);
        for (IommuEventListener l : listeners) {
            l.onEvent(e);
        }
    }
}
