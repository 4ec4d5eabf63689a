//! `rounds-server demo`: a realistic organisation for trying Rounds and for benchmarks —
//! teams, managers, reps, hospitals with Chinese names and grades, opportunities spread over
//! the funnel with full stage histories (one rep's funnel deliberately not funnel-shaped),
//! and visit reports over the last two quarters. Everything is written as real Automerge
//! documents through the same write operations as synced changes (chunks and projection).
//! The same seed gives the same organisation.

mod desks;
mod evidence;
mod people;

use rounds_shared::doc::AccountDoc;
use rounds_shared::ids::{AccountId, CoVisitId, OpportunityId, UserId, VisitId};
use rounds_shared::model::{
    Account, AccountAttitude, AccountClass, Audit, CoVisit, CoVisitKind, HospitalLevel, LostInfo,
    Opportunity, OrgConfig, PaymentRecord, Target, TargetSubject, Visit, Zone,
};
use rounds_shared::money::Money;
use rounds_shared::stage::{Position, StageTemplate};
use rounds_shared::time::{DAY_MS, PeriodKey, Timestamp, TzOffset};

use crate::admin;
use crate::storage::{OrgOp, Store, User, WriteOp};

/// How big an organisation to make.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Teams (each with one manager).
    pub teams: usize,
    /// Reps, spread over the teams.
    pub reps: usize,
    /// Hospital accounts, spread over the reps.
    pub accounts: usize,
    /// Opportunities, spread over the accounts.
    pub opportunities: usize,
    /// Visit reports over the last two quarters.
    pub visits: usize,
}

impl Scale {
    /// The demo organisation of the README's run command.
    pub const DEMO: Scale = Scale {
        teams: 2,
        reps: 12,
        accounts: 300,
        opportunities: 1_500,
        visits: 8_000,
    };
}

/// Each rep's target for the current quarter, in yuan.
const REP_TARGET: i64 = 7_000_000;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "rounds-demo";

/// A small deterministic random generator (xorshift64*), so a seed always gives the same
/// organisation (and a fuzz or chaos run can be repeated).
#[derive(Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed` (0 counts as 1).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.bits() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = (self.bits() % u64::from(total.max(1))) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

const CITIES: &[&str] = &[
    "上海", "杭州", "南京", "苏州", "宁波", "合肥", "无锡", "温州", "常州", "绍兴", "广州", "深圳",
    "佛山", "东莞", "厦门", "福州", "泉州", "南宁", "海口", "珠海", "嘉兴", "扬州", "芜湖", "汕头",
];
const KINDS: &[&str] = &[
    "市第一人民医院",
    "市第二人民医院",
    "市中心医院",
    "市中医院",
    "市妇幼保健院",
    "市人民医院",
    "大学附属第一医院",
    "大学附属第二医院",
    "市第三人民医院",
    "市肿瘤医院",
    "区人民医院",
    "市儿童医院",
];
const REP_NAMES: &[(&str, &str)] = &[
    ("zhangwei", "张伟"),
    ("wangfang", "王芳"),
    ("lina", "李娜"),
    ("liuyang", "刘洋"),
    ("chenjing", "陈静"),
    ("yangfan", "杨帆"),
    ("zhaolei", "赵磊"),
    ("huangmin", "黄敏"),
    ("zhoujie", "周杰"),
    ("wuxia", "吴霞"),
    ("xuqiang", "徐强"),
    ("sunli", "孙丽"),
    ("mahui", "马慧"),
    ("zhuhong", "朱红"),
    ("huboo", "胡博"),
    ("guoyu", "郭宇"),
];
const PRODUCTS: &[(&str, &str, i64)] = &[
    ("生化", "全自动生化分析仪", 300_000),
    ("免疫", "化学发光免疫分析仪", 500_000),
    ("血球", "五分类血细胞分析仪", 120_000),
    ("尿液", "尿液分析流水线", 100_000),
    ("凝血", "全自动凝血分析仪", 90_000),
    ("分子", "核酸检测系统", 800_000),
];
const PURPOSES: &[&str] = &[
    "初次拜访，了解检验科需求",
    "介绍新款设备性能",
    "跟进试用情况",
    "技术交流",
    "商务谈判",
    "了解招标进度",
    "回访装机后使用情况",
    "与设备科沟通预算",
    "安排产品演示",
    "催收货款",
];
const CONTENTS: &[&str] = &[
    "与检验科主任面谈，对方关注检测速度和试剂成本，希望看到同级医院的使用数据。",
    "设备科科长表示今年预算偏紧，需要财务处参与论证。",
    "试用两周，科室反馈结果稳定，操作人员希望增加培训。",
    "竞争对手报价更低，但主任认可我们的售后服务。",
    "院长办公会已讨论立项，下月可能挂网招标。",
    "装机后运行正常，日均标本量约八百份。",
];
const NEXT_STEPS: &[&str] = &[
    "下周安排应用工程师现场演示",
    "提交两家三甲医院的使用报告",
    "约设备科长一起吃饭沟通",
    "准备投标文件",
    "跟进回款进度",
    "请经理协同拜访院长",
];
const DEPARTMENTS: &[&str] = &["检验科", "设备科", "临床实验室", "输血科", "病理科"];

