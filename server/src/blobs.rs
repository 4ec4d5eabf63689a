//! Photo bytes, stored by their content hash outside the database, behind a trait so that
//! several servers can share another store later. The default is a folder beside the
//! database file (`rounds.db.blobs/ab/abcdef…`): written atomically (a temporary file,
//! flushed, renamed into place, the folder flushed), so a photo is either whole or absent,
//! and writing the same photo twice is harmless. Photos no visit refers to are collected
//! after a grace period ([`collect_unreferenced`], `rounds-server photos-gc`): a phone
//! uploads a photo only after its visit is synced, so a fresh unreferenced photo is rare,
//! but one whose visit never arrives must not stay forever.

use std::io::Write;
use std::path::{Path, PathBuf};

use rounds_shared::model::is_content_hash;

/// A blob store failure. Its text is for logs, never for HTTP responses.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The name is not a content hash (it would not be a safe file name either).
    #[error("`{0}` is not a content hash")]
    BadName(String),
    /// The disk refused.
    #[error("blob store: {0}")]
    Io(#[from] std::io::Error),
    /// The database holding the blobs refused or failed.
    #[error("blob store: {0}")]
    Database(String),
}

/// Where photo bytes live, by content hash.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under `hash` (already checked to be their hash) durably; `false`
    /// when they were stored already.
    fn put(&self, hash: &str, bytes: &[u8]) -> Result<bool, BlobError>;
    /// The bytes stored under `hash`, if any.
    fn get(&self, hash: &str) -> Result<Option<Vec<u8>>, BlobError>;
    /// Every stored hash with when it was stored (milliseconds since the epoch).
    fn list(&self) -> Result<Vec<(String, i64)>, BlobError>;
    /// Removes what is stored under `hash` (nothing when absent).
    fn delete(&self, hash: &str) -> Result<(), BlobError>;
}

/// Deletes the stored photos that are not in `referenced` and were stored more than
/// `grace_ms` before `now_ms`; how many were deleted.
pub fn collect_unreferenced(
    blobs: &dyn BlobStore,
    referenced: &std::collections::HashSet<String>,
    now_ms: i64,
    grace_ms: i64,
) -> Result<usize, BlobError> {
    let mut deleted = 0;
    for (hash, stored) in blobs.list()? {
        if !referenced.contains(&hash) && now_ms - stored > grace_ms {
            blobs.delete(&hash)?;
            deleted += 1;
        }
    }
    Ok(deleted)
}

/// A content-addressed folder.
#[derive(Debug)]
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    /// The store in `root`, created if missing.
    pub fn open(root: &Path) -> Result<Self, BlobError> {
        std::fs::create_dir_all(root)?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// The folder beside a database file: `rounds.db` → `rounds.db.blobs`.
    pub fn beside(db: &Path) -> PathBuf {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".blobs");
        db.with_file_name(name)
    }

    fn path(&self, hash: &str) -> Result<PathBuf, BlobError> {
        if !is_content_hash(hash) {
            return Err(BlobError::BadName(hash.to_owned()));
        }
        Ok(self.root.join(&hash[..2]).join(hash))
    }
}

impl BlobStore for FsBlobStore {
    fn put(&self, hash: &str, bytes: &[u8]) -> Result<bool, BlobError> {
        let path = self.path(hash)?;
        if path.exists() {
            return Ok(false);
        }
        let dir = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(dir)?;
        // A name of its own per writer, so two uploads of one photo never share a file.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let tmp = dir.join(format!(".{hash}.{}.{nanos}.tmp", std::process::id()));
        let written = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            std::fs::File::open(dir)?.sync_all()
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        Ok(true)
    }

    fn get(&self, hash: &str) -> Result<Option<Vec<u8>>, BlobError> {
        match std::fs::read(self.path(hash)?) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn list(&self) -> Result<Vec<(String, i64)>, BlobError> {
        let mut out = Vec::new();
        for dir in std::fs::read_dir(&self.root)? {
            let dir = dir?.path();
            if !dir.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&dir)? {
                let file = file?;
                let name = file.file_name().to_string_lossy().into_owned();
                // Temporary files of writes under way start with a dot and are not blobs.
                if !is_content_hash(&name) {
                    continue;
                }
                let stored = file
                    .metadata()?
                    .modified()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
                out.push((name, stored));
            }
        }
        out.sort();
        Ok(out)
    }

    fn delete(&self, hash: &str) -> Result<(), BlobError> {
        match std::fs::remove_file(self.path(hash)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blob_is_stored_once_read_back_and_bad_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore::open(&dir.path().join("b")).unwrap();
        let hash = "ab".repeat(32);
        assert!(store.put(&hash, b"photo").unwrap());
        assert!(!store.put(&hash, b"photo").unwrap());
        assert_eq!(store.get(&hash).unwrap().as_deref(), Some(&b"photo"[..]));
        assert_eq!(store.get(&"cd".repeat(32)).unwrap(), None);
        assert!(matches!(store.put("../x", b""), Err(BlobError::BadName(_))));
        assert_eq!(
            FsBlobStore::beside(Path::new("/srv/rounds.db")),
            PathBuf::from("/srv/rounds.db.blobs")
        );
    }

    #[test]
    fn only_old_unreferenced_photos_are_collected() {
        let dir = tempfile::tempdir().unwrap();
        let store = FsBlobStore::open(dir.path()).unwrap();
        let (kept, young, old) = ("aa".repeat(32), "bb".repeat(32), "cc".repeat(32));
        for h in [&kept, &young, &old] {
            store.put(h, h.as_bytes()).unwrap();
        }
        // `old` and `kept` were stored ten days ago.
        let ten_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(864_000);
        for h in [&kept, &old] {
            let file = std::fs::File::options()
                .write(true)
                .open(store.path(h).unwrap())
                .unwrap();
            file.set_modified(ten_days_ago).unwrap();
        }
        let referenced = std::collections::HashSet::from([kept.clone()]);
        let now = crate::state::now_ms();
        let week = 7 * 86_400_000;
        assert_eq!(
            collect_unreferenced(&store, &referenced, now, week).unwrap(),
            1
        );
        let left: Vec<String> = store.list().unwrap().into_iter().map(|(h, _)| h).collect();
        assert_eq!(left, vec![kept, young]);
    }
}
