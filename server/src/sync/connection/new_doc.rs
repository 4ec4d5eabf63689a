//! Documents created offline: a document the server has never seen arrives with `sync`, is
//! collected until its content is there, checked, and stored — a hospital account as the
//! creator's, a hand-off notice as issued by them; then everyone who may see it gets it in
//! their index.

use axum::extract::ws::WebSocket;
use rounds_shared::ids::TeamId;
use rounds_shared::sync::{Access, Close, DocMessage, NewAccount, NewNotice, NewStep};
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
        let (mut document, ops, len) = tokio::task::spawn_blocking(move || {
            let mut document = document;
            let ops =
                crate::projection::new_account(&mut document, &account, owner, &template, now);
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
                    send_all(socket, msgs).await
                }
                other => Err(internal(&other)),
            };
        }
        tracing::info!(connection = self.id, account = %account_id, "account created by sync");
        self.kinds.insert(id, DocKind::Account(account_id));
        let reply = self.session()?.created(id, &mut document);
        self.state
            .hub
            .adopt(id, document, DocKind::Account(account_id), len);
        self.refresh_indexes_after_create(account_id).await?;
        if let Some(reply) = reply {
            send(socket, reply).await?;
        }
        Ok(())
    }

    async fn issue(&mut self, socket: &mut WebSocket, new: NewNotice) -> Result<(), Close> {
        let NewNotice {
            doc: id,
            notice,
            document,
        } = new;
        let now = Timestamp(now_ms());
        let notice_id = notice.id;
        let (mut document, ops, len) = tokio::task::spawn_blocking(move || {
            let mut document = document;
            let ops = crate::projection::new_notice(id, &mut document, notice_id, now);
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
                    send_all(socket, msgs).await
                }
                other => Err(internal(&other)),
            };
        }
        tracing::info!(connection = self.id, notice = %notice_id, department = notice.department.key(), "notice issued by sync");
        self.kinds.insert(id, DocKind::Notice(notice_id));
        let reply = self.session()?.created(id, &mut document);
        self.state
            .hub
            .adopt(id, document, DocKind::Notice(notice_id), len);
        let target = self
            .state
            .storage(move |s| Ok(s.notice_meta(notice_id)?.map(Target::Notice)))
            .await
            .map_err(|e| internal(&e))?;
        if let Some(target) = target {
            self.refresh_indexes_of(target).await?;
        }
        if let Some(reply) = reply {
            send(socket, reply).await?;
        }
        Ok(())
    }

    /// Everyone who may now see a new account gets it in their index.
    async fn refresh_indexes_after_create(
        &self,
        account: rounds_shared::ids::AccountId,
    ) -> Result<(), Close> {
        let target = self
            .state
            .storage(move |s| {
                Ok(s.account(account)?.map(|row| Target::Account {
                    owner: row.owner,
                    owner_team: row.owner_team,
                }))
            })
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
