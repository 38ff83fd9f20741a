package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic configuration checks (docs/configuration.md): unknown keys with a suggestion, missing
 * includes, types by the defaults' example, declared ranges and column names; each a one-line
 * {@link UsageException}. The project's own defaults and the schema file are used where the rule is about
 * them; small hand-made trees where the rule is about the mechanism.
 */
class ConfigSchemaTest {
    @TempDir
    Path tmp;

    /** A small defaults tree and schema for the mechanism. */
    static final Config DEFAULTS = ConfigFactory.parseString(String.join("\n",
            "rwe.study { cutoff = \"2018-08-07\", washout-days = 14, strict = false, flow-steps = [a, b],",
            "  eligibility { min-age = 18 }, analyses { pfs { type = km } }, stratify-by = \"\" }",
            "rwe.privacy.pseudonym-key = ${?RWE_TEST_NO_SUCH_VARIABLE}"));
    static final Config SCHEMA = ConfigFactory.parseString(String.join("\n",
            "open = [rwe.study.analyses]", "launcher = [rwe.defaults]",
            "ranges { rwe.study.washout-days { min = 0, whole = true } }",
            "columns = [rwe.study.stratify-by]"));
    static final ConfigSchema S = ConfigSchema.of(DEFAULTS, SCHEMA);

    static UsageException refused(String userConf) {
        Config c = ConfigFactory.parseString(userConf).withFallback(DEFAULTS).resolve();
        return assertThrows(UsageException.class, () -> S.check(c));
    }

    static void accepted(String userConf) {
        Config c = ConfigFactory.parseString(userConf).withFallback(DEFAULTS).resolve();
        assertDoesNotThrow(() -> S.check(c));
    }

    @Test
    void aTypoIsRefusedWithTheClosestKnownKey() {
        UsageException e = refused("rwe.study.cutof = \"2017-06-30\"");
        assertTrue(e.getMessage().startsWith("configuration: unknown key rwe.study.cutof"), e.getMessage());
        assertTrue(e.getMessage().endsWith("did you mean rwe.study.cutoff?"), e.getMessage());
        // The first unknown part of a path is the one reported.
        assertTrue(refused("rwe.studdy.cutoff = \"2017-06-30\"").getMessage()
                .matches("configuration: unknown key rwe\\.studdy \\(.*\\); did you mean rwe\\.study\\?"));
    }

    @Test
    void aKeyFarFromEveryKnownOneListsItsSiblings() {
        String m = refused("rwe.study.something-else = 1").getMessage();
        assertTrue(m.contains("(known keys of rwe.study: analyses, cutoff, eligibility, flow-steps, stratify-by, strict, washout-days)"), m);
    }

    @Test
    void namesBelowAnOpenPathAreTheFilesOwn() {
        accepted("rwe.study.analyses { os { type = km, endpoint = os }, pfs = null }");
        // The open path itself keeps its type: an object.
        assertTrue(refused("rwe.study.analyses = [x]").getMessage().contains("is not an object"));
    }

    @Test
    void anOptionalKeyOfTheDefaultsIsKnownAndTheLauncherKeyIgnored() {
        accepted("rwe.privacy.pseudonym-key = secret\nrwe.defaults = /somewhere/application.conf");
    }

    @Test
    void valuesMustHaveTheTypeOfTheDefault() {
        assertTrue(refused("rwe.study.washout-days = abc").getMessage()
                .matches("configuration: rwe\\.study\\.washout-days = 'abc' \\(.*\\) is not a number"), "number");
        accepted("rwe.study.washout-days = \"28\""); // as an environment variable or -D gives it
        assertTrue(refused("rwe.study.strict = maybe").getMessage().endsWith("is not true or false"));
        accepted("rwe.study.strict = yes");
        assertTrue(refused("rwe.study.flow-steps = a").getMessage().endsWith("is not a list ([ ... ])"));
        assertTrue(refused("rwe.study.eligibility = 18").getMessage().endsWith("is not an object ({ ... })"));
        assertTrue(refused("rwe.study.cutoff = \"2018-02-30\"").getMessage().endsWith("is not a date (YYYY-MM-DD)"));
        assertTrue(refused("rwe.study.cutoff = 2018").getMessage().endsWith("is not a date (YYYY-MM-DD)"));
        assertTrue(refused("rwe.study.cutoff { from = x }").getMessage().endsWith("is not a single value"));
        accepted("rwe.study.flow-steps = null");
    }

