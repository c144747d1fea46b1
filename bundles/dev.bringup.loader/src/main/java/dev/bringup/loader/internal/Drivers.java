package dev.bringup.loader.internal;

import org.eclipse.jdt.annotation.Nullable;

import dev.bringup.iommu.AddressRange;
import dev.bringup.loader.SocSimulation;
import dev.bringup.model.BootStrategy;
import dev.bringup.model.RemoteProcessor;

/** Picks the platform driver model for a processor, by the Linux driver the devicetree import named. */
public final class Drivers {

    private Drivers() {
    }

    /** The driver of {@code rp} for a boot with {@code strategy}. */
    public static RprocDriver forProcessor(RemoteProcessor rp, BootStrategy strategy) {
        String d = rp.getDriver() == null ? "" : rp.getDriver();
        return switch (d) {
            case "stm32_rproc" -> new Stm32Driver(rp, strategy);
            case "zynqmp_r5_remoteproc" -> new ZynqmpR5Driver(rp, strategy);
            case "qcom_q6v5_pas" -> new QcomPasDriver(rp, strategy);
            case "mtk_apu" -> new MtkApuDriver(rp, strategy);
            case "omap_remoteproc" -> new OmapDriver(rp, strategy);
            default -> new GenericDriver(rp, strategy);
        };
    }

    /** How the SoC's simulation changes for {@code driver} (internal memories, pools, owner, strategy). */
    public static SocSimulation.Setup setup(RprocDriver driver, BootStrategy strategy, @Nullable AddressRange window) {
        return driver instanceof DtDriver dt ? dt.setup(window) : SocSimulation.Setup.plain(strategy);
    }

    /** The device addresses the firmware needs fixed (for the strategies that reserve them), or null. */
    public static @Nullable AddressRange firmwareWindow(FirmwareImage fw) {
        return MtkApuDriver.firmwareWindow(fw);
    }

    /** Whether the simulation models {@code rp}'s driver itself (not generically). */
    public static boolean modelled(RemoteProcessor rp) {
        return !(forProcessor(rp, BootStrategy.LINUX_DEFAULT) instanceof GenericDriver);
    }
}
