package io.rwe.synth;

import java.util.SplittableRandom;

/**
 * When a patient appears in the nightly extracts 0..K−1 ({@code --extracts K}), from the patient's
 * own random stream: the extract of first delivery (0, or a later one for a share {@code nightly.new}
 * per later extract), full corrected re-sends (each later extract with probability {@code
 * nightly.resend}), and a withdrawal (a re-send with {@code withdrawn=Y}, at each later extract with
 * probability {@code nightly.withdraw}; nothing is sent after it).
 *
 * @param arrival    extract of first delivery
 * @param withdrawal extract of the withdrawal re-send, or −1
 * @param resent     per extract, whether the patient is re-sent there (after the arrival)
 */
public record NightlyPlan(int arrival, int withdrawal, boolean[] resent) {

    public static NightlyPlan of(RegistryParams p, long seed, long number, int extracts) {
        SplittableRandom r = new SplittableRandom(SyntheticPatient.streamSeed(seed, number, 2));
        int arrival = 0;
        double u = r.nextDouble();
        if (extracts > 1 && u < p.newPerExtract * (extracts - 1)) {
            arrival = 1 + Math.min(extracts - 2, (int) (u / p.newPerExtract));
        }
        int withdrawal = -1;
        boolean[] resent = new boolean[extracts];
        for (int k = 1; k < extracts; k++) {
            double w = r.nextDouble();
            double s = r.nextDouble();
            if (k <= arrival || withdrawal >= 0) {
                continue;
            }
            if (w < p.withdraw) {
                withdrawal = k;
            } else {
                resent[k] = s < p.resend;
            }
        }
        return new NightlyPlan(arrival, withdrawal, resent);
    }

    /** Whether extract {@code k} holds the patient's (full) record. */
    public boolean present(int k) {
        return k == arrival || k == withdrawal || (k > arrival && resent[k]);
    }

    /** Whether the record sent in extract {@code k} is the withdrawal. */
    public boolean withdrawnIn(int k) {
        return k == withdrawal;
    }
}
