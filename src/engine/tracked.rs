//! [`Tracked`]: a part of the world that counts its changes, so [`World::version`]
//! (crate::engine::World::version) can tell a reader (the session's views: the picture, the
//! audit, the lesson's goals) whether anything may have changed since it last looked.
//!
//! Contract:
//! - Reading goes through `Deref` and counts nothing; any mutable access goes through
//!   `DerefMut` and counts one change, whether or not it then changes anything. The count errs
//!   on the side of "changed": a view may be recomputed for nothing, never kept stale.
//! - The compiler enforces it: the world's fields are `Tracked`, so no engine file can reach
//!   them mutably without counting.
//! - The count is not part of the world's state: two worlds with the same contents are equal
//!   whatever their counts (a failed operation that looked mutably still leaves the world
//!   equal to what it was, as the tests that check failures compare).

use std::fmt;
use std::ops::{Deref, DerefMut};

#[derive(Clone, Default)]
pub struct Tracked<T> {
    value: T,
    changes: u64,
}

impl<T> Tracked<T> {
    /// How many times this part was reached mutably.
    pub fn changes(&self) -> u64 {
        self.changes
    }
}

impl<T> Deref for Tracked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Tracked<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.changes = self.changes.wrapping_add(1);
        &mut self.value
    }
}

impl<T: PartialEq> PartialEq for Tracked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Tracked<T> {}

/// The contents only, as if the wrapper were not there: a world's `Debug` text, which the
/// property tests compare, does not depend on how it was reached.
impl<T: fmt::Debug> fmt::Debug for Tracked<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Tracked;
    use std::collections::BTreeMap;

    #[test]
    fn reading_counts_nothing_and_reaching_mutably_counts_once_each_time() {
        let mut t: Tracked<BTreeMap<&str, i32>> = Tracked::default();
        t.insert("a", 1);
        let base = t.changes();
        assert_eq!(t.get("a"), Some(&1));
        assert_eq!(t.len(), 1);
        assert_eq!(t.changes(), base);
        *t.get_mut("a").unwrap() = 2;
        assert_eq!(t.changes(), base + 1);
        // A mutable look that changes nothing still counts: never a stale reader.
        let _ = t.get_mut("missing");
        assert_eq!(t.changes(), base + 2);
    }

    #[test]
    fn equal_contents_are_equal_whatever_the_count() {
        let mut a: Tracked<Vec<i32>> = Tracked::default();
        a.extend([1, 2]);
        let mut b = a.clone();
        let _ = b.iter_mut().count();
        assert_ne!(a.changes(), b.changes());
        assert_eq!(a, b);
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_eq!(format!("{a:?}"), "[1, 2]");
    }
}
