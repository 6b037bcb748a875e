//! Block boundaries are invisible: the reader gives the same election, or the same error, as
//! [`blt::read`] on the whole input, whatever the block size and however the bytes arrive.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::read;
use crate::io::MAX_LINE_BYTES;
use crate::io::blt;
use crate::io::text::{BLOCK_BYTES, Pieces};

/// Small blocks, to put a block boundary everywhere in a small file.
const SMALL_BLOCKS: [usize; 8] = [1, 2, 3, 5, 8, 13, 64, 1000];

/// Every dialect at once: comments of every kind (one spanning lines), `-N` on the header and
/// on a line of its own, options over several lines, CRLF, ballot ids, a weight over 2^64,
/// equal rankings, a weight 0, quoted and unquoted names, two names on a line, text after the
/// title.
const DIALECTS: &str = "\u{feff}// dialects\r\n# more\n/* a comment\nover lines */ 5 2 -5\n\
    [nick a b c d e]\n[tie e d\n c b a ]\n[droop meek]\n-4\n[withdrawn\nc]\n\
    3 a b=c 0 # three\n(b1) 2 1 0\n(b2) e 0\r\n123456789012345678901234 d 0\n0 1 0\n\
    2 4 3\n   \n1 0 // blank\n/* ballots\n0 */ 5 b 0\n0\n\"Alice\"\n  Bob BROWN (Ind)  \r\n\
    // a name comment\n\"Carol \"\"C\"\"\" \"Dan\"\n\"\u{c9}mile\"\nTitle\n0\nignored \u{1d11e}\n";

/// The `.blt` files under `dir`, at any depth.
fn blt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for path in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
    {
        if path.is_dir() {
            blt_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "blt") {
            out.push(path);
        }
    }
}

/// Reading `bytes` `block` bytes at a time, whole or a few bytes per read, gives what
/// `blt::read` gives.
fn assert_read_alike(bytes: &[u8], name: &str, blocks: &[usize]) {
    let expected = blt::read(bytes, name);
    for &block in blocks {
        assert_eq!(read(bytes, name, block), expected, "{name}: block {block}");
        let pieces = Pieces { bytes, calls: 0 };
        assert_eq!(
            read(pieces, name, block),
            expected,
            "{name}: a few bytes per read, block {block}"
        );
    }
}

#[test]
fn every_corpus_file_reads_alike_in_blocks_and_pieces() {
    let mut files = Vec::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    blt_files(&corpus, &mut files);
    assert!(files.len() >= 90, "only {} .blt files found", files.len());
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.display().to_string();
        assert!(blt::read(&bytes, &name).is_ok(), "{name}");
        if bytes.len() < 100_000 {
            assert_read_alike(&bytes, &name, &SMALL_BLOCKS);
        } else {
            assert_read_alike(&bytes, &name, &[4099, BLOCK_BYTES]);
        }
    }
}

#[test]
fn every_dialect_reads_alike_and_so_does_every_truncation() {
    let election = blt::read(DIALECTS.as_bytes(), "d").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(election.title, "Title");
    assert_eq!(election.tie_order.as_ref().map(Vec::len), Some(5));
    assert_eq!(election.withdrawn.len(), 3);
    assert_read_alike(DIALECTS.as_bytes(), "d", &SMALL_BLOCKS);
    // Truncated anywhere (inside a character too): the same error at the same line.
    for end in 0..DIALECTS.len() {
        assert_read_alike(&DIALECTS.as_bytes()[..end], "t", &[1, 3, 8]);
    }
}

#[test]
fn errors_are_alike_wherever_the_blocks_end() {
    let long_line = "9".repeat(MAX_LINE_BYTES + 1);
    let cases = [
        // Errors of the parser, each at its line.
        "3 2\n4 1 2 0\n2 3 4 0\n0\nA\nB\nC\nT\n".to_owned(),
        "3 2\n[nick a b\nc\n".to_owned(),
        "3 2\n4 1 0 2 3 0\n0\n".to_owned(),
        "3 2\n(a) 1 0\n(a) 2 0\n0\n".to_owned(),
        "3 2\n4 1 0\nCastor\nPollux\n".to_owned(),
        "3 2\n4 1 0\n0\nA\n\"B\nC\nT\n".to_owned(),
        "3 2\n4 1 0\n0\nA\nB\nA\nT\n".to_owned(),
        "10000 1\n1 1 0\n0\n".to_owned(),
        // Binary data: a NUL byte anywhere outranks everything, then invalid UTF-8 anywhere,
        // even after the title or after an error of the parser.
        "3 2\n4 1 0\n0\nA\nB\nC\nT\nafter \u{0} the title\n".to_owned(),
        "3 2\nx 1 0\n0\nA\nB\nC\nT\n\u{0}".to_owned(),
        // Lines over the limit: refused with their line, unless after the title.
        format!("3 2\n4 1 0\n{long_line}\n0\nA\nB\nC\nT\n"),
        format!("3 2\n4 1 0\n0\nA\n{long_line}"),
        format!("3 2\n4 1 0\n0\nA\nB\nC\nT\n{long_line}\n"),
        format!("3 2\n4 9 0\n{long_line}\n"),
        format!("{long_line}\n"),
    ];
    for (i, case) in cases.iter().enumerate() {
        let blocks: &[usize] = if case.len() < 1000 {
            &SMALL_BLOCKS
        } else {
            &[1000, 4099, BLOCK_BYTES]
        };
        assert_read_alike(case.as_bytes(), &format!("case {i}"), blocks);
    }
    let invalid = [
        &b"3 2\n4 1 0\n0\nA\nB\nC\nT\n\xFF"[..],
        b"3 2\nx 1 0\n\xE2\x82\n0\n",
        b"3 2\n\xFF\n\x00",
        b"\xEF\xBB\x00",
    ];
    for (i, case) in invalid.iter().enumerate() {
        assert_read_alike(case, &format!("invalid {i}"), &SMALL_BLOCKS);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn edited_files_read_alike_in_any_blocks(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, edit()), 1..6),
        block in 1usize..80,
    ) {
        let mut bytes = DIALECTS.as_bytes().to_vec();
        for (at, kind, insert) in edits {
            let i = at.index(bytes.len() + 1);
            match kind {
                0 if i < bytes.len() => {
                    bytes.remove(i);
                }
                1 => {
                    bytes.splice(i..i, insert);
                }
                _ => bytes.truncate(i),
            }
        }
        let expected = blt::read(&bytes, "m");
        prop_assert_eq!(&read(&bytes[..], "m", block), &expected);
        prop_assert_eq!(&read(Pieces { bytes: &bytes, calls: 0 }, "m", block), &expected);
    }
}

/// Bytes to insert: tokens that matter to the reader, and any byte.
fn edit() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "0", "1", "9", " ", "\n", "\r\n", "\"", "=", "[", "]", "-", "#", "//", "/*", "*/",
            "(", ")", "\u{feff}", "\u{e9}", "a", "[nick a b c d e]\n",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ]
}
