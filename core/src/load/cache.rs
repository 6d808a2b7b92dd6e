//! The parse cache on disk: every parsed file of the last run, so the next run reads and
//! parses only what changed. A working-tree file is matched as git's index matches it:
//! path, size, modification and change time in nanoseconds, and inode, with the "racy"
//! rule (a file changed in the same second the cache was written is read again); a file
//! from a git tree by its blob id. The change time catches a file rewritten at the same
//! size whose modification time was put back (`touch -d`). Every entry carries a CRC-32
//! of its record, checked when it is used: a corrupt entry is parsed again, never
//! served. The cache is keyed by cairn's version and the `cairn.yaml` text the files were
//! parsed with; a foreign or unreadable cache is ignored and rebuilt.

use super::codec::{Codec, Reader, get_uv, put_uv};
use gix::ObjectId;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"cairnPC2";

/// What `stat` says about a working-tree file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_s: i64,
    pub mtime_ns: u32,
    pub ctime_s: i64,
    pub ctime_ns: u32,
    pub ino: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.len(),
                mtime_s: meta.mtime(),
                mtime_ns: u32::try_from(meta.mtime_nsec()).unwrap_or(0),
                ctime_s: meta.ctime(),
                ctime_ns: u32::try_from(meta.ctime_nsec()).unwrap_or(0),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let d = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .unwrap_or_default();
            Stamp {
                size: meta.len(),
                mtime_s: i64::try_from(d.as_secs()).unwrap_or(0),
                mtime_ns: d.subsec_nanos(),
                ctime_s: 0,
                ctime_ns: 0,
                ino: 0,
            }
        }
    }
}

/// One cached file: its path, how to recognise it, and where its encoded parse is (both
/// as ranges of the cache's bytes, so 100,000 entries cost no allocation each).
#[derive(Clone)]
struct Entry {
    path: std::ops::Range<usize>,
    stamp: Option<Stamp>,
    blob: Option<ObjectId>,
    range: std::ops::Range<usize>,
    /// The whole record (path to data) and its CRC-32, checked on use.
    record: std::ops::Range<usize>,
    sum: u32,
}

/// A cache file, read once; entries decode on demand.
pub struct DiskCache {
    pub path: PathBuf,
    bytes: Vec<u8>,
    /// When the cache was written (seconds since the epoch).
    written_s: i64,
    /// Sorted by path.
    entries: Vec<Entry>,
}

/// An entry to write: its key and encoded parse.
pub struct NewEntry {
    pub path: String,
    pub stamp: Option<Stamp>,
    pub blob: Option<ObjectId>,
    pub data: EntryData,
}

/// The encoded parse: bytes of the old cache reused, or fresh.
pub enum EntryData {
    Reused(std::ops::Range<usize>),
    Fresh(Vec<u8>),
}

/// The shape of the encoded items; raised when the codec changes, so a build without a
/// commit in its version (a release tarball) never reads another shape.
const CODEC_SHAPE: u32 = 2;

fn key(version: &str, config: &str) -> Vec<u8> {
    let mut k = Vec::new();
    CODEC_SHAPE.put(&mut k);
    version.to_owned().put(&mut k);
    config.to_owned().put(&mut k);
    k
}

impl DiskCache {
    /// Opens the cache at `path` for this cairn `version` and `config` text; an empty
    /// cache when there is none or it does not belong to them.
    pub fn open(path: &Path, version: &str, config: &str) -> DiskCache {
        let empty = || DiskCache {
            path: path.to_path_buf(),
            bytes: Vec::new(),
            written_s: 0,
            entries: Vec::new(),
        };
        let Ok(bytes) = std::fs::read(path) else {
            return empty();
        };
        match Self::index(&bytes, &key(version, config)) {
            Some((written_s, entries)) => DiskCache {
                path: path.to_path_buf(),
                bytes,
                written_s,
                entries,
            },
            None => empty(),
        }
    }

