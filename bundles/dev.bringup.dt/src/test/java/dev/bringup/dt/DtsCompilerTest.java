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

/** DTS sources go through cpp and dtc; errors carry the compiler's file and line. */
class DtsCompilerTest {

    @Test
    void includesAndMacrosAreResolved(@TempDir Path dir) throws Exception {
        TestFiles.assumeDtc();
        Path inc = Files.createDirectories(dir.resolve("include/dt-bindings"));
        Files.writeString(inc.resolve("ids.h"), "#define M4U_PORT_APU (0x1f << 5 | 3)\n");
        Files.writeString(dir.resolve("soc.dtsi"), "/ { #address-cells = <1>; #size-cells = <1>; label_node: n { }; };\n");
        Path dts = dir.resolve("board.dts");
        Files.writeString(dts, """
                /dts-v1/;
                #include <dt-bindings/ids.h>
                #include "soc.dtsi"
                / { model = "board"; apu { port = <M4U_PORT_APU>; }; };
                """);
        DeviceTree t = DtImport.load(dts, List.of(), List.of(dir.resolve("include")));
        assertEquals((0x1fL << 5) | 3, t.node("/apu").require("port").u32());
        assertEquals("/n", t.symbols().get("label_node"), "labels are exported (dtc -@)");
    }

    @Test
    void syntaxErrorNamesFileAndLine(@TempDir Path dir) throws Exception {
        TestFiles.assumeDtc();
        Path dts = dir.resolve("broken.dts");
        Files.writeString(dts, "/dts-v1/;\n/ {\n  a = <1>\n};\n");
        FormatException e = assertThrows(FormatException.class, () -> DtImport.load(dts, List.of(), List.of()));
        assertTrue(e.getMessage().contains("dtc failed on broken.dts"), e.getMessage());
        assertTrue(e.getMessage().contains(":4") || e.getMessage().contains(":3"), e.getMessage());
    }

    @Test
    void missingFileIsAFormatException() {
        assertThrows(FormatException.class, () -> DtImport.load(Path.of("/nonexistent/x.dtb"), List.of(), List.of()));
        assertThrows(FormatException.class, () -> DtImport.load(Path.of("/nonexistent/x.dts"), List.of(), List.of()));
    }
}
