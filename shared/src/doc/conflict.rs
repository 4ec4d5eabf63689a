//! Fields two people set concurrently. Automerge keeps every concurrent value and picks the
//! same winner on every device; the losers stay readable until someone sets the field again.
//! This module lists them, with who set each (from the actor id, see [`super::actor_for`]),
//! so the app can show the value that won, who changed it, and the other value.

use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value};
use serde::{Deserialize, Serialize};

use super::{Record, actor::user_of, collection};
use crate::ids::UserId;

/// One field with concurrent values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The field's name in the document, e.g. `amount`.
    pub field: String,
    /// Every value, the one that won first.
    pub values: Vec<ConflictValue>,
}

/// One of a conflict's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value as stored (numbers in their stored unit, e.g. fen).
    pub value: String,
    /// Who set it, when the change was made by a Rounds client.
    pub by: Option<UserId>,
}

fn show(doc: &AutoCommit, value: &Value<'_>, id: &automerge::ObjId) -> String {
    match value {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(s) => s.to_string(),
            ScalarValue::Int(i) => i.to_string(),
            ScalarValue::Uint(u) => u.to_string(),
            ScalarValue::F64(f) => f.to_string(),
            ScalarValue::Boolean(b) => b.to_string(),
            ScalarValue::Timestamp(t) => t.to_string(),
            ScalarValue::Null => String::new(),
            other => format!("{other}"),
        },
        Value::Object(ObjType::Text) => doc.text(id).unwrap_or_default(),
        Value::Object(_) => String::new(),
    }
}

fn author(id: &ObjId) -> Option<UserId> {
    match id {
        ObjId::Id(_, actor, _) => user_of(actor),
        ObjId::Root => None,
    }
}

/// The conflicting fields of record `id` of `R`'s collection.
pub(crate) fn of_record<R: Record>(doc: &AutoCommit, id: R::Id) -> Vec<Conflict> {
    let Some(obj) = collection::find(doc, R::COLLECTION, &id.to_string()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // One scan finds the fields in conflict; only those are read value by value.
    let fields: Vec<String> = doc
        .map_range(&obj, ..)
        .filter(|item| item.conflict)
        .map(|item| item.key.into_owned())
        .collect();
    for field in fields {
        let all = doc.get_all(&obj, field.as_str()).unwrap_or_default();
        if all.len() < 2 {
            continue;
        }
        let winner = doc
            .get(&obj, field.as_str())
            .ok()
            .flatten()
            .map(|(_, id)| id);
        let mut values: Vec<(bool, ConflictValue)> = all
            .iter()
            .map(|(v, vid)| {
                let value = ConflictValue {
                    value: show(doc, v, vid),
                    by: author(vid),
                };
                (Some(vid) == winner.as_ref(), value)
            })
            .collect();
        values.sort_by_key(|(won, _)| !*won);
        out.push(Conflict {
            field,
            values: values.into_iter().map(|(_, v)| v).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::doc::{AccountDoc, actor_for};
    use crate::ids::{AccountId, OpportunityId};
    use crate::model::{Account, HospitalLevel, Opportunity};
    use crate::money::Money;
    use crate::time::Timestamp;

    #[test]
    fn both_values_of_a_concurrent_edit_are_listed_with_their_authors_winner_first() {
        let (rep, manager) = (UserId::generate(), UserId::generate());
        let account = Account::new(
            AccountId::generate(),
            "省人民医院",
            HospitalLevel::Grade3A,
            "",
            rep,
            Timestamp(1),
        );
        let mut phone = AccountDoc::create(&account).unwrap();
        phone.automerge().set_actor(actor_for(rep));
        let opp = Opportunity::new(
            OpportunityId::generate(),
            "彩超",
            "超声",
            Money::from_yuan(100),
            "analyse".parse().unwrap(),
            Timestamp(2),
            rep,
        );
        phone.put(&opp).unwrap();
        let mut laptop = phone.fork();
        laptop.automerge().set_actor(actor_for(manager));

        let mut by_rep = opp.clone();
        by_rep.amount = Money::from_yuan(200);
        phone.put(&by_rep).unwrap();
        let mut by_manager = opp.clone();
        by_manager.amount = Money::from_yuan(300);
        by_manager.title = "彩超 二期".into();
        laptop.put(&by_manager).unwrap();
        phone.merge(&mut laptop).unwrap();

        let conflicts = phone.conflicts::<Opportunity>(opp.id);
        assert_eq!(
            conflicts.len(),
            1,
            "only the amount was set by both: {conflicts:?}"
        );
        let amount = &conflicts[0];
        assert_eq!(amount.field, "amount");
        let shown = phone.get::<Opportunity>(opp.id).unwrap().value.amount;
        assert_eq!(
            amount.values[0].value,
            shown.fen().to_string(),
            "the winner comes first"
        );
        let mut authors: Vec<_> = amount.values.iter().map(|v| v.by).collect();
        authors.sort();
        let mut expected = vec![Some(rep), Some(manager)];
        expected.sort();
        assert_eq!(authors, expected);
        assert!(
            phone
                .conflicts::<Opportunity>(OpportunityId::generate())
                .is_empty()
        );
    }
}
