package io.rwe.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.core.BadInputException;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import io.rwe.core.UsageException;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.disclosure.OutputCheck;
import io.rwe.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code jobs/check-disclosure RUN [--policy P]}: the output checker over a run folder (docs/disclosure.md,
 * "The output checker"), without Spark. The policy is {@code --policy}, else the one the run's manifest
 * records, else {@code rwe.disclosure.policy}; its rules and the declarations are those of the configuration
 * in force ({@code --conf}); the study (who each count counts) is the one the manifest records. Prints each
 * finding on standard output, one line each ({@code <file>: <where>: <what>}).
 */
public final class CheckDisclosureJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/check-disclosure RUN [--policy POLICY] [--conf FILE] [-Dkey=value ...]",
                "  Reads every file of the run folder RUN (JSON, CSV, HTML, SVG; PNG through its SVG twin; a",
                "  Parquet dataset is a finding by itself) and prints each value the disclosure policy forbids,",
                "  and each suppressed count that can be derived from what is published, one line each:",
                "  <file>: <where>: <what>. jobs/replicate and jobs/analyze run the same check before publishing.",
                "  --policy P   none, ohdsi, opensafely, cms or cdc (default: the policy the run's manifest records)",
                "  --conf FILE  configuration layered over conf/application.conf (the policies, the declarations)",
                "Exit: 0 no finding, 3 findings (the run folder must not leave the secure environment), 2 usage.");
    }

    @Override
    public Set<String> options() {
        return Set.of("policy", "conf");
    }

    @Override
    public int positionals() {
        return 1;
    }

    @Override
    public void run(Args args) {
        List<String> pos = args.positional();
        if (pos.isEmpty()) {
            throw new UsageException("missing the run folder (see --help)");
        }
        Path run = Path.of(pos.get(0));
        if (!Files.isDirectory(run)) {
            throw new UsageException(run + ": not a folder");
        }
        Config config = Configs.load(args.path("conf"));
        JsonNode manifest = readManifest(run);
        String name = args.get("policy").orElseGet(() -> manifest != null && manifest.path("disclosure").has("policy")
                ? manifest.path("disclosure").path("policy").asText() : DisclosurePolicy.of(config).name());
        DisclosurePolicy policy = DisclosurePolicy.named(config, name);
        Study study = Study.from(runStudy(manifest, config));
        List<OutputCheck.Finding> findings = OutputCheck.check(run, OutputCheck.settings(config, policy, study));
        for (OutputCheck.Finding f : findings) {
            System.out.println(f);
        }
        if (!findings.isEmpty()) {
            throw new BadInputException(run + ": " + findings.size() + (findings.size() == 1 ? " finding" : " findings")
                    + " under the disclosure policy " + policy.name());
        }
        System.err.println("check-disclosure: " + run + ": no finding under the disclosure policy " + policy.name());
    }

    private static JsonNode readManifest(Path run) {
        Path m = run.resolve("manifest.json");
        if (!Files.isRegularFile(m)) {
            return null;
        }
        try {
            return Json.read(m);
        } catch (RuntimeException e) {
            throw new BadInputException(m + ": not valid JSON: " + e.getMessage());
        }
    }

    /** The configuration in force with the run's own study (the manifest's), when the manifest records one. */
    private static Config runStudy(JsonNode manifest, Config config) {
        if (manifest == null || !manifest.path("config").path("study").isObject()) {
            return config;
        }
        Config recorded = ConfigFactory.parseString("{\"study\": " + Json.writeCompact(
                manifest.path("config").path("study")) + "}");
        return config.withValue("rwe.study", recorded.getValue("study"));
    }
}
