package io.rwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file a doc, message or script cites exists in the repository, and nothing points outside it.
 * Scanned: README.md, SECURITY.md, BENCHMARKS.md, docs/*.md, jobs/*, bench/*, conf/*, .ci/run and the
 * whole text of src/main/java and src/test/java (string literals, javadoc, comments; this file, which
 * holds examples of dangling citations, excepted). A citation is
 * <ul>
 *   <li>a path from the repository's root: {@code docs/…}, {@code conf/…}, {@code jobs/…},
 *       {@code bench/…}, {@code notebooks/…}, {@code src/…}, {@code .ci/…} (a path with a placeholder,
 *       {@code docs/<name>.md} or {@code conf/*.conf}, is not one);</li>
 *   <li>in a Markdown file, the target of a relative link {@code [text](target)}, from the file's folder;</li>
 *   <li>a bare {@code name.md}, from the citing file's folder or the root: so Java code must write
 *       {@code docs/study.md}, not {@code study.md}.</li>
 * </ul>
 * And no file of the repository names the contracts' folder outside it (the parent's {@code shared}).
 */
class CitedFilesExistTest {

    private static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();

    /** Written in two pieces so that this file does not cite it. */
    private static final String OUTSIDE = "../" + "shared";

    private static final Pattern ROOT_PATH =
            Pattern.compile("(?<![\\w./-])((?:docs|conf|jobs|bench|notebooks|src|\\.ci)/[\\w./-]*\\w)");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)\\s]*)?\\)");
    /**
     * A bare name; one after {@code $}, {@code {} or {@code <} is a placeholder ({@code bench-$STAMP.md}),
     * one after {@code [} a link's text (its target is checked).
     */
    private static final Pattern BARE_MD = Pattern.compile("(?<![\\w./$<{\\[-])([\\w-]+\\.md)(?![\\w-])");

    /** The citations of {@code text} (the content of {@code file}) that name no file, one line each. */
    static List<String> missing(Path root, Path file, String text) {
        List<String> out = new ArrayList<>();
        Path folder = file.getParent();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = root.relativize(file) + ":" + (i + 1) + ": ";
            Matcher m = ROOT_PATH.matcher(line);
            while (m.find()) {
                if (!Files.exists(root.resolve(m.group(1)))) {
                    out.add(where + m.group(1));
                }
            }
            if (file.getFileName().toString().endsWith(".md")) {
                Matcher link = MARKDOWN_LINK.matcher(line);
                while (link.find()) {
                    String target = link.group(1);
                    if (!target.matches("[a-z]+:.*") && !Files.exists(folder.resolve(target).normalize())) {
                        out.add(where + "(" + target + ")");
                    }
                }
            }
            Matcher bare = BARE_MD.matcher(line);
            while (bare.find()) {
                String name = bare.group(1);
                if (!Files.exists(folder.resolve(name)) && !Files.exists(root.resolve(name))) {
                    out.add(where + name);
                }
            }
            if (line.contains(OUTSIDE)) {
                out.add(where + "a path outside the repository: " + OUTSIDE);
            }
        }
        return out;
    }

    /** The files scanned for citations. */
    private static List<Path> scanned() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String f : List.of("README.md", "SECURITY.md", "BENCHMARKS.md", ".ci/run")) {
            if (Files.exists(ROOT.resolve(f))) {
                files.add(ROOT.resolve(f));
            }
        }
        for (String dir : List.of("docs", "jobs", "bench", "conf", "src/main/java", "src/test/java")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(dir))) {
                // __pycache__: Python's compiled bench/report.py, where a developer imported it
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("CitedFilesExistTest.java"))
                        .filter(p -> !p.toString().contains("/__pycache__/"))
                        .sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyCitedFileExists() throws IOException {
        List<Path> files = scanned();
        assertTrue(files.size() > 100, "scanned only " + files.size() + " files from " + ROOT);
        List<String> missing = new ArrayList<>();
        for (Path f : files) {
            missing.addAll(missing(ROOT, f, Files.readString(f, StandardCharsets.UTF_8)));
        }
        assertEquals(List.of(), missing, "cited, but not in the repository");
    }

    @Test
    void noFileOfTheRepositoryPointsOutsideIt() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !ROOT.relativize(p).toString().matches("(target|out|\\.git|\\.idea)(/.*)?"))
                    .filter(p -> size(p) < 5_000_000)
                    .forEach(p -> {
                        String text = new String(read(p), StandardCharsets.ISO_8859_1);
                        if (text.contains(OUTSIDE)) {
                            found.add(ROOT.relativize(p).toString());
                        }
                    });
        }
        assertEquals(List.of(), found, "files naming " + OUTSIDE);
    }

    /** The checker itself finds each kind of dangling citation (so the test above can fail). */
    @Test
    void theCheckFindsWhatIsMissing() throws IOException {
        Path doc = ROOT.resolve("docs/cli.md");
        assertEquals(List.of(
                        "docs/cli.md:1: docs/no-such-page.md",
                        "docs/cli.md:2: (no-such-page.md)",
                        "docs/cli.md:2: no-such-page.md",
                        "docs/cli.md:3: conf/no-such.conf",
                        "docs/cli.md:3: jobs/no-such-job",
                        "docs/cli.md:4: a path outside the repository: " + OUTSIDE),
                missing(ROOT, doc, String.join("\n",
                        "see docs/no-such-page.md.",
                        "a [link](no-such-page.md) and [one that exists](study.md#results-contract)",
                        "conf/no-such.conf; jobs/no-such-job --help; jobs/replicate; docs/<name>.md; conf/*.conf",
                        "the contract in " + OUTSIDE + "/spec")));
        Path java = ROOT.resolve("src/main/java/io/rwe/jobs/Main.java");
        assertEquals(List.of("src/main/java/io/rwe/jobs/Main.java:1: study.md"),
                missing(ROOT, java, "(study.md, \"Results contract\"; docs/study.md; BENCHMARKS.md; io.rwe.jobs.Main)"));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
