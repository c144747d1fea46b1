package dev.bringup.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.osgi.framework.Bundle;

import dev.bringup.common.FormatException;
import dev.bringup.dt.DeviceTree;
import dev.bringup.dt.DtImport;
import dev.bringup.examples.Examples;
import dev.bringup.model.BringupProject;
import dev.bringup.model.Soc;
import dev.bringup.model.support.ModelFiles;
import dev.bringup.ui.BringupUi;

/**
 * Opens files by their content: an ELF image ({@code .elf}, {@code .mdt}, {@code .mbn}) in the
 * firmware layout editor, a devicetree ({@code .dtb}, {@code .dtbo}, {@code .dts}) imported into
 * the SoC explorer, a bring-up project into both, anything else in the trace log viewer (a trace
 * buffer dump, told by its NUL bytes, unwrapped first). Remembers recent files. Errors are shown as
 * what, where and how to fix, never as a stack trace.
 */
public final class Opener {

    /** What a file is, by its first bytes (then its name). */
    public enum Kind {
        FIRMWARE, DEVICETREE, OVERLAY, PROJECT,
        /** Any other readable file: a kernel log, a serial capture, a debugfs trace read (the trace log viewer). */
        LOG,
        /**
         * The raw bytes of a remoteproc trace buffer (a memory dump of the ring: text with NUL
         * padding, perhaps wrapped): unwrapped, then shown in the trace log viewer.
         */
        TRACE_DUMP,
        /** A file that cannot be read. */
        UNKNOWN
    }

    private static final String RECENT_KEY = "recentFiles"; //$NON-NLS-1$
    static final int RECENT_MAX = 8;

    private Opener() {
    }

