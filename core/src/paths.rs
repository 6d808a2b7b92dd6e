//! Paths that must stay inside a folder: every path cairn reads or writes from what a file
//! or a flag says goes through here.

use std::fs;
use std::path::{Path, PathBuf};

/// The absolute path of a path relative to `root`, when it stays inside `root`: no `..`,
/// no absolute path, and no symlinked folder or file on the way that leads out. A
/// symlinked file inside leads to its target (so writing it edits the target, not the
/// link). `None` otherwise: such a path is never read or written.
pub fn resolve_inside(root: &Path, rel: &str) -> Option<PathBuf> {
    if rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel
            .split('/')
            .any(|p| p == ".." || p == "." || p.is_empty())
    {
        return None;
    }
    let root_real = root.canonicalize().ok()?;
    let full = root.join(rel);
    // The deepest part that exists must resolve inside the root.
    let mut probe = full.clone();
    loop {
        if let Ok(real) = probe.canonicalize() {
            if !real.starts_with(&root_real) {
                return None;
            }
            break;
        }
        if !probe.pop() {
            return None;
        }
    }
    match full.canonicalize() {
        Ok(real) if fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink()) => {
            Some(real)
        }
        _ => Some(full),
    }
}
