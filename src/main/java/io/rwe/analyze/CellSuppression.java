package io.rwe.analyze;

import java.util.ArrayList;
import java.util.List;

/**
 * Small-cell suppression with complementary suppression over additive tables.
 *
 * <p>A {@link Cell} is one count; it is <em>published</em> (printed somewhere) or <em>implicit</em>
 * (never printed, but determined by the others: the non-responders of a rate, the patients
 * without a term). A {@link Partition} is one linear relation {@code total = sum(cells)}.
 *
 * <p>Rules, with threshold {@code k} (off when {@code k <= 1}):
 * <ol>
 *   <li><em>Primary</em>: a cell with {@code 0 < count < k} is sensitive and hidden (implicit cells
 *       are hidden anyway, but a sensitive implicit cell must stay hidden, see rule 2).</li>
 *   <li><em>Complementary</em>: a single unknown of {@code total = sum(cells)} is recovered by
 *       subtraction, so while a partition has exactly one hidden member (the total or a cell) and
 *       that member is suppressed or sensitive (an implicit cell of 50 non-responders may well be
 *       recoverable), the smallest
 *       published visible cell of it is hidden too (the total if no cell is left). Repeated until no
 *       partition changes (a cell may belong to several partitions, as the cohort's
 *       {@code included} is a cell of the flow and the total of the patterns).</li>
 * </ol>
 * Zero counts are not sensitive (a zero is not a person) but may be hidden as complements.
 */
public final class CellSuppression {

    /** One count. {@code published=false}: implicit (never printed, always hidden). */
    public static final class Cell {
        final String label;
        final long count;
        final boolean published;
        boolean hidden;

        public Cell(String label, long count, boolean published) {
            this.label = label;
            this.count = count;
            this.published = published;
            this.hidden = !published;
        }

        public boolean hidden() {
            return hidden;
        }

        public long count() {
            return count;
        }

        public String label() {
            return label;
        }

        /** Hidden and printed: the cell shows as suppressed. */
        public boolean suppressed() {
            return hidden && published;
        }
    }

    /** {@code total = sum(cells)}. */
    public record Partition(Cell total, List<Cell> cells) {
        public Partition {
            cells = List.copyOf(cells);
        }
    }

    private final int minCell;
    private final List<Cell> cells = new ArrayList<>();
    private final List<Partition> partitions = new ArrayList<>();

    public CellSuppression(int minCell) {
        this.minCell = minCell;
    }

    /** Registers a published count. */
    public Cell published(String label, long count) {
        Cell c = new Cell(label, count, true);
        cells.add(c);
        return c;
    }

    /** Registers an implicit count (never printed). */
    public Cell implicit(String label, long count) {
        Cell c = new Cell(label, count, false);
        cells.add(c);
        return c;
    }

    /** Declares {@code total = sum(parts)}. */
    public void partition(Cell total, List<Cell> parts) {
        long sum = 0;
        for (Cell c : parts) {
            sum += c.count;
        }
        if (sum != total.count) {
            throw new IllegalArgumentException("partition of " + total.label + " does not add up: " + total.count
                    + " vs " + sum);
        }
        partitions.add(new Partition(total, parts));
    }

    /** Whether the threshold is in force. */
    public boolean active() {
        return minCell > 1;
    }

    /** Applies both rules; afterwards {@link Cell#hidden()} tells what to suppress. */
    public void apply() {
        if (!active()) {
            for (Cell c : cells) {
                if (c.published) {
                    c.hidden = false;
                }
            }
            return;
        }
        for (Cell c : cells) {
            if (c.count > 0 && c.count < minCell) {
                c.hidden = true;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Partition p : partitions) {
                int hidden = p.total.hidden ? 1 : 0;
                Cell only = p.total.hidden ? p.total : null;
                for (Cell c : p.cells) {
                    if (c.hidden) {
                        hidden++;
                        only = c;
                    }
                }
                if (hidden != 1 || !mustStayHidden(only)) {
                    continue;
                }
                Cell pick = null;
                for (Cell c : p.cells) {
                    if (!c.hidden && c.published && (pick == null || c.count < pick.count)) {
                        pick = c;
                    }
                }
                if (pick == null && !p.total.hidden && p.total.published) {
                    pick = p.total;
                }
                if (pick != null) {
                    pick.hidden = true;
                    changed = true;
                }
            }
        }
    }

    /** A hidden cell whose value must not be recoverable: a suppressed one, or a sensitive implicit one. */
    private boolean mustStayHidden(Cell c) {
        return c.published || (c.count > 0 && c.count < minCell);
    }

    /** Cells registered so far. */
    public List<Cell> cells() {
        return List.copyOf(cells);
    }

    public List<Partition> partitions() {
        return List.copyOf(partitions);
    }
}