    /** Classifies a file by its magic bytes and name. */
    public static Kind kindOf(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        byte[] head = new byte[64];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return Kind.UNKNOWN;
        }
        if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
            return Kind.FIRMWARE;
        }
        if (n >= 4 && (head[0] & 0xff) == 0xd0 && (head[1] & 0xff) == 0x0d && (head[2] & 0xff) == 0xfe
                && (head[3] & 0xff) == 0xed) {
            return name.endsWith(".dtbo") ? Kind.OVERLAY : Kind.DEVICETREE; //$NON-NLS-1$
        }
        String text = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (name.endsWith(".dts") || name.endsWith(".dtso") || text.contains("/dts-v1/")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
            return name.endsWith(".dtso") ? Kind.OVERLAY : Kind.DEVICETREE; //$NON-NLS-1$
        }
        if (name.endsWith("." + ModelFiles.EXTENSION) || text.startsWith("<?xml")) { //$NON-NLS-1$ //$NON-NLS-2$
            return Kind.PROJECT;
        }
        if (name.endsWith(".elf") || name.endsWith(".mdt") || name.endsWith(".mbn")) { //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
            return Kind.FIRMWARE; // not an ELF after all: the firmware reader says what is wrong
        }
        if (name.endsWith(".dtb") || name.endsWith(".dtbo")) { //$NON-NLS-1$ //$NON-NLS-2$
            return name.endsWith(".dtbo") ? Kind.OVERLAY : Kind.DEVICETREE; //$NON-NLS-1$
        }
        if (isTraceDump(file)) {
            return Kind.TRACE_DUMP;
        }
        return Kind.LOG; // .log, .txt, dmesg*, *.cap and anything else: read as text, never whole
    }

    /** Whether a file is small enough for a trace ring and has its shape ({@link dev.bringup.trace.TraceRing#looksLikeDump}). */
    private static boolean isTraceDump(Path file) {
        try {
            return dev.bringup.trace.TraceRing.readDump(file) != null;
        } catch (IOException e) {
            return false; // then it opens as a log, which says what is wrong
        }
    }


    /**
     * The files named on the command line ({@code ./bringup fw.elf soc.dtb}): the arguments that
     * are readable files of a kind the workbench opens; options (and their values, such as a
     * test harness's properties file) are skipped.
     */
    public static List<Path> filesFromArgs(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-") || arg.endsWith(".properties")) { //$NON-NLS-1$ //$NON-NLS-2$
                continue;
            }
            Path p = Path.of(arg);
            if (Files.isRegularFile(p) && kindOf(p) != Kind.UNKNOWN) {
                files.add(p);
            }
        }
        return files;
    }

    /** Opens every file; devicetrees and projects first, so firmware finds its processor. */
    public static void openAll(IWorkbenchWindow window, List<Path> files) {
        List<Path> later = new ArrayList<>();
        for (Path f : files) {
            if (Files.isRegularFile(f) && kindOf(f) == Kind.FIRMWARE) {
                later.add(f);
            } else {
                open(window, f);
            }
        }
        for (Path f : later) {
            open(window, f);
        }
    }

    /** Opens one file by its content; returns the editor when it opened one. */
    public static @Nullable IEditorPart open(IWorkbenchWindow window, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            Status.show(window.getShell(), Messages.Error_openTitle, Messages.bind(Messages.Open_notFound, file));
            return null;
        }
        Kind kind = kindOf(file);
        IEditorPart editor = null;
        switch (kind) {
        case FIRMWARE -> editor = openFirmware(window.getActivePage(), file);
        case DEVICETREE, OVERLAY -> importDevicetree(window, file, kind == Kind.OVERLAY);
        case PROJECT -> editor = openProject(window, file);
        case LOG -> openLog(window, file);
        case TRACE_DUMP -> openTraceDump(window, file);
        default -> {
            Status.show(window.getShell(), Messages.Error_openTitle, Messages.bind(Messages.Open_unknownType, file));
            return null;
        }
        }
        remember(file);
        return editor;
    }

    static @Nullable IEditorPart openFirmware(IWorkbenchPage page, Path file) {
        try (dev.bringup.firmware.Firmware check = dev.bringup.firmware.Firmware.open(file)) {
            // readable: the editor opens it again and owns it
        } catch (IOException | FormatException e) {
            Status.show(page.getWorkbenchWindow().getShell(), Messages.Error_openTitle, describe(file, e));
            return null;
        }
        try {
            IEditorPart editor = page.openEditor(new FirmwareEditorInput(file), FirmwareEditor.ID, true);
            return editor instanceof FirmwareEditor ? editor : null;
        } catch (PartInitException e) {
            Status.show(page.getWorkbenchWindow().getShell(), Messages.Error_openTitle, e.getMessage());
            return null;
        }
    }

    private static void importDevicetree(IWorkbenchWindow window, Path file, boolean overlay) {
        BringupSession session = BringupSession.get();
        Path base = file;
        List<Path> overlays = new ArrayList<>();
        if (overlay) {
            Soc soc = session.soc();
            String src = soc == null ? null : soc.getSourceFile();
            if (src == null || !Files.isRegularFile(Path.of(src))) {
                Status.show(window.getShell(), Messages.Error_openTitle, Messages.bind(Messages.Open_overlayNeedsBase, file));
                return;
            }
            base = Path.of(src);
            for (String o : soc.getOverlays()) {
                if (Files.isRegularFile(Path.of(o))) {
                    overlays.add(Path.of(o));
                }
            }
            overlays.add(file);
        }
        Path baseFile = base;
        AtomicReference<DtImport.@Nullable Result> result = new AtomicReference<>();
        AtomicReference<@Nullable String> error = new AtomicReference<>();
        try {
            window.run(true, false, monitor -> {
                monitor.beginTask(Messages.bind(Messages.Open_progress, file.getFileName()), 2);
                try {
                    DeviceTree tree = DtImport.load(baseFile, overlays, List.of(baseFile.toAbsolutePath().getParent()));
                    monitor.worked(1);
                    List<String> names = overlays.stream().map(Path::toString).toList();
                    String name = String.valueOf(baseFile.getFileName()).replaceAll("\\.(dtb|dts|dtbo|dtso)$", ""); //$NON-NLS-1$ //$NON-NLS-2$
                    result.set(DtImport.importTree(tree, name, names));
                } catch (FormatException e) {
                    error.set(describe(file, e));
                } catch (RuntimeException e) {
                    error.set(Messages.bind(Messages.Open_importFailed, file, e));
                } finally {
                    monitor.done();
                }
            });
        } catch (java.lang.reflect.InvocationTargetException | InterruptedException e) {
            error.set(Messages.bind(Messages.Open_fileError, file, e.getMessage()));
        }
        DtImport.Result r = result.get();
        if (r == null) {
            Status.show(window.getShell(), Messages.Error_openTitle, error.get());
            return;
        }
        Soc soc = r.soc();
        soc.setSourceFile(baseFile.toAbsolutePath().toString());
        BringupProject p = DtImport.project(soc, soc.getName());
        session.setProject(p, r.diagnostics());
        showView(window, BringupUi.SOC_EXPLORER_ID);
    }

    /** Shows a log file in the trace log viewer (indexed in the background, never read whole). */
    private static void openLog(IWorkbenchWindow window, Path file) {
        dev.bringup.trace.LogSource source;
        try {
            source = dev.bringup.trace.LogSource.file(file);
        } catch (IOException e) {
            Status.show(window.getShell(), Messages.Error_openTitle, describe(file, e));
            return;
        }
        showLog(window, file, source, null);
    }

    /**
     * Shows a trace buffer dump in the trace log viewer: its text oldest first, NULs dropped, the
     * write position taken to be the first NUL byte; the status line says so.
     */
    private static void openTraceDump(IWorkbenchWindow window, Path file) {
        dev.bringup.trace.TraceRing.Text text;
        String size;
        try {
            size = Long.toString(Files.size(file));
            text = dev.bringup.trace.TraceRing.readDump(file); // kindOf found a dump
        } catch (IOException e) {
            Status.show(window.getShell(), Messages.Error_openTitle,
                    Messages.bind(dev.bringup.ui.internal.trace.Messages.Ring_unreadable, file, e.getMessage()));
            return;
        }
        if (text == null) { // changed since kindOf looked: open it as the log it now is
            openLog(window, file);
            return;
        }
        String at = text.writeOffset() + " (" + dev.bringup.common.Hex.of(text.writeOffset()) + ")"; //$NON-NLS-1$ //$NON-NLS-2$
        String[] note = {
            Messages.bind(dev.bringup.ui.internal.trace.Messages.Ring_status, new Object[] { at, size,
                    text.wrapped() ? dev.bringup.ui.internal.trace.Messages.Ring_statusWrapped : "" }), //$NON-NLS-1$
            Messages.bind(dev.bringup.ui.internal.trace.Messages.Ring_note, new Object[] { at, size,
                    text.wrapped() ? dev.bringup.ui.internal.trace.Messages.Ring_wrapped : "" }) }; //$NON-NLS-1$
        showLog(window, file, text.toSource(String.valueOf(file.getFileName())), note);
    }

    private static void showLog(IWorkbenchWindow window, Path file, dev.bringup.trace.LogSource source,
            String @Nullable [] note) {
        BringupSession session = BringupSession.get();
        if (!session.showLog(String.valueOf(file.getFileName()), source, null)) {
            try {
                source.close();
            } catch (IOException e) {
                // never read: nothing to report
            }
            Status.show(window.getShell(), Messages.Error_openTitle, Messages.bind(
                    dev.bringup.ui.internal.trace.Messages.Open_failed, file, "the Trace Log view cannot be shown")); //$NON-NLS-1$
            return;
        }
        dev.bringup.ui.internal.trace.TraceLogPart part = session.part(dev.bringup.ui.internal.trace.TraceLogPart.class);
        dev.bringup.ui.internal.trace.LogTab tab = part == null ? null : part.activeTab();
        if (note != null && tab != null && tab.log().source() == source) {
            tab.setSourceNote(note[0], note[1]);
        }
    }

    private static @Nullable IEditorPart openProject(IWorkbenchWindow window, Path file) {
        BringupProject p;
        try {
            p = ModelFiles.load(file);
        } catch (FormatException e) {
            Status.show(window.getShell(), Messages.Error_openTitle, describe(file, e));
            return null;
        }
        BringupSession.get().setProject(p, List.of());
        showView(window, BringupUi.SOC_EXPLORER_ID);
        IEditorPart last = null;
        for (dev.bringup.model.Firmware fw : p.getFirmware()) {
            String path = fw.getPath();
            if (path != null) {
                Path fwFile = file.toAbsolutePath().getParent().resolve(path);
                if (Files.isRegularFile(fwFile)) {
                    last = openFirmware(window.getActivePage(), fwFile);
                }
            }
        }
        return last;
    }

    private static void showView(IWorkbenchWindow window, String id) {
        try {
            window.getActivePage().showView(id, null, IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            Status.show(window.getShell(), Messages.Error_openTitle, e.getMessage());
        }
    }

    /** One line for an error while reading {@code file}: what, where, fix. */
    static String describe(Path file, Exception e) {
        if (e instanceof FormatException f) {
            return Messages.bind(Messages.Open_fileError, file, f.getMessage());
        }
        return Messages.bind(Messages.Open_unreadable, file, e.getMessage());
    }

    /** Opens the embedded demo: its SoC in the explorer and its firmware in the layout editor. */
    public static void openDemo(IWorkbenchWindow window) {
        Examples.Example demo = Examples.demo();
        try {
            BringupProject p = Examples.project(demo);
            BringupSession.get().setProject(p, List.of());
        } catch (FormatException e) {
            Status.show(window.getShell(), Messages.Error_openTitle, e.getMessage());
            return;
        }
        Path fw = exampleFirmware(demo.id() + ".elf"); //$NON-NLS-1$
        if (fw != null) {
            openFirmware(window.getActivePage(), fw);
        }
    }

    /**
     * A writable copy of an example firmware image (dev.bringup.examples, {@code firmware/images/}),
     * in this bundle's state folder, so that editing and saving the demo never touches the bundle.
     */
    public static @Nullable Path exampleFirmware(String name) {
        Bundle examples = Platform.getBundle("dev.bringup.examples"); //$NON-NLS-1$
        if (examples == null) {
            return null;
        }
        URL entry = examples.getEntry("firmware/images/" + name); //$NON-NLS-1$
        if (entry == null) {
            return null;
        }
        try {
            Path dir = Path.of(Platform.getStateLocation(Platform.getBundle(BringupUi.PLUGIN_ID)).toOSString(), "examples"); //$NON-NLS-1$
            Files.createDirectories(dir);
            Path copy = dir.resolve(name);
            if (!Files.exists(copy)) {
                try (InputStream in = FileLocator.toFileURL(entry).openStream()) {
                    Path tmp = Files.createTempFile(dir, "." + name, ".tmp"); //$NON-NLS-1$ //$NON-NLS-2$
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return copy;
        } catch (IOException e) {
            return null;
        }
    }

    // ---- recent files

    private static IEclipsePreferences prefs() {
        return InstanceScope.INSTANCE.getNode(BringupUi.PLUGIN_ID);
    }

    /** The recently opened files, newest first. */
    public static List<Path> recent() {
        String s = prefs().get(RECENT_KEY, ""); //$NON-NLS-1$
        List<Path> out = new ArrayList<>();
        for (String line : s.split("\n")) { //$NON-NLS-1$
            if (!line.isBlank()) {
                out.add(Path.of(line));
            }
        }
        return out;
    }

    static void remember(Path file) {
        List<Path> list = new ArrayList<>(recent());
        Path abs = file.toAbsolutePath().normalize();
        list.remove(abs);
        list.add(0, abs);
        while (list.size() > RECENT_MAX) {
            list.remove(list.size() - 1);
        }
        prefs().put(RECENT_KEY, String.join("\n", list.stream().map(Path::toString).toList())); //$NON-NLS-1$
        try {
            prefs().flush();
        } catch (org.osgi.service.prefs.BackingStoreException e) {
            // the list is kept for this session; it is not worth an error dialog
        }
    }
}
