package dev.bringup.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.dt.DtOverlay;
import dev.bringup.examples.Examples;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.Soc;

/**
 * The embedded boot scenarios: each an example SoC of {@code dev.bringup.examples}, a processor,
 * an example firmware image, the strategies worth trying on it, and what the remote side and
 * the other masters do once it is up. Every outcome comes from the simulation; a scenario only
 * says what to run. {@code bringup scenarios} lists them, {@code bringup boot --scenario NAME}
 * runs one.
 */
public final class Scenarios {

    /**
     * One scenario.
     *
     * @param name the name {@code --scenario} takes
     * @param title one line
     * @param description what it shows
     * @param dtb the example devicetree blob (a resource of the examples bundle)
     * @param overlays overlay blobs applied in order
     * @param processor the processor (name, label or path)
     * @param firmware the example image ({@code firmware/images/NAME} of the examples bundle)
     * @param strategies the strategies worth running, the default first
     * @param actions what happens once the processor is up (after its first fetch)
     */
    public record Scenario(String name, String title, String description, String dtb, List<String> overlays,
            String processor, String firmware, List<BootStrategy> strategies, List<RemoteAction> actions) {

        public Scenario {
            overlays = List.copyOf(overlays);
            strategies = List.copyOf(strategies);
            actions = List.copyOf(actions);
            if (strategies.isEmpty()) {
                throw new IllegalArgumentException("a scenario needs at least one strategy");
            }
        }

        /** The strategy a plain {@code --scenario NAME} runs. */
        public BootStrategy defaultStrategy() {
            return strategies.get(0);
        }

        /** The scenario's SoC, imported from its example devicetree. */
        public Soc soc() throws FormatException {
            DeviceTree t = DeviceTree.read(Examples.resource(dtb), "example:" + dtb);
            List<String> names = new ArrayList<>();
            for (String o : overlays) {
                t = DtOverlay.apply(t, DeviceTree.read(Examples.resource(o), "example:" + o));
                names.add("example:" + o);
            }
            return DtImport.importTree(t, name, names).soc();
        }

        /** The request for {@code strategy} (null: the default). */
        public BootRequest request(@Nullable BootStrategy strategy) throws FormatException {
            BootStrategy s = strategy == null ? defaultStrategy() : strategy;
            return BootRequest.builder(soc(), processor, new BootRequest.FromExample(firmware)).strategy(s).then(actions)
                    .scenario(name).build();
        }
    }

    private static final String FASTRPC = "30000000.remoteproc:glink-edge:fastrpc:session@";
    private static final String COMPUTE_CB = "/soc@0/remoteproc@30000000/glink-edge/fastrpc/compute-cb@";

