package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.bringup.common.FormatException;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/** reg, ranges and dma-ranges with #address-cells/#size-cells, on trees compiled by dtc. */
class DtAddressesTest {

    /** The STM32MP157 arrangement: the M4 on the mlahb bus sees RETRAM (host 0x38000000) at 0x0. */
    static final String STM32 = """
            /dts-v1/;
            / {
                #address-cells = <1>; #size-cells = <1>;
                reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;
                    retram: retram@38000000 { compatible = "shared-dma-pool"; reg = <0x38000000 0x10000>; no-map; };
                    mcuram: mcuram@30000000 { compatible = "shared-dma-pool"; reg = <0x30000000 0x40000>; no-map; };
                    vdev0vring0: vdev0vring0@10040000 { compatible = "shared-dma-pool"; reg = <0x10040000 0x1000>; no-map; };
                    ddr: ddr@c0000000 { reg = <0xc0000000 0x100000>; no-map; };
                };
                mlahb: ahb { compatible = "st,mlahb", "simple-bus"; #address-cells = <1>; #size-cells = <1>;
                    ranges;
                    dma-ranges = <0x00000000 0x38000000 0x10000>, <0x10000000 0x10000000 0x60000>,
                                 <0x30000000 0x30000000 0x60000>;
                    m4: m4@10000000 { compatible = "st,stm32mp1-m4"; reg = <0x10000000 0x40000>, <0x30000000 0x40000>,
                            <0x38000000 0x10000>;
                        memory-region = <&retram>, <&mcuram>, <&vdev0vring0>, <&ddr>; };
                };
                soc { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>;
                    ranges = <0x0 0x40000000 0x10000000>;
                    sub { #address-cells = <2>; #size-cells = <1>; ranges = <0x1 0x0 0x100000 0x1000>;
                        dev@1,10 { reg = <0x1 0x10 0x4>; };
                    };
                    nobus { #address-cells = <1>; #size-cells = <0>; i2cdev@50 { reg = <0x50>; }; };
                };
            };
            """;

    private static DtNode node(DeviceTree t, String path) {
        return java.util.Objects.requireNonNull(t.node(path), path);
    }

    @Test
    void rangesTranslateThroughEveryBus() throws Exception {
        TestFiles.assumeDtc();
        DeviceTree t = DeviceTree.read(TestFiles.dtc(STM32), "stm32.dtb");
        DtNode dev = node(t, "/soc/sub/dev@1,10");
        DtAddresses.Region r = DtAddresses.reg(dev).get(0);
        assertEquals(0x1_0000_0010L, r.address(), "two address cells");
        assertEquals(OptionalLong.of(0x40100010L), DtAddresses.cpuAddress(dev, r), "sub then soc ranges");
        DtNode i2c = node(t, "/soc/nobus/i2cdev@50");
        assertEquals(OptionalLong.empty(), DtAddresses.cpuAddress(i2c, DtAddresses.reg(i2c).get(0)),
                "a bus without ranges is not memory-mapped");
    }

    @Test
    void m4SeesRetramAtZeroThroughDmaRanges() throws Exception {
        TestFiles.assumeDtc();
        DeviceTree t = DeviceTree.read(TestFiles.dtc(STM32), "stm32.dtb");
        List<DtAddresses.DmaWindow> view = DtAddresses.dmaView(node(t, "/ahb/m4@10000000"));
        assertEquals(3, view.size());
        assertEquals(OptionalLong.of(0x0), DtAddresses.paToDa(view, 0x38000000L));
        assertEquals(OptionalLong.of(0x30001000L), DtAddresses.paToDa(view, 0x30001000L));
        assertEquals(OptionalLong.empty(), DtAddresses.paToDa(view, 0xc0000000L));
        assertEquals(List.of(), DtAddresses.dmaView(node(t, "/soc/sub/dev@1,10")), "no dma-ranges: identity");

        Soc soc = DtImport.importTree(t, "stm32", List.of()).soc();
        RemoteProcessor m4 = soc.remoteProcessors().get(0);
        assertEquals("m4", m4.getRprocName());
        ReservedMemory retram = m4.getMemoryRegions().get(0);
        assertEquals(Long.valueOf(0), m4.daOf(retram.getReg().get(0).getAddress()));
        assertEquals("/ahb", m4.getBus().getPath());
        assertEquals(3, m4.getBus().getDmaRanges().size());
        // DDR is outside the M4's view: the validation says so, naming the region and address
        var findings = dev.bringup.model.support.ModelValidation.validate(DtImport.project(soc, "stm32"));
        assertTrue(findings.stream().anyMatch(d -> d.code().equals("RPROC_REGION_NOT_VISIBLE")
                && d.message().contains("ddr@c0000000") && d.location().address() == 0xc0000000L), findings.toString());
        assertEquals(1, findings.stream().filter(d -> d.isError()).count(), findings.toString());
    }

    @Test
    void malformedCellsNameTheNodeAndProperty() throws Exception {
        TestFiles.assumeDtc();
        DeviceTree t = DeviceTree.read(TestFiles.dtc("""
                /dts-v1/;
                / { #address-cells = <2>; #size-cells = <2>;
                    bad@0 { reg = <0 1 2>; };
                    cells { #address-cells = <9>; x@0 { reg = <1>; }; };
                };
                """), "bad.dtb");
        FormatException e = assertThrows(FormatException.class, () -> DtAddresses.reg(node(t, "/bad@0")));
        assertTrue(e.getMessage().contains("'reg' of /bad@0") && e.getMessage().contains("3 cells"), e.getMessage());
        assertTrue(e.location().fileOffset() > 0);
        FormatException c = assertThrows(FormatException.class, () -> DtAddresses.reg(node(t, "/cells/x@0")));
        assertTrue(c.getMessage().contains("#address-cells"), c.getMessage());
        // the import keeps going and reports both as diagnostics
        var r = DtImport.importTree(t, "bad", List.of());
        assertEquals(0, r.diagnostics().stream().filter(d -> d.isError()).count());
    }
}
