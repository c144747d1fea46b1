package dev.bringup.model.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;
import dev.bringup.model.AddressRange;
import dev.bringup.model.BootMethod;
import dev.bringup.model.BootScenario;
import dev.bringup.model.BringupProject;
import dev.bringup.model.Firmware;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuReference;
import dev.bringup.model.Master;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;
import dev.bringup.model.SocElement;
import dev.bringup.model.support.ModelValidation;

/**
 * The model's constraints (the generated validator calls these through the invariant
 * operations). Each finding is an EMF diagnostic whose data holds the element and the
 * equivalent {@link Diagnostic} with its stable code; {@link ModelValidation} turns them back.
 */
public final class ModelConstraints {

    private ModelConstraints() {
    }

    private static boolean report(@Nullable DiagnosticChain chain, Severity severity, String code, String message,
            EObject element, Location location, @Nullable String fix) {
        if (chain != null) {
            Diagnostic d = new Diagnostic(severity, code, message, location, fix);
            int emfSeverity = severity == Severity.ERROR ? org.eclipse.emf.common.util.Diagnostic.ERROR
                    : severity == Severity.WARNING ? org.eclipse.emf.common.util.Diagnostic.WARNING
                    : org.eclipse.emf.common.util.Diagnostic.INFO;
            chain.add(new BasicDiagnostic(emfSeverity, ModelValidation.SOURCE, ModelValidation.emfCode(code), message,
                    new Object[] { element, d }));
        }
        return severity != Severity.ERROR;
    }

    private static Location where(SocElement e) {
        String p = e.getPath();
        return p == null ? Location.NOWHERE : Location.node(p);
    }

    public static boolean validatePath(SocElement e, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        String p = e.getPath();
        String n = e.getName();
        if (p == null || !p.startsWith("/") || p.length() < 2 || n == null || !p.endsWith("/" + n)) {
            return report(chain, Severity.ERROR, "DT_PATH", "element '" + n + "' has the path '" + p
                    + "', which is not an absolute devicetree path ending in its name", e, where(e),
                    "re-import the devicetree");
        }
        return true;
    }

    public static boolean validateRegion(ReservedMemory r, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        boolean ok = true;
        if (r.getReg().isEmpty() && r.getSize() == 0) {
            ok &= report(chain, Severity.ERROR, "RMEM_NO_SIZE", r.getPath() + " has neither 'reg' nor 'size'", r, where(r),
                    "add reg = <address size> for a static region or size = <...> for a dynamic one");
        }
        if (r.isNoMap() && r.isReusable()) {
            ok &= report(chain, Severity.ERROR, "RMEM_CMA_NOMAP", r.getPath()
                    + " is reusable and no-map: the kernel refuses it as a CMA area (-EINVAL)", r, where(r),
                    "drop no-map (for CMA) or reusable (for a carveout the kernel must not touch)");
        }
        long a = r.getAlignment();
        if (a != 0 && (a & (a - 1)) != 0) {
            ok &= report(chain, Severity.ERROR, "RMEM_ALIGNMENT", r.getPath() + " has alignment " + Hex.of(a)
                    + ", which is not a power of two", r, where(r), "use a power of two such as 0x100000");
        }
        for (AddressRange reg : r.getReg()) {
            if (reg.getSize() == 0) {
                ok &= report(chain, Severity.ERROR, "RMEM_NO_SIZE", r.getPath() + " has a reg entry of size 0 at "
                        + Hex.of(reg.getAddress()), r, where(r).withRange(reg.getAddress(), 0), "give the region its size");
            }
        }
        return ok;
    }

    public static boolean validateReservedMemory(Soc soc, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        boolean ok = true;
        List<ReservedMemory> regions = new ArrayList<>(soc.getReservedMemory());
        for (int i = 0; i < regions.size(); i++) {
            for (int j = i + 1; j < regions.size(); j++) {
                ReservedMemory x = regions.get(i);
                ReservedMemory y = regions.get(j);
                if (!x.isEnabled() || !y.isEnabled()) {
                    continue;
                }
                for (AddressRange a : x.getReg()) {
                    for (AddressRange b : y.getReg()) {
                        if (overlap(a, b)) {
                            long start = Long.compareUnsigned(a.getAddress(), b.getAddress()) > 0 ? a.getAddress() : b.getAddress();
                            // as Linux (and the IOMMU simulation): "OVERLAP DETECTED!", both regions are kept
                            ok &= report(chain, Severity.WARNING, "RMEM_OVERLAP", x.getPath() + " [" + Hex.of(a.getAddress()) + ".."
                                    + Hex.of(a.end()) + ") overlaps " + y.getPath() + " [" + Hex.of(b.getAddress()) + ".."
                                    + Hex.of(b.end()) + "); the kernel keeps both and they share memory", x,
                                    where(x).withRange(start, Math.min(a.end(), b.end()) - start), "move or shrink one of the regions");
                        }
                    }
                }
            }
        }
        return ok;
    }

