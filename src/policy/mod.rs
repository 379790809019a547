//! See the crate docs.

pub mod clock;
pub mod response_time;
