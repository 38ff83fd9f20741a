package io.rwe.jobs;

import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.registry.OmopMapping;
import io.rwe.run.AtomicFiles;
import io.rwe.synth.OmopRendering;
import io.rwe.synth.PaperProfile;
import io.rwe.synth.RegistryProfile;
import io.rwe.synth.RegistrySettings;
import io.rwe.synth.SeriesFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code jobs/generate}: synthetic registry extracts in the format of docs/registry-extract.md (docs/cli.md).
 * {@code paper}: the paper's reviewed patients reconstructed, one extract; {@code registry}: N patients
 * with the distributions and effects of {@code rwe.generator.registry} (conf/generator.conf), made on
 * the Spark executors, optionally with defects ({@code --dirty}) and as a nightly series
 * ({@code --extracts}, {@code --append}). A non-empty {@code --out} is refused unless {@code --force}
 * (or {@code --append}). Prints each written extract folder, one per line.
 */
public final class GenerateJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/generate --profile paper|registry --out DIR [--format registry|omop] [--patients N] [--seed S]"
                        + " [--dirty FRACTION] [--extracts K | --append] [--force] [--conf FILE] [--master URL] [-Dkey=value]",
                "  --profile paper|registry  paper: the paper's 73 reviewed patients reconstructed (one extract);",
                "                            registry: synthetic patients with every metastatic site, the paper's",
                "                            distributions and effects for the lung question",
                "  --out DIR                 where the dated extract folders are written (<DIR>/<YYYY-MM-DD>/*.csv);",
                "                            the generator's truth files go to <DIR>/.truth/; must be empty or new",
                "  --format registry|omop    registry (default): the extract format (docs/registry-extract.md);",
                "                            omop: the same registry as OMOP CDM v5.4 tables, one dated folder per extract",
                "                            (docs/omop.md; concept sets of conf/omop.conf)",
                "  --force                   write into a non-empty --out, replacing the extracts and truth there",
                "  --patients N              registry: patients of the first extract (default rwe.generator.registry.patients)",
                "  --seed S                  registry: random seed (default rwe.generator.registry.seed); same seed, same files",
                "  --dirty FRACTION          registry: fraction of rows made bad (0..0.5); expected quarantine counts are",
                "                            written to <DIR>/.truth/<date>/_expected_quarantine.json",
                "  --extracts K              registry: K dated nightly extracts with re-sent, new and withdrawn patients",
                "                            (merged truth in <DIR>/.truth/_expected_merged.json)",
                "  --append                  registry: add the next night to the series in --out (earlier nights unchanged;",
                "                            seed, patients and fraction are the series' own)",
                "  --conf FILE               configuration layered over conf/application.conf");
    }

    @Override
    public Set<String> options() {
        return Set.of("profile", "out", "format", "patients", "seed", "dirty", "extracts", "conf");
    }

    @Override
    public Set<String> flags() {
        return Set.of("force", "append");
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
        boolean append = args.flag("append");
        boolean force = args.flag("force");
        if (append && force) {
            throw new UsageException("--append adds to the series in --out; --force replaces it: give one of them");
        }
        if (append && args.get("extracts").isPresent()) {
            throw new UsageException("--append adds one night; --extracts does not apply");
        }
        if (omop && append) {
            throw new UsageException("--append applies to --format registry only");
        }
        // OMOP: the extract is generated into a scratch folder, then rendered as OMOP tables under --out.
        Path target = omop ? out.resolve(".extract-format") : out;
        if ("paper".equals(profile)) {
            for (String o : new String[] {"patients", "seed", "dirty", "extracts", "append"}) {
                if (args.get(o).isPresent() || args.flag(o)) {
                    throw new UsageException("--" + o + " applies to --profile registry only");
                }
            }
            SeriesFolder.prepare(out, force);
            if (omop) {
                Config config = Configs.load(args.path("conf"));
                AtomicFiles.delete(target);
                Path written = PaperProfile.write(target);
                for (Path p : rendering(config).renderAll(List.of(written), target, out)) {
                    System.out.println(p);
                }
            } else {
                System.out.println(PaperProfile.write(out));
            }
            return;
        }
        if (!"registry".equals(profile)) {
            throw new UsageException("--profile must be paper or registry, got '" + profile + "'");
        }
        Config config = Configs.load(args.path("conf"));
        RegistrySettings settings = RegistrySettings.from(config);
        SeriesFolder.Series series = append ? SeriesFolder.read(out) : null;
        long patients = args.longValue("patients").orElse(append ? series.patients() : settings.patients());
        if (patients < 1 || patients > 2_000_000_000L) {
            throw new UsageException("--patients must be between 1 and 2000000000, got " + patients);
        }
        long seed = args.longValue("seed").orElse(append ? series.seed() : settings.seed());
        double dirty = args.doubleValue("dirty").orElse(append ? series.dirty() : 0.0);
        if (dirty < 0 || dirty > 0.5) {
            throw new UsageException("--dirty must be a fraction between 0 and 0.5, got " + dirty);
        }
        if (omop && dirty > 0) {
            throw new UsageException("--dirty applies to --format registry only (its defects are those of the extract format)");
        }
        long extracts = args.longValue("extracts").orElse(1L);
        int max = settings.nightly().maxExtracts();
        if (extracts < 1 || extracts > max) {
            throw new UsageException("--extracts must be between 1 and " + max + ", got " + extracts);
        }
        RegistryProfile registry = new RegistryProfile(settings, seed, dirty, patients);
        if (append) {
            registry.nextNight(out);
        } else {
            SeriesFolder.prepare(out, force);
        }
        OmopRendering rendering = omop ? rendering(config) : null;
        var spark = Sparks.session(config, "rwe-generate");
        if (append) {
            System.out.println(registry.append(spark, out));
            return;
        }
        AtomicFiles.delete(target);
        List<Path> written = registry.write(spark, target, (int) extracts);
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
