package dev.bringup.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.dt.DtOverlay;
import dev.bringup.model.BringupProject;

/**
 * The catalogue of embedded examples. Each is a compiled devicetree (plus overlays) in this
 * bundle's resources, built from the DTS beside it by {@code rebuild-dtbs.sh}; the firmware
 * each one expects (its {@code firmware-name}s) is listed in the bundle's README.
 */
public final class Examples {

    /** Where the sources and blobs live, as class-path resources. */
    public static final String FOLDER = "/dev/bringup/examples/dts/";

    /**
     * One example system.
     *
     * @param id short name, also the blob's base name
     * @param title one line for a list
     * @param description what the example shows
     * @param dtb the blob's resource name (in {@link #FOLDER})
     * @param overlays overlay blobs applied in order
     */
    public record Example(String id, String title, String description, String dtb, List<String> overlays) {
    }

    private static final List<Example> ALL = List.of(
            new Example("stm32mp157-m4", "STM32MP157: Cortex-M4, no IOMMU",
                    "The M4 sees RETRAM at 0x0 through the mlahb bus's dma-ranges; vdev0vring0/1 and vdev0buffer"
                            + " carveouts for rpmsg; mcuram and retram regions.",
                    "stm32mp157-m4.dtb", List.of()),
            new Example("omap4-ipu-dsp", "OMAP4: IPU (Cortex-M3) and DSP behind OMAP IOMMUs",
                    "The 2011 remoteproc design: each processor has its own IOMMU and a CMA carveout.",
                    "omap4-ipu-dsp.dtb", List.of()),
            new Example("mt8183-apu", "MT8183: APU in a shared m4u bank",
                    "The APU firmware needs 0x60000000-0x70000000 but the APU shares the m4u's only bank (one"
                            + " group) with the larbs' masters: the problem of seeds 000/001.",
                    "mt8183-apu.dtb", List.of()),
            new Example("mt8365-apu", "MT8365: APU with a direct-mapped firmware window",
                    "A static reserved region with iommu-addresses (IOVA == PA) maps the APU's window 1:1.",
                    "mt8365-apu.dtb", List.of()),
            new Example("sa8775p-adsp", "SA8775P: ADSP under the hypervisor",
                    "Secure PAS boot; the hypervisor owns the DSP's SMMU translation (no iommus).",
                    "sa8775p-adsp.dtb", List.of()),
            new Example("sa8775p-adsp-kvm", "SA8775P: ADSP on a KVM host",
                    "The EL2 overlay adds iommus: the host maps the carveout before auth_and_reset (seed 003).",
                    "sa8775p-adsp.dtb", List.of("sa8775p-adsp-kvm.dtbo")),
            new Example("qcom-adsp-fastrpc-iommu-map", "Qualcomm ADSP: FastRPC sessions through iommu-map",
                    "The DSP's FastRPC functions reach the SMMU through an iommu-map (seed 002's suggestion).",
                    "qcom-adsp-fastrpc-iommu-map.dtb", List.of()));

    private Examples() {
    }

    /** All examples, the demo first. */
    public static List<Example> all() {
        return ALL;
    }

    /** The example the workbench opens when it is given nothing. */
    public static Example demo() {
        return ALL.get(0);
    }

    /** The example with that id, or null. */
    public static @Nullable Example byId(String id) {
        for (Example e : ALL) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    /** The bytes of a resource of the examples folder ({@code stm32mp157-m4.dts}, ...). */
    public static byte[] resource(String name) throws FormatException {
        try (InputStream in = Examples.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new FormatException("example resource " + name + " is missing from the examples bundle",
                        Location.at(FOLDER + name, -1), "rebuild the bundle (bundles/dev.bringup.examples/rebuild-dtbs.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new FormatException("cannot read example resource " + name + ": " + e.getMessage(),
                    Location.at(FOLDER + name, -1), "rebuild the bundle");
        }
    }

    /** The example's devicetree with its overlays applied. */
    public static DeviceTree tree(Example e) throws FormatException {
        DeviceTree t = DeviceTree.read(resource(e.dtb()), "example:" + e.dtb());
        for (String o : e.overlays()) {
            t = DtOverlay.apply(t, DeviceTree.read(resource(o), "example:" + o));
        }
        return t;
    }

    /** The example as a bring-up project: the imported SoC, its firmware names and one boot scenario per processor. */
    public static BringupProject project(Example e) throws FormatException {
        List<String> overlays = new ArrayList<>();
        for (String o : e.overlays()) {
            overlays.add("example:" + o);
        }
        DtImport.Result r = DtImport.importTree(tree(e), e.id(), overlays);
        BringupProject p = DtImport.project(r.soc(), e.title());
        p.setDescription(e.description());
        return p;
    }
}
