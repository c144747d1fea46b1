package dev.bringup.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The lines a user marked in one log: a set of line numbers with next / previous navigation.
 * A model only; how a bookmark is drawn is the viewer's business. Thread-safe; listeners are
 * called on the thread that made the change.
 */
public final class Bookmarks {

    private final TreeSet<Long> lines = new TreeSet<>();
    private final List<Consumer<Bookmarks>> listeners = new CopyOnWriteArrayList<>();

    /** Marks or unmarks a line; returns true when it is marked afterwards. */
    public boolean toggle(long line) {
        boolean marked;
        synchronized (lines) {
            marked = lines.add(line) || !lines.remove(line);
        }
        fire();
        return marked;
    }

    /** Marks a line; false when it was marked already. */
    public boolean add(long line) {
        boolean changed;
        synchronized (lines) {
            changed = lines.add(line);
        }
        if (changed) {
            fire();
        }
        return changed;
    }

    /** Unmarks a line; false when it was not marked. */
    public boolean remove(long line) {
        boolean changed;
        synchronized (lines) {
            changed = lines.remove(line);
        }
        if (changed) {
            fire();
        }
        return changed;
    }

    public boolean contains(long line) {
        synchronized (lines) {
            return lines.contains(line);
        }
    }

    /** The first marked line after {@code line}, or -1. */
    public long next(long line) {
        synchronized (lines) {
            @Nullable Long n = lines.higher(line);
            return n == null ? -1 : n;
        }
    }

    /** The last marked line before {@code line}, or -1. */
    public long previous(long line) {
        synchronized (lines) {
            @Nullable Long n = lines.lower(line);
            return n == null ? -1 : n;
        }
    }

    public int size() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** The marked lines in order. */
    public long[] toArray() {
        List<Long> copy;
        synchronized (lines) {
            copy = new ArrayList<>(lines);
        }
        return copy.stream().mapToLong(Long::longValue).toArray();
    }

    public void clear() {
        synchronized (lines) {
            lines.clear();
        }
        fire();
    }

    public void addListener(Consumer<Bookmarks> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Bookmarks> listener) {
        listeners.remove(listener);
    }

    private void fire() {
        for (Consumer<Bookmarks> l : listeners) {
            l.accept(this);
        }
    }
}
