package dev.bringup.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bringup.common.Diagnostic;
import dev.bringup.common.FormatException;
import dev.bringup.firmware.Firmware;
import dev.bringup.firmware.FirmwarePatcher;
import dev.bringup.firmware.TableEditException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bringup patch FILE --set EXPR... [--remove SELECTOR...] -o OUT}: writes a copy of a
 * firmware file with edited resource table fields; every other byte stays the same. Exit 0 when
 * the written file has no error findings, 1 when it has, 2 when the edit or the file is unusable.
 */
@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Edit resource table fields and write a patched copy of a firmware ELF.%n"
                + "EXPR examples: vdev[0].vrings[1].da=0x10041000  carveout[0].len=0x20000  trace[0].name=trace0")
public final class PatchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the firmware ELF to read (not changed)")
    Path file = Path.of("");

    @Option(names = "--set", paramLabel = "EXPR", arity = "1..*", description = "a field edit PATH=VALUE")
    List<String> set = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "SELECTOR", description = "remove an entry, e.g. trace[0] or entry[2]")
    List<String> remove = new ArrayList<>();

    @Option(names = { "-o", "--output" }, paramLabel = "OUT", required = true, description = "the file to write (atomically)")
    Path out = Path.of("");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        if (set.isEmpty() && remove.isEmpty()) {
            spec.commandLine().getErr().println("bringup patch: nothing to do. Fix: give at least one --set EXPR or --remove SELECTOR.");
            return Main.EXIT_USAGE;
        }
        try {
            try (Firmware fw = Firmware.open(file)) {
                FirmwarePatcher.patch(fw, set, remove, out);
            }
            try (Firmware patched = Firmware.open(out)) {
                spec.commandLine().getOut().println("wrote " + out);
                for (Diagnostic d : patched.diagnostics()) {
                    spec.commandLine().getOut().println(d);
                }
                return patched.hasErrors() ? 1 : 0;
            }
        } catch (TableEditException e) {
            spec.commandLine().getErr().println("bringup patch: " + file + ": " + e.getMessage());
        } catch (FormatException e) {
            spec.commandLine().getErr().println("bringup patch: " + e.describe());
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("bringup patch: " + e.getFile() + ": no such file. Fix: check the path.");
        } catch (IOException e) {
            spec.commandLine().getErr().println("bringup patch: cannot write " + out + ": " + e.getMessage()
                    + ". Fix: check that its folder exists and is writable.");
        }
        return Main.EXIT_USAGE;
    }
}
