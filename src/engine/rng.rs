//! A small seeded random number generator.
//!
//! Everything random that the learner can see (container IDs, generated names, MAC addresses)
//! comes from here, so the same seed and the same commands always give the same bytes.
//! SplitMix64 is enough: we need reproducibility and a good spread, not cryptography.
//! The OS's randomness is never read (`getrandom` would also fail on wasm32 without a shim).

/// SplitMix64 (Steele, Lea, Flood 2014): one `u64` of state, full period, no bad seeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0). `u32`, never `usize`: wasm32 is 32-bit and the
    /// same seed must give the same pick on every target.
    pub fn below(&mut self, bound: u32) -> u32 {
        if bound == 0 {
            return 0;
        }
        // Lemire's multiply-shift: unbiased enough for picking names, and branch-free.
        (((self.next_u64() >> 32) * u64::from(bound)) >> 32) as u32
    }

    /// `len` lowercase hex characters, as Docker's `stringid.GenerateRandomID` returns 64 of.
    pub fn hex(&mut self, len: u32) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(len as usize);
        let mut bits = 0u64;
        let mut left = 0;
        for _ in 0..len {
            if left == 0 {
                bits = self.next_u64();
                left = 16;
            }
            out.push(char::from(
                HEX.get((bits & 0xf) as usize).copied().unwrap_or(b'0'),
            ));
            bits >>= 4;
            left -= 1;
        }
        out
    }

    /// `len` characters of base 36 (`0-9a-z`), as swarmkit's node IDs and join-token parts are.
    pub fn base36(&mut self, len: u32) -> String {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        (0..len)
            .map(|_| char::from(DIGITS.get(self.below(36) as usize).copied().unwrap_or(b'0')))
            .collect()
    }

    /// Six bytes for a MAC address.
    pub fn bytes6(&mut self) -> [u8; 6] {
        let v = self.next_u64().to_le_bytes();
        [v[0], v[1], v[2], v[3], v[4], v[5]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        assert_eq!(a.hex(64), b.hex(64));
        assert_eq!(a.below(108), b.below(108));
    }

    #[test]
    fn hex_is_lowercase_and_sized() {
        let id = Rng::new(7).hex(64);
        assert_eq!(id.len(), 64);
        assert!(id
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            assert!(r.below(7) < 7);
        }
        assert_eq!(r.below(0), 0);
    }
}
