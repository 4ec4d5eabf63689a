//! The read model's opportunities kept in memory, per account: funnel queries filter the
//! accounts in SQL (so ownership is always current) and take the opportunities from here.
//! An account is loaded on first use and dropped whenever its projection is written, so the
//! cache never shows less than SQLite.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rounds_shared::ids::AccountId;
use rounds_shared::model::Opportunity;

use crate::storage::{OppQuery, OppRow, Store, StoreError, blocking};

type Opps = Arc<Vec<Arc<Opportunity>>>;

#[derive(Debug, Default)]
struct Inner {
    accounts: HashMap<AccountId, Opps>,
    /// Bumped on every write of an account, so a load that raced a write is not cached.
    generations: HashMap<AccountId, u64>,
}

/// Opportunities per account, in memory.
pub struct ReadCache {
    store: Arc<dyn Store>,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for ReadCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache").finish_non_exhaustive()
    }
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
            inner.accounts.remove(&account);
            *inner.generations.entry(account).or_default() += 1;
        }
    }

    /// The opportunities `query` covers.
    pub async fn opportunities(&self, query: &OppQuery) -> Result<Vec<OppRow>, StoreError> {
        let q = query.clone();
        let accounts = blocking(Arc::clone(&self.store), move |s| s.accounts_matching(&q)).await?;
        let (mut found, missing, generations) = {
            let inner = self
                .inner
                .lock()
                .map_err(|_| StoreError::Task("read cache lock poisoned".into()))?;
            let mut found: HashMap<AccountId, Opps> = HashMap::new();
            let mut missing = Vec::new();
            for a in &accounts {
                match inner.accounts.get(&a.id) {
                    Some(opps) => {
                        found.insert(a.id, Arc::clone(opps));
                    }
                    None => missing.push(a.id),
                }
            }
            let generations: Vec<u64> = missing
                .iter()
                .map(|a| inner.generations.get(a).copied().unwrap_or(0))
                .collect();
            (found, missing, generations)
        };
        if !missing.is_empty() {
            let ids = missing.clone();
            let loaded =
                blocking(Arc::clone(&self.store), move |s| s.opportunities_of(&ids)).await?;
            let mut grouped: HashMap<AccountId, Vec<Arc<Opportunity>>> =
                missing.iter().map(|a| (*a, Vec::new())).collect();
            for (account, opp) in loaded {
                grouped.entry(account).or_default().push(Arc::new(opp));
            }
            let mut inner = self
                .inner
                .lock()
                .map_err(|_| StoreError::Task("read cache lock poisoned".into()))?;
            for (account, generation) in missing.iter().zip(generations) {
                let opps: Opps = Arc::new(grouped.remove(account).unwrap_or_default());
                if inner.generations.get(account).copied().unwrap_or(0) == generation {
                    inner.accounts.insert(*account, Arc::clone(&opps));
                }
                found.insert(*account, opps);
            }
        }
        Ok(query.rows(&accounts, |a| found.get(&a).map(|o| o.as_slice())))
    }
}
