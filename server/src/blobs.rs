//! Photo bytes, stored by their content hash outside the database, behind a trait so that
//! several servers can share another store later. The default is a folder beside the
//! database file (`rounds.db.blobs/ab/abcdef…`): written atomically (a temporary file,
//! flushed, renamed into place, the folder flushed), so a photo is either whole or absent,
//! and writing the same photo twice is harmless.

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
}

/// Where photo bytes live, by content hash.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under `hash` (already checked to be their hash) durably; `false`
    /// when they were stored already.
    fn put(&self, hash: &str, bytes: &[u8]) -> Result<bool, BlobError>;
    /// The bytes stored under `hash`, if any.
    fn get(&self, hash: &str) -> Result<Option<Vec<u8>>, BlobError>;
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
}
