//! What this connection's user may do: access to each document (decided by
//! `sync::access`, cached by the session), the session checked again on every tick and
//! access change, and the teams they manage.

use rounds_shared::doc::{Desk, Writer};
use rounds_shared::model::UserRole;
use rounds_shared::sync::{Access, Close, DocAccess, DocumentId, code};
use rounds_shared::time::Timestamp;

use super::super::access::{Target, decide, handover_delivery};
use super::{Conn, internal};
use crate::state::now_ms;
use crate::storage::DocKind;

impl Conn {
    /// What this user may do with `id`, and what it is (`None`: the server does not have
    /// it), decided by the access rule.
    pub(super) async fn lookup(
        &mut self,
        id: DocumentId,
    ) -> Result<(DocAccess, Option<DocKind>), Close> {
        let found = self.decide(id).await?;
        if let (_, Some(kind)) = found {
            self.kinds.insert(id, kind);
        }
        Ok(found)
    }

    async fn decide(&self, id: DocumentId) -> Result<(DocAccess, Option<DocKind>), Close> {
        if id == self.user.index_doc {
            return Ok((
                DocAccess::Known(Access::Read),
                Some(DocKind::Index(self.user.id)),
            ));
        }
        if id == self.user.personal_doc {
            return Ok((
                DocAccess::Known(Access::ReadWrite),
                Some(DocKind::Personal(self.user.id)),
            ));
        }
        let (me, opened) = (self.user.id, self.opened_at);
        let found = self
            .state
            .storage(move |s| {
                let Some(kind) = s.document_kind(id)? else {
                    return Ok(None);
                };
                // Handed over from this user before this connection opened.
                let handed_over = match kind {
                    DocKind::Account(a) => s
                        .handed_over(a, me)?
                        .is_some_and(|at| handover_delivery(at, opened, Timestamp(now_ms()))),
                    DocKind::Index(_) | DocKind::Personal(_) | DocKind::Notice(_) => false,
                };
                let target = match kind {
                    DocKind::Account(a) => s.account(a)?.map(|row| Target::from(&row)),
                    DocKind::Index(u) => Some(Target::Index { user: u }),
                    DocKind::Personal(u) => s.user(u)?.map(|owner| Target::Personal {
                        owner: owner.id,
                        owner_team: owner.team,
                    }),
                    DocKind::Notice(n) => s.notice_meta(n)?.map(Target::Notice),
                };
                Ok(target.map(|t| (t, kind, handed_over)))
            })
            .await
            .map_err(|e| internal(&e))?;
        Ok(match found {
            Some((target, kind, handed_over)) => {
                // Delivery only, when the user no longer has the account otherwise.
                let access = match decide(&self.user, &self.managed, target) {
                    Access::None if handed_over && !self.user.disabled => Access::Handover,
                    access => access,
                };
                (DocAccess::Known(access), Some(kind))
            }
            None => (DocAccess::Unknown, None),
        })
    }

    /// Who may see what may have changed (an assignment, a team move, a session ended):
    /// the session is checked again, and every document's access decided afresh.
    pub(super) async fn on_access_changed(&mut self) -> Result<(), Close> {
        self.check_session().await?;
        self.load_managed().await?;
        self.session()?.forget_access();
        Ok(())
    }

    /// The session must still be valid (not signed out, expired, ended by a password
    /// change, or its user disabled); the user's standing is read afresh.
    pub(super) async fn check_session(&mut self) -> Result<(), Close> {
        let hash = self.token_hash.clone();
        let now = Timestamp(now_ms());
        let user = self
            .state
            .storage(move |s| s.session_user(&hash, now))
            .await
            .map_err(|e| internal(&e))?;
        match user {
            Some(user) => {
                self.user = user;
                Ok(())
            }
            None => Err(Close::policy(
                code::POLICY,
                "your session has ended (signed out, expired, password changed or account disabled); sign in again",
            )),
        }
    }

    /// The teams this user manages and the reps in them, for access and for the rules of
    /// who may write what.
    pub(super) async fn load_managed(&mut self) -> Result<(), Close> {
        let who = self.user.id;
        let role = self.user.role;
        let (managed, reps, desk) = self
            .state
            .storage(move |s| {
                let managed = s.managed_teams(who)?;
                let mut reps = std::collections::BTreeSet::new();
                for team in &managed {
                    reps.extend(s.team_members(*team)?);
                }
                // A department user's colleagues, to whom a notice may be passed on.
                let desk = match role.department() {
                    Some(department) => Some(Desk {
                        department,
                        members: s
                            .users()?
                            .into_iter()
                            .filter(|u| u.role == role && !u.disabled)
                            .map(|u| u.id)
                            .collect(),
                    }),
                    None => None,
                };
                Ok((managed, reps, desk))
            })
            .await
            .map_err(|e| internal(&e))?;
        self.managed = managed;
        let writer = Writer {
            user: self.user.id,
            admin: self.user.role == UserRole::Admin,
            inside_sales: self.user.role == UserRole::InsideSales,
            manages: if self.user.role == UserRole::Manager {
                reps
            } else {
                Default::default()
            },
            desk,
        };
        self.session()?.set_writer(writer);
        Ok(())
    }
}
