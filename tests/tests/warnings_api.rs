//! `GET /api/v1/warnings` over data synced through the real sync endpoint: the deals at risk
//! with their warnings, counts per rep, filters, scope, CSV, and warnings clearing as the
//! rep records what was missing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rounds_shared::api::WarningsReport;
use rounds_shared::deal::WarningKind;
use rounds_shared::ids::{OpportunityId, UserId};
use rounds_shared::model::{
    AnswerState, Attitude, BuyingRole, Contact, Opportunity, ProcurementStep, Qualification,
    Qualifier, Stakeholder, Visit,
};
use rounds_shared::money::Money;
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{DAY_MS, Timestamp};
use rounds_tests::{TestServer, TwoTeams, edit_account};

fn now() -> Timestamp {
    Timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    )
}

fn person(name: &str, role: BuyingRole, by: UserId) -> Contact {
    Contact {
        department: "检验科".into(),
        roles: BTreeSet::from([role]),
        attitude: Some(Attitude::Supporter),
        ..Contact::new(name, by, now())
    }
}

fn deal(title: &str, yuan: i64, stage: &str, created: Timestamp, by: UserId) -> Opportunity {
    Opportunity::new(
        OpportunityId::generate(),
        title,
        "生化",
        Money::from_yuan(yuan),
        stage.parse().unwrap(),
        created,
        by,
    )
}

fn known() -> Qualification {
    Qualification {
        state: AnswerState::Known,
        note: "已确认".into(),
    }
}

