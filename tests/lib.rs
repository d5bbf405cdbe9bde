//! Integration tests: one binary, one module per concern.

mod common;
mod data;
mod devset;
mod json_roundtrip;
mod pipeline;
mod properties;
mod relations;
mod robustness;
mod temporal_table;
