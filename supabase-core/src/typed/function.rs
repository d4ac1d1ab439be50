//! Typed RPC: a function's argument struct names the function and its result type.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Client, CountMethod, Error, FilterBuilder, PostgrestResponse, PreparedRequest};

/// The arguments of a database function, knowing which function they call and what it returns.
///
/// `supabase-codegen` implements it on each function's `…Args` struct; [`Client::call`] takes the
/// struct, so the argument names and types and the result type are all checked.
///
/// ```
/// use supabase_core::{Client, Function};
///
/// #[derive(serde::Serialize)]
/// struct AddArgs { a: i32, b: i32 }
/// impl Function for AddArgs {
///     const SCHEMA: &'static str = "public";
///     const NAME: &'static str = "add";
///     type Output = i32;
/// }
///
/// let client = Client::new("http://h", "k").unwrap();
/// let req = client.call(AddArgs { a: 1, b: 2 }).build().unwrap();
/// assert_eq!(req.path(), "/rest/v1/rpc/add");
/// assert_eq!(req.body(), Some(&serde_json::json!({"a": 1, "b": 2})));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the argument struct of a database function",
    label = "`call` takes a function's `…Args` struct",
    note = "`supabase-codegen` emits one `…Args` struct per function, implementing `supabase_core::Function`"
)]
pub trait Function: Serialize {
    /// The schema of the function.
    const SCHEMA: &'static str;
    /// The function's name.
    const NAME: &'static str;
    /// What the function returns (`Vec<Row>` for `SETOF`/`RETURNS TABLE`).
    type Output: DeserializeOwned;
}

/// A function that is `STABLE` or `IMMUTABLE`, which PostgREST also serves over `GET`.
///
/// ```
/// # use supabase_core::{Client, Function, ReadOnlyFunction};
/// # #[derive(serde::Serialize)] struct HelloArgs {}
/// # impl Function for HelloArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "hello"; type Output = String; }
/// impl ReadOnlyFunction for HelloArgs {}
/// let client = Client::new("http://h", "k").unwrap();
/// assert_eq!(client.call(HelloArgs {}).get().build().unwrap().method().as_str(), "GET");
/// ```
#[diagnostic::on_unimplemented(
    message = "function `{Self}` is VOLATILE; only STABLE or IMMUTABLE functions can be called with GET",
    label = "PostgREST refuses GET for a volatile function",
    note = "call it with POST (drop `.get()`), or mark the function STABLE/IMMUTABLE in the database"
)]
pub trait ReadOnlyFunction: Function {}

/// A typed RPC call, decoding into `R` (the function's output unless changed by `single`).
///
/// ```
/// # use supabase_core::{Client, Function};
/// # #[derive(serde::Serialize)] struct AddArgs { a: i32, b: i32 }
/// # impl Function for AddArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "add"; type Output = i32; }
/// let client = Client::new("http://h", "k").unwrap();
/// let call: supabase_core::TypedRpc<AddArgs, i32> = client.call(AddArgs { a: 1, b: 2 });
/// # let _ = call;
/// ```
#[must_use = "a call does nothing until it is executed"]
pub struct TypedRpc<F, R> {
    inner: FilterBuilder,
    marker: PhantomData<fn() -> (F, R)>,
}

impl<F, R> std::fmt::Debug for TypedRpc<F, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedRpc")
            .field("inner", &self.inner)
            .finish()
    }
}

impl Client {
    /// Calls a database function with its typed argument struct (lowers to [`Client::rpc`]).
    ///
    /// ```no_run
    /// # use supabase_core::{Client, Function};
    /// # #[derive(serde::Serialize)] struct AddArgs { a: i32, b: i32 }
    /// # impl Function for AddArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "add"; type Output = i32; }
    /// # async fn run(client: Client) -> Result<(), supabase_core::Error> {
    /// let sum: i32 = client.call(AddArgs { a: 1, b: 2 }).execute().await?.data;
    /// # Ok(()) }
    /// ```
    pub fn call<F: Function>(&self, args: F) -> TypedRpc<F, F::Output> {
        let client = if F::SCHEMA == self.schema_name() {
            self.clone()
        } else {
            self.schema(F::SCHEMA)
        };
        TypedRpc {
            inner: client.rpc(F::NAME, args),
            marker: PhantomData,
        }
    }
}