/// A stage path: how many stages an opportunity went through, given where it ends.
fn history(
    rng: &mut Rng,
    template: &StageTemplate,
    end: usize,
    created: Timestamp,
    now: Timestamp,
    by: UserId,
    opp: &mut Opportunity,
) {
    let start = if end == 0 {
        0
    } else {
        rng.below(end.min(3) + 1)
    };
    opp.position = Position::Stage(template.stages[start].key.clone());
    opp.history[0].to = opp.position.clone();
    opp.history[0].at = created;
    let steps = end - start;
    let span = (now.0 - created.0).max(DAY_MS);
    let mut at = created;
    for s in 1..=steps {
        at = Timestamp((created.0 + span * s as i64 / (steps as i64 + 1)).min(now.0 - 1));
        let to = Position::Stage(template.stages[start + s].key.clone());
        let _ = opp.move_to(to, at, by);
    }
    // Some opportunities slipped back a stage on the way.
    if end >= 2 && rng.below(10) == 0 {
        let back = Position::Stage(template.stages[end - 1].key.clone());
        let fwd = opp.position.clone();
        let _ = opp.move_to(back, Timestamp((at.0 + DAY_MS).min(now.0 - 1)), by);
        let _ = opp.move_to(fwd, Timestamp((at.0 + 3 * DAY_MS).min(now.0 - 1)), by);
    }
}

