package dev.bringup.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of {@code bringup COMMAND ...}. Runs on a plain class path, without OSGi.
 *
 * <p>Exit codes, the same for every command: 0 success, 1 the input has errors or the boot
 * failed, 2 unusable arguments or an unreadable file. A stack trace never reaches the user:
 * an unexpected exception is reported in one line as an internal error, with exit code 3.
 */
@Command(name = "bringup", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Bring-up Workbench: load, check and boot remote-processor firmware against a simulated SoC.%n"
                + "Run without a command to open the workbench (./bringup [FILE...]).",
        subcommands = {
                // one line per command; keep the list sorted by command name
                BootCommand.class,
                CheckCommand.class,
                DtCommand.class,
                InspectCommand.class,
                LogCommand.class,
                PatchCommand.class,
                ScenariosCommand.class,
        })
public final class Main implements Callable<Integer> {

    /** Exit code: arguments or input files the command cannot use. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: a bug in the workbench; the message says so. */
    public static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; the tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command tree. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler(USAGE_ERROR);
        cl.setExecutionExceptionHandler(INTERNAL_ERROR);
        return cl;
    }

    /** An unknown command or a bad option: say what, print the usage, exit 2. */
    private static final IParameterExceptionHandler USAGE_ERROR = (ex, args) -> {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        if (ex instanceof UnmatchedArgumentException unmatched && cl.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            err.println("bringup: unknown command '" + unmatched.getUnmatched().get(0)
                    + "' (the commands are listed below; to open files in the workbench, give existing paths)");
        } else {
            err.println("bringup: " + ex.getMessage());
        }
        cl.usage(err);
        return EXIT_USAGE;
    };

    /** A bug: one line, no stack trace (set BRINGUP_DEBUG=1 to see it), exit 3. */
    private static final IExecutionExceptionHandler INTERNAL_ERROR = (ex, cl, parseResult) -> {
        PrintWriter err = cl.getErr();
        err.println("bringup: internal error in '" + cl.getCommandName() + "': " + ex
                + " (please report it; BRINGUP_DEBUG=1 shows the stack trace)");
        if (System.getenv("BRINGUP_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        return EXIT_INTERNAL;
    };

    /** The version the product was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] { "bringup " + (v == null ? "(development build)" : v) };
        }
    }
}
