//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The shared folder beside the repository, if present. Tests that need it
/// print a note and return early when it is absent (a user's clone has no
/// `../shared`).
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} is absent; skipping this test", p.display());
        None
    }
}

/// Prints the whole document when an assertion about it fails.
#[track_caller]
pub fn assert_doc(ok: bool, doc: &newsgraph::Document, what: &str) {
    assert!(ok, "{what}\n{}", doc.to_json_pretty());
}
