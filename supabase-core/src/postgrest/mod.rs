//! The PostgREST query builder: `client.from(table)…`, `client.rpc(fn, args)…`.

mod condition;
mod encode;
mod execute;
mod filter_builder;
mod filters;
mod modifiers;
mod openapi;
mod options;
mod params;
mod query_builder;
mod render;
mod request;
mod response;
mod rpc;
mod split;
mod stream;

pub use condition::Condition;
pub use encode::{array_literal, quote_list_value, ContainValue};
pub use filter_builder::FilterBuilder;
pub use options::{
    CountMethod, ExplainFormat, ExplainOptions, IsValue, Order, ReturnMethod, TextSearchOptions,
    TextSearchType,
};
pub use query_builder::QueryBuilder;
pub use request::PreparedRequest;
pub use response::PostgrestResponse;
pub use stream::RowStream;
