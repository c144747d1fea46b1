package dev.bringup.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The JSON of {@code bringup inspect --json}, checked against readelf and the documented shape. */
class FirmwareJsonTest {

    static List<Path> allFirmware() throws IOException {
        return TestFixtures.allFirmware();
    }

    private static JsonObject json(Path file) throws Exception {
        try (Firmware fw = Firmware.open(file)) {
            // through the printed text, as a consumer of the command line sees it
            return JsonParser.parseString(FirmwareJson.print(FirmwareJson.toJson(fw))).getAsJsonObject();
        }
    }

    @ParameterizedTest
    @MethodSource("allFirmware")
    void segmentsAndSectionsAgreeWithReadelf(Path file) throws Exception {
        TestReadelf.Output ref = TestReadelf.run(file);
        JsonObject o = json(file);
        JsonArray segs = o.getAsJsonArray("segments");
        assertEquals(ref.segments().size(), segs.size(), file.toString());
        for (int i = 0; i < segs.size(); i++) {
            JsonObject s = segs.get(i).getAsJsonObject();
            TestReadelf.Segment r = ref.segments().get(i);
            assertEquals(r.type(), s.get("type").getAsString());
            assertEquals(r.offset(), s.get("offset").getAsLong());
            assertEquals(r.vaddr(), s.get("vaddr").getAsLong());
            assertEquals(r.paddr(), s.get("paddr").getAsLong());
            assertEquals(r.filesz(), s.get("filesz").getAsLong());
            assertEquals(r.memsz(), s.get("memsz").getAsLong());
        }
        JsonArray secs = o.getAsJsonArray("sections");
        assertEquals(ref.sections().size(), secs.size(), file.toString());
        for (int i = 0; i < secs.size(); i++) {
            JsonObject s = secs.get(i).getAsJsonObject();
            TestReadelf.Section r = ref.sections().get(i);
            assertEquals(r.name(), s.get("name").getAsString());
            assertEquals(r.addr(), s.get("addr").getAsLong());
            assertEquals(r.offset(), s.get("offset").getAsLong());
            assertEquals(r.size(), s.get("size").getAsLong());
        }
    }

    @Test
    void topLevelKeysAreStableAndInOrder() throws Exception {
        JsonObject o = json(TestFixtures.fixture("fw_v1_le.elf"));
        assertEquals(List.of("file", "format", "endian", "machine", "type", "entry", "segments", "sections", "resourceTable",
                "diagnostics"), List.copyOf(o.keySet()));
        assertEquals(List.of("type", "offset", "vaddr", "paddr", "filesz", "memsz", "flags", "align"),
                List.copyOf(o.getAsJsonArray("segments").get(0).getAsJsonObject().keySet()));
        JsonObject table = o.getAsJsonObject("resourceTable");
        assertEquals(List.of("format", "version", "num", "size", "offsets", "entries"), List.copyOf(table.keySet()));
        assertEquals("v1", table.get("format").getAsString());
        JsonObject vdev = table.getAsJsonArray("entries").get(3).getAsJsonObject();
        assertEquals("vdev", vdev.get("type").getAsString());
        assertEquals(List.of("type", "rscType", "offset", "id", "notifyid", "dfeatures", "gfeatures", "config_len", "status",
                "num_of_vrings", "reserved", "vrings", "config"), List.copyOf(vdev.keySet()));
        JsonObject vring = vdev.getAsJsonArray("vrings").get(1).getAsJsonObject();
        assertEquals(List.of("da", "align", "num", "notifyid", "pa"), List.copyOf(vring.keySet()));
        assertTrue(vring.get("da").getAsJsonPrimitive().isNumber());
        assertEquals(0x10041000L, vring.get("da").getAsLong());
        assertEquals("ELF32", o.get("format").getAsString());
        assertEquals("little", o.get("endian").getAsString());
    }

    @Test
    void corpusTablesAsTheIssueAsks() throws Exception {
        JsonObject split = json(TestFixtures.corpus("kv260_split_rpu0.elf"));
        assertTrue(split.get("resourceTable").isJsonNull());
        JsonObject d = split.getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals("error", d.get("severity").getAsString());
        assertEquals("RSC_TRUNCATED", d.get("code").getAsString());
        assertEquals(0x21833L, d.get("offset").getAsLong());

        JsonObject none = json(TestFixtures.corpus("hvl_zephyr_no_rsc_table.elf"));
        assertTrue(none.get("resourceTable").isJsonNull());
        assertEquals(0, none.getAsJsonArray("diagnostics").size());

        JsonObject stm = json(TestFixtures.corpus("stm32mp215f-dk_openamp_tty_echo_cm33_ns.elf"));
        JsonObject t = stm.getAsJsonObject("resourceTable");
        assertEquals(1, t.get("num").getAsInt());
        JsonObject vring = t.getAsJsonArray("entries").get(0).getAsJsonObject().getAsJsonArray("vrings").get(0).getAsJsonObject();
        assertEquals(0xFFFF_FFFFL, vring.get("da").getAsLong());
        assertEquals(0x80104e3dL, stm.get("entry").getAsLong());
    }

    @Test
    void twentyElevenTableIsLabelled() throws Exception {
        JsonObject t = json(TestFixtures.fixture("fw_2011.elf")).getAsJsonObject("resourceTable");
        assertEquals("2011", t.get("format").getAsString());
        assertTrue(t.get("version").isJsonNull());
        JsonElement first = t.getAsJsonArray("entries").get(0);
        assertEquals("carveout", first.getAsJsonObject().get("type").getAsString());
    }

    @Test
    void unsignedSixtyFourBitValuesStayPositive() {
        assertEquals("18446744073709551615", FirmwareJson.number(-1L).getAsBigInteger().toString());
    }
}
