//! For tests of this crate and of the crates above it (feature `test-support`): golden files.
//! Not part of the program.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

/// Compares `actual` with the file `dir/name`, naming the first line that differs;
/// `UPDATE_GOLDEN=1` rewrites the file instead (refused under CI, where it would accept any
/// output).
pub fn golden(dir: &Path, name: &str, actual: &str) {
    let path = dir.join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        assert!(std::env::var_os("CI").is_none(), "UPDATE_GOLDEN under CI would accept any output");
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or_else(|| {
            // One is the other and more: the first line past the shorter.
            expected.lines().count().min(actual.lines().count())
        });
        panic!(
            "{name} differs at line {}:\n  expected: {:?}\n  actual:   {:?}\n(UPDATE_GOLDEN=1 to accept)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_golden_file_names_the_first_line_that_differs() {
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            return; // it would accept every output, which is what it is asked to do
        }
        let dir = std::env::temp_dir().join(format!("ntm-golden-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "one\ntwo\nthree\n").unwrap();
        golden(&dir, "a.txt", "one\ntwo\nthree\n");
        let differs = std::panic::catch_unwind(|| golden(&dir, "a.txt", "one\nTWO\nthree\n")).unwrap_err();
        let message = differs.downcast_ref::<String>().unwrap();
        assert!(message.contains("a.txt differs at line 2") && message.contains("\"TWO\""), "{message}");
        let longer = std::panic::catch_unwind(|| golden(&dir, "a.txt", "one\ntwo\nthree\nfour\n")).unwrap_err();
        assert!(longer.downcast_ref::<String>().unwrap().contains("differs at line 4"));
        let missing = std::panic::catch_unwind(|| golden(&dir, "b.txt", "x")).unwrap_err();
        assert!(missing.downcast_ref::<String>().unwrap().contains("missing golden file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
