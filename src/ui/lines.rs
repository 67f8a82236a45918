//! The terminal's scrollback and history as persistent lists.
//!
//! The reducer builds the next state while the previous one is still alive (Yew holds it), so
//! an `Rc<Vec<_>>` could only grow by copying every line: 5,000 lines per command. Here a list
//! is a shared run of fixed-size chunks: appending copies the outer list of chunk pointers
//! (one per [`CHUNK`] lines) and the last, partly filled chunk; older chunks are shared between
//! the states. Dropping the oldest lines past a limit moves an offset or releases a chunk.
//!
//! Hand-written rather than a crate (`im`, `rpds`): the two operations the UI needs (append at
//! the back, drop at the front) fit in this file, and the wasm binary stays small.

use std::rc::Rc;

/// Items per chunk: every chunk but the last is full.
pub const CHUNK: usize = 64;

/// An immutable list that shares its chunks with the lists it was built from.
#[derive(Debug)]
pub struct Lines<T> {
    chunks: Rc<Vec<Rc<Vec<T>>>>,
    /// Items of the first chunk that scrolled away.
    skip: usize,
    len: usize,
}

impl<T> Clone for Lines<T> {
    fn clone(&self) -> Self {
        Lines {
            chunks: Rc::clone(&self.chunks),
            skip: self.skip,
            len: self.len,
        }
    }
}

/// Identity, not contents: a list is only ever replaced by a new one, so the same chunks at
/// the same offset are the same lines. Comparing is O(1), which is what Yew's props need.
impl<T> PartialEq for Lines<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.chunks, &other.chunks) && self.skip == other.skip && self.len == other.len
    }
}

impl<T> Default for Lines<T> {
    fn default() -> Self {
        Lines {
            chunks: Rc::new(Vec::new()),
            skip: 0,
            len: 0,
        }
    }
}

impl<T: Clone> Lines<T> {
    pub fn new(items: impl IntoIterator<Item = T>) -> Self {
        Lines::default().pushed(items, usize::MAX)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        if index >= self.len {
            return None;
        }
        let at = index.checked_add(self.skip)?;
        self.chunks.get(at / CHUNK)?.get(at % CHUNK)
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks
            .iter()
            .flat_map(|chunk| chunk.iter())
            .skip(self.skip)
            .take(self.len)
    }

    /// This list without its last `count` items (a `docker stats` frame drawn again). Copies
    /// the items kept: only a redrawing command asks for it.
    pub fn without_last(&self, count: usize) -> Self {
        if count == 0 {
            return self.clone();
        }
        Lines::new(self.iter().take(self.len.saturating_sub(count)).cloned())
    }

    /// This list with `items` appended, keeping only the last `limit`.
    pub fn pushed(&self, items: impl IntoIterator<Item = T>, limit: usize) -> Self {
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() && self.len <= limit {
            return self.clone();
        }
        let mut chunks: Vec<Rc<Vec<T>>> = (*self.chunks).clone();
        let mut len = self.len;
        let mut skip = self.skip;
        if items.peek().is_some() {
            let mut tail: Vec<T> = match chunks.last() {
                Some(last) if last.len() < CHUNK => {
                    let copy = (**last).clone();
                    chunks.pop();
                    copy
                }
                _ => Vec::with_capacity(CHUNK),
            };
            for item in items {
                if tail.len() == CHUNK {
                    chunks.push(Rc::new(std::mem::replace(
                        &mut tail,
                        Vec::with_capacity(CHUNK),
                    )));
                }
                tail.push(item);
                len += 1;
            }
            chunks.push(Rc::new(tail));
        }
        // Scroll away the oldest: whole chunks first, then an offset into the first.
        while len > limit {
            let excess = len - limit;
            let in_first = chunks.first().map_or(0, |c| c.len()).saturating_sub(skip);
            if in_first == 0 {
                break;
            }
            if excess >= in_first {
                chunks.remove(0);
                len -= in_first;
                skip = 0;
            } else {
                skip += excess;
                len -= excess;
            }
        }
        Lines {
            chunks: Rc::new(chunks),
            skip,
            len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(l: &Lines<usize>) -> Vec<usize> {
        l.iter().copied().collect()
    }

    #[test]
    fn appends_share_the_full_chunks_and_keep_the_order() {
        let a = Lines::new(0..150);
        let b = a.pushed(150..160, usize::MAX);
        assert_eq!(all(&a), (0..150).collect::<Vec<_>>());
        assert_eq!(all(&b), (0..160).collect::<Vec<_>>());
        assert!(Rc::ptr_eq(&a.chunks[0], &b.chunks[0]));
        assert!(Rc::ptr_eq(&a.chunks[1], &b.chunks[1]));
        assert_eq!(b.get(159), Some(&159));
        assert_eq!(b.get(160), None);
        assert_ne!(a, b);
        assert_eq!(b, b.clone());
    }

    #[test]
    fn the_oldest_lines_scroll_away_past_the_limit() {
        for (start, add, limit) in [
            (0, 10, 5),
            (100, 1, 100),
            (5000, 200, 5000),
            (10, 300, 64),
            (0, 0, 3),
        ] {
            let l = Lines::new(0..start).pushed(start..start + add, limit);
            let expected: Vec<usize> = (0..start + add).collect();
            let expected = &expected[expected.len().saturating_sub(limit)..];
            assert_eq!(all(&l), expected, "{start} {add} {limit}");
            assert_eq!(l.len(), expected.len());
            for (i, v) in expected.iter().enumerate() {
                assert_eq!(l.get(i), Some(v));
            }
            // And it keeps growing correctly after a trim.
            let more = l.pushed([9999], limit);
            assert_eq!(more.iter().last(), Some(&9999));
            assert_eq!(more.len(), (expected.len() + 1).min(limit));
        }
    }
}
