//! The translation table for domain words: every enum a user sees has a zh-CN and an English
//! label here, used by the client and by the server's CSV exports alike.
//!
//! ```
//! use rounds_shared::labels::{Labelled, Locale};
//! use rounds_shared::model::BuyingRole;
//! assert_eq!(BuyingRole::Coach.label(Locale::ZhCn), "教练");
//! assert_eq!(BuyingRole::Coach.label(Locale::En), "Coach");
//! ```

use serde::{Deserialize, Serialize};

/// A user interface language. zh-CN is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// Something with a label in each locale.
pub trait Labelled {
    /// The label shown to a user.
    fn label(&self, locale: Locale) -> &'static str;
}

/// Declares a closed set of values stored as short keys, with labels in both locales.
macro_rules! closed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal, $zh:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// The key stored in documents and sent on the wire.
            pub const fn key(self) -> &'static str {
                match self { $(Self::$variant => $key,)+ }
            }
            /// The value a key names, if any.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some(Self::$variant),)+ _ => None }
            }
        }

        impl $crate::labels::Labelled for $name {
            fn label(&self, locale: $crate::labels::Locale) -> &'static str {
                match (self, locale) {
                    $(
                        (Self::$variant, $crate::labels::Locale::ZhCn) => $zh,
                        (Self::$variant, $crate::labels::Locale::En) => $en,
                    )+
                }
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                $crate::openapi::string_enum(&[$($key),+])
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {}

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let key = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::from_key(&key).ok_or_else(|| {
                    let expected: Vec<&str> = Self::ALL.iter().map(|v| v.key()).collect();
                    ::serde::de::Error::custom(format!(
                        "unknown {} `{}`; expected one of: {}",
                        stringify!($name), key, expected.join(", ")
                    ))
                })
            }
        }
    };
}
pub(crate) use closed_enum;
