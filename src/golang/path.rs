//! Go's `path.Match`: shell patterns over slash-separated names, where `*`, `?` and a class
//! `[…]` never match a `/` (moby's `reference.FamiliarMatch` is built on it: `docker images
//! --filter reference=learner/*`).
//!
//! Contract: a malformed pattern (an unclosed class, a trailing `\`) matches nothing, as
//! `path.Match` returns `ErrBadPattern`. No recursion; the work is at most the pattern's
//! length times the name's.

/// Whether `name` matches the shell pattern `pattern` (Go `path.Match`: the pattern is cut
/// into chunks after each run of stars; a star's chunk is tried at each later position up to
/// the next `/`, leftmost first, without going back to an earlier chunk).
pub fn matches(pattern: &str, name: &str) -> bool {
    let mut pattern: Vec<char> = pattern.chars().collect();
    let mut name: Vec<char> = name.chars().collect();
    while !pattern.is_empty() {
        let star = pattern.first() == Some(&'*');
        let stars = pattern.iter().take_while(|c| **c == '*').count();
        pattern.drain(..stars);
        let chunk_len = chunk_end(&pattern);
        let chunk: Vec<char> = pattern.drain(..chunk_len).collect();
        if star && chunk.is_empty() {
            return !name.contains(&'/');
        }
        if let Some(rest) = match_chunk(&chunk, &name) {
            if rest.is_empty() || !pattern.is_empty() {
                name = rest;
                continue;
            }
        }
        let mut advanced = false;
        if star {
            let mut i = 0;
            while let Some(c) = name.get(i) {
                if *c == '/' {
                    break;
                }
                if let Some(rest) = match_chunk(&chunk, name.get(i + 1..).unwrap_or(&[])) {
                    if !pattern.is_empty() || rest.is_empty() {
                        name = rest;
                        advanced = true;
                        break;
                    }
                }
                i += 1;
            }
        }
        if !advanced {
            return false;
        }
    }
    name.is_empty()
}

/// Where the chunk at the start of `p` ends: at the next `*` outside a class.
fn chunk_end(p: &[char]) -> usize {
    let mut in_class = false;
    let mut i = 0;
    while let Some(c) = p.get(i) {
        match c {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '*' if !in_class => return i,
            _ => {}
        }
        i += 1;
    }
    p.len()
}

/// The rest of `s` after `chunk` matched its start, if it does (Go `matchChunk`).
fn match_chunk(chunk: &[char], s: &[char]) -> Option<Vec<char>> {
    let (mut chunk, mut s) = (chunk, s);
    while let Some((&p, prest)) = chunk.split_first() {
        let (&c, srest) = s.split_first()?;
        match p {
            '[' => {
                let (negated, body) = match prest.split_first() {
                    Some(('^', b)) => (true, b),
                    _ => (false, prest),
                };
                let end = body.iter().position(|x| *x == ']').filter(|e| *e > 0)?;
                let class = body.get(..end)?;
                let mut hit = false;
                let mut i = 0;
                while let Some(&a) = class.get(i) {
                    if class.get(i + 1) == Some(&'-') {
                        if let Some(&b) = class.get(i + 2) {
                            hit |= (a..=b).contains(&c);
                            i += 3;
                            continue;
                        }
                    }
                    hit |= a == c;
                    i += 1;
                }
                if hit == negated {
                    return None;
                }
                chunk = body.get(end + 1..)?;
            }
            '?' if c != '/' => chunk = prest,
            '?' => return None,
            '\\' => {
                let (&e, erest) = prest.split_first()?;
                if e != c {
                    return None;
                }
                chunk = erest;
            }
            _ if p == c => chunk = prest,
            _ => return None,
        }
        s = srest;
    }
    Some(s.to_vec())
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_stop_at_slashes() {
        assert!(matches("learner/*", "learner/app"));
        assert!(!matches("*", "learner/app"));
        assert!(matches("ngin?", "nginx"));
        assert!(matches("[a-n]ginx:*", "nginx:alpine"));
        assert!(!matches("[^n]ginx", "nginx"));
        assert!(!matches("[", "x"));
    }
}
