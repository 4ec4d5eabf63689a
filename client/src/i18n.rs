//! The client's translation table. Every user-facing string is a [`Text`] key with a zh-CN
//! and an English rendering; domain words (stages, roles, …) come from
//! `rounds_shared::labels`.

use rounds_shared::labels::Locale;

/// A user-facing string of the app's own chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppName,
    Tagline,
    SwitchLanguage,
    FunnelStages,
    WinRate,
}

/// The string for `text` in `locale`.
pub fn t(locale: Locale, text: Text) -> &'static str {
    use Locale::{En, ZhCn};
    match (text, locale) {
        (Text::AppName, ZhCn) => "巡访",
        (Text::AppName, En) => "Rounds",
        (Text::Tagline, ZhCn) => "医疗设备销售漏斗 · 离线可用",
        (Text::Tagline, En) => "Sales funnel for medical equipment · works offline",
        (Text::SwitchLanguage, ZhCn) => "English",
        (Text::SwitchLanguage, En) => "中文",
        (Text::FunnelStages, ZhCn) => "销售漏斗阶段",
        (Text::FunnelStages, En) => "Funnel stages",
        (Text::WinRate, ZhCn) => "赢率",
        (Text::WinRate, En) => "Win rate",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_locales() {
        for text in [
            Text::AppName,
            Text::Tagline,
            Text::SwitchLanguage,
            Text::FunnelStages,
            Text::WinRate,
        ] {
            assert!(!t(Locale::ZhCn, text).is_empty());
            assert!(!t(Locale::En, text).is_empty());
            assert_ne!(t(Locale::ZhCn, text), t(Locale::En, text));
        }
    }
}
