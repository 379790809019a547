//! Deterministic choices: a seeded generator (SplitMix64) and stable keys (FNV-1a), so that a lesson's
//! questions and the order of their choices are the same on every run and every machine.

use crate::policy::Question;

/// FNV-1a, 64 bits: stable across Rust versions (unlike `DefaultHasher`).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The key of a question: the same facts give the same key, whatever order they were written in.
pub(crate) fn question_key(question: &Question) -> String {
    let mut names: Vec<&String> = question.facts.keys().collect();
    names.sort();
    let mut text = question.policy.clone();
    for name in names {
        text.push('\n');
        text.push_str(name);
        text.push('=');
        text.push_str(&question.facts[name.as_str()].to_string());
    }
    format!("{:016x}", fnv1a(text.as_bytes()))
}

/// SplitMix64.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator seeded by a text (a lesson id, a question key).
    pub(crate) fn seeded(seed: &str) -> Rng {
        Rng(fnv1a(seed.as_bytes()))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// Shuffles in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
