package dev.bringup.loader;

import java.math.BigInteger;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import dev.bringup.common.Diagnostic;
import dev.bringup.firmware.FirmwareJson;
import dev.bringup.firmware.ResourceTable;

/**
 * The JSON form of a {@link BootSession}, as {@code bringup boot --json} prints it: the state, the
 * steps, the kernel log, the error with its diagnosis, the carveouts, the loaded resource table
 * (shaped as {@code inspect}'s {@code resourceTable}) and the IOMMU domains. Keys keep a fixed
 * order; numbers are JSON numbers. The format is documented in the bundle's JSON.md.
 */
public final class BootJson {

    private BootJson() {
    }

    /** The whole session. */
    public static JsonObject toJson(BootSession s) {
        JsonObject o = new JsonObject();
        BootRequest r = s.request();
        Remoteproc rp = s.remoteproc();
        o.add("scenario", r.scenario() == null ? JsonNull.INSTANCE : new JsonPrimitive(r.scenario()));
        o.addProperty("soc", String.valueOf(r.soc().getName()));
        o.addProperty("rproc", rp.name());
        o.addProperty("device", rp.deviceName());
        o.addProperty("driver", rp.driver());
        o.addProperty("firmware", rp.firmware());
        o.addProperty("file", r.firmware().fileName());
        o.addProperty("strategy", r.strategy().getLiteral());
        o.addProperty("state", s.state().kernelName());
        JsonArray steps = new JsonArray();
        for (BootStep st : s.steps()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", st.name());
            j.addProperty("status", st.status().label());
            j.add("ret", number(st.ret()));
            JsonArray log = new JsonArray();
            st.log().forEach(l -> log.add(l.line()));
            j.add("log", log);
            JsonArray notes = new JsonArray();
            st.notes().forEach(notes::add);
            j.add("notes", notes);
            steps.add(j);
        }
        o.add("steps", steps);
        JsonArray log = new JsonArray();
        s.log().forEach(l -> log.add(l.line()));
        o.add("log", log);
        BootError e = s.error();
        if (e == null) {
            o.add("error", JsonNull.INSTANCE);
        } else {
            JsonObject j = new JsonObject();
            j.addProperty("step", e.step());
            j.add("errno", number(e.errno()));
            j.addProperty("errnoName", e.errnoName());
            j.addProperty("message", e.message());
            j.addProperty("diagnosis", e.diagnosis());
            j.add("fix", e.fix() == null ? JsonNull.INSTANCE : new JsonPrimitive(e.fix()));
            o.add("error", j);
        }
        JsonArray carveouts = new JsonArray();
        for (Carveout c : s.carveouts()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", c.name());
            j.add("da", number(c.da()));
            j.add("pa", c.pa() < 0 ? JsonNull.INSTANCE : number(c.pa()));
            j.add("len", number(c.len()));
            carveouts.add(j);
        }
        o.add("carveouts", carveouts);
        ResourceTable t = s.loadedResourceTable();
        o.add("loadedResourceTable", t == null ? JsonNull.INSTANCE : FirmwareJson.toJson(t));
        JsonObject iommu = new JsonObject();
        JsonArray domains = new JsonArray();
        for (DomainView d : s.domains()) {
            JsonObject j = new JsonObject();
            j.addProperty("type", d.type());
            j.addProperty("label", d.label());
            j.addProperty("owner", d.owner());
            JsonArray devs = new JsonArray();
            d.devices().forEach(devs::add);
            j.add("devices", devs);
            JsonArray maps = new JsonArray();
            for (DomainView.Mapping m : d.mappings()) {
                JsonObject mj = new JsonObject();
                mj.add("iova", number(m.iova()));
                mj.add("pa", number(m.pa()));
                mj.add("size", number(m.size()));
                mj.addProperty("prot", m.prot());
                maps.add(mj);
            }
            j.add("mappings", maps);
            domains.add(j);
        }
        iommu.add("domains", domains);
        o.add("iommu", iommu);
        JsonArray channels = new JsonArray();
        s.channels().forEach(channels::add);
        o.add("channels", channels);
        o.addProperty("trace0", s.trace(0));
        o.add("coredumps", number(s.coreDumps().size()));
        JsonArray diags = new JsonArray();
        for (Diagnostic d : s.diagnostics()) {
            diags.add(FirmwareJson.toJson(d));
        }
        o.add("diagnostics", diags);
        return o;
    }

    /** Pretty-printed, nulls kept. */
    public static String print(JsonObject o) {
        return FirmwareJson.print(o);
    }

    private static JsonPrimitive number(long v) {
        return v >= -4095 ? new JsonPrimitive(v)
                : new JsonPrimitive(new BigInteger(Long.toUnsignedString(v)));
    }
}
