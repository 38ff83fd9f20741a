package io.rwe.synth;

import java.util.SplittableRandom;

/**
 * When a patient appears in the nightly extracts 0, 1, 2, … of a series, the same whatever the number
 * of nights the series has (so a night can be appended without changing the earlier ones).
 *
 * <p>The first extract holds patients 0..N−1 ({@code --patients N}); each later night k brings
 * m = round(N · {@code nightly.new}) new patients, numbered N + (k−1)·m … N + k·m − 1. After its
 * arrival, each night re-sends a patient in full and corrected with probability {@code nightly.resend},
 * or withdraws them (a re-send with {@code withdrawn=Y}; nothing is sent after it) with probability
 * {@code nightly.withdraw}, both drawn from the patient's own stream, night by night.
 *
 * @param arrival    extract of first delivery
 * @param withdrawal extract of the withdrawal re-send, or −1
 * @param resent     per extract 0..K−1, whether the patient is re-sent there (after the arrival)
 */
public record NightlyPlan(int arrival, int withdrawal, boolean[] resent) {

    /** The plan of patient {@code number} over nights 0..{@code nights}−1 of a series of {@code firstNight} patients. */
    public static NightlyPlan of(RegistrySettings.Nightly p, long seed, long firstNight, long number, int nights) {
        int arrival = arrival(p, firstNight, number);
        SplittableRandom r = new SplittableRandom(SyntheticPatient.streamSeed(seed, number, 2));
        int withdrawal = -1;
        boolean[] resent = new boolean[nights];
        for (int k = 1; k < nights; k++) {
            double w = r.nextDouble();
            double s = r.nextDouble();
            if (k <= arrival || withdrawal >= 0) {
                continue;
            }
            if (w < p.withdraw()) {
                withdrawal = k;
            } else {
                resent[k] = s < p.resend();
            }
        }
        return new NightlyPlan(arrival, withdrawal, resent);
    }

    /** The night patient {@code number} (below the series' patients delivered) is first delivered. */
    static int arrival(RegistrySettings.Nightly p, long firstNight, long number) {
        if (number < firstNight) {
            return 0;
        }
        long perNight = p.newPerNight(firstNight);
        if (perNight == 0) {
            throw new IllegalArgumentException("patient " + number + " is not in a series of " + firstNight
                    + " patients without new ones");
        }
        return (int) (1 + (number - firstNight) / perNight);
    }

    /** Patients delivered by nights 0..{@code nights}−1: N + (nights − 1)·m. */
    public static long delivered(RegistrySettings.Nightly p, long firstNight, int nights) {
        return firstNight + (nights - 1) * p.newPerNight(firstNight);
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
