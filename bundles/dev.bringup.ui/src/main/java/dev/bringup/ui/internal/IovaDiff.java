package dev.bringup.ui.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.ui.IovaMapInput.Mapping;

/** The difference between two mapping lists, keyed by IOVA: added, removed and changed runs. */
public final class IovaDiff {

    /** What happened to the run at an IOVA. */
    public enum Kind {
        ADDED, REMOVED, CHANGED
    }

    /** One difference; {@code before} is null for ADDED, {@code after} for REMOVED. */
    public record Change(Kind kind, long iova, @Nullable Mapping before, @Nullable Mapping after) {
    }

    private IovaDiff() {
    }

    public static List<Change> compare(List<Mapping> before, List<Mapping> after) {
        Map<Long, Mapping> a = new LinkedHashMap<>();
        before.forEach(m -> a.put(m.iova(), m));
        Map<Long, Mapping> b = new LinkedHashMap<>();
        after.forEach(m -> b.put(m.iova(), m));
        List<Change> out = new ArrayList<>();
        for (Mapping m : before) {
            Mapping n = b.get(m.iova());
            if (n == null) {
                out.add(new Change(Kind.REMOVED, m.iova(), m, null));
            } else if (!n.equals(m)) {
                out.add(new Change(Kind.CHANGED, m.iova(), m, n));
            }
        }
        for (Mapping n : after) {
            if (!a.containsKey(n.iova())) {
                out.add(new Change(Kind.ADDED, n.iova(), null, n));
            }
        }
        out.sort(Comparator.comparing(Change::iova, Long::compareUnsigned));
        return out;
    }
}
