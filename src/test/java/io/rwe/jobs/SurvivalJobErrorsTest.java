package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cli.md: "exits non-zero with a one-line reason on bad arguments or bad input". Each kind of error of
 * {@code jobs/survival}: exactly one line on standard error, nothing on standard output, no output file,
 * and its exit code (2 arguments, 3 data).
 */
class SurvivalJobErrorsTest {

    @TempDir
    Path tmp;

    private Path csv(String name, String... lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, List.of(lines));
        return f;
    }

    private Path good() throws Exception {
        return csv("good.csv", "id,t,d,arm", "1,5,1,a", "2,8,0,b", "3,3,1,a", "4,9,1,b");
    }

    private static String[] survival(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "survival";
        System.arraycopy(args, 0, argv, 1, args.length);
        return argv;
    }

    private JobRun fails(int code, String... args) {
        Path out = tmp.resolve("out.json");
        String[] withOut = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--out", out.toString())).toArray(String[]::new);
        JobRun r = JobRun.of(survival(withOut));
        assertEquals(code, r.exitCode(), () -> "exit code; stderr: " + r.stderr());
        assertEquals("", r.stdout(), "nothing on standard output");
        assertFalse(Files.exists(out), "no output file");
        r.oneErrorLine();
        return r;
    }

    // ---- arguments: exit 2 ----

    @Test
    void missingRequiredOption() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t");
        assertEquals("error: missing required option --event (see --help)", r.oneErrorLine());
    }

    @Test
    void unknownOption() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--grup", "arm");
        assertEquals("error: unknown option --grup (see --help)", r.oneErrorLine());
    }

    @Test
    void badConfType() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--conf-type", "logit");
        assertEquals("error: option --conf-type must be one of log, log-log, plain; got 'logit'", r.oneErrorLine());
    }

    @Test
    void rhoNotANumber() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--rho", "one");
        assertEquals("error: option --rho needs a number, got 'one'", r.oneErrorLine());
    }

    @Test
    void timesNotNumbers() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--times", "100,1y");
        assertEquals("error: option --times needs comma-separated numbers, got '1y'", r.oneErrorLine());
    }

    @Test
    void negativeRequestedTime() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--times", "-1,5");
        assertEquals("error: option --times needs non-negative times, got -1.0", r.oneErrorLine());
    }

    @Test
    void rmstTauMustBePositive() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--rmst-tau", "0");
        assertEquals("error: option --rmst-tau must be positive, got 0", r.oneErrorLine());
    }

    @Test
    void strataNeedAGroup() throws Exception {
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--strata", "arm");
        assertEquals("error: option --strata needs --group (the strata stratify the comparison of groups)",
                r.oneErrorLine());
    }

    @Test
    void inputNotFound() throws Exception {
        Path missing = tmp.resolve("nope.csv");
        JobRun r = fails(2, "--input", missing.toString(), "--time", "t", "--event", "d");
        assertEquals("error: input not found: " + missing, r.oneErrorLine());
    }

    @Test
    void confFileNotFound() throws Exception {
        Path missing = tmp.resolve("nope.conf");
        JobRun r = fails(2, "--input", good().toString(), "--time", "t", "--event", "d", "--conf", missing.toString());
        assertEquals("error: configuration file not found: " + missing, r.oneErrorLine());
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        JobRun r = JobRun.of("survival", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().startsWith("usage: jobs/survival --input FILE --time COL --event COL"), r.stdout());
        for (String opt : List.of("--event-value", "--group", "--strata", "--conf-type", "--rho", "--times",
                "--rmst-tau", "--out", "--conf")) {
            assertTrue(r.stdout().contains(opt), "usage mentions " + opt);
        }
    }

    // ---- input: exit 3 ----

    @Test
    void missingColumnNamesFileColumnAndColumnsPresent() throws Exception {
        Path f = good();
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "status");
        assertEquals("bad input: " + f + ": no column 'status'; columns present: id, t, d, arm", r.oneErrorLine());
    }

    @Test
    void missingColumnSuggestsTheCaseVariant() throws Exception {
        Path f = good();
        JobRun r = fails(3, "--input", f.toString(), "--time", "T", "--event", "d");
        assertEquals("bad input: " + f + ": no column 'T' (did you mean 't'?); columns present: id, t, d, arm",
                r.oneErrorLine());
    }

    @Test
    void nonNumericTimeNamesFileLineAndValue() throws Exception {
        // Line 1 is the header; the bad value is on line 4.
        Path f = csv("bad-time.csv", "id,t,d", "1,5,1", "2,8,0", "3,abc,1", "4,9,1");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + " line 4: column 't': time 'abc' is not a number", r.oneErrorLine());
    }

    @Test
    void quotedValuesAreFoundOnTheirLine() throws Exception {
        Path f = csv("quoted.csv", "\"id\",\"t\",\"d\"", "\"x,1\",5,1", "\"y\",\"7 days\",0", "\"z\",2,1");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + " line 3: column 't': time '7 days' is not a number", r.oneErrorLine());
    }

    @Test
    void negativeTimeNamesFileLineAndValue() throws Exception {
        Path f = csv("neg.csv", "id,t,d", "1,5,1", "2,-2,0", "3,4,1");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + " line 3: column 't': time -2 is negative", r.oneErrorLine());
    }

    @Test
    void eventValueThatIsNoEventCode() throws Exception {
        Path f = csv("ev.csv", "id,t,d", "1,5,1", "2,6,0", "3,4,2", "4,4,2");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + " line 4: column 'd': event value '2' is not 1/true (event) or 0/false"
                + " (censored); name the event value with --event-value (2 bad rows in all)", r.oneErrorLine());
    }

    @Test
    void emptyFile() throws Exception {
        Path f = csv("empty.csv");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + ": the file is empty (a header line is needed)", r.oneErrorLine());
    }

    @Test
    void noUsableRows() throws Exception {
        Path f = csv("allmissing.csv", "id,t,d", "1,,1", "2,NA,0");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + ": no usable rows (2 dropped for a missing time, event, group or stratum)",
                r.oneErrorLine());
    }

    @Test
    void repeatedHeaderNameUsedByTheAnalysis() throws Exception {
        Path f = csv("dup.csv", "id,t,t,d", "1,5,6,1");
        JobRun r = fails(3, "--input", f.toString(), "--time", "t", "--event", "d");
        assertEquals("bad input: " + f + ": column 't' appears 2 times in the header", r.oneErrorLine());
    }
}
