//! Atomic file writes: a temp file in the same folder, fsync, then rename (or a hard link,
//! when the target must not exist yet). Unchanged content is never rewritten.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.cairn-{}.tmp", std::process::id()))
}

fn write_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let tmp = temp_path(path);
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    let result = f.write_all(bytes).and_then(|()| f.sync_all());
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// Replaces `path` with `bytes` unless it already holds exactly them. Keeps the file's
/// permissions. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    let existing = fs::read(path);
    if existing.as_deref().ok() == Some(bytes) {
        return Ok(false);
    }
    let tmp = write_temp(path, bytes)?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(&tmp, meta.permissions());
    }
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })?;
    Ok(true)
}

/// Creates `path` with `bytes`, failing with `AlreadyExists` rather than replacing a file.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = write_temp(path, bytes)?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_content_is_not_rewritten_and_new_files_never_clobber() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("a.md");
        assert!(write_if_changed(&p, b"one").expect("write"));
        assert!(!write_if_changed(&p, b"one").expect("write"));
        assert!(write_if_changed(&p, b"two").expect("write"));
        let e = create_new(&p, b"three").expect_err("must not clobber");
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).expect("read"), b"two");
        assert_eq!(
            fs::read_dir(dir.path()).expect("ls").count(),
            1,
            "no temp files left"
        );
    }
}