    fn index(bytes: &[u8], key: &[u8]) -> Option<(i64, Vec<Entry>)> {
        let mut r = Reader { bytes };
        if r.take(8)? != MAGIC {
            return None;
        }
        let n = usize::try_from(get_uv(&mut r)?).ok()?;
        if r.take(n)? != key {
            return None;
        }
        let written_s = i64::try_from(get_uv(&mut r)?).ok()?;
        let count = usize::try_from(get_uv(&mut r)?).ok()?;
        let at = |r: &Reader<'_>| bytes.len() - r.bytes.len();
        let mut entries: Vec<Entry> = Vec::with_capacity(count.min(1 << 20));
        for _ in 0..count {
            let record_start = at(&r);
            let n = usize::try_from(get_uv(&mut r)?).ok()?;
            let start = at(&r);
            std::str::from_utf8(r.take(n)?).ok()?;
            let path = start..start + n;
            let stamp = match r.take(1)?[0] {
                0 => None,
                _ => Some(Stamp {
                    size: get_uv(&mut r)?,
                    mtime_s: i64::try_from(get_uv(&mut r)?).ok()?,
                    mtime_ns: u32::try_from(get_uv(&mut r)?).ok()?,
                    ctime_s: i64::try_from(get_uv(&mut r)?).ok()?,
                    ctime_ns: u32::try_from(get_uv(&mut r)?).ok()?,
                    ino: get_uv(&mut r)?,
                }),
            };
            let blob = match r.take(1)?[0] {
                0 => None,
                _ => Some(ObjectId::try_from(r.take(20)?).ok()?),
            };
            let len = usize::try_from(get_uv(&mut r)?).ok()?;
            let start = at(&r);
            r.take(len)?;
            let record = record_start..start + len;
            let sum = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
            entries.push(Entry {
                path,
                stamp,
                blob,
                range: start..start + len,
                record,
                sum,
            });
        }
        // A cache of one load is written in path order already.
        let path_of = |e: &Entry| &bytes[e.path.clone()];
        if !entries.is_sorted_by(|a, b| path_of(a) <= path_of(b)) {
            entries.sort_by(|a, b| path_of(a).cmp(path_of(b)));
        }
        r.is_empty().then_some((written_s, entries))
    }

    /// The entries for `path`.
    fn of(&self, path: &str) -> &[Entry] {
        let path = path.as_bytes();
        let key = |e: &Entry| self.bytes.get(e.path.clone()).unwrap_or(&[]);
        let from = self.entries.partition_point(|e| key(e) < path);
        let to = from + self.entries[from..].partition_point(|e| key(e) == path);
        &self.entries[from..to]
    }

    /// The encoded parse of a working-tree file whose `stat` says `stamp`, if the cache
    /// may trust it: same stamp, and not changed in the second the cache was written.
    pub fn by_stamp(
        &self,
        path: &str,
        stamp: Stamp,
    ) -> Option<(std::ops::Range<usize>, Option<ObjectId>)> {
        if stamp.mtime_s >= self.written_s {
            return None;
        }
        self.of(path)
            .iter()
            .find(|e| e.stamp == Some(stamp))
            .filter(|e| self.intact(e))
            .map(|e| (e.range.clone(), e.blob))
    }

    /// Whether an entry's record is as it was written.
    fn intact(&self, e: &Entry) -> bool {
        self.bytes
            .get(e.record.clone())
            .is_some_and(|b| crc32fast::hash(b) == e.sum)
    }

    /// The encoded parse of the file at `path` with content `blob`.
    pub fn by_blob(&self, path: &str, blob: ObjectId) -> Option<std::ops::Range<usize>> {
        self.of(path)
            .iter()
            .find(|e| e.blob == Some(blob))
            .filter(|e| self.intact(e))
            .map(|e| e.range.clone())
    }

    pub fn bytes(&self, range: std::ops::Range<usize>) -> &[u8] {
        self.bytes.get(range).unwrap_or(&[])
    }

