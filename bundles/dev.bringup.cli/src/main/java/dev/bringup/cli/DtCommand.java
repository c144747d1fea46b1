package dev.bringup.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.dt.DtJson;
import dev.bringup.dt.DtText;
import dev.bringup.model.support.ModelValidation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bringup dt FILE [--overlay DTBO]... [-I DIR]... [--json]}: the remote processors,
 * reserved memory and IOMMUs a devicetree describes, with the import's and the model
 * validation's findings. Exit 0 without error findings, 1 with one, 2 when a file cannot be read.
 */
@Command(name = "dt", mixinStandardHelpOptions = true,
        description = "List the remote processors, reserved memory and IOMMUs of a devicetree (.dtb, or .dts via dtc).%n"
                + "Exit codes: 0 no errors, 1 error findings, 2 unreadable file.")
public final class DtCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "devicetree: .dtb, or .dts (compiled with cpp and dtc)")
    Path file = Path.of("");

    @Option(names = "--overlay", paramLabel = "DTBO", description = "overlay to apply, as fdtoverlay does (repeatable, in order)")
    List<Path> overlays = new ArrayList<>();

    @Option(names = { "-I", "--include" }, paramLabel = "DIR", description = "include folder for .dts sources (repeatable)")
    List<Path> includes = new ArrayList<>();

    @Option(names = "--json", description = "print one JSON object (documented in the dt bundle's JSON.md)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        DeviceTree tree;
        try {
            tree = DtImport.load(file, overlays, includes);
        } catch (FormatException e) {
            spec.commandLine().getErr().println("bringup dt: " + e.describe());
            return Main.EXIT_USAGE;
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        DtImport.Result r = DtImport.importTree(tree, name, overlays.stream().map(Path::toString).toList());
        List<Diagnostic> findings = new ArrayList<>(r.diagnostics());
        findings.addAll(ModelValidation.validate(DtImport.project(r.soc(), name)));
        spec.commandLine().getOut().print(json ? DtJson.print(DtJson.toJson(r.soc(), findings)) + "\n"
                : DtText.render(r.soc(), findings));
        return findings.stream().anyMatch(Diagnostic::isError) ? 1 : 0;
    }
}
