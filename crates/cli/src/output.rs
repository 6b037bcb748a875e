//! Writing results: to stdout, or to a file atomically (a temporary file renamed into place), so
//! a failed run never leaves a partly written output file.

use std::io::Write;
use std::path::Path;

use crate::error::CliError;

/// Print `text` to stdout, or write it to `path` atomically when given.
pub fn emit(path: Option<&Path>, text: &str) -> Result<(), CliError> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`slatewise ... | head`) is not an error worth reporting.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Io {
                    path: "<stdout>".into(),
                    source: e,
                }),
                _ => Ok(()),
            }
        }
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

/// Write `bytes` to a sibling temporary file, then rename it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let io_err = |source| CliError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_err)
}
