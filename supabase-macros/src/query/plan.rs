//! The lowered query: the untyped builder calls to make and the shape of the result.

use super::types::Ty;

/// A filter value: SQL literal text, or a parameter checked against the column's type with
/// `Fits` at the argument's span.
#[derive(Debug, Clone)]
pub(crate) enum FVal {
    Lit(String),
    Param(usize, Ty),
    /// Literals and parameters joined with `||` in a LIKE/ILIKE pattern (`'%' || $1 || '%'`),
    /// concatenated on the client into one pattern.
    Concat(Vec<FVal>),
    /// A parameter holding one element of a range, sent as the range of that element alone
    /// (`[x,x]`): `range @> element`.
    Point(usize, Ty),
}

/// A list value: literal items (`in (1, 2)`, `array['a', 'b']`) or a parameter holding a slice,
/// an array or a `Vec` whose items are checked with `Fits` against the element type.
#[derive(Debug, Clone)]
pub(crate) enum LVal {
    Items(Vec<FVal>),
    Param(usize, Ty),
}

/// The right side of `@>`, `<@`, `&&`: an array (from a list) or a value sent as written (a
/// range, a json document, an array literal).
#[derive(Debug, Clone)]
pub(crate) enum CVal {
    Array(LVal),
    Raw(FVal),
}

/// A written value (insert, update, function argument): a JSON literal or a parameter checked
/// with `Writes`.
#[derive(Debug, Clone)]
pub(crate) enum WVal {
    Json(serde_json::Value),
    Param(usize, Ty),
    /// `ARRAY[$1, 'x']`: an array with parameters among its items.
    Array(Vec<WVal>),
}

/// The value of a condition named by its PostgREST operator (`Condition::filter`): one value,
/// a list sent as an array literal (`gt(any)`, `like(any)`), or a contain value (`cs`, `ov`).
#[derive(Debug, Clone)]
pub(crate) enum RVal {
    One(FVal),
    List(LVal),
    Contain(CVal),
}

/// One condition of an `or`/`and` tree (`supabase_core::Condition`).
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Op(&'static str, String, FVal),
    Is(String, &'static str),
    In(String, Vec<FVal>),
    /// `in_` with a parameter list.
    InParam(String, usize, Ty),
    /// `Condition::filter(column, operator, value)`: operators without a `Condition` method of
    /// their own (ranges, arrays, `(any)`/`(all)` lists, full-text search). Fields: the
    /// operator, the column, the value.
    Filter(String, String, RVal),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// One builder call after the action.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// `eq`, `neq`, `gt`, `gte`, `lt`, `lte`, `like`, `ilike`, `is_distinct`, `range_gt`,
    /// `range_lt`, `range_gte`, `range_lte`, `range_adjacent`: a builder method taking one value.
    Op(&'static str, String, FVal),
    /// `in_`, `not_in`, `like_any_of`, `ilike_any_of`: a builder method taking a list.
    List(&'static str, String, LVal),
    /// `contains`, `contained_by`, `overlaps`.
    Contain(&'static str, String, CVal),
    /// `filter(column, "gt(any)", array_literal(list))`: a comparison with any or all of a list
    /// (PostgREST's `(any)`/`(all)` modifiers). Fields: the operator, the column, the list.
    Filter(String, String, LVal),
    /// `limit(n)` with `n` a parameter.
    LimitParam(usize),
    /// `range(from, from + count - 1)` with parameters or literals: offset, count.
    RangeParam(Count, Count),
    Not,
    /// `is_(column, IsValue::Null | true | false)`.
    Is(String, &'static str),
    In(String, Vec<FVal>),
    NotIn(String, Vec<FVal>),
    /// `text_search(column, query, options)`: search type (`Plain`, ...) and config.
    Fts(String, FVal, Option<&'static str>, Option<String>),
    AnyOf(Vec<Cond>),
    AllOf(Vec<Cond>),
    Order(String, bool, Option<bool>),
    /// `order(column, Order::..().referenced_table(embed))`: rows of a one-to-many embed.
    OrderIn(String, String, bool, Option<bool>),
    Limit(u64),
    Range(u64, u64),
    /// `offset(n)` without a LIMIT: a number or a parameter.
    Offset(Count),
}

/// A LIMIT or OFFSET: a number or a parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Count {
    Lit(u64),
    Param(usize),
}

/// The action the request starts with.
#[derive(Debug, Clone)]
pub(crate) enum Start {
    Select,
    /// One row (object body) or several (array body).
    Insert(Vec<Vec<(String, WVal)>>, bool),
    /// `INSERT ... ON CONFLICT`: rows, several, and the upsert (see `write.rs`).
    Upsert(Vec<Vec<(String, WVal)>>, bool, super::upsert::Upsert),
    Update(Vec<(String, WVal)>),
    Delete,
    /// Arguments, and whether the call may go as `GET` (see `rpc.rs`).
    Rpc(Vec<(String, WVal)>, super::rpc::Method),
}

/// A field of a result struct.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ty: FieldTy,
}

#[derive(Debug, Clone)]
pub(crate) enum FieldTy {
    Scalar(Ty),
    /// A nested struct: `Vec<_>` (many), the struct (inner one), or `Option<_>`.
    Embed(Shape, Wrap),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wrap {
    Many,
    One,
    Maybe,
}

/// The fields of one result struct.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    pub(crate) fields: Vec<Field>,
}

/// What `data` decodes into.
#[derive(Debug, Clone)]
pub(crate) enum Output {
    /// `Vec<Row>`.
    Rows(Shape),
    /// `Row`: a function returning one composite or OUT parameters (PostgREST always sends the
    /// object; a NULL result is a row of NULLs, as `select * from fn()` in SQL).
    Row(Shape),
    /// `Option<Row>`: a function returning one composite, with a WHERE on its columns
    /// (PostgREST sends `null` when the filter leaves the row out, as SQL returns no row).
    MaybeRow(Shape),
    /// A scalar (a function returning a base type).
    Scalar(Ty),
}

/// Everything `expand` needs.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The table or function.
    pub(crate) target: String,
    pub(crate) schema: String,
    pub(crate) start: Start,
    /// The `select(...)` call (for reads it is part of the action; after a write it asks for
    /// `RETURNING`).
    pub(crate) select: Option<String>,
    pub(crate) steps: Vec<Step>,
    /// What the rows decode into; `None` for a write without `RETURNING`.
    pub(crate) output: Option<Output>,
    /// The number of parameters (`$1`..`$n`).
    pub(crate) params: usize,
    /// Keys the request selects that the row type does not decode: a function's columns that
    /// are filtered or ordered on without being selected (see `rpc_filters.rs`).
    pub(crate) hidden: Vec<String>,
}
