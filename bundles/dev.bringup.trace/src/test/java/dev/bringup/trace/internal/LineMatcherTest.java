package dev.bringup.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The literal a regular expression's matches must contain, used to skip lines without decoding them. */
class LineMatcherTest {

    private static String lit(String regex, int flags) {
        return String.valueOf(LineMatcher.requiredLiteral(Pattern.compile(regex, flags)));
    }

    @Test
    void requiredLiterals() {
        assertEquals("Unhandled context fault", lit("Unhandled context fault", 0));
        assertEquals("iova=0x", lit("iova=0x[0-9a-f]+000,", 0));
        assertEquals("creating channel ", lit("^creating channel .* addr", 0));
        assertEquals("fsr=0x40", lit("fsr=0x402?", 0), "an optional last character is not required");
        assertEquals("fsr=0x", lit("fsr=0x4{2}", 0));
        assertEquals("fsr=0x4", lit("fsr=0x4+", 0), "one or more: the character is required");
        assertEquals("a.b", lit("a\\.b", 0));
        assertEquals("foo", lit("foo\\d", 0));
        assertEquals("null", lit("fault|error", 0), "an alternation may avoid any literal");
        assertEquals("null", lit("fault", Pattern.CASE_INSENSITIVE), "flags change what matches");
        assertEquals("null", lit("(?i)fault", 0));
        assertEquals("null", lit("[0-9]+ fault", 0));
        assertEquals("null", lit("x?", 0));
    }
}
