//! Documents created offline: a document the server has never seen arrives with `sync`, is
//! collected until its content is there, checked, and stored — a hospital account as the
//! creator's, a hand-off notice as issued by them; then everyone who may see it gets it in
//! their index.

use automerge::AutoCommit;
use axum::extract::ws::WebSocket;
use rounds_shared::ids::TeamId;
use rounds_shared::sync::{
    Access, Close, DocMessage, DocumentId, Message, NewAccount, NewNotice, NewStep,
};
use rounds_shared::time::Timestamp;

use super::{Conn, internal, send, send_all};
use crate::state::now_ms;
use crate::storage::{DocKind, StoreError, WriteOp};
use crate::sync::access::{Target, decide};

impl Conn {
    /// A document the server has never seen, sent with `sync`: a hospital account created
    /// offline, stored as the user's once its content has arrived.
    pub(super) async fn on_new_doc(
        &mut self,
        socket: &mut WebSocket,
        m: DocMessage,
    ) -> Result<(), Close> {
        let mut session = self
            .session
            .take()
            .ok_or_else(|| internal(&"the session was lost to a failed task"))?;
        let done = tokio::task::spawn_blocking(move || {
            let step = session.receive_new(m);
            (session, step)
        })
        .await
        .map_err(|e| internal(&format!("document work failed: {e}")))?;
        self.session = Some(done.0);
        match done.1? {
            NewStep::Reply(reply) => match reply {
                Some(msg) => send(socket, msg).await,
                None => Ok(()),
            },
            NewStep::Refused(msgs) => {
                for m in &msgs {
                    if let rounds_shared::sync::Message::Error { message, .. } = m {
                        tracing::info!(connection = self.id, user = %self.user.username, %message, "new document refused");
                    }
                }
                send_all(socket, msgs).await
            }
            NewStep::Create(new) => self.create(socket, *new).await,
            NewStep::Issue(new) => self.issue(socket, *new).await,
        }
    }

    async fn create(&mut self, socket: &mut WebSocket, new: NewAccount) -> Result<(), Close> {
        let NewAccount {
            doc: id,
            account,
            document,
        } = new;
        let template = self.state.hub.template().await.map_err(|e| internal(&e))?;
        let (owner, now) = (self.user.id, Timestamp(now_ms()));
        let account_id = account.id;
        let kind = DocKind::Account(account_id);
        let stored = self
            .store_new(socket, id, kind, document, move |d| {
                crate::projection::new_account(d, &account, owner, &template, now)
            })
            .await?;
        let Some(reply) = stored else { return Ok(()) };
        tracing::info!(connection = self.id, account = %account_id, "account created by sync");
        self.refresh_indexes_after_create(account_id).await?;
        match reply {
            Some(reply) => send(socket, reply).await,
            None => Ok(()),
        }
    }

    async fn issue(&mut self, socket: &mut WebSocket, new: NewNotice) -> Result<(), Close> {
        let NewNotice {
            doc: id,
            notice,
            document,
        } = new;
        let now = Timestamp(now_ms());
        let notice_id = notice.id;
        let kind = DocKind::Notice(notice_id);
        let stored = self
            .store_new(socket, id, kind, document, move |d| {
                crate::projection::new_notice(id, d, notice_id, now)
            })
            .await?;
        let Some(reply) = stored else { return Ok(()) };
        tracing::info!(connection = self.id, notice = %notice_id, department = notice.department.key(), "notice issued by sync");
        let target = self
            .state
            .storage(move |s| Ok(s.notice_meta(notice_id)?.map(Target::Notice)))
            .await
            .map_err(|e| internal(&e))?;
        if let Some(target) = target {
            self.refresh_indexes_of(target).await?;
        }
        match reply {
            Some(reply) => send(socket, reply).await,
            None => Ok(()),
        }
    }

    /// Stores a document created offline with the writes `ops` makes for it (on the
    /// blocking pool), and makes it live. `None` when storage refused it as a duplicate
    /// (the client has been told); otherwise the reply to send once the caller is done.
    async fn store_new(
        &mut self,
        socket: &mut WebSocket,
        id: DocumentId,
        kind: DocKind,
        document: AutoCommit,
        ops: impl FnOnce(&mut AutoCommit) -> Vec<WriteOp> + Send + 'static,
    ) -> Result<Option<Option<Message>>, Close> {
        let (mut document, ops, len) = tokio::task::spawn_blocking(move || {
            let mut document = document;
            let ops = ops(&mut document);
            let len = ops.iter().map(WriteOp::stored_bytes).sum::<usize>();
            (document, ops, len)
        })
        .await
        .map_err(|e| internal(&format!("document work failed: {e}")))?;
        if let Err(e) = self.state.storage(move |s| s.write(ops)).await {
            return match e {
                StoreError::Duplicate(what) => {
                    let msgs = self
                        .session()?
                        .refused(id, &format!("{what} already exists"));
                    send_all(socket, msgs).await.map(|()| None)
                }
                other => Err(internal(&other)),
            };
        }
        self.kinds.insert(id, kind);
        let reply = self.session()?.created(id, &mut document);
        self.state.hub.adopt(id, document, kind, len);
        Ok(Some(reply))
    }

    /// Everyone who may now see a new account gets it in their index.
    async fn refresh_indexes_after_create(
        &self,
        account: rounds_shared::ids::AccountId,
    ) -> Result<(), Close> {
        let target = self
            .state
            .storage(move |s| Ok(s.account(account)?.map(|row| Target::from(&row))))
            .await
            .map_err(|e| internal(&e))?;
        match target {
            Some(target) => self.refresh_indexes_of(target).await,
            None => Ok(()),
        }
    }

    /// Everyone who may see `target` gets their index brought up to date.
    async fn refresh_indexes_of(&self, target: Target) -> Result<(), Close> {
        let users = self
            .state
            .storage(move |s| {
                let teams = s.teams()?;
                Ok(s.users()?
                    .into_iter()
                    .filter(|u| {
                        let managed: Vec<TeamId> = teams
                            .iter()
                            .filter(|t| t.managers.contains(&u.id))
                            .map(|t| t.id)
                            .collect();
                        decide(u, &managed, target) != Access::None
                    })
                    .collect::<Vec<_>>())
            })
            .await
            .map_err(|e| internal(&e))?;
        for u in users {
            self.state
                .hub
                .refresh_index(&u)
                .await
                .map_err(|e| internal(&e))?;
        }
        Ok(())
    }
}