/// Fills an empty database with a demo organisation. Returns the users made.
pub fn generate(
    store: &dyn Store,
    scale: Scale,
    seed: u64,
    now: Timestamp,
) -> Result<Vec<User>, admin::AdminError> {
    if !store.users()?.is_empty() {
        return Err(admin::AdminError::Invalid(
            "the database already has users; the demo fills an empty database".into(),
        ));
    }
    let mut rng = Rng::new(seed);
    let mut people = Rng::new(seed ^ 0x5eed_c0de_0000_0001);
    let tz = TzOffset::BEIJING;
    let quarter = PeriodKey::quarter_of(now.date(tz));
    let mut org = OrgConfig::default();
    let template = org.template.clone();
    let won_stage = template.stages.len() - 1;

    let mut users = vec![admin::add_user(
        store,
        admin::Actor::Cli,
        "admin",
        "系统管理员",
        "admin",
        None,
        DEMO_PASSWORD,
    )?];
    let team_names: Vec<String> = (0..scale.teams)
        .map(|i| {
            format!(
                "{}区{}组",
                ["华东", "华南", "华北", "西南"][i % 4],
                i / 4 + 1
            )
        })
        .collect();
    for (i, team) in team_names.iter().enumerate() {
        admin::add_team(store, admin::Actor::Cli, team)?;
        let manager = admin::add_user(
            store,
            admin::Actor::Cli,
            &format!("manager{}", i + 1),
            &format!("{}经理", ["李", "王", "赵", "钱"][i % 4]),
            "manager",
            None,
            DEMO_PASSWORD,
        )?;
        admin::manage_team(store, admin::Actor::Cli, team, &manager.username)?;
        users.push(manager);
    }
    let mut reps = Vec::new();
    for r in 0..scale.reps {
        let (login, name) = REP_NAMES[r % REP_NAMES.len()];
        let login = if r < REP_NAMES.len() {
            login.to_owned()
        } else {
            format!("{login}{r}")
        };
        let team = &team_names[r % scale.teams.max(1)];
        let rep = admin::add_user(
            store,
            admin::Actor::Cli,
            &login,
            name,
            "rep",
            Some(team),
            DEMO_PASSWORD,
        )?;
        org.targets.push(Target {
            subject: TargetSubject::Rep(rep.id),
            period: quarter,
            amount: Money::from_yuan(REP_TARGET),
        });
        reps.push(rep.clone());
        users.push(rep);
    }
    for t in store.teams()? {
        let members = reps.iter().filter(|r| r.team == Some(t.id)).count() as i64;
        org.targets.push(Target {
            subject: TargetSubject::Team(t.id),
            period: quarter,
            amount: Money::from_yuan(REP_TARGET * members),
        });
    }
    org.targets.push(Target {
        subject: TargetSubject::Org,
        period: quarter,
        amount: Money::from_yuan(REP_TARGET * scale.reps as i64),
    });
    store.write(vec![WriteOp::Org(OrgOp::SetConfig(Box::new(org.clone())))])?;

    // The last rep's funnel bulges in the middle: a coaching case for the manager.
    let bulging = reps.last().map(|r| r.id);
    let funnel_weights = [30, 22, 16, 12, 9, 6, 3, 2];
    let bulge_weights = [6, 8, 12, 30, 22, 10, 7, 5];
    // Each rep's opportunities end at stages in exact proportion to the weights, so every
    // funnel but the bulging one narrows stage by stage; lost and dropped ones are taken
    // evenly from every stage.
    let per_rep = scale.opportunities.div_ceil(reps.len().max(1));
    let plans: Vec<Vec<usize>> = reps
        .iter()
        .map(|r| {
            let rng = &mut rng;
            let w = if Some(r.id) == bulging {
                &bulge_weights
            } else {
                &funnel_weights
            };
            let total: u32 = w.iter().sum();
            let mut plan: Vec<usize> = Vec::with_capacity(per_rep);
            for (stage, weight) in w.iter().enumerate() {
                let n = (per_rep as u32 * weight).div_ceil(total) as usize;
                plan.extend(std::iter::repeat_n(stage, n));
            }
            // Rounding up makes the plan a little long; shuffle so the cut falls anywhere.
            for i in (1..plan.len()).rev() {
                plan.swap(i, rng.below(i + 1));
            }
            plan
        })
        .collect();
    let mut next_of_rep = vec![0usize; reps.len()];
    let two_quarters = 182 * DAY_MS;
    let per_account_opps = scale.opportunities / scale.accounts.max(1);
    let extra_opps = scale.opportunities % scale.accounts.max(1);
    let per_account_visits = scale.visits / scale.accounts.max(1);
    let extra_visits = scale.visits % scale.accounts.max(1);
    let levels = [
        HospitalLevel::Grade3A,
        HospitalLevel::Grade3B,
        HospitalLevel::Grade2A,
        HospitalLevel::Grade2B,
        HospitalLevel::Grade1,
    ];
    let mut batch = Vec::new();
    for a in 0..scale.accounts {
        let rep = &reps[a % reps.len()];
        // Every name different: cities first, then kinds of hospital.
        let city = CITIES[a % CITIES.len()];
        let kind = KINDS[(a / CITIES.len()) % KINDS.len()];
        let round = a / (CITIES.len() * KINDS.len());
        let name = if round == 0 {
            format!("{city}{kind}")
        } else {
            format!("{city}{kind}(第{}院区)", round + 1)
        };
        let level = levels[rng.weighted(&[25, 15, 35, 15, 10])];
        let created = Timestamp(now.0 - two_quarters - rng.below(200) as i64 * DAY_MS);
        let account = Account {
            id: AccountId::generate(),
            name,
            level,
            region: format!("{}区", city),
            address: format!(
                "{city}市{}路{}号",
                ["中山", "人民", "解放", "建设"][a % 4],
                a % 300 + 1
            ),
            // A schematic spread over a city, from the account's number (no draw on the
            // generator, so no other figure moves).
            location: Some(rounds_shared::model::GeoPoint {
                lat: 31.05 + (a % 17) as f64 * 0.013,
                lng: 121.25 + (a % 23) as f64 * 0.011,
            }),
            departments: [rng.pick(DEPARTMENTS).to_string(), "设备科".to_owned()]
                .into_iter()
                .collect(),
            annual_sample_volume: Some(50_000 + rng.below(2_000_000) as u64),
            payment_record: Some(
                [
                    PaymentRecord::Good,
                    PaymentRecord::Fair,
                    PaymentRecord::Poor,
                ][rng.weighted(&[6, 3, 1])],
            ),
            owner: rep.id,
            // An ABC class and a zone, from the account's number too: one in ten key, two
            // major, four normal, three small; the zone by the quarter of the city it is in.
            class: Some(match a % 10 {
                0 => AccountClass::Key,
                1 | 2 => AccountClass::Major,
                3..=6 => AccountClass::Normal,
                _ => AccountClass::Small,
            }),
            attitude: Some(
                [
                    AccountAttitude::Friendly,
                    AccountAttitude::Neutral,
                    AccountAttitude::Unfriendly,
                ][rng.weighted(&[4, 4, 2])],
            ),
            relationship: None,
            relationship_stage: None,
            tier: None,
            zone: Some(match (a % 17 < 9, a % 23 < 12) {
                (true, true) => Zone::A,
                (true, false) => Zone::B,
                (false, true) => Zone::C,
                (false, false) => Zone::D,
            }),
            audit: Audit::new(created, rep.id),
        };
        let mut doc = AccountDoc::create(&account)?;
        let met = people::contacts(&mut people, created, rep.id);
        for c in &met {
            doc.put(c)?;
        }
        let mut opp_ids = Vec::new();
        for _ in 0..per_account_opps + usize::from(a < extra_opps) {
            let (line, title, base) = *rng.pick(PRODUCTS);
            let amount = Money::from_yuan(base / 2 + rng.below(base as usize) as i64 / 1000 * 1000);
            let opened = Timestamp(now.0 - two_quarters + rng.below(182) as i64 * DAY_MS);
            let mut opp = Opportunity::new(
                OpportunityId::generate(),
                title,
                line,
                amount,
                Position::Stage(template.stages[0].key.clone()),
                opened,
                rep.id,
            );
            let r = a % reps.len();
            let k = next_of_rep[r];
            next_of_rep[r] += 1;
            let end = plans[r].get(k).copied().unwrap_or(0).min(won_stage);
            let fate = if k % 13 == 6 {
                0
            } else if k % 29 == 11 {
                7
            } else {
                99
            };
            history(&mut rng, &template, end, opened, now, rep.id, &mut opp);
            if fate < 6 {
                let at = Timestamp(
                    (opp.history.last().map_or(opened.0, |e| e.at.0) + 5 * DAY_MS).min(now.0 - 1),
                );
                let info = LostInfo {
                    reason: "价格偏高".into(),
                    competitor: Some(["罗氏", "贝克曼", "西门子", "迈瑞"][fate % 4].into()),
                };
                let _ = opp.mark_lost(info, at, rep.id);
            } else if fate < 9 {
                let at = Timestamp(
                    (opp.history.last().map_or(opened.0, |e| e.at.0) + 5 * DAY_MS).min(now.0 - 1),
                );
                let _ = opp.move_to(Position::Dropped, at, rep.id);
            }
            opp.next_step = rng.pick(NEXT_STEPS).to_string();
            opp.expected_close =
                Some((now.date(tz) + chrono::Duration::days(rng.below(120) as i64)).to_owned());
            opp.audit.updated_at = opp.history.last().map_or(opened, |e| e.at);
            people::buying_centre(&mut opp, &met, k, &template);
            opp_ids.push(opp.id);
            doc.put(&opp)?;
        }
        for v in 0..per_account_visits + usize::from(a < extra_visits) {
            // Up to today (a Monday meeting sees this week's visits so far), never later than now.
            let day = now.0 - two_quarters + rng.below(183) as i64 * DAY_MS;
            let at = Timestamp(
                (day - day.rem_euclid(DAY_MS) + (1 + rng.below(9) as i64) * 3_600_000)
                    .min(now.0 - 60_000),
            );
            let visit = Visit {
                id: VisitId::generate(),
                at,
                contacts: met
                    .iter()
                    .skip(people.below(met.len()))
                    .take(1 + people.below(2))
                    .map(|c| c.id)
                    .collect(),
                purpose: rng.pick(PURPOSES).to_string(),
                content: rng.pick(CONTENTS).to_string(),
                problems: if v % 3 == 0 {
                    "对方担心售后响应时间，已承诺四小时到场。".into()
                } else {
                    String::new()
                },
                next_step: rng.pick(NEXT_STEPS).to_string(),
                opportunity: (!opp_ids.is_empty() && rng.below(10) < 6)
                    .then(|| *rng.pick(&opp_ids)),
                check_in: evidence::check_in((a, v), at, account.location, now),
                audit: Audit::new(at, rep.id),
            };
            doc.put(&visit)?;
            if v == 0 && a % 10 == 0 {
                let manager = users
                    .iter()
                    .find(|u| u.username == format!("manager{}", a % scale.teams.max(1) + 1));
                if let Some(m) = manager {
                    doc.put(&CoVisit {
                        id: CoVisitId::generate(),
                        manager: m.id,
                        rep: rep.id,
                        visit: Some(visit.id),
                        at,
                        kind: [
                            CoVisitKind::Joint,
                            CoVisitKind::Demonstration,
                            CoVisitKind::Coaching,
                        ][a % 3],
                        observations: "开场介绍清楚，对客户痛点的追问还不够。".into(),
                        coaching_points: "多用开放式问题，先问后讲。".into(),
                        audit: Audit::new(at, m.id),
                    })?;
                }
            }
        }
        batch.extend(crate::projection::new_account(
            doc.automerge(),
            &account,
            rep.id,
            &template,
            Timestamp(now.0),
        ));
        if batch.len() >= 200 {
            store.write(std::mem::take(&mut batch))?;
        }
    }
    store.write(batch)?;
    for rep in &reps {
        let accounts = people::accounts_of(store, rep)?;
        store.write(people::weekly_plans(&mut people, rep, &accounts, now, tz)?)?;
    }
    let staff = desks::staff(store)?;
    desks::notices(store, &reps, &staff, now, tz)?;
    users.extend(staff);
    Ok(users)
}
