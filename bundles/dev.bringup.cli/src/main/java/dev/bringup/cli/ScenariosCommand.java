package dev.bringup.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.bringup.loader.BootJson;
import dev.bringup.loader.RemoteAction;
import dev.bringup.loader.Scenarios;
import dev.bringup.model.BootStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bringup scenarios [--json]}: the embedded boot scenarios and the strategies each can run. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "List the embedded boot scenarios and their strategies (run one with bringup boot --scenario NAME"
                + " [--strategy S]).")
public final class ScenariosCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonArray all = new JsonArray();
            for (Scenarios.Scenario s : Scenarios.all()) {
                JsonObject o = new JsonObject();
                o.addProperty("name", s.name());
                o.addProperty("title", s.title());
                o.addProperty("description", s.description());
                o.addProperty("devicetree", s.dtb());
                JsonArray ov = new JsonArray();
                s.overlays().forEach(ov::add);
                o.add("overlays", ov);
                o.addProperty("rproc", s.processor());
                o.addProperty("firmware", s.firmware());
                o.addProperty("defaultStrategy", s.defaultStrategy().getLiteral());
                JsonArray st = new JsonArray();
                s.strategies().forEach(x -> st.add(x.getLiteral()));
                o.add("strategies", st);
                JsonArray actions = new JsonArray();
                s.actions().forEach(a -> actions.add(a.toString()));
                o.add("actions", actions);
                all.add(o);
            }
            JsonObject wrap = new JsonObject();
            wrap.add("scenarios", all);
            out.print(BootJson.print(wrap) + "\n");
            return 0;
        }
        for (Scenarios.Scenario s : Scenarios.all()) {
            out.println(s.name() + "  " + s.title());
            out.println("    " + s.description());
            out.println("    devicetree " + s.dtb() + (s.overlays().isEmpty() ? "" : " + " + String.join(" + ", s.overlays()))
                    + ", processor " + s.processor() + ", firmware " + s.firmware());
            StringBuilder b = new StringBuilder();
            for (BootStrategy st : s.strategies()) {
                b.append(b.isEmpty() ? "" : ", ").append(st.getLiteral()).append(st == s.defaultStrategy() ? " (default)" : "");
            }
            out.println("    strategies: " + b);
            if (!s.actions().isEmpty()) {
                out.println("    then: " + String.join("; ", s.actions().stream().map(RemoteAction::toString).toList()));
            }
        }
        return 0;
    }
}
