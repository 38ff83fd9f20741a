package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.synth.PaperProfile;
import io.rwe.synth.RegistryParams;
import io.rwe.synth.RegistryProfile;
import java.nio.file.Path;
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
                "usage: jobs/generate --profile paper|registry --out DIR [--patients N] [--seed S] [--dirty FRACTION]"
                        + " [--extracts K] [--conf FILE] [--master URL] [-Dkey=value]",
                "  --profile paper|registry  paper: the paper's 73 reviewed patients reconstructed (one extract);",
                "                            registry: N synthetic patients with the paper's distributions and effects",
                "  --out DIR                 where the dated extract folders are written (<DIR>/<YYYY-MM-DD>/*.csv)",
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
        return Set.of("profile", "out", "patients", "seed", "dirty", "extracts", "conf");
    }

    @Override
    public void run(Args args) throws Exception {
        String profile = args.required("profile");
        Path out = Path.of(args.required("out"));
        if ("paper".equals(profile)) {
            for (String o : new String[] {"patients", "seed", "dirty", "extracts"}) {
                if (args.get(o).isPresent()) {
                    throw new UsageException("--" + o + " applies to --profile registry only");
                }
            }
            System.out.println(PaperProfile.write(out));
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
        long extracts = args.longValue("extracts").orElse(1L);
        if (extracts < 1 || extracts > 60) {
            throw new UsageException("--extracts must be between 1 and 60, got " + extracts);
        }
        var spark = Sparks.session(config, "rwe-generate");
        for (Path p : new RegistryProfile(params, seed, dirty, (int) extracts).write(spark, out, patients)) {
            System.out.println(p);
        }
    }
}
