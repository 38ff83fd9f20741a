package io.rwe.disclosure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small-cell suppression with complementary suppression over additive relations, for every count a run
 * publishes.
 *
 * <p>A {@link Cell} is one count; it is <em>published</em> (printed somewhere) or <em>unseen</em> (never
 * printed, but determined by the others: the censored of a group, the non-responders of a rate). A
 * {@link Relation} is one linear relation {@code total = Σ parts}. A reader <em>knows</em> every published
 * cell that is not hidden, and every cell that is the single unknown of a relation whose other members they
 * know — repeatedly, so that derivations chain through several relations (a total derived in one relation
 * used in the next).
 *
 * <p>Rules, with threshold {@code k}:
 * <ol>
 *   <li><em>Primary</em>: a published cell with {@code 0 < count < k} is sensitive and hidden.</li>
 *   <li><em>Complementary</em> (when asked for): while a cell that must stay unknown — a hidden published
 *       cell, or a sensitive unseen cell — can be derived, the relation that derives it gets one more
 *       hidden cell: its smallest visible published part, or else its total; when every other member of
 *       that relation is itself derived, the rule applies to the relation deriving one of them.</li>
 * </ol>
 * Zero counts are not sensitive (a zero is not a person) but may be hidden as complements. The rule is
 * the single-unknown rule iterated to a fixed point, not a linear program: hidden cells forming a rectangle
 * in a two-way table can still be bounded, as with any complementary suppression not audited by linear
 * programming (docs/disclosure.md, "What no policy guarantees").
 */
public final class CountCells {

    /** One count. */
    public static final class Cell {
        private final String label;
        private final long count;
        private final boolean published;
        private boolean hidden;

        Cell(String label, long count, boolean published) {
            this.label = label;
            this.count = count;
            this.published = published;
            this.hidden = !published;
        }

        public String label() {
            return label;
        }

        public long count() {
            return count;
        }

        public boolean published() {
            return published;
        }

        /** Not known to a reader directly (hidden published, or unseen). */
        public boolean hidden() {
            return hidden;
        }

        /** Published but hidden: shown as suppressed. */
        public boolean suppressed() {
            return published && hidden;
        }

        @Override
        public String toString() {
            return label + "=" + count + (suppressed() ? " (suppressed)" : published ? "" : " (unseen)");
        }
    }

    /** {@code total = Σ parts}. */
    public record Relation(Cell total, List<Cell> parts) {
        public Relation {
            parts = List.copyOf(parts);
        }

        List<Cell> members() {
            List<Cell> m = new ArrayList<>(parts.size() + 1);
            m.add(total);
            m.addAll(parts);
            return m;
        }
    }

    private final List<Cell> cells = new ArrayList<>();
    private final List<Relation> relations = new ArrayList<>();

    /** Registers a published count. */
    public Cell published(String label, long count) {
        Cell c = new Cell(label, count, true);
        cells.add(c);
        return c;
    }

    /** Registers a count that is never published. */
    public Cell unseen(String label, long count) {
        Cell c = new Cell(label, count, false);
        cells.add(c);
        return c;
    }

    /** Declares {@code total = Σ parts}; refused when the counts do not add up. */
    public void relation(Cell total, List<Cell> parts) {
        long sum = 0;
        for (Cell c : parts) {
            sum += c.count;
        }
        if (sum != total.count) {
            throw new IllegalArgumentException("relation of " + total.label + " does not add up: " + total.count
                    + " vs " + sum + " (" + parts + ")");
        }
        relations.add(new Relation(total, parts));
    }

    /** Applies the rules with threshold {@code k}; complementary suppression when {@code complementary}. */
    public void apply(int k, boolean complementary) {
        for (Cell c : cells) {
            if (c.published && c.count > 0 && c.count < k) {
                c.hidden = true;
            }
        }
        if (!complementary) {
            return;
        }
        int guard = cells.size() + 1;
        while (guard-- > 0) {
            Map<Cell, Relation> derived = derivations();
            Cell exposed = null;
            for (Cell c : cells) {
                if (c.hidden && (c.published || (c.count > 0 && c.count < k)) && derived.containsKey(c)) {
                    exposed = c;
                    break;
                }
            }
            if (exposed == null) {
                return;
            }
            if (!protect(exposed, derived, new HashSet<>())) {
                throw new IllegalStateException("cannot protect " + exposed + ": no visible cell left to hide");
            }
        }
        throw new IllegalStateException("complementary suppression did not settle");
    }

    /**
     * Every hidden cell a reader can derive, with the relation that derives it first: starting from the
     * visible published cells, a relation with exactly one unknown member makes it known, until nothing
     * changes.
     */
    public Map<Cell, Relation> derivations() {
        Set<Cell> known = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Cell c : cells) {
            if (!c.hidden) {
                known.add(c);
            }
        }
        Map<Cell, Relation> derived = new IdentityHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Relation r : relations) {
                Cell unknown = null;
                int n = 0;
                for (Cell m : r.members()) {
                    if (!known.contains(m)) {
                        unknown = m;
                        n++;
                    }
                }
                if (n == 1) {
                    known.add(unknown);
                    derived.put(unknown, r);
                    changed = true;
                }
            }
        }
        return derived;
    }

    /** Hides one visible cell so that {@code c} is no longer derived by its relation (or by an upstream one). */
    private boolean protect(Cell c, Map<Cell, Relation> derived, Set<Relation> seen) {
        Relation r = derived.get(c);
        if (r == null || !seen.add(r)) {
            return false;
        }
        Cell pick = null;
        for (Cell p : r.parts()) {
            if (p != c && !p.hidden && p.published && (pick == null || p.count < pick.count)) {
                pick = p;
            }
        }
        if (pick == null && r.total() != c && !r.total().hidden && r.total().published) {
            pick = r.total();
        }
        if (pick != null) {
            pick.hidden = true;
            return true;
        }
        for (Cell m : r.members()) {
            if (m != c && derived.containsKey(m) && protect(m, derived, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Cells registered so far. */
    public List<Cell> cells() {
        return List.copyOf(cells);
    }

    public List<Relation> relations() {
        return List.copyOf(relations);
    }
}
