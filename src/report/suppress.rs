//! Small-group suppression: which cells of a unit × month table may be shown.
//! Pure functions over counts; they decide what is hidden, never how it is printed.
//!
//! The rule, per month:
//! 1. A row whose headcount is below k is hidden whole: only its unit and month show.
//! 2. A figure drawn from 1 to k − 1 distinct people is suppressed (primary suppression).
//!    Zero is shown: it describes no one.
//! 3. In an additive column (one whose unit cells sum to the `all` row) with a shown total,
//!    `total − Σ shown` is what the suppressed cells hold together. So that it never gives
//!    one of them away, a column with any suppressed cell must hold at least two suppressed
//!    cells known to be non-zero: the primary ones, and complementary ones, taken from the
//!    smallest shown non-zero cells (next-smallest first). Where there are not enough, the
//!    total is suppressed instead.
//!
//! Cells of hidden rows count as suppressed cells but never as known non-zero, whatever
//! they hold: one hidden row alone brings two complementary cells. If the number of
//! complementary cells depended on whether a hidden cell was zero, the pattern would say
//! what the hidden row holds. Likewise nothing else in rule 3 looks at a hidden value.
//!
//! After this, in every additive column with a shown total and a suppressed cell, the
//! residual `total − Σ shown` covers at least two non-zero cells, so it is larger than
//! any single suppressed cell and equals none of them.

/// The default smallest group a figure may describe.
pub const DEFAULT_MIN_GROUP: u64 = 5;

/// No one may ask for a smaller k than this.
pub const LOWEST_MIN_GROUP: u64 = 3;

/// k: the smallest number of distinct people a shown figure may be drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinGroup(u64);

impl MinGroup {
    pub fn new(k: u64) -> Result<Self, String> {
        if k < LOWEST_MIN_GROUP {
            Err(format!(
                "k = {k} is too small: figures from fewer than {LOWEST_MIN_GROUP} people are never shown"
            ))
        } else {
            Ok(Self(k))
        }
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// Whether a figure drawn from `people` distinct people is too small to show (1 to k − 1).
    pub fn too_few(self, people: u64) -> bool {
        (1..self.0).contains(&people)
    }
}

impl Default for MinGroup {
    fn default() -> Self {
        Self(DEFAULT_MIN_GROUP)
    }
}

/// One figure before suppression: its value, and how many distinct people it is drawn
/// from (for a count of people the two are equal; a referral count may exceed its people).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub value: u64,
    pub people: u64,
}

impl Cell {
    /// A count of distinct people (each contribution to a self-check band is one person).
    pub fn of_people(n: u64) -> Self {
        Self {
            value: n,
            people: n,
        }
    }

    pub fn plus(self, other: Cell) -> Cell {
        Cell {
            value: self.value + other.value,
            people: self.people + other.people,
        }
    }
}

/// Which unit rows of one month are hidden whole: those with a headcount below k.
pub fn hidden_rows(headcounts: &[u64], k: MinGroup) -> Vec<bool> {
    headcounts.iter().map(|&h| h < k.get()).collect()
}

/// Whether a figure that nothing can be subtracted from (a median, a percentage) is
/// suppressed: its row is hidden, or it is drawn from too few people.
pub fn standalone(cell: Cell, row_hidden: bool, k: MinGroup) -> bool {
    row_hidden || k.too_few(cell.people)
}

/// What one additive column of one month hides: one flag per unit row, and the total's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMask {
    pub units: Vec<bool>,
    pub total: bool,
}

