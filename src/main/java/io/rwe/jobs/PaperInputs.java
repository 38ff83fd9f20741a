package io.rwe.jobs;

import io.rwe.run.AtomicFiles;
import io.rwe.synth.PaperProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Whether a run's inputs are the paper's published patients: the extract files that
 * {@code jobs/generate --profile paper} writes (the same bytes every time), recognised by their SHA-256 as
 * the manifest's {@code inputs} record them. Only such a run may go without a disclosure policy silently.
 */
final class PaperInputs {

    private static Map<String, String> paper;

    private PaperInputs() {
    }

    /** Whether {@code inputs} ("date/file.csv" → {sha256, …}) are exactly the paper registry's files. */
    static boolean matches(Map<String, Object> inputs) {
        Map<String, String> given = new TreeMap<>();
        for (Map.Entry<String, Object> e : inputs.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("sha256") instanceof String sha)) {
                return false;
            }
            given.put(e.getKey(), sha);
        }
        return !given.isEmpty() && given.equals(paperChecksums());
    }

    private static synchronized Map<String, String> paperChecksums() {
        if (paper == null) {
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory("rwe-paper-");
                Path extract = PaperProfile.write(tmp);
                Map<String, String> sums = new TreeMap<>();
                try (Stream<Path> files = Files.list(extract)) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        sums.put(extract.getFileName() + "/" + f.getFileName(), sha256(f));
                    }
                }
                paper = sums;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the paper registry to compare with", e);
            } finally {
                if (tmp != null) {
                    AtomicFiles.delete(tmp);
                }
            }
        }
        return paper;
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
