//! The roster as one role sees it, filtered by what is typed: indices move, people do not.

use super::*;

/// The roster as one role sees it. Filtering and scrolling move indices, never people.
#[derive(Debug)]
pub(crate) struct PeopleList {
    people: Vec<Person>,
    /// When each was last checked in with and the follow-up asked, as the viewer may know
    /// (same order as `people`), for a role that records check-ins.
    seen: Option<Vec<LastSeen>>,
    /// A check-in was written since the list was read: read it again on coming home.
    pub stale: bool,
    /// The widest name (as listed, "(inactive)" and all), employee id and unit, in columns.
    longest: (usize, usize, usize),
    /// Their employee ids, so that whether someone is on the list is one look-up (a prompt
    /// list near the top of the chain asks it for thousands of prompts).
    ids: HashSet<String>,
    /// Lower-cased "name\nid\nunit" per person, built once per load, so a keystroke in the
    /// filter allocates nothing per person. The newline keeps a match inside one field.
    haystacks: Vec<String>,
    /// Indices into `people` that match the filter, in roster (name) order.
    shown: Vec<usize>,
    /// The lower-cased filter that `shown` was computed for.
    needle: String,
    pub filter: String,
    /// Keys go into the filter (after `/`, until Enter or Esc).
    pub typing: bool,
    /// The selected person and the first row on screen, as positions in `shown`.
    pub cursor: ListCursor,
    /// Whether the roster has loaded (the people are kept apart, for the filter's indices).
    pub status: Loaded<()>,
}

impl PeopleList {
    pub(crate) fn loading() -> Self {
        Self {
            people: Vec::new(),
            seen: None,
            stale: false,
            longest: (0, 0, 0),
            ids: HashSet::new(),
            haystacks: Vec::new(),
            shown: Vec::new(),
            needle: String::new(),
            filter: String::new(),
            typing: false,
            cursor: ListCursor::default(),
            status: Loaded::Loading,
        }
    }

    /// The list as read; read again, it keeps the filter, the selected person (where they
    /// are still on it) and the rows on screen.
    pub(crate) fn load(&mut self, result: Result<PeopleInCare, String>) {
        match result {
            Ok(PeopleInCare { people, seen }) => {
                let selected = self.selected_person().map(|p| p.employee_id.clone());
                let offset = self.cursor.offset;
                self.haystacks = people
                    .iter()
                    .map(|p| format!("{}\n{}\n{}", p.name, p.employee_id, p.unit).to_lowercase())
                    .collect();
                self.ids = people.iter().map(|p| p.employee_id.clone()).collect();
                self.longest = people.iter().fold((0, 0, 0), |(name, id, unit), p| {
                    let inactive = if p.active { 0 } else { " (inactive)".len() };
                    (
                        name.max(sanitize(&p.name).width() + inactive),
                        id.max(sanitize(&p.employee_id).width()),
                        unit.max(sanitize(&p.unit).width()),
                    )
                });
                self.people = people;
                self.seen = seen.filter(|s| s.len() == self.people.len());
                self.stale = false;
                self.status = Loaded::Ready(());
                self.needle.clear();
                self.shown = (0..self.people.len()).collect();
                self.cursor = ListCursor::default();
                if let Some(at) =
                    selected.and_then(|id| self.people.iter().position(|p| p.employee_id == id))
                {
                    self.cursor.selected = at;
                }
                self.refilter();
                self.cursor.offset = offset.min(self.cursor.selected);
            }
            Err(message) => {
                *self = Self::loading();
                self.status = Loaded::Failed(message);
            }
        }
    }

    pub(crate) fn total(&self) -> usize {
        self.people.len()
    }

    pub(crate) fn shown_len(&self) -> usize {
        self.shown.len()
    }

    /// Whether `employee_id` is on this list (filtered out or not).
    pub(crate) fn includes(&self, employee_id: &str) -> bool {
        self.ids.contains(employee_id)
    }

    pub(crate) fn selected_person(&self) -> Option<&Person> {
        self.shown
            .get(self.cursor.selected)
            .map(|&i| &self.people[i])
    }

    /// The widest name, employee id and unit on the list, in columns.
    pub(crate) fn longest(&self) -> (usize, usize, usize) {
        self.longest
    }

    /// Whether the list says when each person was last seen (a role that records check-ins).
    pub(crate) fn has_seen(&self) -> bool {
        self.seen.is_some()
    }

    /// The rows on screen: position in the filtered list, the person, and when they were
    /// last seen where the list knows.
    pub(crate) fn window(
        &self,
        rows: usize,
    ) -> impl Iterator<Item = (usize, &Person, Option<&LastSeen>)> {
        self.shown
            .iter()
            .enumerate()
            .skip(self.cursor.offset)
            .take(rows)
            .map(|(pos, &i)| {
                let seen = self.seen.as_ref().and_then(|s| s.get(i));
                (pos, &self.people[i], seen)
            })
    }

    pub(crate) fn set_filter(&mut self, text: String) {
        self.filter = text;
        self.refilter();
    }

    /// Recomputes `shown` for the current filter, keeping the selected person if they
    /// still match. A longer filter only re-checks the people that matched before.
    fn refilter(&mut self) {
        let keep = self.shown.get(self.cursor.selected).copied();
        let needle = self.filter.to_lowercase();
        // The text anywhere, or each word at the start of a word in any order and field:
        // "wood" and "olga black" both find "Blackwood, Olga".
        let words: Vec<&str> = needle.split([' ', ',']).filter(|w| !w.is_empty()).collect();
        let haystacks = &self.haystacks;
        let matches = |i: usize| {
            let hay = haystacks[i].as_str();
            hay.contains(needle.as_str())
                || words
                    .iter()
                    .all(|w| hay.split([' ', ',', '\n']).any(|word| word.starts_with(w)))
        };
        // Typing on at the end only narrows, so only those shown are checked again.
        if needle.starts_with(self.needle.as_str()) {
            self.shown.retain(|&i| matches(i));
        } else {
            self.shown = (0..haystacks.len()).filter(|&i| matches(i)).collect();
        }
        self.needle = needle;
        self.cursor.selected = keep
            .and_then(|i| self.shown.binary_search(&i).ok())
            .unwrap_or(0);
    }

    pub(crate) fn move_by(&mut self, delta: isize, rows: usize) {
        self.cursor.move_by(delta, self.shown.len(), rows);
    }

    pub(crate) fn select_last(&mut self, rows: usize) {
        self.cursor.move_by(isize::MAX, self.shown.len(), rows);
    }

    /// The wheel moves the view; the selection follows only as far as it must to stay on it.
    pub(crate) fn scroll(&mut self, delta: isize, rows: usize) {
        self.cursor.scroll(delta, self.shown.len(), rows);
    }

    /// Selects the `row`-th row on screen, if a person is there.
    pub(crate) fn select_row(&mut self, row: usize) {
        self.cursor.select_row(row, self.shown.len());
    }

    /// Scrolls just enough that the selected row is on screen, and never past the end.
    pub(crate) fn keep_visible(&mut self, rows: usize) {
        self.cursor.keep_visible(self.shown.len(), rows);
    }

    #[cfg(test)]
    pub(crate) fn people_ptr(&self) -> *const Person {
        self.people.as_ptr()
    }
}
