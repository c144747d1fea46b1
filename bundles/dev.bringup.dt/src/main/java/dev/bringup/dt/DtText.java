package dev.bringup.dt;

import java.util.List;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.model.AddressRange;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuReference;
import dev.bringup.model.Master;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/** The plain-text report of {@code bringup dt}: remote processors, reserved memory, IOMMUs, findings. */
public final class DtText {

    private DtText() {
    }

    public static String render(Soc soc, List<Diagnostic> diagnostics) {
        StringBuilder b = new StringBuilder();
        b.append(soc.getSourceFile());
        for (String o : soc.getOverlays()) {
            b.append(" + ").append(o);
        }
        b.append(soc.getModel() == null ? "" : ": " + soc.getModel()).append('\n');
        List<RemoteProcessor> rprocs = soc.remoteProcessors();
        b.append("\nRemote processors (").append(rprocs.size()).append(")\n");
        for (RemoteProcessor rp : rprocs) {
            b.append("  ").append(rp.getRprocName()).append("  ").append(rp.getPath()).append("  ")
                    .append(String.join(", ", rp.getCompatible())).append('\n');
            b.append("      firmware ").append(rp.firmwareName() == null ? "(none)" : rp.firmwareName()).append(", ")
                    .append(rp.getBootMethod().getLiteral()).append(", driver ").append(rp.getDriver())
                    .append(rp.isEnabled() ? "" : ", status " + rp.getStatus()).append('\n');
            for (ReservedMemory r : rp.getMemoryRegions()) {
                b.append("      memory-region ").append(r.getName());
                if (!r.getReg().isEmpty()) {
                    AddressRange a = r.getReg().get(0);
                    Long da = rp.daOf(a.getAddress());
                    b.append("  pa ").append(Hex.of(a.getAddress())).append(" size ").append(Hex.of(a.getSize()))
                            .append("  da ").append(da == null ? "(not visible)" : Hex.of(da));
                } else {
                    b.append("  dynamic, size ").append(Hex.of(r.getSize()));
                }
                b.append(r.isNoMap() ? "  no-map" : "").append('\n');
            }
            for (IommuReference ref : rp.getIommus()) {
                b.append("      iommus ").append(ref.getIommuPath()).append(" sid ").append(Hex.of(ref.getSid()))
                        .append(" mask ").append(Hex.of(ref.getMask())).append('\n');
            }
        }
        b.append("\nReserved memory (").append(soc.getReservedMemory().size()).append(")\n");
        for (ReservedMemory r : soc.getReservedMemory()) {
            b.append("  ").append(r.getName());
            for (AddressRange a : r.getReg()) {
                b.append("  [").append(Hex.of(a.getAddress())).append("..").append(Hex.of(a.end())).append(')');
            }
            if (r.isDynamic()) {
                b.append("  dynamic size ").append(Hex.of(r.getSize()));
                if (r.getAlignment() != 0) {
                    b.append(" alignment ").append(Hex.of(r.getAlignment()));
                }
            }
            b.append(r.isNoMap() ? "  no-map" : "").append(r.isReusable() ? "  reusable" : "")
                    .append(r.isSharedDmaPool() ? "  shared-dma-pool" : "");
            List<Master> users = r.users();
            if (!users.isEmpty()) {
                b.append("  used by ");
                for (int i = 0; i < users.size(); i++) {
                    Master m = users.get(i);
                    b.append(i == 0 ? "" : ", ").append(m instanceof RemoteProcessor rp ? rp.getRprocName() : m.getPath());
                }
            }
            b.append('\n');
        }
        b.append("\nIOMMUs (").append(soc.getIommus().size()).append(")\n");
        for (Iommu i : soc.getIommus()) {
            b.append("  ").append(i.getLabels().isEmpty() ? i.getName() : i.getLabels().get(0)).append("  ").append(i.getPath())
                    .append("  ").append(i.getKind().getLiteral()).append(", ").append(i.getPageTableFormat().getLiteral())
                    .append(", #iommu-cells ").append(i.getIommuCells()).append(", ").append(i.streamIds().size())
                    .append(" stream IDs, ").append(i.getGroups().size()).append(" groups");
            if (!i.getLarbs().isEmpty()) {
                b.append(", ").append(i.getLarbs().size()).append(" larbs");
            }
            b.append('\n');
        }
        if (!diagnostics.isEmpty()) {
            b.append("\nFindings (").append(diagnostics.size()).append(")\n");
            for (Diagnostic d : diagnostics) {
                b.append("  ").append(d).append('\n');
            }
        }
        return b.toString();
    }
}
