//! User-defined types: enums, composite types and domains.

use serde::{Deserialize, Serialize};

use super::TypeRef;

/// An enum type (`CREATE TYPE .. AS ENUM (..)`).
///
/// ```
/// let status = supabase_codegen::EnumType {
///     name: "user_status".into(),
///     comment: None,
///     labels: vec!["ONLINE".into(), "OFFLINE".into(), "AWAY".into()],
/// };
/// assert_eq!(status.labels[0], "ONLINE");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumType {
    /// The type's name.
    pub name: String,
    /// `COMMENT ON TYPE ..`, if any.
    pub comment: Option<String>,
    /// The labels in their declared order (`pg_enum.enumsortorder`), which is also the order
    /// Postgres compares them in.
    pub labels: Vec<String>,
}

/// One attribute (field) of a composite type.
///
/// ```
/// use supabase_codegen::{CompositeAttribute, TypeRef};
///
/// let street = CompositeAttribute { name: "street".into(), type_ref: TypeRef::base("text"),
///                                   sql_type: "text".into() };
/// assert_eq!(street.name, "street");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompositeAttribute {
    /// The attribute's name.
    pub name: String,
    /// The attribute's type.
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    /// The type as Postgres prints it, with modifiers (see [`crate::Column::sql_type`]).
    pub sql_type: String,
}

/// A composite type (`CREATE TYPE .. AS (..)`). Every attribute may be NULL: Postgres has no
/// `NOT NULL` on composite attributes.
///
/// ```
/// let address = supabase_codegen::CompositeType { name: "address".into(), comment: None,
///                                                 attributes: vec![] };
/// assert!(address.attributes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompositeType {
    /// The type's name.
    pub name: String,
    /// `COMMENT ON TYPE ..`, if any.
    pub comment: Option<String>,
    /// The attributes, in declared order.
    pub attributes: Vec<CompositeAttribute>,
}

/// A domain (`CREATE DOMAIN .. AS base ..`).
///
/// ```
/// use supabase_codegen::{DomainType, TypeRef};
///
/// let email = DomainType { name: "email_address".into(), comment: None,
///                          base: TypeRef::base("text"), base_sql_type: "text".into(),
///                          not_null: false, default: None };
/// assert!(!email.not_null);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainType {
    /// The domain's name.
    pub name: String,
    /// `COMMENT ON DOMAIN ..`, if any.
    pub comment: Option<String>,
    /// The type the domain is defined over.
    pub base: TypeRef,
    /// The base type as Postgres prints it, with modifiers (`character varying(255)`).
    pub base_sql_type: String,
    /// Whether the domain is `NOT NULL`: a column of this domain never holds NULL even without
    /// its own `NOT NULL`.
    pub not_null: bool,
    /// The domain's `DEFAULT` expression, if any.
    pub default: Option<String>,
}
