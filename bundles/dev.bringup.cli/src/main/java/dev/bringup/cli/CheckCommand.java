package dev.bringup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bringup.check.BringupCheck;
import dev.bringup.check.CheckReport;
import dev.bringup.common.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bringup check --dt FILE [--overlay DTBO]... --rproc NAME --firmware FILE [--format text|json|sarif]}:
 * the bring-up checks of a firmware against a SoC and one of its remote processors, before any
 * boot (bundle {@code dev.bringup.check}, whose README lists the checks and the output shapes).
 * Exit 0 without error-severity findings, 1 with one, 2 for unusable arguments or files.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a firmware against a devicetree and one of its remote processors before any boot:%n"
                + "placement, IOMMU page sizes, shared DMA windows, security, names, ELF machine.%n"
                + "Exit codes: 0 no errors, 1 error findings, 2 unusable arguments or files.")
public final class CheckCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format {
        text, json, sarif
    }

    @Option(names = "--dt", required = true, paramLabel = "FILE", description = "devicetree: .dtb, or .dts (compiled with dtc)")
    Path dt = Path.of("");

    @Option(names = "--overlay", paramLabel = "DTBO", description = "overlay (.dtbo or .dtso) applied in order; repeatable")
    List<Path> overlays = new ArrayList<>();

    @Option(names = "--rproc", required = true, paramLabel = "NAME",
            description = "the remote processor: its name (m4, adsp), devicetree label or path")
    String rproc = "";

    @Option(names = "--firmware", required = true, paramLabel = "FILE", description = "firmware: .elf, .mbn, or .mdt")
    Path firmware = Path.of("");

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or sarif (SARIF 2.1.0)")
    Format format = Format.text;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        for (Path p : allInputs()) {
            if (!Files.isRegularFile(p)) {
                return usage(p + ": no such file. Fix: check the path.");
            }
        }
        try {
            CheckReport report = BringupCheck.report(dt, overlays, rproc, firmware);
            spec.commandLine().getOut().print(switch (format) {
                case text -> report.toText();
                case json -> CheckReport.print(report.toJson()) + "\n";
                case sarif -> CheckReport.print(report.toSarif()) + "\n";
            });
            spec.commandLine().getOut().flush();
            return report.hasErrors() ? 1 : 0;
        } catch (FormatException e) {
            return usage(e.describe());
        } catch (NoSuchFileException e) {
            return usage(firmware + ": no such file. Fix: check the path.");
        } catch (IOException e) {
            return usage(firmware + ": cannot read: " + e.getMessage() + ". Fix: check the path and permissions.");
        }
    }

    private List<Path> allInputs() {
        List<Path> all = new ArrayList<>();
        all.add(dt);
        all.addAll(overlays);
        all.add(firmware);
        return all;
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("bringup check: " + message);
        return Main.EXIT_USAGE;
    }
}
