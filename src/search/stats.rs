//! BM25 statistics shared by several indexes, so that their scores compare.
//!
//! The policy FAQ lives in the in-memory index and each folder in an index of its own. BM25 weighs a
//! word by how rare it is *in the index searched*: a word found in every document of a three-file
//! folder weighs almost nothing there, and a common word of the small FAQ weighs little next to a large
//! folder. Merging such scores ranks by index size, not by match. [`SharedStatistics`] sums the
//! document counts, token counts and document frequencies of every index searched together, and each
//! index is scored with those sums, as if they were one index.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The statistics of several searchers, summed. A searcher that fails (or panics, on a damaged index)
/// while being asked contributes nothing: statistics never make a search fail.
pub struct SharedStatistics<'a> {
    searchers: Vec<&'a Searcher>,
}

impl<'a> SharedStatistics<'a> {
    /// The statistics of `searchers` together.
    pub fn new(searchers: Vec<&'a Searcher>) -> Self {
        SharedStatistics { searchers }
    }

    fn sum(&self, each: impl Fn(&Searcher) -> tantivy::Result<u64>) -> u64 {
        self.searchers
            .iter()
            .map(|s| {
                catch_unwind(AssertUnwindSafe(|| each(s)))
                    .ok()
                    .and_then(Result::ok)
                    .unwrap_or(0)
            })
            .sum()
    }
}

impl Bm25StatisticsProvider for SharedStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.sum(|s| s.total_num_tokens(field)))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.sum(|s| s.total_num_docs()))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.sum(|s| Bm25StatisticsProvider::doc_freq(s, term)))
    }
}
