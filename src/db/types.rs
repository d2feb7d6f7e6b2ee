//! Typed columns: enums stored as their text code, and id newtypes stored as `BigInt`.
//!
//! `code_enum!` declares an enum whose variants map one-to-one to the short codes stored in the
//! database, shown in URLs and sent in the JSON API (e.g. `BatchState::Submitted` ⇄ `"submitted"`).
//! It gives the enum `code()`, `parse()`, `ALL`, `FromStr` (so a page form and the API parse an action
//! the same way), serde both ways, and diesel `ToSql`/`FromSql` on both backends, so a row's `state`
//! is a `BatchState`, never a `String` compared with literals.
//!
//! `id_type!` declares a typed id (`ChildId`, `BatchId` …): a child id cannot be passed where a batch
//! id is expected, yet it is stored, bound and serialised as the plain integer.

/// A stored code that names no variant (a corrupted row, or a form field a user changed by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub type_name: &'static str,
}

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} code", self.type_name)
    }
}

impl std::error::Error for UnknownCode {}

/// Declares an enum stored as text. Each variant names its code: `Draft = "draft"`. Extra accepted
/// spellings (read-only aliases) may follow the code after `|`: `Receive = "receive" | "confirm"`.
#[macro_export]
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored in the database and used in URLs, forms and the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The variant a code (or an accepted alias) names.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($code $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::db::types::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or($crate::db::types::UnknownCode { type_name: stringify!($name) })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).ok_or_else(|| serde::de::Error::custom(
                    $crate::db::types::UnknownCode { type_name: stringify!($name) }))
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.code().to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let s = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(bytes)?;
                Self::parse(&s).ok_or_else(|| {
                    Box::new($crate::db::types::UnknownCode { type_name: stringify!($name) }) as _
                })
            }
        }
    };
}

/// Declares a typed id stored as `BigInt`.
#[macro_export]
macro_rules! id_type {
    ($(#[$meta:meta])* $vis:vis struct $name:ident;) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        $vis struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::BigInt, DB> for $name
        where
            DB: diesel::backend::Backend,
            i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB> for $name
        where
            DB: diesel::backend::Backend,
            i64: diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                i64::from_sql(bytes).map($name)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::code_enum! {
        enum Colour { Red = "red", Dark = "dark" | "black" }
    }
    crate::id_type! { struct ThingId; }

    #[test]
    fn codes_round_trip_and_aliases_parse() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.code()), Some(*c));
            assert_eq!(c.to_string().parse::<Colour>(), Ok(*c));
        }
        assert_eq!(Colour::parse("black"), Some(Colour::Dark));
        assert_eq!(Colour::Dark.code(), "dark");
        assert!("Red".parse::<Colour>().is_err());
        assert_eq!(serde_json::to_string(&Colour::Red).unwrap(), "\"red\"");
        assert_eq!(
            serde_json::from_str::<Colour>("\"black\"").unwrap(),
            Colour::Dark
        );
        assert!(serde_json::from_str::<Colour>("\"blue\"").is_err());
    }

    #[test]
    fn ids_are_plain_integers_outside() {
        assert_eq!(serde_json::to_string(&ThingId(7)).unwrap(), "7");
        assert_eq!("42".parse::<ThingId>(), Ok(ThingId(42)));
        assert!("x".parse::<ThingId>().is_err());
    }
}
