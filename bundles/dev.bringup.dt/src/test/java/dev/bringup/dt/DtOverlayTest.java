package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bringup.common.FormatException;

/** Overlays applied by {@link DtOverlay} give exactly the tree that fdtoverlay writes. */
class DtOverlayTest {

    @Test
    void lemansEl2OverlayGivesTheSameTreeAsFdtoverlay() throws Exception {
        Path dir = TestFiles.corpusDtb();
        DeviceTree base = DeviceTree.read(dir.resolve("sa8775p-ride.dtb"));
        DeviceTree overlay = DeviceTree.read(dir.resolve("lemans-el2.dtbo"));
        DeviceTree merged = DtOverlay.apply(base, overlay);
        DeviceTree expected = DeviceTree.read(dir.resolve("sa8775p-ride-el2.dtb"));
        assertEquals(TestFiles.dump(expected.root()), TestFiles.dump(merged.root()));
        // the base is untouched
        DtNode adsp = base.nodeByLabel("remoteproc_adsp");
        assertTrue(adsp != null && !adsp.has("iommus"));
        DtNode adspEl2 = merged.nodeByLabel("remoteproc_adsp");
        assertTrue(adspEl2 != null && adspEl2.has("iommus"));
    }

    static final String BASE = """
            /dts-v1/;
            / {
                #address-cells = <1>; #size-cells = <1>;
                soc: soc { #address-cells = <1>; #size-cells = <1>; ranges;
                    smmu: iommu@1000 { reg = <0x1000 0x100>; #iommu-cells = <2>; };
                    dsp: dsp@2000 { reg = <0x2000 0x100>; status = "okay"; };
                };
            };
            """;

    static final String OVERLAY = """
            /dts-v1/;
            /plugin/;
            &dsp {
                status = "disabled";
                iommus = <&smmu 0x21 0x0>;
                memory-region = <&fw_mem>;
                fastrpc { compute-cb@1 { reg = <1>; iommus = <&smmu 0x22 0>; }; };
            };
            &{/} {
                reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;
                    fw_mem: fw@80000000 { reg = <0x80000000 0x100000>; no-map; };
                };
            };
            """;

    @Test
    void ownOverlayWithLocalFixupsAndTargetPathMatchesFdtoverlay(@TempDir Path tmp) throws Exception {
        TestFiles.assumeDtc();
        byte[] base = TestFiles.dtc(BASE);
        byte[] ovl = TestFiles.dtc(OVERLAY);
        Path b = tmp.resolve("base.dtb");
        Path o = tmp.resolve("ovl.dtbo");
        Path out = tmp.resolve("out.dtb");
        Files.write(b, base);
        Files.write(o, ovl);
        TestFiles.run(List.of("fdtoverlay", "-i", b.toString(), "-o", out.toString(), o.toString()), new byte[0]);
        DeviceTree ours = DtOverlay.apply(DeviceTree.read(b), DeviceTree.read(o));
        DeviceTree theirs = DeviceTree.read(out);
        assertEquals(TestFiles.dump(theirs.root()), TestFiles.dump(ours.root()));
        DtNode dsp = ours.nodeByLabel("dsp");
        DtNode fw = ours.nodeByLabel("fw_mem");
        assertTrue(dsp != null && fw != null);
        assertEquals(fw.phandle(), dsp.require("memory-region").u32(), "local fixup points at the new node");
        assertEquals("/reserved-memory/fw@80000000", fw.path());
    }

    @Test
    void unknownLabelIsAFormatErrorNamingTheLabel(@TempDir Path tmp) throws Exception {
        TestFiles.assumeDtc();
        DeviceTree base = DeviceTree.read(TestFiles.dtc(BASE.replace("dsp: dsp@2000", "dsp@2000")), "base.dtb");
        DeviceTree ovl = DeviceTree.read(TestFiles.dtc(OVERLAY), "ovl.dtbo");
        FormatException e = assertThrows(FormatException.class, () -> DtOverlay.apply(base, ovl));
        assertTrue(e.getMessage().contains("'dsp'"), e.getMessage());
        assertEquals("ovl.dtbo", e.location().file());
    }
}
