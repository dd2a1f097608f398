//! Unit tests of `source.rs`.

use super::*;
use std::io::Write as _;

#[test]
fn reads_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.yaml");
    std::fs::write(&p, "version: 1\n").unwrap();
    let s = Source::from_path(&p).unwrap();
    assert_eq!(s.text, "version: 1\n");
    assert_eq!(s.name, p.display().to_string());
}

#[test]
fn refuses_missing_dirs_big_and_binary() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Source::from_path(&dir.path().join("nope"))
            .unwrap_err()
            .code,
        "io"
    );
    assert_eq!(Source::from_path(dir.path()).unwrap_err().code, "io");
    let p = dir.path().join("bin.yaml");
    std::fs::write(&p, b"a: 1\nb: \xff\n").unwrap();
    let e = Source::from_path(&p).unwrap_err();
    assert_eq!(e.code, "not-utf8");
    assert_eq!(e.location, Some(Location { line: 2, column: 4 }));
    let p = dir.path().join("big.yaml");
    let mut f = std::fs::File::create(&p).unwrap();
    f.write_all(&vec![b'#'; MAX_MANIFEST_BYTES + 1]).unwrap();
    assert_eq!(Source::from_path(&p).unwrap_err().code, "file-too-large");
}
