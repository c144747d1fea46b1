package dev.bringup.ui.internal.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.bringup.common.Hex;
import dev.bringup.loader.BootStep;
import dev.bringup.loader.Carveout;
import dev.bringup.loader.DomainView;
import dev.bringup.loader.MemoryWrite;
import dev.bringup.ui.IovaMapInput;
import dev.bringup.ui.StepState;
import dev.bringup.ui.StepState.Change;
import dev.bringup.ui.StepState.Region;

/**
 * What a boot step left in memory, as the firmware layout editor draws it: the carveouts and the
 * IOMMU mappings after the step, and every range written so far, each marked against the step
 * before (a carveout by name, a mapping by domain and IOVA, a write by its range).
 */
final class StepStates {

    private StepStates() {
    }

    /** The state after {@code steps.get(index)}; {@code domains}: before the first step (0) and after each (i + 1). */
    static StepState of(String firmware, List<BootStep> steps, int index, List<List<DomainView>> domains) {
        BootStep step = steps.get(index);
        List<Region> out = new ArrayList<>();
        List<Carveout> before = index == 0 ? List.of() : steps.get(index - 1).carveouts();
        diff(out, keyed(before, c -> c.name(), StepStates::carveout), keyed(step.carveouts(), c -> c.name(),
                StepStates::carveout));
        diff(out, mappings(at(domains, index)), mappings(at(domains, index + 1)));
        Map<String, Region> written = new LinkedHashMap<>();
        for (int i = 0; i <= index; i++) {
            for (MemoryWrite w : steps.get(i).writes()) {
                String key = w.pa() + "+" + w.length(); //$NON-NLS-1$
                Change c = i < index ? Change.UNCHANGED : written.containsKey(key) ? Change.CHANGED : Change.ADDED;
                written.put(key, new Region("write " + w.what(), w.da(), w.pa(), w.length(), c)); //$NON-NLS-1$
            }
        }
        out.addAll(written.values());
        return new StepState(index, step.name(), firmware, out);
    }

    private static List<DomainView> at(List<List<DomainView>> domains, int i) {
        return i >= 0 && i < domains.size() ? domains.get(i) : List.of();
    }

    private static Region carveout(Carveout c) {
        long da = c.da() == 0xffff_ffffL ? -1 : c.da();
        return new Region("carveout " + c.name(), da, c.allocated() ? c.pa() : -1, c.len(), Change.UNCHANGED); //$NON-NLS-1$
    }

    private static Map<String, Region> mappings(List<DomainView> domains) {
        Map<String, Region> out = new LinkedHashMap<>();
        for (DomainView d : domains) {
            for (DomainView.Mapping m : d.mappings()) {
                out.put(d.label() + "@" + m.iova(), new Region("mapping " + Hex.of(m.iova()) + " " + m.prot() + " in " //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
                        + d.label(), m.iova(), m.pa(), m.size(), Change.UNCHANGED));
            }
        }
        return out;
    }

    private static <T> Map<String, Region> keyed(List<T> list, java.util.function.Function<T, String> key,
            java.util.function.Function<T, Region> region) {
        Map<String, Region> out = new LinkedHashMap<>();
        for (T t : list) {
            out.put(key.apply(t), region.apply(t));
        }
        return out;
    }

    /** Appends {@code now}'s regions marked against {@code before}, then those gone since. */
    private static void diff(List<Region> out, Map<String, Region> before, Map<String, Region> now) {
        now.forEach((k, r) -> {
            Region b = before.get(k);
            Change c = b == null ? Change.ADDED : same(b, r) ? Change.UNCHANGED : Change.CHANGED;
            out.add(new Region(r.label(), r.da(), r.pa(), r.size(), c));
        });
        before.forEach((k, r) -> {
            if (!now.containsKey(k)) {
                out.add(new Region(r.label(), r.da(), r.pa(), r.size(), Change.REMOVED));
            }
        });
    }

    private static boolean same(Region a, Region b) {
        return a.da() == b.da() && a.pa() == b.pa() && a.size() == b.size() && Objects.equals(a.label(), b.label());
    }

    /** A domain's mappings as the IOVA map view takes them. */
    static List<IovaMapInput.Mapping> iovaMappings(DomainView d) {
        return d.mappings().stream().map(m -> new IovaMapInput.Mapping(m.iova(), m.pa(), m.size(), m.pageSizes(), m.perms()))
                .toList();
    }
}
