//! See the crate docs.

pub mod clock;
