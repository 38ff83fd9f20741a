package io.rwe.analyze;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a suppressed results.json against the unsuppressed one of the same run: every count
 * 1..k-1 is hidden, and no hidden count (nor a small count never printed, like the non-responders of
 * a rate) is the single unknown of a relation total = sum(cells) — so none is recoverable by
 * subtraction.
 */
final class SmallCells {

    private SmallCells() {
    }

    /** One member of a relation: its true value and whether a reader sees it. */
    record Member(String where, long value, boolean visible) {
    }

    private static Member published(JsonNode raw, JsonNode shown, String key, String where) {
        assertTrue(raw.path(key).isNumber(), where + " missing in the unsuppressed results");
        JsonNode v = shown.path(key);
        if (v.isNull()) {
            assertTrue(shown.path("suppressed").asBoolean(false), where + " is null without a suppressed marker");
        } else {
            assertTrue(v.asLong() == raw.path(key).asLong(), where + " changed value under suppression");
        }
        return new Member(where, raw.path(key).asLong(), !v.isNull());
    }

    private static void relation(int k, Member total, List<Member> cells) {
        List<Member> all = new ArrayList<>(cells);
        all.add(total);
        long unknown = all.stream().filter(m -> !m.visible()).count();
        for (Member m : all) {
            boolean small = m.value() > 0 && m.value() < k;
            if (small && m.visible()) {
                fail(m.where() + " = " + m.value() + " is below " + k + " but shown");
            }
            if (!m.visible() && unknown == 1 && (small || m.where().startsWith("published:"))) {
                fail(m.where() + " is recoverable as " + total.where() + " minus the other cells");
            }
        }
    }

    static void check(JsonNode raw, JsonNode shown, int k) {
        // cohort_flow
        JsonNode rf = raw.path("cohort_flow");
        JsonNode sf = shown.path("cohort_flow");
        Member reviewed = published(rf, sf, "reviewed", "published:reviewed");
        Member included = published(rf, sf, "included", "published:included");
        List<Member> steps = new ArrayList<>();
        rf.path("excluded").fieldNames().forEachRemaining(e -> steps.add(
                published(rf.path("excluded"), sf.path("excluded"), e, "published:excluded." + e)));
        steps.add(included);
        relation(k, reviewed, steps);
        List<Member> patterns = new ArrayList<>();
        rf.path("patterns").fieldNames().forEachRemaining(p -> patterns.add(
                published(rf.path("patterns"), sf.path("patterns"), p, "published:patterns." + p)));
        relation(k, included, patterns);
        // baseline
        JsonNode rb = raw.path("baseline");
        JsonNode sb = shown.path("baseline");
        Member n = published(rb, sb, "n", "published:baseline.n");
        rb.path("variables").fields().forEachRemaining(v -> {
            List<Member> cats = new ArrayList<>();
            v.getValue().fieldNames().forEachRemaining(c -> {
                JsonNode sc = sb.path("variables").path(v.getKey()).path(c);
                Member m = published(v.getValue().path(c), sc, "n", "published:" + v.getKey() + "." + c);
                if (!m.visible()) {
                    assertTrue(sc.path("pct").isNull(), v.getKey() + "." + c + ": pct would reveal n");
                }
                cats.add(m);
            });
            relation(k, n, cats);
        });
        // survival and rate groups
        raw.fields().forEachRemaining(a -> {
            if (!a.getValue().has("groups")) {
                return;
            }
            a.getValue().path("groups").fields().forEachRemaining(g -> {
                JsonNode rg = g.getValue();
                JsonNode sg = shown.path(a.getKey()).path("groups").path(g.getKey());
                String w = "published:" + a.getKey() + "." + g.getKey();
                Member gn = published(rg, sg, "n", w + ".n");
                String part = rg.has("responders") ? "responders" : "events";
                Member c = published(rg, sg, part, w + "." + part);
                relation(k, gn, List.of(c, new Member(w.substring("published:".length()) + ".rest", gn.value() - c.value(), false)));
                if (!c.visible() && part.equals("responders")) {
                    assertTrue(sg.path("rate").isNull() && sg.path("ci").isNull(), w + ": rate or ci would reveal it");
                }
            });
        });
        // adverse events
        JsonNode ra = raw.path("adverse_events");
        JsonNode sa = shown.path("adverse_events");
        Member an = published(ra, sa, "n", "published:ae.n");
        for (String f : List.of("any_grade", "dose_reduced", "interrupted")) {
            Member m = published(ra.path(f), sa.path(f), "n", "published:ae." + f);
            relation(k, an, List.of(m, new Member("ae.not_" + f, an.value() - m.value(), false)));
        }
        ra.path("terms").fields().forEachRemaining(t -> {
            JsonNode st = sa.path("terms").path(t.getKey());
            Member any = published(t.getValue(), st, "any", "published:" + t.getKey() + ".any");
            relation(k, an, List.of(any, new Member(t.getKey() + ".without", an.value() - any.value(), false)));
            List<Member> grades = new ArrayList<>();
            for (String g : List.of("grade_1_2", "grade_3", "grade_4_plus")) {
                grades.add(published(t.getValue(), st, g, "published:" + t.getKey() + "." + g));
            }
            relation(k, any, grades);
        });
    }
}
