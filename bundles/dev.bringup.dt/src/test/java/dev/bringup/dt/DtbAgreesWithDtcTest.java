package dev.bringup.dt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader agrees with dtc on every corpus blob: dtc decompiles the blob to DTS and
 * compiles that again; both blobs, read by our reader, give the same node paths, property
 * names, property order and property bytes.
 */
class DtbAgreesWithDtcTest {

    static Stream<Path> blobs() throws Exception {
        return TestFiles.corpusBlobs().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blobs")
    void readerAgreesWithDtc(Path blob) throws Exception {
        TestFiles.assumeDtc();
        byte[] data = Files.readAllBytes(blob);
        DeviceTree ours = DeviceTree.read(data, blob.toString());
        byte[] dts = TestFiles.run(List.of("dtc", "-q", "-I", "dtb", "-O", "dts", blob.toString()), new byte[0]);
        byte[] again = TestFiles.run(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-"), dts);
        DeviceTree viaDtc = DeviceTree.read(again, "dtc output of " + blob.getFileName());
        assertEquals(TestFiles.dump(viaDtc.root()), TestFiles.dump(ours.root()));
        assertEquals(viaDtc.memoryReservations(), ours.memoryReservations());
        assertTrue(ours.nodeCount() > 10 || blob.toString().endsWith(".dtbo"), "a real tree has nodes");
        // dtc's DTS names every node once: count the node headers as a second, independent check
        long braces = new String(dts).lines().filter(l -> l.trim().endsWith("{")).count();
        assertEquals(braces, ours.nodeCount());
    }
}