/// Suppression for one additive column of one month: `units` are the unit rows' cells
/// (their sum is the total row's cell), `hidden` says which unit rows are hidden whole,
/// and `total_hidden` whether the total row is.
pub fn additive_column(
    units: &[Cell],
    hidden: &[bool],
    total_hidden: bool,
    k: MinGroup,
) -> ColumnMask {
    let is_hidden = |i: usize| hidden.get(i).copied().unwrap_or(false);
    let total = units.iter().fold(Cell::default(), |sum, c| sum.plus(*c));
    let mut mask = ColumnMask {
        units: (0..units.len())
            .map(|i| standalone(units[i], is_hidden(i), k))
            .collect(),
        total: standalone(total, total_hidden, k),
    };
    if mask.total || !mask.units.contains(&true) {
        // Nothing can be subtracted from a total that is not shown, or needs hiding.
        return mask;
    }
    // Primary cells of shown rows are non-zero by definition; hidden cells may be zero.
    let known_nonzero = (0..units.len())
        .filter(|&i| !is_hidden(i) && k.too_few(units[i].people))
        .count();
    let needed = 2usize.saturating_sub(known_nonzero);
    let mut candidates: Vec<usize> = (0..units.len())
        .filter(|&i| !mask.units[i] && units[i].value > 0)
        .collect();
    candidates.sort_by_key(|&i| (units[i].value, i));
    if candidates.len() < needed {
        mask.total = true;
    } else {
        for &i in &candidates[..needed] {
            mask.units[i] = true;
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    use super::*;

    const K5: MinGroup = MinGroup(DEFAULT_MIN_GROUP);

    fn people(values: &[u64]) -> Vec<Cell> {
        values.iter().copied().map(Cell::of_people).collect()
    }

    fn suppressed(mask: &ColumnMask) -> Vec<usize> {
        (0..mask.units.len()).filter(|&i| mask.units[i]).collect()
    }

    /// The algebra a reader can do with one column: with the total shown, what is left
    /// after subtracting the shown cells is never the value of one suppressed cell.
    fn assert_not_recoverable(units: &[Cell], mask: &ColumnMask) {
        if mask.total {
            return;
        }
        let total: u64 = units.iter().map(|c| c.value).sum();
        let shown_sum: u64 = (0..units.len())
            .filter(|&i| !mask.units[i])
            .map(|i| units[i].value)
            .sum();
        let residual = total - shown_sum;
        for i in suppressed(mask) {
            assert_ne!(
                units[i].value, residual,
                "cell {i} equals total − shown: {units:?} {mask:?}"
            );
        }
    }

    #[test]
    fn k_is_never_below_three() {
        assert!(MinGroup::new(2).unwrap_err().contains("fewer than 3"));
        assert!(MinGroup::new(0).is_err());
        assert_eq!(MinGroup::new(3).unwrap().get(), 3);
        assert_eq!(MinGroup::default().get(), 5);
    }

    #[test]
    fn figures_from_one_to_k_minus_one_people_are_too_few_and_zero_is_not() {
        assert!(!K5.too_few(0));
        for n in 1..5 {
            assert!(K5.too_few(n), "{n}");
        }
        assert!(!K5.too_few(5));
        assert!(!K5.too_few(60_000));
        let k3 = MinGroup::new(3).unwrap();
        assert!(k3.too_few(2) && !k3.too_few(3));
    }

    #[test]
    fn rows_below_k_are_hidden_whole() {
        assert_eq!(hidden_rows(&[4, 5, 6, 1], K5), [true, false, false, true]);
    }

    #[test]
    fn standalone_figures_hide_with_their_row_or_below_k_people() {
        assert!(standalone(Cell::of_people(9), true, K5));
        assert!(standalone(Cell::of_people(4), false, K5));
        assert!(!standalone(Cell::of_people(0), false, K5));
        assert!(!standalone(Cell::of_people(5), false, K5));
    }

    #[test]
    fn a_column_with_nothing_small_shows_everything() {
        let units = people(&[0, 5, 12, 7]);
        let mask = additive_column(&units, &[false; 4], false, K5);
        assert_eq!(
            mask,
            ColumnMask {
                units: vec![false; 4],
                total: false
            }
        );
    }

    #[test]
    fn one_suppressed_cell_takes_the_next_smallest_non_zero_with_it() {
        let units = people(&[9, 2, 6, 0, 30]);
        let mask = additive_column(&units, &[false; 5], false, K5);
        assert_eq!(mask.units, [false, true, true, false, false]);
        assert!(!mask.total);
        assert_not_recoverable(&units, &mask);
    }

    #[test]
    fn ties_for_the_next_smallest_go_to_the_first_row() {
        let units = people(&[8, 3, 8]);
        let mask = additive_column(&units, &[false; 3], false, K5);
        assert_eq!(mask.units, [true, true, false]);
    }

    #[test]
    fn a_count_drawn_from_many_events_but_few_people_is_suppressed() {
        let referrals = Cell {
            value: 9,
            people: 2,
        };
        let units = [
            referrals,
            Cell {
                value: 7,
                people: 7,
            },
            Cell {
                value: 9,
                people: 6,
            },
        ];
        let mask = additive_column(&units, &[false; 3], false, K5);
        assert_eq!(mask.units, [true, true, false], "7 is the next-smallest");
        assert_not_recoverable(&units, &mask);
    }

    #[test]
    fn two_suppressed_cells_already_protect_each_other() {
        let units = people(&[2, 3, 40]);
        let mask = additive_column(&units, &[false; 3], false, K5);
        assert_eq!(mask.units, [true, true, false]);
        assert_not_recoverable(&units, &mask);
    }

    #[test]
    fn a_hidden_row_takes_two_partners_whatever_it_holds() {
        // Row 0 (4 people) is hidden. Whether its cell holds 3 or 0, the same two cells go
        // with it, so the pattern says nothing about it.
        for hidden_value in [3, 0] {
            let units = people(&[hidden_value, 7, 6, 12]);
            let mask = additive_column(&units, &[true, false, false, false], false, K5);
            assert_eq!(mask.units, [true, true, true, false], "{hidden_value}");
            assert!(!mask.total);
            assert_not_recoverable(&units, &mask);
        }
    }

    #[test]
    fn a_hidden_row_and_one_small_cell_take_one_partner() {
        let units = people(&[0, 2, 6, 12]);
        let mask = additive_column(&units, &[true, false, false, false], false, K5);
        assert_eq!(mask.units, [true, true, true, false]);
        assert_not_recoverable(&units, &mask);
    }

    #[test]
    fn without_enough_non_zero_partners_the_total_goes() {
        // A zero is never a partner: taking one would leave total − shown = the small cell.
        let units = people(&[3, 0, 0]);
        let mask = additive_column(&units, &[false; 3], false, K5);
        assert_eq!(mask.units, [true, false, false]);
        assert!(mask.total);
        // A hidden row with one other non-zero unit: two partners are needed, one exists.
        let units = people(&[0, 6, 0]);
        let mask = additive_column(&units, &[true, false, false], false, K5);
        assert_eq!(mask.units, [true, false, false]);
        assert!(mask.total);
    }

    #[test]
    fn a_total_drawn_from_too_few_people_is_suppressed_and_needs_no_partner() {
        let units = people(&[2, 1, 0]);
        let mask = additive_column(&units, &[false; 3], false, K5);
        assert!(mask.total);
        assert_eq!(mask.units, [true, true, false]);
        let mask = additive_column(&people(&[9, 9]), &[false; 2], true, K5);
        assert!(mask.total, "the total row is hidden");
        assert_eq!(mask.units, [false, false]);
    }

    #[test]
    fn a_single_unit_and_its_total_hide_together() {
        let mask = additive_column(&people(&[3]), &[false], false, K5);
        assert_eq!(
            mask,
            ColumnMask {
                units: vec![true],
                total: true
            }
        );
        let mask = additive_column(&people(&[8]), &[false], false, K5);
        assert_eq!(
            mask,
            ColumnMask {
                units: vec![false],
                total: false
            }
        );
    }

    /// A random column: cells (some counting events beyond their people), hidden rows.
    fn random_column(rng: &mut StdRng) -> (Vec<Cell>, Vec<bool>, MinGroup) {
        let k = MinGroup::new(rng.gen_range(3..=7)).unwrap();
        let rows = rng.gen_range(1..=7);
        let units = (0..rows)
            .map(|_| {
                let people = if rng.gen_bool(0.3) {
                    0
                } else {
                    rng.gen_range(0..=12)
                };
                let extra = if people > 0 && rng.gen_bool(0.2) {
                    rng.gen_range(0..=3)
                } else {
                    0
                };
                Cell {
                    value: people + extra,
                    people,
                }
            })
            .collect();
        let hidden = (0..rows).map(|_| rng.gen_bool(0.2)).collect();
        (units, hidden, k)
    }

    #[test]
    fn no_shown_cell_is_small_and_no_residual_is_attributable_in_random_tables() {
        let mut rng = StdRng::seed_from_u64(0x5eed);
        for round in 0..20_000 {
            let (units, hidden, k) = random_column(&mut rng);
            let total_hidden = rng.gen_bool(0.05);
            let mask = additive_column(&units, &hidden, total_hidden, k);
            for i in 0..units.len() {
                if hidden[i] || k.too_few(units[i].people) {
                    assert!(
                        mask.units[i],
                        "round {round}: {units:?} {hidden:?} {mask:?}"
                    );
                }
            }
            let total_people: u64 = units.iter().map(|c| c.people).sum();
            if total_hidden || k.too_few(total_people) {
                assert!(mask.total, "round {round}");
            }
            assert_not_recoverable(&units, &mask);
            // At most two complementary cells are added.
            let primary = (0..units.len())
                .filter(|&i| hidden[i] || k.too_few(units[i].people))
                .count();
            assert!(suppressed(&mask).len() <= primary + 2, "round {round}");
        }
    }

    #[test]
    fn what_a_hidden_row_holds_never_changes_the_pattern() {
        let mut rng = StdRng::seed_from_u64(0xcafe);
        for round in 0..20_000 {
            let (units, hidden, k) = random_column(&mut rng);
            let mut other = units.clone();
            for (i, cell) in other.iter_mut().enumerate() {
                if hidden[i] {
                    *cell = Cell::of_people(rng.gen_range(0..k.get()));
                }
            }
            let people = |cells: &[Cell]| cells.iter().map(|c| c.people).sum::<u64>();
            if k.too_few(people(&units)) != k.too_few(people(&other)) {
                // A total drawn from too few people is suppressed on its own account.
                continue;
            }
            assert_eq!(
                additive_column(&units, &hidden, false, k),
                additive_column(&other, &hidden, false, k),
                "round {round}: {units:?} vs {other:?}, hidden {hidden:?}"
            );
        }
    }
}
