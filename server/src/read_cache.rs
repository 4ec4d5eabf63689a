//! The read model kept in memory, per account: its opportunities (for the funnel queries)
//! and its buying facts (contacts and visits summed up, for the deal warnings). Queries
//! filter the accounts in SQL (so ownership is always current) and take the rest from here.
//! An account is loaded on first use and dropped whenever its projection is written, so the
//! cache never shows less than SQLite.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use rounds_shared::ids::AccountId;
use rounds_shared::model::Opportunity;
use rounds_shared::time::Timestamp;

use crate::storage::{BuyingFacts, OppQuery, OppRow, Store, StoreError, blocking};

type Opps = Vec<Arc<Opportunity>>;

#[derive(Debug, Default)]
struct Inner {
    opportunities: HashMap<AccountId, Arc<Opps>>,
    facts: HashMap<AccountId, Arc<BuyingFacts>>,
    /// Bumped on every write of an account, so a load that raced a write is not cached.
    generations: HashMap<AccountId, u64>,
}

/// Per-account read model in memory.
pub struct ReadCache {
    store: Arc<dyn Store>,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache").finish_non_exhaustive()
    }
}

fn poisoned() -> StoreError {
    StoreError::Task("read cache lock poisoned".into())
}

impl ReadCache {
    /// An empty cache over `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The account's read model changed.
    pub fn invalidate(&self, account: AccountId) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.opportunities.remove(&account);
            inner.facts.remove(&account);
            *inner.generations.entry(account).or_default() += 1;
        }
    }

    /// The values of `accounts` in the map `slot` picks, loading the missing ones with
    /// `load` (which may leave out accounts that have nothing: they get the default).
    async fn through<T, F, Fut>(
        &self,
        accounts: &[AccountId],
        slot: fn(&mut Inner) -> &mut HashMap<AccountId, Arc<T>>,
        load: F,
    ) -> Result<HashMap<AccountId, Arc<T>>, StoreError>
    where
        T: Default,
        F: FnOnce(Vec<AccountId>) -> Fut,
        Fut: Future<Output = Result<HashMap<AccountId, T>, StoreError>>,
    {
        let (mut found, missing, generations) = {
            let mut inner = self.inner.lock().map_err(|_| poisoned())?;
            let mut found = HashMap::new();
            let mut missing = Vec::new();
            for a in accounts {
                match slot(&mut inner).get(a) {
                    Some(v) => {
                        found.insert(*a, Arc::clone(v));
                    }
                    None => missing.push(*a),
                }
            }
            let generations: Vec<u64> = missing
                .iter()
                .map(|a| inner.generations.get(a).copied().unwrap_or(0))
                .collect();
            (found, missing, generations)
        };
        if missing.is_empty() {
            return Ok(found);
        }
        let mut loaded = load(missing.clone()).await?;
        let mut inner = self.inner.lock().map_err(|_| poisoned())?;
        for (account, generation) in missing.iter().zip(generations) {
            let value = Arc::new(loaded.remove(account).unwrap_or_default());
            if inner.generations.get(account).copied().unwrap_or(0) == generation {
                slot(&mut inner).insert(*account, Arc::clone(&value));
            }
            found.insert(*account, value);
        }
        Ok(found)
    }

    /// The opportunities `query` covers.
    pub async fn opportunities(&self, query: &OppQuery) -> Result<Vec<OppRow>, StoreError> {
        let q = query.clone();
        let accounts = blocking(Arc::clone(&self.store), move |s| s.accounts_matching(&q)).await?;
        let ids: Vec<AccountId> = accounts.iter().map(|a| a.id).collect();
        let store = Arc::clone(&self.store);
        let found = self
            .through(
                &ids,
                |i| &mut i.opportunities,
                |missing| async move {
                    let loaded = blocking(store, move |s| s.opportunities_of(&missing)).await?;
                    let mut grouped: HashMap<AccountId, Opps> = HashMap::new();
                    for (account, opp) in loaded {
                        grouped.entry(account).or_default().push(Arc::new(opp));
                    }
                    Ok(grouped)
                },
            )
            .await?;
        Ok(query.rows(&accounts, |a| found.get(&a).map(|o| o.as_slice())))
    }

    /// The buying facts of `accounts`: their contacts and their visits summed up as of
    /// `now`. A summary cached earlier serves later requests too: its recent visits reach
    /// back further than a later "recent" does, and the rules take only those in reach.
    pub async fn buying_facts(
        &self,
        accounts: &[AccountId],
        now: Timestamp,
    ) -> Result<HashMap<AccountId, Arc<BuyingFacts>>, StoreError> {
        let store = Arc::clone(&self.store);
        self.through(
            accounts,
            |i| &mut i.facts,
            |missing| async move { blocking(store, move |s| s.buying_facts(&missing, now)).await },
        )
        .await
    }
}