async fn report(server: &TestServer, token: &str, query: &str) -> WarningsReport {
    let (status, body) = server
        .get(token, &format!("/api/v1/warnings{query}"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{query}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn kinds(r: &WarningsReport, title: &str) -> Vec<WarningKind> {
    let d = r
        .deals
        .iter()
        .find(|d| d.opportunity.title == title)
        .expect("the deal is listed");
    d.warnings.iter().map(|w| w.kind).collect()
}

#[tokio::test]
async fn warnings_per_deal_and_rep_follow_the_synced_data() {
    let server = TestServer::start().await.unwrap();
    let TwoTeams { wu, he, zhou } = server.two_teams().unwrap();
    let wu_doc = DocumentId::from(server.account("无锡市人民医院", "wu").unwrap());
    let he_doc = DocumentId::from(server.account("常州市第一人民医院", "he").unwrap());
    let zhou_doc = DocumentId::from(server.account("成都市第三人民医院", "zhou").unwrap());
    let t = now();

    // wu: a healthy deal, and one with the budget unknown at 呈现价值 whose hospital has only
    // just raised the need (stage ahead of the procurement step).
    let dean = person("张院长", BuyingRole::DecisionMaker, wu.id);
    let chief = person("李主任", BuyingRole::Coach, wu.id);
    let mut healthy = deal("生化流水线", 2_000_000, "present_value", t, wu.id);
    let mut risky = deal("化学发光", 900_000, "present_value", t, wu.id);
    for o in [&mut healthy, &mut risky] {
        o.stakeholders.insert(dean.id, Stakeholder::default());
        o.stakeholders.insert(chief.id, Stakeholder::default());
        for q in Qualifier::ALL {
            o.mancoht.insert(*q, known());
        }
        o.procurement = Some(ProcurementStep::Tender);
    }
    risky.mancoht.remove(&Qualifier::Money);
    risky.procurement = Some(ProcurementStep::NeedRaised);
    let mut met = Visit::new(t.plus_days(-3), wu.id);
    met.contacts = BTreeSet::from([dean.id, chief.id]);
    met.purpose = "技术交流".into();
    let mut phone = server.online("wu", &[wu_doc]).await.unwrap();
    edit_account(&mut phone.engine, wu_doc, |d| {
        d.put(&dean).unwrap();
        d.put(&chief).unwrap();
        d.put(&healthy).unwrap();
        d.put(&risky).unwrap();
        d.put(&met).unwrap();
    })
    .unwrap();
    phone.changed(wu_doc).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());

    // he: a deal at 挖掘需求 opened 40 days ago, nobody known, never visited.
    let lonely = deal(
        "凝血仪",
        300_000,
        "dig_needs",
        Timestamp(t.0 - 40 * DAY_MS),
        he.id,
    );
    let mut other = server.online("he", &[he_doc]).await.unwrap();
    edit_account(&mut other.engine, he_doc, |d| d.put(&lonely).unwrap()).unwrap();
    other.changed(he_doc).await.unwrap();
    assert!(other.sync(Duration::from_secs(20)).await.unwrap());

    // zhou, in another team: the same, out of lin's sight.
    let far = deal(
        "尿液线",
        100_000,
        "dig_needs",
        Timestamp(t.0 - 40 * DAY_MS),
        zhou.id,
    );
    let mut west = server.online("zhou", &[zhou_doc]).await.unwrap();
    edit_account(&mut west.engine, zhou_doc, |d| d.put(&far).unwrap()).unwrap();
    west.changed(zhou_doc).await.unwrap();
    assert!(west.sync(Duration::from_secs(20)).await.unwrap());

    let lin = server.login("lin").await.unwrap();
    let all = report(&server, &lin, "").await;
    let titles: Vec<&str> = all
        .deals
        .iter()
        .map(|d| d.opportunity.title.as_str())
        .collect();
    // Most warnings first; the healthy deal and the other team's are not there.
    assert_eq!(titles, ["凝血仪", "化学发光"], "{all:?}");
    assert_eq!(
        kinds(&all, "化学发光"),
        [
            WarningKind::QualificationGap,
            WarningKind::AheadOfProcurement
        ]
    );
    assert_eq!(
        kinds(&all, "凝血仪"),
        [
            WarningKind::NoCoach,
            WarningKind::DecisionMakerUnknown,
            WarningKind::QualificationGap,
            WarningKind::NoRecentVisit
        ]
    );
    let gap = &all.deals[1].warnings[0];
    assert_eq!(gap.questions, [Qualifier::Money]);
    assert_eq!((all.total, all.limit, all.offset), (2, 100, 0));
    // A page: the counts still cover every deal.
    let second = report(&server, &lin, "?limit=1&offset=1").await;
    assert_eq!(second.total, 2);
    assert_eq!(second.deals.len(), 1);
    assert_eq!(second.deals[0].opportunity.title, "化学发光");
    assert_eq!(second.per_rep.len(), 2);
    // A stage: the drill-down's deals.
    let dig = report(&server, &lin, "?stage=dig_needs").await;
    assert_eq!(dig.deals.len(), 1);
    assert_eq!(dig.deals[0].opportunity.title, "凝血仪");
    let per_rep: Vec<(UserId, usize, usize)> = all
        .per_rep
        .iter()
        .map(|r| (r.rep, r.deals, r.warnings))
        .collect();
    assert_eq!(per_rep, [(he.id, 1, 4), (wu.id, 1, 2)]);

    // Filters: a rep, a kind; a kind that does not exist is refused with the choices.
    let only_wu = report(&server, &lin, "?rep=wu").await;
    assert_eq!(only_wu.deals.len(), 1);
    assert_eq!(only_wu.per_rep.len(), 1);
    let no_coach = report(&server, &lin, "?warning=no_coach").await;
    assert_eq!(no_coach.deals.len(), 1);
    assert_eq!(no_coach.deals[0].opportunity.title, "凝血仪");
    let (status, body) = server
        .get(&lin, "/api/v1/warnings?warning=bored")
        .await
        .unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("single_threaded"), "{body}");

    // A rep sees their own deals only.
    let mine = report(&server, &server.login("wu").await.unwrap(), "").await;
    assert_eq!(mine.deals.len(), 1);

    // CSV: one row per warning, with the rep's name and the reason in words.
    let (status, csv) = server
        .get(&lin, "/api/v1/warnings?format=csv")
        .await
        .unwrap();
    assert_eq!(status, 200);
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 1 + 6, "{csv}");
    assert!(
        lines[0].contains("预警") && lines[0].contains("建议"),
        "{}",
        lines[0]
    );
    assert!(
        csv.contains("MANCOHT 缺口") && csv.contains("未确认: 资金预算"),
        "{csv}"
    );

    // wu confirms the budget and records that the tender is out: the deal's warnings clear.
    edit_account(&mut phone.engine, wu_doc, |d| {
        let mut o = d.get::<Opportunity>(risky.id).unwrap().value;
        o.mancoht.insert(Qualifier::Money, known());
        o.procurement = Some(ProcurementStep::Tender);
        d.put(&o).unwrap();
    })
    .unwrap();
    phone.changed(wu_doc).await.unwrap();
    assert!(phone.sync(Duration::from_secs(20)).await.unwrap());
    let after = report(&server, &lin, "").await;
    let titles: Vec<&str> = after
        .deals
        .iter()
        .map(|d| d.opportunity.title.as_str())
        .collect();
    assert_eq!(titles, ["凝血仪"]);
}
