package dev.bringup.dt.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.model.BootMethod;

/**
 * The remoteproc bindings the importer knows, by compatible string: which Linux driver binds
 * the node, what core it is, how Linux boots it and what short name the processor goes by.
 * From Documentation/devicetree/bindings/remoteproc and the drivers in drivers/remoteproc.
 */
public final class RemoteprocKinds {

    /** What a compatible string says about a remote processor. */
    public record Kind(String compatible, String rprocName, String core, String driver, BootMethod bootMethod) {
    }

    private record Rule(Pattern pattern, String name, String core, String driver, BootMethod boot) {
    }

    private static final List<Rule> RULES = List.of(
            rule("st,stm32mp1-m4", "m4", "Cortex-M4", "stm32_rproc"),
            rule("st,stm32mp2-m33", "m33", "Cortex-M33", "stm32_rproc"),
            rule("mediatek,mt(8183|8186|8188|8192|8195)-scp(-dual)?", "scp", "SCP (Cortex-M4 / RISC-V)", "mtk_scp"),
            // the out-of-tree APU binding (seeds 000/001); upstream MT8365 uses the same string for the APU's clock
            // syscon, which ofNode() tells apart
            rule("mediatek,mt(8183|8365)-apu", "apu", "APU (Xtensa)", "mtk_apu"),
            // Qualcomm Peripheral Authentication Service: qcom,<soc>-<name>-pas; the secure world starts the image
            new Rule(Pattern.compile("qcom,[a-z0-9]+-([a-z0-9]+)-pas"), "$1", "Hexagon DSP", "qcom_q6v5_pas", BootMethod.SECURE_PAS),
            rule("ti,(am64|am62|am62a|am62p|am65x|j7200|j721e|j721s2|j722s|j784s4)-r5f", "r5f", "Cortex-R5F", "ti_k3_r5_remoteproc"),
            rule("ti,(j721e|j721s2|j784s4|am62a|j722s)-(c66|c71|c7xv)-dsp", "dsp", "C6x/C7x DSP", "ti_k3_dsp_remoteproc"),
            rule("ti,(omap4|omap5|dra7)-dsp", "dsp", "C64x+/C66x DSP", "omap_remoteproc"),
            rule("ti,(omap4|omap5|dra7)-ipu", "ipu", "Cortex-M3/M4 (IPU)", "omap_remoteproc"),
            rule("ti,am64-m4fss", "m4f", "Cortex-M4F", "ti_k3_m4_remoteproc"),
            rule("fsl,imx[0-9a-z]+-cm(4|7|33)", "cm$1", "Cortex-M$1", "imx_rproc"),
            rule("xlnx,zynqmp-r5f", "r5f", "Cortex-R5F", "zynqmp_r5_remoteproc"),
            rule("xlnx,versal-net-r52f", "r52f", "Cortex-R52F", "zynqmp_r5_remoteproc"));

    private RemoteprocKinds() {
    }

    private static Rule rule(String regex, String name, String core, String driver) {
        return new Rule(Pattern.compile(regex), name, core, driver, BootMethod.ELF_LOAD);
    }

    /**
     * The kind of a node, or null when it is no remote processor: a clock or system controller
     * ({@code syscon}, {@code #clock-cells}) never is, whatever its compatible says.
     */
    public static @Nullable Kind ofNode(List<String> compatible, boolean hasClockCells) {
        if (hasClockCells || compatible.contains("syscon")) {
            return null;
        }
        return of(compatible);
    }

    /** The kind for the first compatible string a rule knows, or null when the node is no remote processor. */
    public static @Nullable Kind of(List<String> compatible) {
        for (String c : compatible) {
            for (Rule r : RULES) {
                Matcher m = r.pattern().matcher(c);
                if (m.matches()) {
                    String name = r.name();
                    String core = r.core();
                    if (m.groupCount() >= 1 && m.group(1) != null) {
                        name = name.replace("$1", m.group(1));
                        core = core.replace("$1", m.group(1));
                    }
                    return new Kind(c, name, core, r.driver(), r.boot());
                }
            }
        }
        return null;
    }
}
