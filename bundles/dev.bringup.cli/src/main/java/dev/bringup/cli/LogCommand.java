package dev.bringup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.eclipse.jdt.annotation.Nullable;

import com.google.gson.stream.JsonWriter;

import dev.bringup.common.Diagnostic;
import dev.bringup.trace.FilterTask;
import dev.bringup.trace.LogFilter;
import dev.bringup.trace.LogLevel;
import dev.bringup.trace.LogLine;
import dev.bringup.trace.LogTable;
import dev.bringup.trace.TraceLog;
import dev.bringup.trace.TraceRing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bringup log FILE [--grep RE] [--message] [--level L] [--source S] [--count] [--json]}:
 * the lines of a log with their parsed columns, filtered, over the same index, parsers and
 * filters as the workbench's log viewer (bundle dev.bringup.trace). Exit 0, or 2 for unusable
 * arguments or an unreadable file.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Print a log (dmesg, a serial capture, a remoteproc trace buffer, the simulator's event log) with "
                + "its parsed columns: line, time, level, source, message. Filters combine (all must hold).%n"
                + "Text output: one line per log line, tab-separated: line, time, level, source, message "
                + "('-' for no time or no source). Line numbers count from 1.%n"
                + "Exit codes: 0 ok (also when nothing matches), 2 unusable arguments or unreadable file.")
public final class LogCommand implements Callable<Integer> {

    private static final int BATCH = 4096;

    @Parameters(index = "0", paramLabel = "FILE", description = "the log file; it is indexed, never read whole")
    Path file = Path.of("");

    @Option(names = "--grep", paramLabel = "RE",
            description = "keep lines where the Java regular expression RE is found in the line (as grep would, after "
                    + "serial noise is cleaned away)")
    @Nullable
    String grep;

    @Option(names = "--message", description = "look for --grep in the message column only, not the whole line")
    boolean inMessage;

    @Option(names = "--level", paramLabel = "L",
            description = "keep lines at level L or more severe: emerg, alert, crit, err, warn, notice, info, debug "
                    + "(lines without a <N> prefix get a level inferred from their message)")
    @Nullable
    String level;

    @Option(names = "--source", paramLabel = "S",
            description = "keep lines whose source (e.g. 'remoteproc remoteproc0', 'arm-smmu 15000000.iommu') contains S, "
                    + "ignoring case")
    @Nullable
    String source;

    @Option(names = "--count", description = "print only the number of lines kept (like grep -c)")
    boolean count;

    @Option(names = "--json", description = "print a JSON array of {line, time, source, level, message} "
            + "(time in seconds or null, source null when none); with --count, {\"count\": N}")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogFilter filter = LogFilter.ALL;
        String l = level;
        if (l != null) {
            LogLevel parsed = LogLevel.parse(l);
            if (parsed == null) {
                err.println("bringup log: --level '" + l + "' is not a level. Fix: use one of emerg, alert, crit, err, "
                        + "warn, notice, info, debug.");
                return Main.EXIT_USAGE;
            }
            filter = filter.withLevel(parsed);
        }
        String g = grep;
        if (g != null) {
            try {
                filter = filter.withPattern(Pattern.compile(g), inMessage ? LogFilter.Scope.MESSAGE : LogFilter.Scope.LINE);
            } catch (PatternSyntaxException e) {
                err.println("bringup log: --grep '" + g + "' is not a regular expression: " + e.getDescription()
                        + " at index " + e.getIndex() + ". Fix: escape special characters with a backslash.");
                return Main.EXIT_USAGE;
            }
        } else if (inMessage) {
            err.println("bringup log: --message needs --grep. Fix: add --grep RE, or drop --message.");
            return Main.EXIT_USAGE;
        }
        filter = filter.withSource(source);
        if (Files.isDirectory(file)) {
            err.println("bringup log: " + file + " is a folder. Fix: name a log file.");
            return Main.EXIT_USAGE;
        }
        try (TraceLog log = openLogOrDump(err)) {
            log.indexing().await(Long.MAX_VALUE, TimeUnit.DAYS);
            Diagnostic problem = log.problem();
            if (problem != null) {
                err.println("bringup log: " + problem);
                return Main.EXIT_USAGE;
            }
            print(log, filter, out);
            return 0;
        } catch (NoSuchFileException e) {
            err.println("bringup log: " + file + ": no such file. Fix: check the path.");
        } catch (IOException | UncheckedIOException e) {
            err.println("bringup log: " + file + ": cannot read: " + e.getMessage() + ". Fix: check the path and permissions.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bringup log: interrupted");
        }
        return Main.EXIT_USAGE;
    }

    /**
     * The file as a log, or, when it is a trace ring dump (text with NUL padding, perhaps wrapped),
     * its unwrapped text; a dump is said on standard error so that the JSON on standard output
     * stays the same.
     */
    private TraceLog openLogOrDump(PrintWriter err) throws IOException {
        TraceRing.Text ring = TraceRing.readDump(file);
        if (ring == null) {
            return TraceLog.open(file);
        }
        err.println("bringup log: " + file + ": a trace buffer dump, unwrapped (" + ring.note() + ")"
                + (ring.wrapped() ? "; it had wrapped, so the first line may be the end of an overwritten one" : ""));
        return TraceLog.open(ring.toSource(String.valueOf(file.getFileName())));
    }

    private void print(TraceLog log, LogFilter filter, PrintWriter out) throws IOException, InterruptedException {
        FilterTask task = null;
        long total = log.lineCount();
        if (!filter.isAll()) {
            task = log.filter(filter);
            task.await(Long.MAX_VALUE, TimeUnit.DAYS);
            Diagnostic problem = task.failure();
            if (problem != null) {
                throw new IOException(problem.message());
            }
            total = task.matches().size();
        }
        if (count) {
            out.println(json ? "{\n  \"count\": " + total + "\n}" : Long.toString(total));
            return;
        }
        JsonWriter w = null;
        if (json) {
            w = new JsonWriter(out); // flushed, never closed: the stream belongs to the command line
            w.setIndent("  ");
            w.beginArray();
        }
        for (long rank = 0; rank < total; rank += BATCH) {
            List<LogLine> lines = task == null ? log.lines(rank, BATCH) : log.lines(task.matches().lines(rank, BATCH));
            for (LogLine line : lines) {
                if (w != null) {
                    write(w, line);
                } else {
                    out.print(text(line));
                }
            }
        }
        if (w != null) {
            w.endArray();
            w.flush();
            out.println();
        }
    }

    /** {@code line TAB time TAB level TAB source TAB message}, with a newline. */
    static String text(LogLine l) {
        String time = LogTable.formatTime(l);
        return (l.line() + 1) + "\t" + (time.isEmpty() ? "-" : time) + "\t" + l.level().label() + "\t"
                + (l.source().isEmpty() ? "-" : l.source()) + "\t" + l.message() + "\n";
    }

    private static void write(JsonWriter w, LogLine l) throws IOException {
        w.beginObject();
        w.name("line").value(l.line() + 1);
        w.name("time");
        if (l.hasTime()) {
            w.jsonValue(new BigDecimal(Double.toString(l.time())).toPlainString());
        } else {
            w.nullValue();
        }
        w.name("source");
        if (l.source().isEmpty()) {
            w.nullValue();
        } else {
            w.value(l.source());
        }
        w.name("level").value(l.level().label());
        w.name("message").value(l.message());
        w.endObject();
    }
}
