package dev.bringup.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Everything below the user interface runs headless: no core or model bundle may require SWT,
 * JFace or the workbench. Reads every bundle's manifest in the source tree.
 */
class BundleLayeringTest {

    /** Bundle-name prefixes that mean "needs a display". */
    private static final List<String> UI_PREFIXES = List.of("org.eclipse.swt", "org.eclipse.jface", "org.eclipse.ui",
            "org.eclipse.e4.ui", "org.eclipse.nebula", "org.eclipse.swtchart");

    static boolean isUiBundle(String symbolicName) {
        return symbolicName.endsWith(".ui") || symbolicName.contains(".ui.") || symbolicName.endsWith(".tests");
    }

    /** The UI dependencies a manifest declares in Require-Bundle and Import-Package. */
    static List<String> uiDependencies(Manifest manifest) {
        Attributes main = manifest.getMainAttributes();
        List<String> found = new ArrayList<>();
        for (String header : List.of("Require-Bundle", "Import-Package")) {
            String value = main.getValue(header);
            if (value == null) {
                continue;
            }
            for (String clause : splitClauses(value)) {
                String name = clause.split(";", 2)[0].trim();
                for (String prefix : UI_PREFIXES) {
                    if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                        found.add(header + ": " + name);
                    }
                }
            }
        }
        return found;
    }

    /** Splits a manifest header at the commas that are not inside quotes. */
    static List<String> splitClauses(String value) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        clauses.add(current.toString());
        return clauses;
    }

    static Manifest read(InputStream in) throws IOException {
        try (in) {
            return new Manifest(in);
        }
    }

    @Test
    void noCoreOrModelBundleNeedsTheUserInterface() throws IOException {
        Path bundles = Path.of("").toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        int core = 0;
        try (Stream<Path> dirs = Files.list(bundles)) {
            for (Path dir : dirs.sorted().toList()) {
                Path mf = dir.resolve("META-INF/MANIFEST.MF");
                if (!Files.isRegularFile(mf)) {
                    continue;
                }
                Manifest manifest = read(Files.newInputStream(mf));
                String name = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";", 2)[0].trim();
                if (isUiBundle(name)) {
                    continue;
                }
                core++;
                for (String dependency : uiDependencies(manifest)) {
                    problems.add(name + " needs " + dependency);
                }
            }
        }
        assertTrue(core >= 2, "found the core bundles under " + bundles);
        assertEquals(List.of(), problems, "core and model bundles must stay headless");
    }

    @Test
    void theCheckSeesUiDependenciesInEitherHeader() throws IOException {
        String text = """
                Manifest-Version: 1.0
                Bundle-SymbolicName: dev.bringup.example
                Require-Bundle: dev.bringup.common,
                 org.eclipse.jface;bundle-version="[3.30.0,4.0.0)"
                Import-Package: org.eclipse.swt.widgets;version="3.0",org.eclipse.emf.ecore
                """;
        Manifest manifest = read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("Require-Bundle: org.eclipse.jface", "Import-Package: org.eclipse.swt.widgets"),
                uiDependencies(manifest));
        assertTrue(isUiBundle("dev.bringup.ui"));
        assertTrue(isUiBundle("dev.bringup.trace.ui"));
        assertTrue(!isUiBundle("dev.bringup.uitools") && !isUiBundle("dev.bringup.model"));
    }
}