    /// How many entries the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes a new cache with `entries` (atomically: a temporary file, then a rename).
    /// Failing to write a cache is not an error worth stopping for: the next run parses.
    pub fn write(&self, version: &str, config: &str, entries: &[NewEntry]) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut out = Vec::with_capacity(self.bytes.len().max(1 << 16));
        out.extend_from_slice(MAGIC);
        let k = key(version, config);
        put_uv(&mut out, k.len() as u64);
        out.extend_from_slice(&k);
        put_uv(&mut out, now);
        put_uv(&mut out, entries.len() as u64);
        for e in entries {
            let record_start = out.len();
            e.path.put(&mut out);
            match e.stamp {
                None => out.push(0),
                Some(s) => {
                    out.push(1);
                    put_uv(&mut out, s.size);
                    put_uv(&mut out, u64::try_from(s.mtime_s).unwrap_or(0));
                    put_uv(&mut out, u64::from(s.mtime_ns));
                    put_uv(&mut out, u64::try_from(s.ctime_s).unwrap_or(0));
                    put_uv(&mut out, u64::from(s.ctime_ns));
                    put_uv(&mut out, s.ino);
                }
            }
            match e.blob {
                None => out.push(0),
                Some(b) => {
                    out.push(1);
                    out.extend_from_slice(b.as_bytes());
                }
            }
            let data: &[u8] = match &e.data {
                EntryData::Reused(r) => self.bytes.get(r.clone()).unwrap_or(&[]),
                EntryData::Fresh(v) => v,
            };
            put_uv(&mut out, data.len() as u64);
            out.extend_from_slice(data);
            let sum = crc32fast::hash(&out[record_start..]);
            out.extend_from_slice(&sum.to_le_bytes());
        }
        let Some(dir) = self.path.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        // One temporary name: a run killed while writing leaves at most this file, which
        // the next write replaces once it is clearly abandoned (a write takes well under
        // a minute); a younger one is another run's, and this run skips writing.
        let tmp = self.path.with_extension("tmp");
        let open = || {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
        };
        let file = match open() {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let stale = std::fs::metadata(&tmp)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_none_or(|age| age > std::time::Duration::from_secs(60));
                if !stale || std::fs::remove_file(&tmp).is_err() {
                    return;
                }
                match open() {
                    Ok(f) => f,
                    Err(_) => return,
                }
            }
            Err(_) => return,
        };
        let written = {
            use std::io::Write;
            let mut file = file;
            file.write_all(&out)
        };
        if written.is_err() || std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_and_refuses_what_it_cannot_trust() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("c");
        let stamp = Stamp {
            size: 10,
            mtime_s: 1000,
            mtime_ns: 5,
            ctime_s: 1000,
            ctime_ns: 5,
            ino: 7,
        };
        let c = DiskCache::open(&path, "1", "cfg");
        c.write(
            "1",
            "cfg",
            &[NewEntry {
                path: "tasks/a.md".into(),
                stamp: Some(stamp),
                blob: None,
                data: EntryData::Fresh(b"abc".to_vec()),
            }],
        );
        let c = DiskCache::open(&path, "1", "cfg");
        let (range, _) = c.by_stamp("tasks/a.md", stamp).expect("a hit");
        assert_eq!(c.bytes(range), b"abc");
        // Another size, another version or config, a file from the cache's own second.
        assert!(
            c.by_stamp("tasks/a.md", Stamp { size: 11, ..stamp })
                .is_none()
        );
        assert!(
            DiskCache::open(&path, "2", "cfg")
                .by_stamp("tasks/a.md", stamp)
                .is_none()
        );
        assert!(
            DiskCache::open(&path, "1", "other")
                .by_stamp("tasks/a.md", stamp)
                .is_none()
        );
        let racy = Stamp {
            mtime_s: c.written_s,
            ..stamp
        };
        assert!(c.by_stamp("tasks/a.md", racy).is_none());
        // Garbage is an empty cache.
        std::fs::write(&path, b"cairnPC1\xff\xff").expect("write");
        assert!(DiskCache::open(&path, "1", "cfg").entries.is_empty());
    }

    /// Regression: one flipped byte in the cache served titles like "Ipplement" and
    /// findings nobody wrote. Every single-byte corruption is now either refused or
    /// harmless (the entry served is exactly the one written).
    #[test]
    fn no_corrupted_byte_is_ever_served() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("c");
        let stamp = Stamp {
            size: 10,
            mtime_s: 1000,
            mtime_ns: 5,
            ctime_s: 1001,
            ctime_ns: 6,
            ino: 7,
        };
        let data = b"Implement the thing; status todo".to_vec();
        let entries: Vec<NewEntry> = ["tasks/a.md", "tasks/b.md"]
            .iter()
            .map(|p| NewEntry {
                path: (*p).into(),
                stamp: Some(stamp),
                blob: None,
                data: EntryData::Fresh(data.clone()),
            })
            .collect();
        DiskCache::open(&path, "1", "cfg").write("1", "cfg", &entries);
        let good = std::fs::read(&path).expect("read");
        for i in 0..good.len() {
            for flip in [0x01u8, 0x20, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[i] ^= flip;
                std::fs::write(&path, &bad).expect("write");
                let c = DiskCache::open(&path, "1", "cfg");
                for p in ["tasks/a.md", "tasks/b.md"] {
                    if let Some((range, _)) = c.by_stamp(p, stamp) {
                        assert_eq!(c.bytes(range), &data[..], "byte {i} ^ {flip:#x}");
                    }
                }
            }
        }
    }

    /// Regression: a file rewritten at the same size with its modification time put
    /// back was served from the cache; its change time differs, so it is not.
    #[test]
    fn a_restored_modification_time_does_not_hide_a_rewrite() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "status: todo\n").expect("write");
        let before = Stamp::of(&std::fs::metadata(&file).expect("meta"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&file, "status: done\n").expect("write");
        let mtime = std::time::UNIX_EPOCH
            + std::time::Duration::new(
                u64::try_from(before.mtime_s).expect("positive"),
                before.mtime_ns,
            );
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(mtime))
            .expect("touch -d");
        let after = Stamp::of(&std::fs::metadata(&file).expect("meta"));
        assert_eq!(
            (after.size, after.mtime_s, after.mtime_ns),
            (before.size, before.mtime_s, before.mtime_ns)
        );
        assert_ne!(after, before, "the change time tells them apart");
    }
}
