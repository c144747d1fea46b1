package dev.bringup.check;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bringup.check.internal.Checker;
import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.firmware.Firmware;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/**
 * Bring-up checks of a firmware image against a SoC and one of its remote processors, before any
 * boot: where the image's segments and resource-table entries land, whether the IOMMU can map
 * them, what they expose, and whether the devicetree and the table agree. Each finding has a
 * {@link CheckCode}; the command line ({@code bringup check}) and the workbench call this class.
 */
public final class BringupCheck {

    private BringupCheck() {
    }

    /**
     * Runs every check.
     *
     * @param soc the SoC, as {@code dev.bringup.dt.DtImport} imported it
     * @param rproc the processor that boots the image (one of {@code soc.remoteProcessors()})
     * @param firmware the opened image
     * @param firmwareFile the image's file as the user named it (findings in the image point at it)
     * @param dtFile the devicetree file as the user named it (findings in the devicetree point at it)
     * @return the findings, in check order
     */
    public static List<Finding> run(Soc soc, RemoteProcessor rproc, Firmware firmware, String firmwareFile, String dtFile) {
        return Checker.run(soc, rproc, firmware, firmwareFile, dtFile);
    }

    /**
     * What {@code bringup check --dt DT [--overlay O]... --rproc NAME --firmware FW} reports: loads
     * the devicetree (a {@code .dtb} or a {@code .dts}, with the overlays applied in order), finds
     * the processor, opens the firmware and runs every check. Files are named in the report (and
     * in SARIF URIs) as given.
     *
     * @throws FormatException when the devicetree, an overlay or the firmware cannot be used, or
     *             {@code rproc} names no processor or several (the message says which and what
     *             would fix it)
     * @throws IOException when the firmware cannot be read
     */
    public static CheckReport report(Path dt, List<Path> overlays, String rproc, Path firmware)
            throws FormatException, IOException {
        DeviceTree tree = DtImport.load(dt, overlays, List.of());
        String n = String.valueOf(dt.getFileName());
        List<String> overlayNames = overlays.stream().map(Path::toString).toList();
        Soc soc = DtImport.importTree(tree, n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : n, overlayNames).soc();
        RemoteProcessor rp = findProcessor(soc, rproc, dt.toString());
        try (Firmware fw = Firmware.open(firmware)) {
            List<Finding> findings = run(soc, rp, fw, firmware.toString(), dt.toString());
            return new CheckReport(dt.toString(), overlayNames, rp.getRprocName(), rp.getPath(), firmware.toString(), findings);
        }
    }

    /**
     * The remote processor that {@code key} names: its short name ({@code m4}, {@code adsp}), a
     * devicetree label ({@code remoteproc_adsp}), its node name or its full path.
     *
     * @throws FormatException when no processor, or more than one, matches; the message lists them
     */
    public static RemoteProcessor findProcessor(Soc soc, String key, String dtFile) throws FormatException {
        List<RemoteProcessor> byPath = new ArrayList<>();
        List<RemoteProcessor> byOther = new ArrayList<>();
        for (RemoteProcessor rp : soc.remoteProcessors()) {
            if (key.equals(rp.getPath())) {
                byPath.add(rp);
            } else if (key.equals(rp.getRprocName()) || rp.getLabels().contains(key) || key.equals(rp.getName())) {
                byOther.add(rp);
            }
        }
        List<RemoteProcessor> hits = byPath.isEmpty() ? byOther : byPath;
        if (hits.size() == 1) {
            return hits.get(0);
        }
        StringBuilder all = new StringBuilder();
        for (RemoteProcessor rp : soc.remoteProcessors()) {
            all.append(all.isEmpty() ? "" : ", ").append(rp.getRprocName()).append(" (").append(rp.getPath())
                    .append(rp.getLabels().isEmpty() ? "" : ", label " + String.join("/", rp.getLabels())).append(')');
        }
        if (hits.isEmpty()) {
            throw new FormatException("no remote processor '" + key + "' in " + dtFile
                    + (all.isEmpty() ? " (it has none)" : "; it has " + all), Location.at(dtFile, -1),
                    "give --rproc a processor's name, devicetree label or path");
        }
        StringBuilder paths = new StringBuilder();
        hits.forEach(rp -> paths.append(paths.isEmpty() ? "" : ", ").append(rp.getPath()));
        throw new FormatException("'" + key + "' names " + hits.size() + " remote processors in " + dtFile + ": " + paths,
                Location.at(dtFile, -1), "give --rproc the processor's devicetree path");
    }
}
