//! Time expressions: recognition and normalization against the anchor date.

pub(crate) mod rules;
mod value;

pub use value::{TimeValue, TimeValueError};
