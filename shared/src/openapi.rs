//! OpenAPI schemas for the types that serialise as text (with the `openapi` feature, for the
//! server's generated API document).

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};

/// A string schema with a description and an example.
pub(crate) fn text(description: &str, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .examples([example])
        .into()
}

/// A string schema that takes one of `keys`.
pub(crate) fn string_enum(keys: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(keys.iter().copied()))
        .into()
}

/// A UUID string schema.
pub(crate) fn uuid(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uuid".into())))
        .description(Some(description))
        .into()
}

/// Implements `ToSchema` for a type serialised as text.
macro_rules! text_schema {
    ($t:ty, $description:literal, $example:literal) => {
        impl utoipa::PartialSchema for $t {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::openapi::text($description, $example)
            }
        }
        impl utoipa::ToSchema for $t {}
    };
}

text_schema!(
    crate::stage::Position,
    "A stage key of the template, or `lost` or `dropped`.",
    "present_value"
);
text_schema!(
    crate::time::PeriodKey,
    "A named period: 2026-W48, 2026-11, 2026-Q4 or 2026.",
    "2026-Q4"
);
text_schema!(
    crate::model::TargetSubject,
    "Whose target: org, team:<id> or rep:<id>.",
    "org"
);
