package dev.bringup.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.bringup.common.FormatException;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.FirmwareJson;
import dev.bringup.firmware.FirmwareText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bringup inspect FILE [--json]}: the ELF facts, the decoded resource table and the
 * diagnostics of a firmware file. Exit 0 without error-severity findings, 1 with one, 2 when the
 * file cannot be read as ELF.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a firmware ELF's header, segments, sections, resource table and findings.%n"
                + "Exit codes: 0 no errors, 1 error findings, 2 unreadable file.")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "firmware: .elf, .mbn, or .mdt (with its .bNN files)")
    Path file = Path.of("");

    @Option(names = "--json", description = "print one JSON object (documented in the firmware bundle's JSON.md)")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        try (Firmware fw = Firmware.open(file)) {
            spec.commandLine().getOut().print(json ? FirmwareJson.print(FirmwareJson.toJson(fw)) + "\n" : FirmwareText.render(fw));
            return fw.hasErrors() ? 1 : 0;
        } catch (FormatException e) {
            spec.commandLine().getErr().println("bringup inspect: " + e.describe());
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("bringup inspect: " + file + ": no such file. Fix: check the path.");
        } catch (IOException e) {
            spec.commandLine().getErr().println("bringup inspect: " + file + ": cannot read: " + e.getMessage()
                    + ". Fix: check the path and permissions.");
        }
        return Main.EXIT_USAGE;
    }
}
