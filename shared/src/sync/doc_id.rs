//! Document ids as automerge-repo writes them: 16 bytes, base58check-encoded.

use std::fmt;
use std::str::FromStr;

use crate::ids::{AccountId, NoticeId, PlanId};

/// The id of a synced document (`automerge:<id>` in automerge-repo URLs).
///
/// ```
/// use rounds_shared::ids::AccountId;
/// use rounds_shared::sync::DocumentId;
/// let account = AccountId::generate();
/// let id = DocumentId::from(account);
/// let parsed: DocumentId = id.to_string().parse().unwrap();
/// assert_eq!(parsed, id);
/// assert_eq!(parsed.as_uuid(), account.as_uuid());
/// assert!("not-base58!".parse::<DocumentId>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

/// Text that is not a base58check-encoded 16-byte id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a document id (base58check of 16 bytes)")]
pub struct InvalidDocumentId(pub String);

impl DocumentId {
    /// From raw bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }
    /// A fresh random-looking (UUIDv7) id.
    pub fn generate() -> Self {
        Self(*uuid::Uuid::now_v7().as_bytes())
    }
    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
    /// The bytes as a UUID.
    pub fn as_uuid(&self) -> uuid::Uuid {
        uuid::Uuid::from_bytes(self.0)
    }
}

impl From<AccountId> for DocumentId {
    /// An account's document has the account's id.
    fn from(id: AccountId) -> Self {
        Self(*id.as_uuid().as_bytes())
    }
}

impl From<NoticeId> for DocumentId {
    /// A notice's document has the notice's id.
    fn from(id: NoticeId) -> Self {
        Self(*id.as_uuid().as_bytes())
    }
}

impl From<PlanId> for DocumentId {
    fn from(id: PlanId) -> Self {
        Self(*id.as_uuid().as_bytes())
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bs58::encode(self.0).with_check().into_string())
    }
}

/// As its base58check text, like an `automerge:` URL's tail.
impl serde::Serialize for DocumentId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DocumentId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentId({self})")
    }
}

impl FromStr for DocumentId {
    type Err = InvalidDocumentId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = bs58::decode(s)
            .with_check(None)
            .into_vec()
            .map_err(|_| InvalidDocumentId(s.to_owned()))?;
        <[u8; 16]>::try_from(bytes)
            .map(Self)
            .map_err(|_| InvalidDocumentId(s.to_owned()))
    }
}
