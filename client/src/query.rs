//! The dashboard's view as URL query parameters, so a view can be shared: period, filters,
//! the funnel's measure, the stage drilled into and the as-of date.
//!
//! ```
//! use rounds_client::query::TeamQuery;
//! let q = TeamQuery::parse("period=custom&from=2026-10-01&to=2026-11-15&region=%E6%B5%A6%E4%B8%9C&by=amount");
//! assert_eq!(q.region, "浦东");
//! assert_eq!(TeamQuery::parse(&q.to_query()), q);
//! assert_eq!(q.api_filters(), "period=custom&from=2026-10-01&to=2026-11-15&region=%E6%B5%A6%E4%B8%9C");
//! ```

/// The dashboard's view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamQuery {
    /// `week`, `month`, `quarter` (empty: quarter) or `custom`.
    pub period: String,
    /// First day of a custom period.
    pub from: String,
    /// Last day of a custom period.
    pub to: String,
    /// Team name.
    pub team: String,
    /// Rep username.
    pub rep: String,
    /// Region.
    pub region: String,
    /// Hospital level key.
    pub level: String,
    /// Product line.
    pub product: String,
    /// `amount` to size the funnel's bars by amount (empty: by count).
    pub by: String,
    /// The stage drilled into.
    pub stage: String,
    /// The funnel as of this day (empty: now).
    pub as_of: String,
    /// The visit feed's flag filter (`no_check_in`, …; empty: every visit).
    pub flag: String,
}

const API_KEYS: [&str; 9] = [
    "period", "from", "to", "team", "rep", "region", "level", "product", "as_of",
];

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some(hex(*bytes.get(i + 1)?)? * 16 + hex(*bytes.get(i + 2)?)?))
            .flatten();
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl TeamQuery {
    /// Reads `a=1&b=2` (unknown keys are ignored).
    pub fn parse(query: &str) -> TeamQuery {
        let mut q = TeamQuery::default();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if let Some(field) = q.field_mut(k) {
                *field = decode(v);
            }
        }
        q
    }

    fn field_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "period" => &mut self.period,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "team" => &mut self.team,
            "rep" => &mut self.rep,
            "region" => &mut self.region,
            "level" => &mut self.level,
            "product" => &mut self.product,
            "by" => &mut self.by,
            "stage" => &mut self.stage,
            "as_of" => &mut self.as_of,
            "flag" => &mut self.flag,
            _ => return None,
        })
    }

    fn field(&self, key: &str) -> &str {
        match key {
            "period" => &self.period,
            "from" => &self.from,
            "to" => &self.to,
            "team" => &self.team,
            "rep" => &self.rep,
            "region" => &self.region,
            "level" => &self.level,
            "product" => &self.product,
            "by" => &self.by,
            "stage" => &self.stage,
            "as_of" => &self.as_of,
            "flag" => &self.flag,
            _ => "",
        }
    }

    fn join(&self, keys: &[&str]) -> String {
        keys.iter()
            .filter(|k| !self.field(k).is_empty())
            .filter(|k| self.period == "custom" || !matches!(**k, "from" | "to"))
            .map(|k| format!("{k}={}", encode(self.field(k))))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The whole view, for the page's URL.
    pub fn to_query(&self) -> String {
        let mut keys: Vec<&str> = API_KEYS.to_vec();
        keys.extend(["by", "stage", "flag"]);
        self.join(&keys)
    }

    /// The filters the API takes (not the funnel's measure or the drilled stage).
    pub fn api_filters(&self) -> String {
        self.join(&API_KEYS)
    }

    /// A copy with `key` set to `value`.
    pub fn with(&self, key: &str, value: &str) -> TeamQuery {
        let mut q = self.clone();
        if let Some(f) = q.field_mut(key) {
            *f = value.to_owned();
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_left_out_and_custom_dates_only_go_with_a_custom_period() {
        let q = TeamQuery {
            period: "month".into(),
            from: "2026-01-01".into(),
            rep: "zhangwei".into(),
            stage: "dig_needs".into(),
            ..TeamQuery::default()
        };
        assert_eq!(q.to_query(), "period=month&rep=zhangwei&stage=dig_needs");
        assert_eq!(q.api_filters(), "period=month&rep=zhangwei");
        assert_eq!(TeamQuery::parse("").to_query(), "");
        assert_eq!(TeamQuery::parse("x=1&rep=a%2Bb&bad=%zz").rep, "a+b");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%中%E4%B8%AD"), "%中中");
    }
}