impl<F: Function, R> TypedRpc<F, R> {
    /// Calls with `GET` (arguments in the query string): only for STABLE/IMMUTABLE functions.
    ///
    /// ```
    /// # use supabase_core::{Client, Function, ReadOnlyFunction};
    /// # #[derive(serde::Serialize)] struct HelloArgs { name: String }
    /// # impl Function for HelloArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "hello"; type Output = String; }
    /// # impl ReadOnlyFunction for HelloArgs {}
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.call(HelloArgs { name: "Ada".into() }).get().build().unwrap();
    /// assert_eq!(req.url().query(), Some("name=Ada"));
    /// ```
    pub fn get(self) -> Self
    where
        F: ReadOnlyFunction,
    {
        self.map(FilterBuilder::get)
    }

    /// Asks for a count of the returned rows.
    ///
    /// ```
    /// # use supabase_core::{Client, CountMethod, Function};
    /// # #[derive(serde::Serialize)] struct ListArgs {}
    /// # impl Function for ListArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "list"; type Output = Vec<i32>; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.call(ListArgs {}).count(CountMethod::Exact).build().unwrap();
    /// assert_eq!(req.header("prefer"), Some("count=exact"));
    /// ```
    pub fn count(self, method: CountMethod) -> Self {
        self.map(|b| b.count(method))
    }

    /// The request this call sends, without sending it.
    ///
    /// ```
    /// # use supabase_core::{Client, Function};
    /// # #[derive(serde::Serialize)] struct HelloArgs {}
    /// # impl Function for HelloArgs { const SCHEMA: &'static str = "api2"; const NAME: &'static str = "hello"; type Output = String; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.call(HelloArgs {}).build().unwrap();
    /// assert_eq!(req.header("content-profile"), Some("api2"));
    /// ```
    pub fn build(&self) -> Result<PreparedRequest, Error> {
        self.inner.build()
    }

    /// The untyped builder this call lowers to (for filters on a set-returning function).
    ///
    /// ```
    /// # use supabase_core::{Client, Function};
    /// # #[derive(serde::Serialize)] struct ListArgs {}
    /// # impl Function for ListArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "list"; type Output = Vec<i32>; }
    /// let client = Client::new("http://h", "k").unwrap();
    /// let req = client.call(ListArgs {}).into_untyped().limit(1).build().unwrap();
    /// assert_eq!(req.url().query(), Some("limit=1"));
    /// ```
    pub fn into_untyped(self) -> FilterBuilder {
        self.inner
    }

    fn map(self, f: impl FnOnce(FilterBuilder) -> FilterBuilder) -> Self {
        TypedRpc {
            inner: f(self.inner),
            marker: PhantomData,
        }
    }
}

impl<F: Function, R: DeserializeOwned> TypedRpc<F, R> {
    /// Sends the call and decodes the result.
    ///
    /// ```no_run
    /// # use supabase_core::{Client, Function};
    /// # #[derive(serde::Serialize)] struct AddArgs { a: i32, b: i32 }
    /// # impl Function for AddArgs { const SCHEMA: &'static str = "public"; const NAME: &'static str = "add"; type Output = i32; }
    /// # async fn run(client: Client) -> Result<(), supabase_core::Error> {
    /// assert_eq!(client.call(AddArgs { a: 1, b: 2 }).execute().await?.data, 3);
    /// # Ok(()) }
    /// ```
    pub async fn execute(self) -> Result<PostgrestResponse<R>, Error> {
        self.inner.execute::<R>().await
    }
}
