//! Fuzz targets: functions of arbitrary bytes that must never panic (nor allocate without
//! bound). `tests/tests/fuzz.rs` runs each for a short budget inside `cargo test` and
//! replays every input kept in `tests/fuzz/corpus/<target>/`; `fuzz/` wraps the same
//! functions for cargo-fuzz (libFuzzer, nightly) for the long runs BENCHMARKS.md records.
//!
//! ```
//! for target in rounds_tests::fuzz::TARGETS {
//!     (target.run)(b"");
//!     (target.run)(&[0xa1, 0x64, b't', b'y', b'p', b'e', 0x64, b's', b'y', b'n', b'c']);
//! }
//! ```

use std::sync::OnceLock;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, ScalarValue};
use rounds_shared::doc::{AccountDoc, AccountRecords, Writer};
use rounds_shared::funnel::Snapshot;
use rounds_shared::ids::{AccountId, UserId};
use rounds_shared::model::{Account, HospitalLevel, Opportunity, Visit};
use rounds_shared::stage::StageTemplate;
use rounds_shared::sync::inflate::inflated_len;
use rounds_shared::sync::{
    Access, DocAccess, DocMessage, DocumentId, Incoming, Message, PeerId, Rules, ServerSession,
    SessionLimits, SessionUser,
};
use rounds_shared::time::Timestamp;

/// A named fuzz target.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// Its name (the corpus folder).
    pub name: &'static str,
    /// The function.
    pub run: fn(&[u8]),
}

/// Every target.
pub const TARGETS: [Target; 4] = [
    Target {
        name: "wire",
        run: wire,
    },
    Target {
        name: "sync_receive",
        run: sync_receive,
    },
    Target {
        name: "stored_chunks",
        run: stored_chunks,
    },
    Target {
        name: "readers",
        run: readers,
    },
];

/// The largest document the targets let Automerge inflate.
const BUDGET: usize = 1 << 20;

/// A protocol frame: decodes or says why not; what decodes encodes back to itself.
pub fn wire(data: &[u8]) {
    if let Ok(m) = Message::decode(data) {
        let again = Message::decode(&m.encode());
        assert_eq!(again.as_ref(), Ok(&m), "a decoded message must round-trip");
    }
}

/// The seeded hospital: an account with a visit and an opportunity that moved once.
struct Seed {
    id: AccountId,
    owner: UserId,
    saved: Vec<u8>,
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let (owner, id) = (UserId::generate(), AccountId::generate());
        let account = Account::new(
            id,
            "市第一人民医院",
            HospitalLevel::Grade3A,
            "上海",
            owner,
            Timestamp(1_700_000_000_000),
        );
        let mut doc = AccountDoc::create(&account)
            .unwrap_or_else(|_| AccountDoc::from_automerge(AutoCommit::new()));
        let mut visit = Visit::new(Timestamp(1_700_000_100_000), owner);
        visit.purpose = "了解需求".into();
        let _ = doc.put(&visit);
        if let (Ok(first), Ok(next)) = ("dig_needs".parse(), "present_value".parse()) {
            let mut o = Opportunity::new(
                rounds_shared::ids::OpportunityId::generate(),
                "彩超",
                "超声",
                rounds_shared::money::Money::from_yuan(1_000_000),
                first,
                Timestamp(1_700_000_200_000),
                owner,
            );
            let _ = o.move_to(next, Timestamp(1_700_000_300_000), owner);
            let _ = doc.put(&o);
        }
        Seed {
            id,
            owner,
            saved: doc.save(),
        }
    })
}

/// Everything the server and the phone read from a document: every record, the conflicts
/// of every opportunity, the server's projection, and the funnel at two instants.
fn read_everything(doc: &mut AutoCommit, account: AccountId) {
    let template = StageTemplate::default_eight();
    let _ = rounds_server::projection::full(doc, account, &template);
    let account_doc = AccountDoc::from_automerge(doc.fork());
    let records = AccountRecords::read_all(&account_doc).value;
    for o in &records.opportunities {
        let _ = account_doc.conflicts::<Opportunity>(o.id);
    }
    let _ = account_doc.account();
    for at in [Timestamp(0), Timestamp(i64::MAX)] {
        let _ = Snapshot::at(&template, &records.opportunities, at).shape();
    }
}

/// An Automerge sync message from the owner's device, received by a server session over
/// the seeded hospital: applied or refused, never a panic; then read.
pub fn sync_receive(data: &[u8]) {
    let seed = seed();
    let Ok(mut doc) = AutoCommit::load(&seed.saved) else {
        return;
    };
    let Ok(message) = automerge::sync::Message::decode(data) else {
        return;
    };
    let user = SessionUser {
        id: seed.owner,
        index_doc: DocumentId::generate(),
        personal_doc: DocumentId::generate(),
        may_create: true,
    };
    let limits = SessionLimits {
        max_document_bytes: BUDGET,
        max_waiting_bytes: BUDGET,
        ..SessionLimits::default()
    };
    let mut session = ServerSession::new(user, limits, 0);
    session.set_writer(Writer::rep(seed.owner));
    let join = Message::Join {
        sender_id: PeerId::from("fuzz"),
        supported_protocol_versions: vec!["1".into()],
        peer_metadata: Default::default(),
    };
    let _ = session.receive(Incoming::Binary(join.encode()), 0);
    let id = DocumentId::from(seed.id);
    let m = DocMessage {
        doc: id,
        is_request: false,
        message,
        len: data.len(),
    };
    let _ = session.route(&m, DocAccess::Known(Access::ReadWrite));
    let stored = seed.saved.len();
    if session
        .apply(m, Access::ReadWrite, &mut doc, stored, Rules::Account)
        .is_ok()
    {
        let _ = session.reply(id, &mut doc);
        read_everything(&mut doc, seed.id);
    }
}