    /** The example is the default's own value, not what the environment makes of it. */
    @Test
    void anEnvironmentVariableOfTheDefaultsIsCheckedAgainstTheDefaultsOwnValue() {
        assertTrue(System.getenv("PATH") != null);
        Config defaults = ConfigFactory.parseString("rwe.min-cell = 0\nrwe.min-cell = ${?PATH}");
        ConfigSchema s = ConfigSchema.of(defaults, SCHEMA);
        UsageException e = assertThrows(UsageException.class, () -> s.check(defaults.resolve()));
        assertTrue(e.getMessage().matches("configuration: rwe\\.min-cell = '.*' \\(from the environment\\) is not a number"),
                e.getMessage());
    }

    @Test
    void declaredRangesHold() {
        assertEquals("configuration: rwe.study.washout-days = -1 (String: 1) must be a whole number, >= 0",
                refused("rwe.study.washout-days = -1").getMessage());
        assertTrue(refused("rwe.study.washout-days = 2.5").getMessage().endsWith("must be a whole number, >= 0"));
        accepted("rwe.study.washout-days = 0");
    }

    @Test
    void columnKeysNameColumnsOfTheCohort() {
        Set<String> cohort = Set.of("patient_key", "center_id", "pattern", "sex");
        Config ok = ConfigFactory.parseString("rwe.study.stratify-by = center_id").withFallback(DEFAULTS).resolve();
        assertDoesNotThrow(() -> S.checkColumns(ok, cohort, "the analysis cohort"));
        Config none = DEFAULTS.resolve();
        assertDoesNotThrow(() -> S.checkColumns(none, cohort, "the analysis cohort"));
        Config typo = ConfigFactory.parseString("rwe.study.stratify-by = centre_id").withFallback(DEFAULTS).resolve();
        UsageException e = assertThrows(UsageException.class, () -> S.checkColumns(typo, cohort, "the analysis cohort"));
        assertEquals("configuration: rwe.study.stratify-by = 'centre_id' (String: 1) names no column of the analysis "
                + "cohort; did you mean center_id?", e.getMessage());
        Config far = ConfigFactory.parseString("rwe.study.stratify-by = no_such_column").withFallback(DEFAULTS).resolve();
        e = assertThrows(UsageException.class, () -> S.checkColumns(far, cohort, "the analysis cohort"));
        assertTrue(e.getMessage().endsWith("(its columns: center_id, patient_key, pattern, sex)"), e.getMessage());
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertEquals(0, ConfigSchema.editDistance("cutoff", "cutoff"));
        assertEquals(1, ConfigSchema.editDistance("cutof", "cutoff"));
        assertEquals(3, ConfigSchema.editDistance("kitten", "sitting"));
        assertEquals(6, ConfigSchema.editDistance("", "cutoff"));
    }

    // ---- The project's own defaults and schema ----

    @Test
    void theDefaultsPassTheirOwnCheck() {
        assertDoesNotThrow(() -> Configs.load());
    }

    @Test
    void aTypoInASystemPropertyIsRefusedBeforeAnyWork() {
        System.setProperty("rwe.study.cutof", "2017-06-30");
        try {
            UsageException e = assertThrows(UsageException.class, Configs::load);
            assertEquals("configuration: unknown key rwe.study.cutof (from -D); did you mean rwe.study.cutoff?",
                    e.getMessage());
        } finally {
            System.clearProperty("rwe.study.cutof");
        }
    }

