package dev.bringup.model.support;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.Diagnostician;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;
import dev.bringup.model.BringupPackage;
import dev.bringup.model.SocElement;
import dev.bringup.model.util.BringupValidator;

/**
 * Validates a model (the generated {@link BringupValidator} with the constraints of
 * {@code bringup.ecore}, plus EMF's own checks such as unresolved references) and reports the
 * findings as {@link Diagnostic}s with stable codes, as every other reader of the workbench does.
 */
public final class ModelValidation {

    /** The source of the EMF diagnostics this model produces. */
    public static final String SOURCE = "dev.bringup.model";

    /** Stable codes, in a fixed order: the EMF integer code is the index + 1. Never reorder, only append. */
    private static final List<String> CODES = List.of("DT_PATH", "RMEM_NO_SIZE", "RMEM_CMA_NOMAP",
            "RMEM_ALIGNMENT", "RMEM_OVERLAP", "IOMMU_GRANULE", "MASTER_IOMMU_UNKNOWN", "IOMMU_CELLS",
            "RPROC_REGION_NOT_VISIBLE", "RPROC_NO_FIRMWARE_NAME", "PROJECT_NAME_EMPTY", "PROJECT_NAME_DUPLICATE",
            "SCENARIO_INCOMPLETE", "PROJECT_NAME_INVALID");

    private ModelValidation() {
    }

    /** The EMF diagnostic code of a stable string code. */
    public static int emfCode(String code) {
        int i = CODES.indexOf(code);
        if (i < 0) {
            throw new IllegalArgumentException("unknown model diagnostic code " + code);
        }
        return i + 1;
    }

    /** Every finding about {@code root} and its contents, worst first, then in model order. */
    public static List<Diagnostic> validate(EObject root) {
        BringupPackage.eINSTANCE.eClass(); // registers the package and its validator
        org.eclipse.emf.common.util.Diagnostic chain = Diagnostician.INSTANCE.validate(root);
        List<Diagnostic> out = new ArrayList<>();
        collect(chain, out);
        out.sort((a, b) -> a.severity().compareTo(b.severity()));
        return out;
    }

    private static void collect(org.eclipse.emf.common.util.Diagnostic d, List<Diagnostic> out) {
        for (org.eclipse.emf.common.util.Diagnostic c : d.getChildren()) {
            if (c.getSeverity() != org.eclipse.emf.common.util.Diagnostic.OK) {
                Diagnostic ours = null;
                for (Object data : c.getData()) {
                    if (data instanceof Diagnostic dd) {
                        ours = dd;
                    }
                }
                if (ours == null) {
                    ours = fromEmf(c);
                }
                if (!out.contains(ours)) {
                    out.add(ours);
                }
            }
            collect(c, out);
        }
    }

    /** EMF's own findings (unresolved proxy, multiplicity, ...) under the code MODEL_&lt;source code&gt;. */
    private static Diagnostic fromEmf(org.eclipse.emf.common.util.Diagnostic c) {
        Location where = Location.NOWHERE;
        for (Object data : c.getData()) {
            if (data instanceof SocElement e && e.getPath() != null) {
                where = Location.node(e.getPath());
                break;
            }
        }
        Severity s = c.getSeverity() >= org.eclipse.emf.common.util.Diagnostic.ERROR ? Severity.ERROR
                : c.getSeverity() == org.eclipse.emf.common.util.Diagnostic.WARNING ? Severity.WARNING : Severity.INFO;
        return new Diagnostic(s, "MODEL_" + c.getCode(), String.valueOf(c.getMessage()), where,
                "re-import the devicetree or fix the file");
    }
}
