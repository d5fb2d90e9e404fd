//! Seeded random inputs. A starter could pass a check by hard-coding the one
//! value the check sends; random values stop that, and the run's seed (printed
//! in every report) makes any run reproducible with `--seed`.

/// A small, fast generator (SplitMix64); quality is ample for test inputs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// The generator for one check: depends on the run's seed and the check's
    /// id, so `--only` draws the same values as a full run.
    pub fn for_check(seed: u64, check_id: &str) -> Self {
        let mut state = seed ^ 0x9e37_79b9_7f4a_7c15;
        for byte in check_id.bytes() {
            state = (state ^ u64::from(byte)).wrapping_mul(0x1000_0000_01b3);
        }
        Rng(state)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// An integer in `low..=high`.
    pub fn int(&mut self, low: i64, high: i64) -> i64 {
        let span = (high - low) as u64 + 1;
        low + (self.next_u64() % span) as i64
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// A lowercase word of `len` letters, like `qzmfe`.
    pub fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + (self.next_u64() % 26) as u8))
            .collect()
    }
}

/// A seed for a run that was not given one: short, so it is easy to retype.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    u64::from(nanos % 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_check_draw_the_same_values() {
        let draw = |seed, id| {
            let mut rng = Rng::for_check(seed, id);
            (rng.int(1, 1000), rng.word(6))
        };
        assert_eq!(draw(7, "02.1"), draw(7, "02.1"));
        assert_ne!(draw(7, "02.1"), draw(8, "02.1"));
        assert_ne!(draw(7, "02.1"), draw(7, "02.2"));
    }

    #[test]
    fn ints_stay_in_their_range() {
        let mut rng = Rng::for_check(1, "x");
        for _ in 0..1000 {
            assert!((-3..=3).contains(&rng.int(-3, 3)));
        }
    }
}
