//! Functions, callable through PostgREST's `rpc`.

use serde::{Deserialize, Serialize};

use super::TypeRef;

/// How a function may affect the database (`pg_proc.provolatile`). PostgREST allows `GET` only
/// for functions that are not volatile.
///
/// ```
/// use supabase_codegen::Volatility;
///
/// assert!(Volatility::Stable.allows_get());
/// assert!(!Volatility::Volatile.allows_get());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    /// `IMMUTABLE`.
    Immutable,
    /// `STABLE`.
    Stable,
    /// `VOLATILE` (the default).
    Volatile,
}

impl Volatility {
    /// Whether PostgREST accepts `GET` for a function of this volatility (not volatile).
    ///
    /// ```
    /// assert!(supabase_codegen::Volatility::Immutable.allows_get());
    /// ```
    pub fn allows_get(self) -> bool {
        self != Volatility::Volatile
    }
}

/// The mode of an input argument (`pg_proc.proargmodes`). `OUT` and `TABLE` parameters are
/// not arguments: they are [`FunctionReturn::columns`].
///
/// ```
/// use supabase_codegen::ArgMode;
///
/// assert_eq!(serde_json::to_string(&ArgMode::InOut).ok().as_deref(), Some("\"in_out\""));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgMode {
    /// `IN` (the default).
    In,
    /// `INOUT`: an argument that is also a result column.
    InOut,
    /// `VARIADIC`: the last argument, an array.
    Variadic,
}

/// One input argument of a function.
///
/// ```
/// use supabase_codegen::{ArgMode, FunctionArg, TypeRef};
///
/// let a = FunctionArg { name: Some("a".into()), mode: ArgMode::In, type_ref: TypeRef::base("int4"),
///                       sql_type: "integer".into(), default: None };
/// assert!(!a.has_default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionArg {
    /// The argument's name; `None` for an unnamed one (PostgREST then passes a single unnamed
    /// `json`/`jsonb`/`text`/`bytea` argument the whole request body).
    pub name: Option<String>,
    /// `IN`, `INOUT` or `VARIADIC`.
    pub mode: ArgMode,
    /// The argument's type.
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    /// The type as Postgres prints it (`integer`, `text[]`).
    pub sql_type: String,
    /// The default expression: `Some` means a call may leave the argument out.
    pub default: Option<String>,
}

impl FunctionArg {
    /// Whether the argument has a default, so a call may leave it out.
    ///
    /// ```
    /// # use supabase_codegen::{ArgMode, FunctionArg, TypeRef};
    /// let sep = FunctionArg { name: Some("sep".into()), mode: ArgMode::In,
    ///                         type_ref: TypeRef::base("text"), sql_type: "text".into(),
    ///                         default: Some("','::text".into()) };
    /// assert!(sep.has_default());
    /// ```
    pub fn has_default(&self) -> bool {
        self.default.is_some()
    }
}

/// One column of a function's result: a `RETURNS TABLE (..)` column or an `OUT`/`INOUT`
/// parameter.
///
/// ```
/// use supabase_codegen::{ReturnColumn, TypeRef};
///
/// let c = ReturnColumn { name: "continent".into(), type_ref: TypeRef::base("text"),
///                        sql_type: "text".into() };
/// assert_eq!(c.name, "continent");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnColumn {
    /// The column's name (empty for an unnamed `OUT` parameter).
    pub name: String,
    /// The column's type.
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    /// The type as Postgres prints it.
    pub sql_type: String,
}

/// What a function returns.
///
/// ```
/// use supabase_codegen::{FunctionReturn, TypeRef};
///
/// let scalar = FunctionReturn { type_ref: TypeRef::base("int4"), sql_type: "integer".into(),
///                               set: false, columns: vec![] };
/// assert!(!scalar.is_table());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionReturn {
    /// The declared return type (`record` for `RETURNS TABLE` and several `OUT` parameters; a
    /// composite for `RETURNS SETOF some_table`; `void` for none).
    #[serde(rename = "type")]
    pub type_ref: TypeRef,
    /// The return type as Postgres prints it.
    pub sql_type: String,
    /// `RETURNS SETOF ..` or `RETURNS TABLE (..)`: the result is a set of rows (a JSON array).
    pub set: bool,
    /// The result columns of `RETURNS TABLE (..)` or of `OUT`/`INOUT` parameters, in order;
    /// empty otherwise.
    pub columns: Vec<ReturnColumn>,
}

impl FunctionReturn {
    /// Whether the result columns are declared in the function (`RETURNS TABLE` or `OUT`
    /// parameters).
    ///
    /// ```
    /// # use supabase_codegen::{FunctionReturn, TypeRef};
    /// let r = FunctionReturn { type_ref: TypeRef::base("void"), sql_type: "void".into(),
    ///                          set: false, columns: vec![] };
    /// assert!(!r.is_table());
    /// ```
    pub fn is_table(&self) -> bool {
        !self.columns.is_empty()
    }
}

/// A function (`pg_proc` with `prokind = 'f'`). Overloads are distinct functions with the same
/// name and different [`Function::identity_args`].
///
/// ```
/// use supabase_codegen::{Function, FunctionReturn, TypeRef, Volatility};
///
/// let hello = Function {
///     name: "hello".into(),
///     identity_args: String::new(),
///     args: vec![],
///     returns: FunctionReturn { type_ref: TypeRef::base("text"), sql_type: "text".into(),
///                               set: false, columns: vec![] },
///     volatility: Volatility::Stable,
///     security_definer: false,
///     language: "sql".into(),
///     comment: None,
/// };
/// assert!(hello.volatility.allows_get());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// The function's name.
    pub name: String,
    /// The arguments that identify this overload, as Postgres prints them
    /// (`pg_get_function_identity_arguments`: `a integer, b integer`).
    pub identity_args: String,
    /// The input arguments (`IN`, `INOUT`, `VARIADIC`), in order.
    pub args: Vec<FunctionArg>,
    /// The result.
    pub returns: FunctionReturn,
    /// `IMMUTABLE`, `STABLE` or `VOLATILE`.
    pub volatility: Volatility,
    /// `SECURITY DEFINER`: runs with the privileges of its owner.
    pub security_definer: bool,
    /// The implementation language (`sql`, `plpgsql`, ...).
    pub language: String,
    /// `COMMENT ON FUNCTION ..`, if any.
    pub comment: Option<String>,
}
