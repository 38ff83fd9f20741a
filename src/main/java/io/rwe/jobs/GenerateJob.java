package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.registry.OmopMapping;
import io.rwe.synth.OmopRendering;
import io.rwe.synth.PaperProfile;
import io.rwe.synth.RegistryParams;
import io.rwe.synth.RegistryProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code jobs/generate}: synthetic registry extracts in the format of docs/registry-extract.md (docs/cli.md).
 * {@code paper}: the paper's reviewed patients reconstructed, one extract; {@code registry}: N patients
 * with the distributions and effects of {@code rwe.generator.registry} (conf/generator.conf), made on
 * the Spark executors, optionally with defects ({@code --dirty}) and nightly re-sends
 * ({@code --extracts}). Prints each written extract folder, one per line.
 */
public final class GenerateJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/generate --profile paper|registry --out DIR [--format registry|omop] [--patients N] [--seed S]"
                        + " [--dirty FRACTION] [--extracts K] [--conf FILE] [--master URL] [-Dkey=value]",
                "  --profile paper|registry  paper: the paper's 73 reviewed patients reconstructed (one extract);",
                "                            registry: N synthetic patients with the paper's distributions and effects",
                "  --out DIR                 where the dated extract folders are written (<DIR>/<YYYY-MM-DD>/*.csv)",
                "  --format registry|omop    registry (default): the extract format (docs/registry-extract.md);",
                "                            omop: the same registry as OMOP CDM v5.4 tables, one dated folder per extract",
                "                            (docs/omop.md; concept sets of conf/omop.conf)",
                "  --patients N              registry: number of patients (default rwe.generator.registry.patients)",
                "  --seed S                  registry: random seed (default rwe.generator.registry.seed); same seed, same files",
                "  --dirty FRACTION          registry: fraction of rows made bad (0..0.5); expected quarantine counts are",
                "                            written to <extract>/_expected_quarantine.json",
                "  --extracts K              registry: K dated nightly extracts with re-sent, new and withdrawn patients",
                "                            (merged truth in <DIR>/_expected_merged.json)",
                "  --conf FILE               configuration layered over conf/application.conf");
    }

    @Override
    public Set<String> options() {
        return Set.of("profile", "out", "format", "patients", "seed", "dirty", "extracts", "conf");
    }

    @Override
    public void run(Args args) throws Exception {
        String profile = args.required("profile");
        Path out = Path.of(args.required("out"));
        String format = args.get("format").orElse("registry");
        if (!format.equals("registry") && !format.equals("omop")) {
            throw new UsageException("--format must be registry or omop, got '" + format + "'");
        }
        boolean omop = format.equals("omop");
        // OMOP: the extract is generated into a scratch folder, then rendered as OMOP tables under --out.
        Path target = omop ? out.resolve(".extract-format") : out;
        if ("paper".equals(profile)) {
            for (String o : new String[] {"patients", "seed", "dirty", "extracts"}) {
                if (args.get(o).isPresent()) {
                    throw new UsageException("--" + o + " applies to --profile registry only");
                }
            }
            Path written = PaperProfile.write(target);
            if (omop) {
                Config config = Configs.load(args.path("conf"));
                for (Path p : rendering(config).renderAll(List.of(written), target, out)) {
                    System.out.println(p);
                }
            } else {
                System.out.println(written);
            }
            return;
        }
        if (!"registry".equals(profile)) {
            throw new UsageException("--profile must be paper or registry, got '" + profile + "'");
        }
        Config config = Configs.load(args.path("conf"));
        RegistryParams params = RegistryParams.from(config);
        long patients = args.longValue("patients").orElse(params.patients());
        if (patients < 1 || patients > 2_000_000_000L) {
            throw new UsageException("--patients must be between 1 and 2000000000, got " + patients);
        }
        long seed = args.longValue("seed").orElse(params.seed());
        double dirty = args.doubleValue("dirty").orElse(0.0);
        if (dirty < 0 || dirty > 0.5) {
            throw new UsageException("--dirty must be a fraction between 0 and 0.5, got " + dirty);
        }
        if (omop && dirty > 0) {
            throw new UsageException("--dirty applies to --format registry only (its defects are those of the extract format)");
        }
        long extracts = args.longValue("extracts").orElse(1L);
        if (extracts < 1 || extracts > 60) {
            throw new UsageException("--extracts must be between 1 and 60, got " + extracts);
        }
        OmopRendering rendering = omop ? rendering(config) : null;
        var spark = Sparks.session(config, "rwe-generate");
        List<Path> written = new RegistryProfile(params, seed, dirty, (int) extracts).write(spark, target, patients);
        for (Path p : omop ? rendering.renderAll(written, target, out) : written) {
            System.out.println(p);
        }
    }

    /** The OMOP rendering of the configured concept sets (checked before anything is generated). */
    private static OmopRendering rendering(Config config) {
        OmopMapping mapping = OmopMapping.fromConfig(config);
        String drug = config.hasPath("rwe.study.drug") ? config.getString("rwe.study.drug") : null;
        return new OmopRendering(Sparks.session(config, "rwe-generate"), mapping, drug);
    }
}