/// Stored chunks (what the server loads): measured, loaded, read.
pub fn stored_chunks(data: &[u8]) {
    if inflated_len(data, BUDGET).is_err() {
        return;
    }
    if let Ok(mut doc) = AutoCommit::load(data) {
        read_everything(&mut doc, seed().id);
    }
}

const COLLECTIONS: [&str; 6] = [
    "visits",
    "opportunities",
    "contacts",
    "departments",
    "reviews",
    "co_visits",
];
const FIELDS: [&str; 24] = [
    "id",
    "at",
    "by",
    "stage",
    "from",
    "to",
    "history",
    "amount",
    "status",
    "name",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "contacts",
    "opportunity",
    "check_in",
    "purpose",
    "role",
    "lost_reason",
    "expected_close",
    "product",
    "event",
    "account",
];

/// The value a selector byte stands for: every scalar type, edge numbers, text, and
/// objects where scalars belong.
fn value(selector: u8, n: u8) -> Option<ScalarValue> {
    Some(match selector % 12 {
        0 => ScalarValue::Str(format!("k{n}").into()),
        1 => ScalarValue::Int(i64::from(n) - 128),
        2 => ScalarValue::Int(i64::MAX),
        3 => ScalarValue::Int(i64::MIN),
        4 => ScalarValue::Uint(u64::MAX),
        5 => ScalarValue::F64(f64::NAN),
        6 => ScalarValue::Boolean(n.is_multiple_of(2)),
        7 => ScalarValue::Null,
        8 => ScalarValue::Timestamp(i64::from(n) * 86_400_000),
        9 => ScalarValue::Str(
            StageTemplate::default_eight().stages[usize::from(n) % 8]
                .key
                .to_string()
                .into(),
        ),
        10 => ScalarValue::Bytes(vec![n; 3]),
        _ => return None,
    })
}

/// The seeded hospital after edits the bytes describe (4 bytes each: collection, record,
/// field, value), as a buggy or hostile device might leave it; then read.
pub fn readers(data: &[u8]) {
    let seed = seed();
    let Ok(mut doc) = AutoCommit::load(&seed.saved) else {
        return;
    };
    for edit in data.chunks_exact(4).take(256) {
        let collection = COLLECTIONS[usize::from(edit[0]) % COLLECTIONS.len()];
        let Ok(Some((_, list))) = doc.get(ROOT, collection) else {
            continue;
        };
        let keys: Vec<String> = doc.keys(&list).collect();
        let record = match keys.get(usize::from(edit[1]) % (keys.len() + 1)) {
            Some(key) => match doc.get(&list, key.as_str()) {
                Ok(Some((_, obj))) => obj,
                _ => continue,
            },
            None => match doc.put_object(&list, format!("r{}", edit[1]), ObjType::Map) {
                Ok(obj) => obj,
                Err(_) => continue,
            },
        };
        let field = FIELDS[usize::from(edit[2]) % FIELDS.len()];
        let _ = match value(edit[3], edit[1]) {
            Some(v) => doc.put(&record, field, v).map(|_| ()),
            None => doc.put_object(&record, field, ObjType::List).map(|_| ()),
        };
    }
    read_everything(&mut doc, seed.id);
}

/// Valid inputs for `target` to start mutating from: real messages, real documents.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let seed = seed();
    let id = DocumentId::from(seed.id);
    let sync_messages = || -> Vec<Vec<u8>> {
        let Ok(mut doc) = AutoCommit::load(&seed.saved) else {
            return Vec::new();
        };
        doc.set_actor(rounds_shared::doc::actor_for(seed.owner));
        let mut state = automerge::sync::State::new();
        let mut out = Vec::new();
        use automerge::sync::SyncDoc;
        if let Some(first) = doc.sync().generate_sync_message(&mut state) {
            out.push(first.encode());
        }
        let mut account = AccountDoc::from_automerge(doc);
        let mut visit = Visit::new(Timestamp(1_700_000_400_000), seed.owner);
        visit.content = "第二次拜访".into();
        let _ = account.put(&visit);
        let doc = account.automerge();
        let heads = doc.get_heads();
        let changes: Vec<Vec<u8>> = doc
            .get_changes(&[])
            .iter()
            .filter(|c| heads.contains(&c.hash()))
            .map(|c| c.raw_bytes().to_vec())
            .collect();
        out.push(
            automerge::sync::Message {
                heads,
                need: Vec::new(),
                have: Vec::new(),
                changes: changes.into(),
                flags: None,
                version: automerge::sync::MessageVersion::V1,
            }
            .encode(),
        );
        out
    };
    match target {
        "wire" => {
            let mut out = vec![
                Message::Join {
                    sender_id: PeerId::from("phone"),
                    supported_protocol_versions: vec!["1".into()],
                    peer_metadata: Default::default(),
                }
                .encode(),
            ];
            out.extend(sync_messages().into_iter().map(|data| {
                Message::Sync {
                    sender_id: PeerId::from("phone"),
                    target_id: PeerId::from("rounds-server"),
                    document_id: id,
                    data,
                }
                .encode()
            }));
            out
        }
        "sync_receive" => sync_messages(),
        "stored_chunks" => vec![seed.saved.clone()],
        _ => vec![(0u8..=255).collect()],
    }
}
