package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every blob version dtc can write (1, 2, 3, 16, 17) reads to the same tree. */
class FdtVersionsTest {

    static final String DTS = """
            /dts-v1/;
            /memreserve/ 0x10000000 0x4000;
            / {
                model = "versions";
                #address-cells = <2>; #size-cells = <2>;
                big = /bits/ 64 <0x1122334455667788 0x99aabbccddeeff00>;
                small = <1>;
                flag;
                node@1 { reg = <0 1 0 2>; text = "a", "bc"; deep { deeper { x = [01 02 03]; }; }; };
                other { y = /bits/ 64 <7>; };
            };
            """;

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = { 1, 2, 3, 16, 17 })
    void allVersionsReadToTheSameTree(int version) throws Exception {
        TestFiles.assumeDtc();
        DeviceTree v17 = DeviceTree.read(TestFiles.dtc(DTS, "-V", "17"), "v17");
        DeviceTree v = DeviceTree.read(TestFiles.dtc(DTS, "-V", Integer.toString(version)), "v" + version);
        assertEquals(version, v.version());
        // versions 1..3 carry a 'name' property per node that later versions dropped
        String dump = TestFiles.dump(v.root()).replaceAll("(?m)^  name =.*\\n", "");
        assertEquals(TestFiles.dump(v17.root()), dump);
        assertEquals(v17.memoryReservations(), v.memoryReservations());
        assertEquals(0x10000000L, v.memoryReservations().get(0).address());
    }
}
