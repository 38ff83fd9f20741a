package io.rwe.derive;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The study configuration a cohort was derived with (docs/derive.md, "Provenance"), recorded in the
 * version's {@code derive.json}: the {@code rwe.study} tree without the keys only the analyze and report
 * stages read (conf/config-schema.conf, {@code analysis-only}), its SHA-256 (of the tree as canonical
 * JSON: keys sorted, no spaces) and the cohort's columns.
 *
 * <p>{@code jobs/analyze} compares it with the configuration it is given ({@link #check}) and refuses
 * a cohort derived under other values, which would otherwise be analysed and published under a
 * manifest claiming values it was not derived with; or adopts the cohort's own ({@link #adopt}).
 * Values are compared as text, so {@code 14} from a file and {@code "14"} from {@code -D} are equal.
 *
 * @param study   the recorded {@code rwe.study} tree (without the analysis-only keys)
 * @param sha256  the tree's checksum
 * @param columns the cohort's columns, in order
 */
public record CohortProvenance(Config study, String sha256, List<String> columns) {

    public CohortProvenance {
        columns = List.copyOf(columns);
    }

    /** The provenance of a cohort derived now with {@code config}, with these columns. */
    public static CohortProvenance of(Config config, List<String> analysisOnly, List<String> columns) {
        Config study = derivePart(config, analysisOnly);
        return new CohortProvenance(study, sha256(study), columns);
    }

    /** {@code rwe.study} of {@code config} without the analysis-only keys (paths under {@code rwe.study}). */
    static Config derivePart(Config config, List<String> analysisOnly) {
        Config study = config.hasPath("rwe.study") ? config.getConfig("rwe.study") : ConfigFactory.empty();
        for (String path : analysisOnly) {
            if (path.startsWith("rwe.study.")) {
                study = study.withoutPath(path.substring("rwe.study.".length()));
            }
        }
        return study;
    }

    /** The checksum of a study tree: SHA-256 of its canonical JSON (keys sorted), lower-case hex. */
    static String sha256(Config study) {
        try {
            byte[] text = Json.writeCompact(sorted(study.root().unwrapped())).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, sorted(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CohortProvenance::sorted).toList();
        }
        return v;
    }

    /** Adds the provenance to a {@code derive.json} object. */
    public void putInto(Map<String, Object> info) {
        info.put("study_sha256", sha256);
        info.put("study_config", Json.read(study.root().render(com.typesafe.config.ConfigRenderOptions.concise().setJson(true))));
        info.put("columns", columns);
    }

    /** The provenance recorded in a cohort version folder's {@code derive.json}, if any. */
    public static Optional<CohortProvenance> read(Path version) {
        Path f = version.resolve(CohortStore.INFO);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        JsonNode info = Json.read(f);
        if (!info.has("study_config") || !info.has("columns")) {
            return Optional.empty();
        }
        List<String> columns = new ArrayList<>();
        info.get("columns").forEach(c -> columns.add(c.asText()));
        Config study = ConfigFactory.parseString(Json.writeCompact(info.get("study_config")));
        return Optional.of(new CohortProvenance(study, info.path("study_sha256").asText(), columns));
    }

    /**
     * Refuses (exit 2, one line) to analyze with {@code config} a cohort derived under other values of
     * {@code rwe.study}: names the first key that differs, both values, and what to do.
     */
    public void check(Config config, List<String> analysisOnly, Path version) {
        List<String> differ = differences(derivePart(config, analysisOnly));
        if (differ.isEmpty()) {
            return;
        }
        String key = differ.get(0);
        throw new UsageException("the cohort " + version + " was derived with rwe.study." + key + " = "
                + show(study, key) + ", this configuration has " + show(derivePart(config, analysisOnly), key)
                + (differ.size() > 1 ? " (and " + (differ.size() - 1) + " other key" + (differ.size() > 2 ? "s" : "")
                + " of rwe.study differ)" : "") + "; run jobs/derive with this configuration first, or pass "
                + "--cohort-study to analyze under the cohort's own");
    }

    /** {@code config} with its {@code rwe.study} values replaced by the ones the cohort was derived with. */
    public Config adopt(Config config, List<String> analysisOnly) {
        Config given = config.hasPath("rwe.study") ? config.getConfig("rwe.study") : ConfigFactory.empty();
        Config kept = ConfigFactory.empty();
        for (String path : analysisOnly) {
            String rel = path.startsWith("rwe.study.") ? path.substring("rwe.study.".length()) : null;
            if (rel != null && given.hasPath(rel)) {
                kept = kept.withValue(rel, given.getValue(rel));
            }
        }
        Config study = kept.withFallback(this.study);
        return config.withoutPath("rwe.study").withFallback(study.atPath("rwe.study")).resolve();
    }

    /** The leaf keys (relative to rwe.study) whose values differ between the record and {@code other}, sorted. */
    List<String> differences(Config other) {
        Map<String, String> a = leaves(study);
        Map<String, String> b = leaves(other);
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                out.add(k);
            }
        }
        return out;
    }

    private static Map<String, String> leaves(Config c) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            out.put(e.getKey(), String.valueOf(asText(e.getValue().unwrapped())));
        }
        return out;
    }

    /**
     * A value compared as text: scalars by their text ({@code 14} from a file equals {@code "14"} from
     * {@code -D}), objects with their keys sorted (a list of objects read back from derive.json keeps
     * its values but not its keys' order).
     */
    @SuppressWarnings("unchecked")
    private static Object asText(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, asText(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CohortProvenance::asText).toList();
        }
        return String.valueOf(v);
    }

    private static String show(Config c, String key) {
        if (!c.hasPath(key)) {
            return "(none)";
        }
        Object v = c.getValue(key).unwrapped();
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