    private static boolean overlap(AddressRange a, AddressRange b) {
        return a.getSize() != 0 && b.getSize() != 0 && Long.compareUnsigned(a.getAddress(), b.end() - 1) <= 0
                && Long.compareUnsigned(b.getAddress(), a.end() - 1) <= 0;
    }

    public static boolean validateIommu(Iommu iommu, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        boolean ok = true;
        long g = iommu.getGranule();
        if (g != 0 && iommu.getPgsizeBitmap() != 0 && (iommu.getPgsizeBitmap() & g) == 0) {
            ok &= report(chain, Severity.ERROR, "IOMMU_GRANULE", iommu.getPath() + " has granule " + Hex.of(g)
                    + ", which is not in its page sizes " + Hex.of(iommu.getPgsizeBitmap()), iommu, where(iommu),
                    "choose a granule from pgsize_bitmap");
        }
        return ok;
    }

    public static boolean validateMaster(Master m, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        boolean ok = true;
        for (IommuReference ref : m.getIommus()) {
            Iommu iommu = ref.getIommu();
            if (iommu == null) {
                ok &= report(chain, Severity.ERROR, "MASTER_IOMMU_UNKNOWN", m.getPath() + " names IOMMU "
                        + ref.getIommuPath() + " in iommus, which is not an IOMMU (no #iommu-cells)", m, where(m),
                        "point iommus at a node with #iommu-cells");
            } else if (iommu.getIommuCells() != ref.getCells().size()) {
                ok &= report(chain, Severity.ERROR, "IOMMU_CELLS", m.getPath() + " gives " + ref.getCells().size()
                        + " cells for " + iommu.getPath() + ", which has #iommu-cells = " + iommu.getIommuCells(), m,
                        where(m), "give each iommus specifier #iommu-cells cells");
            }
        }
        if (!m.isBehindIommu() && !m.getAddressView().isEmpty()) {
            for (ReservedMemory r : m.getMemoryRegions()) {
                for (AddressRange reg : r.getReg()) {
                    if (m.daOf(reg.getAddress()) == null) {
                        ok &= report(chain, Severity.ERROR, "RPROC_REGION_NOT_VISIBLE", m.getPath() + " lists "
                                + r.getPath() + " at " + Hex.of(reg.getAddress()) + " in memory-region, but its dma-ranges "
                                + "give it no device address for that range", m, where(m).withRange(reg.getAddress(), reg.getSize()),
                                "add a dma-ranges entry covering the region to the bus, or move the region");
                    }
                }
            }
        }
        return ok;
    }

    public static boolean validateProcessor(RemoteProcessor rp, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        if (rp.getFirmwareNames().isEmpty() && rp.getBootMethod() != BootMethod.ATTACH) {
            return report(chain, Severity.WARNING, "RPROC_NO_FIRMWARE_NAME", rp.getPath()
                    + " has no firmware-name; the driver falls back to its built-in default name", rp, where(rp),
                    "add firmware-name = \"...\" to the node");
        }
        return true;
    }

    public static boolean validateNames(BringupProject p, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (Firmware f : p.getFirmware()) {
            ok &= unique(chain, f, f.getName(), "firmware", seen);
        }
        seen.clear();
        for (BootScenario s : p.getScenarios()) {
            ok &= unique(chain, s, s.getName(), "scenario", seen);
        }
        return ok;
    }

    private static boolean unique(@Nullable DiagnosticChain chain, EObject o, @Nullable String name, String what, Set<String> seen) {
        if (name == null || name.isBlank()) {
            return report(chain, Severity.ERROR, "PROJECT_NAME_EMPTY", "a " + what + " has no name", o, Location.NOWHERE,
                    "give each " + what + " a name");
        }
        if (name.startsWith("/")) {
            return report(chain, Severity.ERROR, "PROJECT_NAME_INVALID", "the " + what + " name '" + name
                    + "' starts with '/', which project files cannot refer to", o, Location.NOWHERE,
                    "use the name relative to the firmware folder, as firmware-name does");
        }
        if (!seen.add(name)) {
            return report(chain, Severity.ERROR, "PROJECT_NAME_DUPLICATE", "two " + what + " entries are named '" + name + "'",
                    o, Location.NOWHERE, "rename one of them");
        }
        return true;
    }

    public static boolean validateScenario(BootScenario s, @Nullable DiagnosticChain chain, Map<Object, Object> context) {
        if (s.getRproc() == null || s.getFirmware() == null) {
            return report(chain, Severity.ERROR, "SCENARIO_INCOMPLETE", "scenario '" + s.getName() + "' names no "
                    + (s.getRproc() == null ? "remote processor" : "firmware"), s, Location.NOWHERE,
                    "choose the processor and the firmware to boot");
        }
        return true;
    }
}
