package dev.bringup.dt;

import java.math.BigInteger;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.bringup.common.Diagnostic;
import dev.bringup.model.AddressRange;
import dev.bringup.model.Iommu;
import dev.bringup.model.IommuReference;
import dev.bringup.model.Master;
import dev.bringup.model.RemoteProcessor;
import dev.bringup.model.ReservedMemory;
import dev.bringup.model.Soc;

/**
 * The JSON form of an imported SoC that {@code bringup dt --json} prints; its shape is
 * documented in the bundle's {@code JSON.md} and only ever grows (keys are added, never renamed).
 */
public final class DtJson {

    private DtJson() {
    }

    /** The whole document: source, remoteprocs, reservedMemory, iommus, diagnostics. */
    public static JsonObject toJson(Soc soc, List<Diagnostic> diagnostics) {
        JsonObject o = new JsonObject();
        o.addProperty("source", soc.getSourceFile());
        o.add("overlays", strings(soc.getOverlays()));
        o.add("model", soc.getModel() == null ? JsonNull.INSTANCE : new JsonPrimitive(soc.getModel()));
        JsonArray rprocs = new JsonArray();
        for (RemoteProcessor rp : soc.remoteProcessors()) {
            rprocs.add(remoteproc(rp));
        }
        o.add("remoteprocs", rprocs);
        JsonArray reserved = new JsonArray();
        for (ReservedMemory r : soc.getReservedMemory()) {
            reserved.add(reserved(r));
        }
        o.add("reservedMemory", reserved);
        JsonArray iommus = new JsonArray();
        for (Iommu i : soc.getIommus()) {
            iommus.add(iommu(i));
        }
        o.add("iommus", iommus);
        JsonArray diags = new JsonArray();
        for (Diagnostic d : diagnostics) {
            JsonObject j = new JsonObject();
            j.addProperty("severity", d.severity().label());
            j.addProperty("code", d.code());
            j.addProperty("message", d.message());
            j.addProperty("location", d.location().toString());
            j.add("fix", d.fix() == null ? JsonNull.INSTANCE : new JsonPrimitive(d.fix()));
            diags.add(j);
        }
        o.add("diagnostics", diags);
        return o;
    }

    /** Pretty-printed, as the command line prints it. */
    public static String print(JsonElement json) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(json);
    }

    private static JsonObject remoteproc(RemoteProcessor rp) {
        JsonObject o = new JsonObject();
        o.addProperty("name", rp.getRprocName());
        o.addProperty("path", rp.getPath());
        o.add("compatible", strings(rp.getCompatible()));
        o.add("firmwareName", rp.firmwareName() == null ? JsonNull.INSTANCE : new JsonPrimitive(rp.firmwareName()));
        o.addProperty("status", rp.isEnabled() ? "okay" : rp.getStatus());
        o.addProperty("driver", rp.getDriver());
        o.addProperty("bootMethod", rp.getBootMethod().getLiteral());
        JsonArray regions = new JsonArray();
        for (ReservedMemory r : rp.getMemoryRegions()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", r.getName());
            j.addProperty("path", r.getPath());
            Long pa = r.getReg().isEmpty() ? null : r.getReg().get(0).getAddress();
            j.add("pa", number(pa));
            j.add("size", number(r.getReg().isEmpty() ? r.getSize() : r.getReg().get(0).getSize()));
            j.add("da", pa == null ? JsonNull.INSTANCE : number(rp.daOf(pa)));
            j.addProperty("noMap", r.isNoMap());
            regions.add(j);
        }
        o.add("memoryRegions", regions);
        o.add("iommus", iommus(rp));
        return o;
    }

    private static JsonArray iommus(Master m) {
        JsonArray a = new JsonArray();
        for (IommuReference ref : m.getIommus()) {
            JsonObject j = new JsonObject();
            j.addProperty("iommu", ref.getIommu() != null ? ref.getIommu().getPath() : ref.getIommuPath());
            j.add("sid", number(ref.getSid()));
            j.add("mask", number(ref.getMask()));
            a.add(j);
        }
        return a;
    }

    private static JsonObject reserved(ReservedMemory r) {
        JsonObject o = new JsonObject();
        o.addProperty("name", r.getName());
        o.addProperty("path", r.getPath());
        o.add("labels", strings(r.getLabels()));
        o.add("compatible", strings(r.getCompatible()));
        o.add("reg", ranges(r.getReg()));
        o.add("size", number(r.getSize()));
        o.add("alignment", number(r.getAlignment()));
        o.add("allocRanges", ranges(r.getAllocRanges()));
        o.addProperty("noMap", r.isNoMap());
        o.addProperty("reusable", r.isReusable());
        JsonArray users = new JsonArray();
        for (Master m : r.users()) {
            users.add(m.getPath());
        }
        o.add("users", users);
        return o;
    }

    private static JsonObject iommu(Iommu i) {
        JsonObject o = new JsonObject();
        o.addProperty("name", i.getName());
        o.addProperty("path", i.getPath());
        o.add("labels", strings(i.getLabels()));
        o.add("compatible", strings(i.getCompatible()));
        o.addProperty("kind", i.getKind().getLiteral());
        o.addProperty("pageTableFormat", i.getPageTableFormat().getLiteral());
        o.add("pgsizeBitmap", number(i.getPgsizeBitmap()));
        o.addProperty("iommuCells", i.getIommuCells());
        JsonArray sids = new JsonArray();
        for (Long s : i.streamIds()) {
            sids.add(number(s));
        }
        o.add("streamIds", sids);
        JsonArray masters = new JsonArray();
        List<org.eclipse.emf.ecore.EObject> users = new java.util.ArrayList<>(i.references());
        users.addAll(i.mapEntries());
        for (org.eclipse.emf.ecore.EObject ref : users) {
            JsonPrimitive path = new JsonPrimitive(((Master) ref.eContainer()).getPath());
            if (!masters.contains(path)) {
                masters.add(path);
            }
        }
        o.add("masters", masters);
        return o;
    }

    private static JsonArray ranges(List<AddressRange> ranges) {
        JsonArray array = new JsonArray();
        for (AddressRange a : ranges) {
            JsonObject j = new JsonObject();
            j.add("address", number(a.getAddress()));
            j.add("size", number(a.getSize()));
            array.add(j);
        }
        return array;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** An unsigned 64-bit value as a JSON number (null stays null). */
    private static JsonElement number(@Nullable Long v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        return v >= 0 ? new JsonPrimitive(v) : new JsonPrimitive(new BigInteger(Long.toUnsignedString(v)));
    }
}
