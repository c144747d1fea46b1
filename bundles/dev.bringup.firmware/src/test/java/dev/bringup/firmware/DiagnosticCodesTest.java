package dev.bringup.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.bringup.common.Diagnostic;

/**
 * Every documented diagnostic code has a fixture that triggers it. The fixtures are built by
 * src/test/firmware/build.sh ({@code bad_<CODE>.elf}); two ELF faults no linker produces are made
 * by a byte patch of a built fixture, shown in {@link #fixtureFor}.
 */
class DiagnosticCodesTest {

    private static final Path DOC = Path.of("DIAGNOSTICS.md");

    @TempDir
    Path tmp = Path.of(""); // set by JUnit

    /** The file that must trigger {@code code}. */
    Path fixtureFor(DiagnosticCode code) throws IOException {
        Path good = TestFixtures.fixture("fw_v1_le.elf");
        return switch (code) {
            // Elf32_Phdr.p_filesz (offset 16) of the first PT_LOAD set above its p_memsz (0x30 bytes of code)
            case ELF_FILESZ_GT_MEMSZ -> TestFixtures.patchPhdr32(good, tmp.resolve("filesz.elf"), 0, 16, 0x40);
            // p_filesz and p_memsz (offsets 16, 20) of the last PT_LOAD set to 1 MiB: past the end of the file
            case ELF_SEGMENT_TRUNCATED -> {
                int last = TestFixtures.lastLoad32(good);
                Path p = TestFixtures.patchPhdr32(good, tmp.resolve("cut.elf"), last, 16, 0x100000);
                yield TestFixtures.patchPhdr32(p, p, last, 20, 0x100000);
            }
            case RSC_FORMAT_2011 -> TestFixtures.fixture("fw_2011.elf");
            default -> TestFixtures.fixture("bad_" + code.name() + ".elf");
        };
    }

    @ParameterizedTest
    @EnumSource(DiagnosticCode.class)
    void eachCodeHasAFixtureThatTriggersIt(DiagnosticCode code) throws Exception {
        Path file = fixtureFor(code);
        try (Firmware fw = Firmware.open(file)) {
            Diagnostic d = fw.diagnostics().stream().filter(x -> x.code().equals(code.name())).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " does not trigger " + code + "; it gives " + fw.diagnostics()));
            assertEquals(code.severity(), d.severity());
            assertTrue(d.fix() != null && !d.fix().isBlank(), code + " says what would fix it");
            assertTrue(d.location().fileOffset() >= 0, code + " names a file offset");
            // inspect exits 1 exactly for the error codes: the fixtures of warnings carry no error
            assertEquals(code.severity() == dev.bringup.common.Severity.ERROR, fw.hasErrors(), fw.diagnostics().toString());
        }
    }

    /** A well-formed fixture triggers none of them. */
    @Test
    void wellFormedFixturesAreClean() throws Exception {
        for (String f : new String[] { "fw_v1_le.elf", "fw_v1_be.elf", "fw_v1_rv64.elf", "fw_split.mdt" }) {
            try (Firmware fw = Firmware.open(TestFixtures.fixture(f))) {
                assertEquals(java.util.List.of(), fw.diagnostics(), f);
            }
        }
    }

    /** DIAGNOSTICS.md documents exactly the codes of {@link DiagnosticCode}, with the same severities. */
    @Test
    void documentationListsEveryCodeWithItsSeverity() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*`([A-Z0-9_]+)`\\s*\\|\\s*(error|warning|info)\\s*\\|").matcher(Files.readString(DOC));
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        Map<String, String> codes = new LinkedHashMap<>();
        for (DiagnosticCode c : DiagnosticCode.values()) {
            codes.put(c.name(), c.severity().label());
        }
        assertEquals(codes, documented);
    }
}
