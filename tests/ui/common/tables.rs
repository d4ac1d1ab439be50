// Row types shared by the ui cases (included with `include!`).

#[derive(Debug, serde::Deserialize, supabase_core::Table)]
#[table(name = "countries", insert = NewCountry)]
pub struct Country {
    #[table(primary_key)]
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
    pub population: Option<i64>,
    pub tags: Option<Vec<String>>,
    pub meta: Option<serde_json::Value>,
    pub is_member: bool,
}

#[derive(Debug, serde::Serialize)]
pub struct NewCountry {
    pub name: String,
}

#[derive(Debug, serde::Deserialize, supabase_core::Table)]
#[table(name = "cities")]
pub struct City {
    #[table(primary_key)]
    pub id: i64,
    pub name: String,
    pub country_id: Option<i64>,
}

#[derive(Debug, serde::Serialize)]
pub struct BumpArgs {
    pub name: String,
}

impl supabase_core::Function for BumpArgs {
    const SCHEMA: &'static str = "public";
    const NAME: &'static str = "bump_counter";
    type Output = i64;
}

pub fn client() -> supabase_core::Client {
    supabase_core::Client::new("http://localhost", "anon-key").unwrap()
}