    @Test
    void aTypoInAUserFileNamesTheFileAndLine() throws IOException {
        Path f = tmp.resolve("study.conf");
        Files.writeString(f, "rwe.study {\n  cutoff = \"2017-06-30\"\n  washout-dayz = 28\n}\n");
        UsageException e = assertThrows(UsageException.class, () -> Configs.load(Optional.of(f)));
        assertEquals("configuration: unknown key rwe.study.washout-dayz (" + f.getFileName() + ": 3); did you mean "
                + "rwe.study.washout-days?", e.getMessage().replace(f.toString(), f.getFileName().toString()));
    }

    @Test
    void aMissingIncludeIsRefused() throws IOException {
        Path f = tmp.resolve("site.conf");
        Files.writeString(f, "include \"site-study.conf\"\nrwe.study.cutoff = \"2017-06-30\"\n");
        UsageException e = assertThrows(UsageException.class, () -> Configs.load(Optional.of(f)));
        assertEquals("configuration: " + f + ": include \"site-study.conf\" names no file (looked beside the including "
                + "file and on the classpath)", e.getMessage());
        Files.writeString(tmp.resolve("site-study.conf"), "rwe.study.washout-days = 28\n");
        assertEquals(28, Configs.load(Optional.of(f)).getInt("rwe.study.washout-days"));
    }

    @Test
    void aTopLevelKeyOtherThanRweInAUserFileIsRefused() throws IOException {
        Path f = tmp.resolve("typo.conf");
        Files.writeString(f, "rew.study.cutoff = \"2017-06-30\"\n");
        UsageException e = assertThrows(UsageException.class, () -> Configs.load(Optional.of(f)));
        assertTrue(e.getMessage().endsWith("top-level key 'rew' is not rwe (every setting lives under rwe; "
                + "docs/configuration.md)"), e.getMessage());
    }

    @Test
    void aNumberFromTheEnvironmentThatIsNotANumberIsRefused() {
        // RWE_MIN_CELL=abc reaches rwe.report.suppression.min-cell as the text 'abc'; -D gives text the same way.
        System.setProperty("rwe.report.suppression.min-cell", "abc");
        try {
            UsageException e = assertThrows(UsageException.class, Configs::load);
            assertEquals("configuration: rwe.report.suppression.min-cell = 'abc' (from -D) is not a number", e.getMessage());
        } finally {
            System.clearProperty("rwe.report.suppression.min-cell");
        }
        System.setProperty("rwe.report.suppression.min-cell", "-3");
        try {
            UsageException e = assertThrows(UsageException.class, Configs::load);
            assertEquals("configuration: rwe.report.suppression.min-cell = '-3' (from -D) must be a whole number, >= 0",
                    e.getMessage());
        } finally {
            System.clearProperty("rwe.report.suppression.min-cell");
        }
    }

    @Test
    void theStudyFilesOfTheRepositoryPass() {
        Path conf = Path.of(System.getProperty("project.basedir", ".")).resolve("conf");
        for (String f : List.of("study-bone.conf", "registry-upper.conf")) {
            assertDoesNotThrow(() -> Configs.load(Optional.of(conf.resolve(f))), f);
        }
    }

    /** Every complete key path the main code names ("rwe.x.y") has a default, so a file may set it. */
    @Test
    void everyKeyTheCodeReadsIsKnown() throws IOException {
        Path src = Path.of(System.getProperty("project.basedir", ".")).resolve("src/main/java");
        Pattern literal = Pattern.compile("\"(rwe\\.[a-z0-9-]+(\\.[a-z0-9-]+)*)\"");
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(p));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertFalse(named.isEmpty());
        ConfigSchema schema = Configs.schema();
        for (String key : named) {
            if (key.equals("rwe.defaults")) {
                continue; // the launcher's, not configuration
            }
            assertTrue(schema.isKnown(key), key + " is read by the code but is not a key of conf/application.conf");
        }
    }
}
