package dev.bringup.check;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.Hex;
import dev.bringup.common.Location;
import dev.bringup.common.Severity;
import dev.bringup.firmware.FirmwareJson;

/**
 * The findings of one {@code bringup check} run and the three forms the command line prints:
 * text (one line per finding), JSON (the {@code diagnostics[]} shape of {@code inspect --json}
 * plus location fields) and SARIF 2.1.0 (for code-scanning tools). The shapes are documented in
 * the bundle's README.
 *
 * @param dtFile the devicetree file as the user named it
 * @param overlays the overlay files, in order
 * @param rprocName the processor's short name
 * @param rprocPath the processor's devicetree path
 * @param firmwareFile the firmware file as the user named it
 * @param findings the findings, in check order
 */
public record CheckReport(String dtFile, List<String> overlays, String rprocName, String rprocPath, String firmwareFile,
        List<Finding> findings) {

    /** The tool name in SARIF. */
    public static final String TOOL_NAME = "bringup check";
    /** The SARIF version written. */
    public static final String SARIF_VERSION = "2.1.0";
    /** The schema URI SARIF files name. */
    public static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    public CheckReport {
        overlays = List.copyOf(overlays);
        findings = List.copyOf(findings);
    }

    /** Whether any finding has error severity (the command line then exits with 1). */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.diagnostic().isError());
    }

    /** One line per finding ({@link Diagnostic#toString()}), then a summary line. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(f.diagnostic()).append('\n');
        }
        long errors = findings.stream().filter(f -> f.diagnostic().isError()).count();
        b.append(rprocName).append(" (").append(rprocPath).append(") with ").append(firmwareFile).append(": ")
                .append(findings.isEmpty() ? "no findings" : findings.size() + " finding" + (findings.size() == 1 ? "" : "s")
                        + ", " + errors + " error" + (errors == 1 ? "" : "s"))
                .append('\n');
        return b.toString();
    }

    /** The JSON object: {@code dt}, {@code overlays}, {@code rproc}, {@code firmware}, {@code diagnostics[]}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("dt", dtFile);
        JsonArray ov = new JsonArray();
        overlays.forEach(ov::add);
        o.add("overlays", ov);
        JsonObject rp = new JsonObject();
        rp.addProperty("name", rprocName);
        rp.addProperty("path", rprocPath);
        o.add("rproc", rp);
        o.addProperty("firmware", firmwareFile);
        JsonArray diags = new JsonArray();
        for (Finding f : findings) {
            diags.add(toJson(f.diagnostic()));
        }
        o.add("diagnostics", diags);
        return o;
    }

    /**
     * One diagnostic: {@code severity}, {@code code}, {@code message}, {@code offset},
     * {@code entry}, {@code fix} as {@link FirmwareJson#toJson(Diagnostic)} writes them, then
     * {@code file}, {@code dtPath}, {@code address} and {@code length} (null when not known).
     */
    public static JsonObject toJson(Diagnostic d) {
        JsonObject o = FirmwareJson.toJson(d);
        Location l = d.location();
        o.add("file", l.file() == null ? JsonNull.INSTANCE : new JsonPrimitive(l.file()));
        o.add("dtPath", l.dtPath() == null ? JsonNull.INSTANCE : new JsonPrimitive(l.dtPath()));
        o.add("address", l.address() == -1 ? JsonNull.INSTANCE : number(l.address()));
        o.add("length", l.address() == -1 ? JsonNull.INSTANCE : number(l.length()));
        return o;
    }

    /** The SARIF 2.1.0 log: one run, every check as a rule, one result per finding. */
    public JsonObject toSarif() {
        JsonObject log = new JsonObject();
        log.addProperty("$schema", SARIF_SCHEMA);
        log.addProperty("version", SARIF_VERSION);
        JsonObject run = new JsonObject();
        JsonObject driver = new JsonObject();
        driver.addProperty("name", TOOL_NAME);
        driver.addProperty("fullName", "Bring-up Workbench: firmware against SoC checks");
        driver.addProperty("semanticVersion", "0.1.0");
        JsonArray rules = new JsonArray();
        for (CheckCode c : CheckCode.values()) {
            JsonObject r = new JsonObject();
            r.addProperty("id", c.name());
            r.addProperty("name", c.ruleName());
            r.add("shortDescription", text(c.shortDescription()));
            r.add("fullDescription", text(c.shortDescription() + " " + c.whyItMatters()));
            JsonObject help = text("Why it matters: " + c.whyItMatters() + " Fix: " + c.fixText());
            help.addProperty("markdown", "**Why it matters.** " + c.whyItMatters() + "\n\n**Fix.** " + c.fixText());
            r.add("help", help);
            JsonObject conf = new JsonObject();
            conf.addProperty("level", level(c.severity()));
            r.add("defaultConfiguration", conf);
            rules.add(r);
        }
        driver.add("rules", rules);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);
        run.add("tool", tool);
        JsonArray artifacts = new JsonArray();
        artifacts.add(artifact(firmwareFile));
        artifacts.add(artifact(dtFile));
        overlays.forEach(o -> artifacts.add(artifact(o)));
        run.add("artifacts", artifacts);
        JsonArray results = new JsonArray();
        for (Finding f : findings) {
            results.add(result(f));
        }
        run.add("results", results);
        JsonArray runs = new JsonArray();
        runs.add(run);
        log.add("runs", runs);
        return log;
    }

    private JsonObject result(Finding f) {
        Diagnostic d = f.diagnostic();
        Location l = d.location();
        JsonObject r = new JsonObject();
        r.addProperty("ruleId", d.code());
        r.addProperty("ruleIndex", f.code().ordinal());
        r.addProperty("level", level(d.severity()));
        r.add("message", text(d.message() + (d.fix() == null ? "" : " Fix: " + d.fix())));
        JsonObject loc = new JsonObject();
        JsonObject phys = new JsonObject();
        String inFile = l.file();
        String file = inFile != null ? inFile : dtFile;
        phys.add("artifactLocation", artifactLocation(file));
        if (l.fileOffset() >= 0) {
            JsonObject region = new JsonObject();
            region.add("byteOffset", number(l.fileOffset()));
            if (f.byteLength() > 0) {
                region.add("byteLength", number(f.byteLength()));
            }
            phys.add("region", region);
        }
        loc.add("physicalLocation", phys);
        if (l.dtPath() != null) {
            JsonArray logical = new JsonArray();
            JsonObject node = new JsonObject();
            String path = l.dtPath();
            int slash = path.lastIndexOf('/');
            node.addProperty("name", slash >= 0 && slash + 1 < path.length() ? path.substring(slash + 1) : path);
            node.addProperty("fullyQualifiedName", path);
            node.addProperty("kind", "element");
            logical.add(node);
            loc.add("logicalLocations", logical);
        }
        if (l.address() != -1) {
            JsonObject props = new JsonObject();
            props.add("address", number(l.address()));
            props.add("length", number(l.length()));
            props.addProperty("range", "[" + Hex.of(l.address()) + ".." + Hex.of(l.address() + l.length()) + ")");
            loc.add("properties", props);
        }
        JsonArray locs = new JsonArray();
        locs.add(loc);
        r.add("locations", locs);
        if (d.fix() != null) {
            JsonObject props = new JsonObject();
            props.addProperty("fix", d.fix());
            r.add("properties", props);
        }
        return r;
    }

    private static JsonObject artifact(String uri) {
        JsonObject a = new JsonObject();
        a.add("location", artifactLocation(uri));
        return a;
    }

    private static JsonObject artifactLocation(String file) {
        JsonObject a = new JsonObject();
        a.addProperty("uri", uri(file));
        return a;
    }

    /**
     * A relative or absolute file name as a URI reference ({@code uri-reference}, RFC 3986):
     * forward slashes; every byte but unreserved characters, {@code /} and the sub-delimiters
     * {@code @!$&'()*+,;=} percent-encoded, the colon too (in a relative name's first segment it
     * would read as a scheme, {@code fw:v1.elf}, or make the reference invalid, {@code 2024:fw.elf});
     * an absolute name as a {@code file://} URI.
     */
    static String uri(String file) {
        String f = file.replace('\\', '/');
        StringBuilder b = new StringBuilder();
        for (byte c : f.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int u = c & 0xff;
            if (u >= 'a' && u <= 'z' || u >= 'A' && u <= 'Z' || u >= '0' && u <= '9' || "-._~/@!$&'()*+,;=".indexOf(u) >= 0) {
                b.append((char) u);
            } else {
                b.append('%').append(String.format("%02X", u));
            }
        }
        String s = b.toString();
        return f.startsWith("/") ? "file://" + s : s;
    }

    /** SARIF {@code level}: {@code error}, {@code warning}, {@code note}. */
    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    private static JsonObject text(String t) {
        JsonObject o = new JsonObject();
        o.addProperty("text", t);
        return o;
    }

    private static JsonPrimitive number(long unsigned) {
        return unsigned >= 0 ? new JsonPrimitive(unsigned)
                : new JsonPrimitive(new java.math.BigInteger(Long.toUnsignedString(unsigned)));
    }

    /** Pretty-printed JSON text with nulls kept (as {@code inspect --json}). */
    public static String print(JsonObject o) {
        return FirmwareJson.print(o);
    }
}
