package dev.bringup.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The JSON and SARIF forms. The SARIF test checks the structure that the SARIF 2.1.0
 * specification (OASIS) and its JSON schema require of every object the report writes: the
 * required properties, the allowed property names (the schema's objects allow no others), the
 * {@code level} enumeration, URI references, non-negative byte regions, and that every result's
 * {@code ruleId}/{@code ruleIndex} name a rule. {@link SarifSchemaTest} validates against the
 * schema file itself.
 */
class ReportFormatsTest {

    private static CheckReport mt8183() throws Exception {
        List<Finding> f = TestInputs.check(TestInputs.example("mt8183-apu"), "apu", TestInputs.image("mt8183-apu.elf"));
        return new CheckReport("mt8183-apu.dtb", List.of(), "apu", "/soc/apu@19100000", "mt8183-apu.elf", f);
    }

    @Test
    void jsonHasInspectsDiagnosticShapePlusLocation() throws Exception {
        CheckReport r = mt8183();
        JsonObject o = JsonParser.parseString(CheckReport.print(r.toJson())).getAsJsonObject();
        assertEquals(List.of("dt", "overlays", "rproc", "firmware", "diagnostics"), List.copyOf(o.keySet()));
        JsonArray d = o.getAsJsonArray("diagnostics");
        assertEquals(3, d.size());
        JsonObject first = d.get(0).getAsJsonObject();
        assertEquals(List.of("severity", "code", "message", "offset", "entry", "fix", "file", "dtPath", "address", "length"),
                List.copyOf(first.keySet()));
        assertEquals("error", first.get("severity").getAsString());
        assertEquals("CHK_FIXED_DA_IN_DMA_WINDOW", first.get("code").getAsString());
        assertEquals(0x2024, first.get("offset").getAsLong());
        assertEquals(0, first.get("entry").getAsInt());
        assertEquals(0x60000000L, first.get("address").getAsLong());
        assertEquals(0x100000L, first.get("length").getAsLong());
        assertEquals("/soc/iommu@10205000", first.get("dtPath").getAsString());
        assertEquals("mt8183-apu.elf", first.get("file").getAsString());
    }

    @Test
    void textHasOneLinePerFindingAndASummary() throws Exception {
        String[] lines = mt8183().toText().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[0].startsWith("error CHK_FIXED_DA_IN_DMA_WINDOW at mt8183-apu.elf+0x2024 entry 0"), lines[0]);
        assertEquals("apu (/soc/apu@19100000) with mt8183-apu.elf: 3 findings, 3 errors", lines[3]);
    }

    // the property names the SARIF 2.1.0 schema allows on the objects the report writes
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("sarifLog", Set.of("$schema", "version", "runs", "inlineExternalProperties", "properties")),
            Map.entry("run", Set.of("tool", "invocations", "conversion", "language", "versionControlProvenance",
                    "originalUriBaseIds", "artifacts", "logicalLocations", "graphs", "results", "automationDetails",
                    "runAggregates", "baselineGuid", "redactionTokens", "defaultEncoding", "defaultSourceLanguage",
                    "newlineSequences", "columnKind", "externalPropertyFileReferences", "threadFlowLocations", "taxonomies",
                    "addresses", "translations", "policies", "webRequests", "webResponses", "specialLocations", "properties")),
            Map.entry("tool", Set.of("driver", "extensions", "properties")),
            Map.entry("toolComponent", Set.of("guid", "name", "organization", "product", "productSuite", "shortDescription",
                    "fullDescription", "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc",
                    "downloadUri", "informationUri", "globalMessageStrings", "notifications", "rules", "taxa", "locations",
                    "language", "contents", "isComprehensive", "localizedDataSemanticVersion",
                    "minimumRequiredLocalizedDataSemanticVersion", "associatedComponent", "translationMetadata",
                    "supportedTaxonomies", "properties")),
            Map.entry("reportingDescriptor", Set.of("id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames",
                    "shortDescription", "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help",
                    "relationships", "properties")),
            Map.entry("multiformatMessageString", Set.of("text", "markdown", "properties")),
            Map.entry("reportingConfiguration", Set.of("enabled", "level", "rank", "parameters", "properties")),
            Map.entry("artifact", Set.of("description", "location", "parentIndex", "offset", "length", "roles", "mimeType",
                    "contents", "encoding", "sourceLanguage", "hashes", "lastModifiedTimeUtc", "properties")),
            Map.entry("artifactLocation", Set.of("uri", "uriBaseId", "index", "description", "properties")),
            Map.entry("result", Set.of("ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations",
                    "guid", "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows",
                    "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments",
                    "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties")),
            Map.entry("message", Set.of("text", "markdown", "id", "arguments", "properties")),
            Map.entry("location", Set.of("id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships",
                    "properties")),
            Map.entry("physicalLocation", Set.of("address", "artifactLocation", "region", "contextRegion", "properties")),
            Map.entry("region", Set.of("startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength",
                    "byteOffset", "byteLength", "snippet", "message", "sourceLanguage", "properties")),
            Map.entry("logicalLocation", Set.of("name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind",
                    "properties")));

    private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");

    private static void shape(String type, JsonObject o, String... required) {
        Set<String> extra = new HashSet<>(o.keySet());
        extra.removeAll(ALLOWED.get(type));
        assertEquals(Set.of(), extra, type + " has properties SARIF does not define: " + o);
        for (String r : required) {
            assertTrue(o.has(r), type + " lacks required " + r + ": " + o);
        }
    }

    private static void uriReference(JsonObject artifactLocation) {
        shape("artifactLocation", artifactLocation);
        String uri = artifactLocation.get("uri").getAsString();
        assertDoesNotThrow(() -> new URI(uri), uri);
    }

    private static void messageString(JsonObject m) {
        shape("multiformatMessageString", m, "text");
        assertFalse(m.get("text").getAsString().isBlank());
    }

    private static void sarif(CheckReport report) {
        JsonObject log = JsonParser.parseString(CheckReport.print(report.toSarif())).getAsJsonObject();
        shape("sarifLog", log, "version", "runs");
        assertEquals("2.1.0", log.get("version").getAsString());
        assertDoesNotThrow(() -> new URI(log.get("$schema").getAsString()));
        JsonArray runs = log.getAsJsonArray("runs");
        assertEquals(1, runs.size());
        JsonObject run = runs.get(0).getAsJsonObject();
        shape("run", run, "tool");
        JsonObject tool = run.getAsJsonObject("tool");
        shape("tool", tool, "driver");
        JsonObject driver = tool.getAsJsonObject("driver");
        shape("toolComponent", driver, "name");
        List<String> ruleIds = new ArrayList<>();
        for (JsonElement e : driver.getAsJsonArray("rules")) {
            JsonObject rule = e.getAsJsonObject();
            shape("reportingDescriptor", rule, "id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration");
            ruleIds.add(rule.get("id").getAsString());
            messageString(rule.getAsJsonObject("shortDescription"));
            messageString(rule.getAsJsonObject("fullDescription"));
            messageString(rule.getAsJsonObject("help"));
            JsonObject conf = rule.getAsJsonObject("defaultConfiguration");
            shape("reportingConfiguration", conf, "level");
            assertTrue(LEVELS.contains(conf.get("level").getAsString()));
        }
        assertEquals(List.of(CheckCode.values()).stream().map(Enum::name).toList(), ruleIds, "every check is a rule");
        for (JsonElement e : run.getAsJsonArray("artifacts")) {
            shape("artifact", e.getAsJsonObject());
            uriReference(e.getAsJsonObject().getAsJsonObject("location"));
        }
        for (JsonElement e : run.getAsJsonArray("results")) {
            JsonObject r = e.getAsJsonObject();
            shape("result", r, "message", "ruleId", "level", "locations");
            int index = r.get("ruleIndex").getAsInt();
            assertEquals(ruleIds.get(index), r.get("ruleId").getAsString());
            assertTrue(LEVELS.contains(r.get("level").getAsString()));
            shape("message", r.getAsJsonObject("message"), "text");
            for (JsonElement le : r.getAsJsonArray("locations")) {
                JsonObject loc = le.getAsJsonObject();
                shape("location", loc, "physicalLocation");
                JsonObject phys = loc.getAsJsonObject("physicalLocation");
                shape("physicalLocation", phys, "artifactLocation");
                uriReference(phys.getAsJsonObject("artifactLocation"));
                if (phys.has("region")) {
                    JsonObject region = phys.getAsJsonObject("region");
                    shape("region", region, "byteOffset");
                    assertTrue(region.get("byteOffset").getAsLong() >= 0);
                    assertTrue(!region.has("byteLength") || region.get("byteLength").getAsLong() >= 0);
                }
                if (loc.has("logicalLocations")) {
                    for (JsonElement l : loc.getAsJsonArray("logicalLocations")) {
                        shape("logicalLocation", l.getAsJsonObject(), "fullyQualifiedName", "kind");
                    }
                }
            }
        }
    }

    @Test
    void sarifHasTheStructureSarif210Requires() throws Exception {
        CheckReport r = mt8183();
        sarif(r);
        JsonObject result = r.toSarif().getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results").get(0)
                .getAsJsonObject();
        assertEquals("CHK_FIXED_DA_IN_DMA_WINDOW", result.get("ruleId").getAsString());
        assertEquals("error", result.get("level").getAsString());
        JsonObject loc = result.getAsJsonArray("locations").get(0).getAsJsonObject();
        JsonObject phys = loc.getAsJsonObject("physicalLocation");
        assertEquals("mt8183-apu.elf", phys.getAsJsonObject("artifactLocation").get("uri").getAsString());
        assertEquals(0x2024, phys.getAsJsonObject("region").get("byteOffset").getAsInt());
        assertEquals(56, phys.getAsJsonObject("region").get("byteLength").getAsInt());
        assertEquals("/soc/iommu@10205000",
                loc.getAsJsonArray("logicalLocations").get(0).getAsJsonObject().get("fullyQualifiedName").getAsString());
        assertEquals(0x60000000L, loc.getAsJsonObject("properties").get("address").getAsLong());
    }

    /** Findings in the devicetree only (no file offset) and file names that need escaping. */
    @Test
    void sarifOfDevicetreeFindingsAndOddFileNames() throws Exception {
        List<Finding> f = new ArrayList<>(TestInputs.check(TestInputs.dts("m4.dts"), "m4", TestInputs.image("mt8183-apu.elf")));
        f.add(new Finding(CheckCode.SEC_NO_IOMMU_DMA_REACH.at(new dev.bringup.common.Location("/tmp/my boards/m4 #1.dts", -1, -1,
                "/ahb/m4@10000000", 0xc0000000L, 0x20000000L), "reaches DDR", "add an IOMMU"), 0));
        CheckReport r = new CheckReport("/tmp/my boards/m4 #1.dts", List.of("over lay.dtbo"), "m4", "/ahb/m4@10000000",
                "fw images/apu%1.elf", f);
        sarif(r);
        String uri = r.toSarif().getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("artifacts").get(1)
                .getAsJsonObject().getAsJsonObject("location").get("uri").getAsString();
        assertEquals("file:///tmp/my%20boards/m4%20%231.dts", uri);
        JsonArray results = r.toSarif().getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results");
        JsonObject last = results.get(results.size() - 1).getAsJsonObject().getAsJsonArray("locations").get(0).getAsJsonObject();
        assertEquals(uri, last.getAsJsonObject("physicalLocation").getAsJsonObject("artifactLocation").get("uri").getAsString());
        assertFalse(last.getAsJsonObject("physicalLocation").has("region"), "no file offset: no region");
        assertEquals("m4@10000000", last.getAsJsonArray("logicalLocations").get(0).getAsJsonObject().get("name").getAsString());
        sarif(new CheckReport("x.dtb", List.of(), "m4", "/m4", "fw.elf", List.of()));
    }
}