    private static final List<Scenario> ALL = List.of(
            new Scenario("stm32mp157-m4", "STM32MP157: Cortex-M4 from its memory-region carveouts",
                    "stm32_rproc registers the memory-region nodes as carveouts (device addresses from the mlahb"
                            + " dma-ranges: RETRAM at 0x0), loads the image, fills the vrings in from vdev0vring0/1 and"
                            + " assigns vdev0buffer; the firmware writes its trace and announces a channel.",
                    "stm32mp157-m4.dtb", List.of(), "m4", "stm32mp157-m4.elf", List.of(BootStrategy.LINUX_DEFAULT),
                    List.of(new RemoteAction.Trace("stm32mp157-m4: up, rpmsg vdev ready"),
                            new RemoteAction.Announce("rpmsg-tty", 0x400))),
            new Scenario("omap4-ipu", "OMAP4 IPU: the 2011 design, its vrings inside a carveout",
                    "The core maps the resource table's carveouts through its own domain on the IPU's IOMMU; the"
                            + " firmware's vrings lie inside IPU_MEM_IPC_VRING, so Linux allocates and maps"
                            + " vdev0vring0/1 at device addresses already mapped.",
                    "omap4-ipu-dsp.dtb", List.of(), "ipu", "omap4-ipu.elf", List.of(BootStrategy.LINUX_DEFAULT),
                    List.of()),
            new Scenario("mt8183-apu", "MT8183 APU: fixed firmware addresses behind a shared M4U bank (seeds 000/001)",
                    "The APU firmware needs 0x60000000.. but the APU shares the M4U's only bank (one page table, one"
                            + " group) with display, video and camera. Each strategy is one approach of the thread; after"
                            + " the boot the camera maps 48 streaming buffers of 64 MiB (3 GiB of the shared IOVA space)"
                            + " and the APU reads its code again.",
                    "mt8183-apu.dtb", List.of(), "apu", "mt8183-apu.elf",
                    List.of(BootStrategy.LINUX_DEFAULT, BootStrategy.UNMANAGED_DOMAIN, BootStrategy.PLATFORM_DOMAIN,
                            BootStrategy.DRIVER_IOMMU_API, BootStrategy.DMA_API, BootStrategy.DMA_FIXED_IOVA,
                            BootStrategy.DEDICATED_BANK, BootStrategy.DEDICATED_IOVA_REGION, BootStrategy.RESERVED_REGION),
                    List.of(new RemoteAction.DmaMap("1a000000.camsys", 48, 64L << 20),
                            new RemoteAction.Read(0x6000_0000L, 16, null))),
            new Scenario("mt8365-apu", "MT8365 APU: the firmware window mapped 1:1 by iommu-addresses",
                    "The devicetree reserves 0x60000000..0x70000000 with iommu-addresses (IOVA == PA): the IOMMU core"
                            + " maps it 1:1 before the APU's driver runs, and the driver places the carveouts inside.",
                    "mt8365-apu.dtb", List.of(), "apu", "mt8183-apu.elf",
                    List.of(BootStrategy.RESERVED_REGION, BootStrategy.UNMANAGED_DOMAIN),
                    List.of(new RemoteAction.Trace("apu: up"))),
            new Scenario("sa8775p-adsp", "SA8775P ADSP under Qualcomm's hypervisor (PAS)",
                    "qcom_q6v5_pas loads the split image (.mdt + .b00-.b03) into pil-adsp; the secure world checks the"
                            + " hashes and the hypervisor maps the carveout for the DSP: the host maps nothing. Then"
                            + " FastRPC session 3 (compute-cb@3, stream 0x3003) allocates a buffer the DSP reads through"
                            + " that stream, and through session 4's stream, which has no such mapping: an SMMU context"
                            + " fault; the DSP reports a fatal error and is recovered, with a coredump.",
                    "sa8775p-adsp.dtb", List.of(), "adsp", "sa8775p-adsp.mdt",
                    List.of(BootStrategy.LINUX_DEFAULT, BootStrategy.HOST_MAPS_BEFORE_PAS),
                    List.of(new RemoteAction.DmaAlloc(COMPUTE_CB + "3", 0x100000),
                            new RemoteAction.Read(0xfff0_0000L, 16, COMPUTE_CB + "3"),
                            new RemoteAction.Read(0xfff0_0000L, 16, COMPUTE_CB + "4"),
                            new RemoteAction.Crash(CrashType.FATAL_ERROR, "SFR Init: wdog or kernel error suspected."))),
            new Scenario("sa8775p-adsp-kvm", "SA8775P ADSP on a KVM host (seed 003)",
                    "The EL2 overlay gives the ADSP iommus: the core attaches a domain, the driver maps the carveout 1:1"
                            + " and creates an SHM bridge before auth_and_reset; the resource table comes from the"
                            + " secure world.",
                    "sa8775p-adsp.dtb", List.of("sa8775p-adsp-kvm.dtbo"), "adsp", "sa8775p-adsp.mdt",
                    List.of(BootStrategy.LINUX_DEFAULT, BootStrategy.QCOM_DEVMEM), List.of()),
            new Scenario("qcom-adsp-fastrpc", "Qualcomm ADSP: FastRPC sessions with a stream ID each (seed 002)",
                    "The DSP's FastRPC functions are masters of their own through iommu-map (session N gets stream"
                            + " 0x1000 + N). The example image carries a resource table but no hash segment, so the"
                            + " secure world cannot authenticate it: the boot stops at auth_and_reset, as on hardware;"
                            + " the sessions' streams and groups are in the simulation all the same.",
                    "qcom-adsp-fastrpc-iommu-map.dtb", List.of(), "adsp", "qcom-adsp-fastrpc.elf",
                    List.of(BootStrategy.LINUX_DEFAULT),
                    List.of(new RemoteAction.DmaAlloc(FASTRPC + "3", 0x100000),
                            new RemoteAction.Read(0xfff0_0000L, 16, FASTRPC + "3"),
                            new RemoteAction.Read(0xfff0_0000L, 16, FASTRPC + "4"),
                            new RemoteAction.Crash(CrashType.FATAL_ERROR, "SFR Init: wdog or kernel error suspected."))));

    private Scenarios() {
    }

    /** Every embedded scenario. */
    public static List<Scenario> all() {
        return ALL;
    }

    /** The scenario called {@code name}, or null. */
    public static @Nullable Scenario byName(String name) {
        for (Scenario s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The scenario called {@code name}.
     *
     * @throws FormatException naming the scenarios when there is none of that name
     */
    public static Scenario require(String name) throws FormatException {
        Scenario s = byName(name);
        if (s == null) {
            throw new FormatException("no scenario called '" + name + "' (the scenarios are: "
                    + String.join(", ", ALL.stream().map(Scenario::name).toList()) + ")", Location.NOWHERE,
                    "run 'bringup scenarios' to list them");
        }
        return Objects.requireNonNull(s);
    }
}
